"""Roles and ownership on sentences written for these tests."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.extraction._relations import OWNERSHIP_PATTERNS
from claimgraph.extraction._titles import is_title
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


def test_roles_from_any_phrasing(nlp: Language) -> None:
    text = (
        "The Marlow Institute for Coastal Studies published a report on Monday. "
        "Ann Lee, the institute's deputy director, said the findings were stark. "
        "Harton Rovers Football Club lost again on Saturday. The club's manager, Sam Dunne, said "
        "the players were tired. Kestrel Logistics Group announced a pay deal. Its chief "
        "executive, Jane Doe, said "
        "staff would get a bonus. Tom Park, a regional organiser for the Dockworkers Union, "
        "welcomed it."
    )
    x = run(nlp, text)
    got = roles(x)
    assert ("Ann Lee", "Marlow Institute for Coastal Studies", "deputy director") in got
    assert ("Sam Dunne", "Harton Rovers Football Club", "manager") in got
    assert ("Jane Doe", "Kestrel Logistics Group", "chief executive") in got
    assert ("Tom Park", "Dockworkers Union", "regional organiser") in got
    assert all(r.evidence is not None for r in x.roles)


def test_a_bare_title_is_of_the_organisation_just_named(nlp: Language) -> None:
    text = (
        "Ravenhill Logistics said it would close two depots. "
        "Chief executive Jane Doe said the decision was painful."
    )
    assert ("Jane Doe", "Ravenhill Logistics", "Chief executive") in roles(run(nlp, text))


def test_an_office_names_the_body_the_article_names(nlp: Language) -> None:
    text = "The Senate passed the bill on Tuesday. Sen. Maria Holt said it was overdue."
    assert ("Maria Holt", "Senate", "Sen.") in roles(run(nlp, text))


def test_an_office_with_no_organisation_invents_none(nlp: Language) -> None:
    x = run(nlp, "Chancellor Rachel Moss said the budget would balance.")
    assert ("Rachel Moss", "", "Chancellor") in roles(x)
    (role,) = x.roles
    assert role.organization is None and role.evidence is not None


def test_a_trade_or_someone_elses_title_is_of_no_organisation(nlp: Language) -> None:
    text = (
        "Kestrel Freight announced a pay deal. Retired teacher Bill Grady said it was fair. "
        "Our reporter Sam Whitford said the mood was calm."
    )
    assert not {r for r in roles(run(nlp, text)) if r[1]}


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            "Harrow Mining has sold its copper business, Tellis Copper, to rival Brenmoor "
            "Metals for $1.2 billion, the company said.",
            ("Brenmoor Metals", "Tellis Copper"),
        ),
        (
            "Kestrel Freight, whose parent company is the Leeds-based Dunmore Group, "
            "declined to comment.",
            ("Dunmore Group", "Kestrel Freight"),
        ),
        (
            "Marlow Foods, a unit of Hong Kong-listed Tai Cheng Holdings, said sales rose.",
            ("Tai Cheng Holdings", "Marlow Foods"),
        ),
        (
            "Halwyn Stores said its online subsidiary, Pryor Direct, would stay open.",
            ("Halwyn Stores", "Pryor Direct"),
        ),
    ],
)
def test_more_ownership_phrasings(nlp: Language, text: str, pair: tuple[str, str]) -> None:
    x = run(nlp, text)
    assert pair in owns(x)
    assert pair[::-1] not in owns(x)


def test_seller_is_not_the_owner(nlp: Language) -> None:
    text = "Harrow Mining has sold Tellis Copper to Brenmoor Metals, the company said."
    assert ("Harrow Mining", "Tellis Copper") not in owns(run(nlp, text))


def test_stake_and_acquisition_date(nlp: Language) -> None:
    x = run(nlp, "Acme Holdings acquired a stake of 30 per cent in Zeta Systems in 2021.")
    (own,) = x.ownerships
    assert (x.entity(own.owner).name, x.entity(own.owned).name) == ("Acme Holdings", "Zeta Systems")
    assert (own.share, own.since) == (30.0, "2021")


def test_parts_named_after_their_company(nlp: Language) -> None:
    text = (
        "Norvik Media said Tuesday that viewing rose. Norvik Media Europe, its regional arm, "
        "said the same. Norvik Media Holdings is the company's full name."
    )
    pairs = owns(run(nlp, text))
    assert ("Norvik Media", "Norvik Media Europe") in pairs
    assert ("Norvik Media", "Norvik Media Holdings") not in pairs


def _named_after_pairs(owner: str, longer: str) -> set[tuple[str, str]]:
    """Unit level: what :func:`_named_after` makes of an organisation and a longer name."""
    from claimgraph.extraction._entities import EntityTable
    from claimgraph.extraction._relations import _named_after
    from claimgraph.records import Ownership

    table = EntityTable()
    a, b = table.new(owner, "Organization"), table.new(longer, "Organization")
    table.mention(a, (0, len(owner)))
    table.mention(b, (40, 40 + len(longer)))
    found: dict[tuple[str, str], Ownership] = {}
    _named_after(table, found)
    names = {a.key: a.name, b.key: b.name}
    return {(names[o.owner], names[o.owned]) for o in found.values()}


@pytest.mark.parametrize(
    ("owner", "longer", "part"),
    [
        ("Corvane", "Corvane Play Music", True),  # a product named after its company
        ("Corvane", "Corvane Pictures", True),  # an arm: the last word names one
        ("Corvane", "Corvane Europe", True),  # a regional arm
        ("Corvane", "Corvane Holdings", False),  # the company's legal name
        ("Senate", "Senate Finance Committee", False),  # a body of the Senate, not owned
        ("Senate", "Senate Subcommittee on Energy", False),  # the public-body word anywhere
        ("Ruritania", "Ruritania Embassy", False),
        ("Halwyn", "Halwyn 40 percent", False),  # a lower-case word is no name's
        ("Corvane", "Corvane Channel", False),  # the brand itself, not a part
        ("Corvane", "Corvane Network", False),
        ("Corvane", "Corvane Investment Coalition", False),  # a body with members
        ("Eastern", "Eastern Ruritania", False),  # a direction word is no owner
        ("North West", "North West Ruritania", False),
        ("Tarnvale Court", "Tarnvale Court of Appeals", False),  # a court owns no court
        ("Northmoor Council", "Northmoor Council on Trade", False),  # a body with members
        ("Northmoor", "Northmoor Council on Trade", False),
        ("House", "House Education", False),  # a chamber's committees are not owned
        ("Government", "Government Accountability Office", False),
    ],
)
def test_a_longer_name_is_a_part_only_when_it_names_one(
    owner: str, longer: str, part: bool
) -> None:
    assert ((owner, longer) in _named_after_pairs(owner, longer)) is part
