"""Roles and ownership on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.extraction._relations import OWNERSHIP_PATTERNS
from claimgraph.extraction._roles import is_title
from claimgraph.records import Extraction
from tests.extracting import run


def owns(x: Extraction) -> set[tuple[str, str]]:
    return {(x.entity(o.owner).name, x.entity(o.owned).name) for o in x.ownerships}


def roles(x: Extraction) -> set[tuple[str, str, str]]:
    return {
        (x.entity(r.person).name, x.entity(r.organization).name if r.organization else "", r.title)
        for r in x.roles
    }


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Halvorsen Foods, which is owned by Brightwater Capital, closed two plants.",
            ("Brightwater Capital", "Halvorsen Foods"),
        ),
        (
            "Delmar Group, the parent company of Pinecrest Media, declined to comment.",
            ("Delmar Group", "Pinecrest Media"),
        ),
        (
            "The Delmar Group-owned Pinecrest Media fired its editor.",
            ("Delmar Group", "Pinecrest Media"),
        ),
        ("Nokia was acquired by Microsoft in 2014, the company said.", ("Microsoft", "Nokia")),
        ("Vale Energy was sold to Orsted Partners in 2016.", ("Orsted Partners", "Vale Energy")),
        ("The Guardian is part of Guardian Media Group.", ("Guardian Media Group", "The Guardian")),
    ],
)
def test_stated_ownership(nlp: Language, text: str, pair: tuple[str, str]) -> None:
    x = run(nlp, text)
    assert pair in owns(x)
    own = next(o for o in x.ownerships if (x.entity(o.owner).name, x.entity(o.owned).name) == pair)
    assert own.evidence is not None and own.source is None


def test_owner_of_coordinated_names(nlp: Language) -> None:
    x = run(nlp, "Facebook, which owns Instagram and WhatsApp, said it would act.")
    assert {("Facebook", "Instagram"), ("Facebook", "WhatsApp")} <= owns(x)


@pytest.mark.parametrize(
    "text",
    [
        "Brightwater Capital plans to buy Halvorsen Foods next year.",
        "Brightwater Capital bought a stake in Halvorsen Foods.",
        "Microsoft bought Nokia's handset business in 2014.",
        "Microsoft's Xbox sold well, analysts said.",
        "Manchester United is part of the Premier League.",
    ],
)
def test_no_ownership(nlp: Language, text: str) -> None:
    assert not run(nlp, text).ownerships


def test_curated_ownership_has_source(nlp: Language) -> None:
    x = run(nlp, "Clips spread on Periscope and on Twitter within hours.")
    (own,) = x.ownerships
    assert (x.entity(own.owner).name, x.entity(own.owned).name) == ("Twitter", "Periscope")
    assert own.evidence is None and own.source


def test_patterns_are_named() -> None:
    assert len({p.name for p in OWNERSHIP_PATTERNS}) == len(OWNERSHIP_PATTERNS)


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "White House spokesman Josh Earnest said the president would veto the bill.",
            ("Josh Earnest", "White House", "spokesman"),
        ),
        (
            "Josh Earnest, a spokesman for the White House, said the bill would be vetoed.",
            ("Josh Earnest", "White House", "spokesman"),
        ),
        (
            "Tim Cook, the chief executive of Apple, said sales rose.",
            ("Tim Cook", "Apple", "chief executive"),
        ),
        (
            "Apple's chief executive Tim Cook said sales rose.",
            ("Tim Cook", "Apple", "chief executive"),
        ),
        (
            "Tim Cook, Apple's chief executive, said sales rose.",
            ("Tim Cook", "Apple", "chief executive"),
        ),
        (
            "Maria Olsen, who heads the Norwegian Refugee Council, said aid was blocked.",
            ("Maria Olsen", "Norwegian Refugee Council", "head"),
        ),
        (
            "Oxfam spokeswoman Clara Mendes said the figures were alarming.",
            ("Clara Mendes", "Oxfam", "spokeswoman"),
        ),
        (
            "Officer Simon Bailey, the National Police Chiefs' Council lead on child protection, "
            "said investigators were busy.",
            ("Simon Bailey", "National Police Chiefs' Council", "lead on child protection"),
        ),
    ],
)
def test_roles(nlp: Language, text: str, role: tuple[str, str, str]) -> None:
    x = run(nlp, text)
    assert role in roles(x)
    assert all(r.evidence is not None for r in x.roles)


def test_no_role_without_title(nlp: Language) -> None:
    assert not run(nlp, "Oxfam said Tuesday that Clara Mendes would travel to Geneva.").roles


def test_title_words() -> None:
    assert is_title(["deputy", "press", "secretary"])
    assert not is_title(["said", "spokesman"]) and not is_title([])
