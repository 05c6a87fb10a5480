"""Behaviour of the extractor on short texts written for these tests."""

from __future__ import annotations

from importlib import resources

from spacy.language import Language

from claimgraph.extraction import extract_many
from claimgraph.records import Article
from tests.extracting import run, speaker, text_of


def test_said_that_with_pronoun(nlp: Language) -> None:
    x = run(nlp, "Maria Lopez visited the plant on Monday.\nShe said that the workers were tired.")
    (claim,) = x.claims
    assert claim.kind == "indirect" and claim.cue_lemma == "say"
    assert speaker(x, claim) == "Maria Lopez"
    assert "workers were tired" in text_of(x, claim)


def test_according_to(nlp: Language) -> None:
    x = run(nlp, "The bridge will close in May, according to the city council.")
    (claim,) = x.claims
    assert claim.cue_lemma == "according to"
    assert "bridge will close" in text_of(x, claim)
    assert "council" in (speaker(x, claim) or "")


def test_unnamed_source(nlp: Language) -> None:
    x = run(nlp, "A source said the deal was almost done.")
    (claim,) = x.claims
    assert x.entity(claim.speaker or "").type == "UnnamedSource"


def test_multi_paragraph_quote_and_continuation(nlp: Language) -> None:
    text = (
        'Dana Whitfield said: "The first part of the plan is simple.\n'
        '"The second part is harder and will take years."\n'
        "Whitfield spoke in Leeds.\n"
        '"We will keep going until every school has a library of its own."\n'
    )
    x = run(nlp, text)
    direct = [c for c in x.claims if c.kind == "direct"]
    assert len(direct) == 2
    assert len(direct[0].content) == 2
    assert all(speaker(x, c) == "Dana Whitfield" for c in direct)


def test_quote_then_cue_after(nlp: Language) -> None:
    x = run(nlp, '"We have no money left for the roads," the mayor said.')
    (claim,) = x.claims
    assert claim.kind == "direct" and claim.cue_lemma == "say"
    assert x.article.text[claim.content[0][0]] == '"'


def test_description_before_name(nlp: Language) -> None:
    text = (
        "The city's fire chief says the blaze was started on purpose.\n"
        "Chief Robert Kane, head of the county fire service, said crews arrived quickly.\n"
    )
    x = run(nlp, text)
    names = {speaker(x, c) for c in x.claims}
    assert names == {"Robert Kane"}


def test_reported_by_outlet(nlp: Language) -> None:
    x = run(nlp, "Tom Reyes said the mine would reopen, the Guardian reported.")
    (claim,) = x.claims
    assert speaker(x, claim) == "Tom Reyes"
    assert claim.reported_by is not None
    assert x.entity(claim.reported_by).name == "The Guardian"


def test_owned_and_curated_types(nlp: Language) -> None:
    x = run(nlp, "Users moved to Periscope, which is owned by Twitter, last year.")
    types = {e.name: e.type for e in x.entities}
    assert types["Periscope"] == "Platform" and types["Twitter"] == "Organization"
    (own,) = x.ownerships
    assert (x.entity(own.owner).name, x.entity(own.owned).name) == ("Twitter", "Periscope")
    assert own.evidence is not None


def test_hyphen_owned(nlp: Language) -> None:
    x = run(nlp, "The Google-owned YouTube removed the videos.")
    pairs = {(x.entity(o.owner).name, x.entity(o.owned).name) for o in x.ownerships}
    assert ("Google", "YouTube") in pairs


def test_acronym_alias_only_when_the_text_uses_it(nlp: Language) -> None:
    x = run(nlp, "The National Crime Agency said it received more reports. The NCA is busy.")
    agency = next(e for e in x.entities if e.name == "National Crime Agency")
    assert "NCA" in agency.aliases
    x = run(nlp, "The National Crime Agency said it received more reports.")
    agency = next(e for e in x.entities if e.name == "National Crime Agency")
    assert "NCA" not in agency.aliases


def test_numbers(nlp: Language) -> None:
    x = run(nlp, "Officials said more than 3,000 homes lost power, up from 1,200 in 2019.")
    obs = {o.value: o for o in x.observations}
    assert obs[3000.0].qualifier == "more than"
    assert obs[3000.0].compared_to == 1200.0 and obs[3000.0].compared_period == "2019"


def test_role_from_apposition(nlp: Language) -> None:
    x = run(nlp, "Anna Berg, the World Health Organization adviser on vaccines, said cases fell.")
    assert any(x.entity(r.person).name == "Anna Berg" for r in x.roles)


def test_seed_article_runs(nlp: Language) -> None:
    text = resources.files("claimgraph.data").joinpath("seed-article.txt").read_text("utf-8")
    (x,) = list(extract_many([Article(id="seed", text=text)], nlp=nlp))
    assert len(x.claims) >= 10
    assert any(e.type == "Platform" for e in x.entities)
