"""Numbers inside claims: sentences written for these tests, plus the shipped seed article."""

from __future__ import annotations

from importlib import resources

from spacy.language import Language

from claimgraph.extraction import extract
from claimgraph.extraction._numbers import parse_value
from claimgraph.records import Article, Extraction, Observation
from tests.extracting import run


def by_value(x: Extraction) -> dict[float, Observation]:
    return {o.value: o for o in x.observations}


def test_counted_noun_and_comparison(nlp: Language) -> None:
    x = run(nlp, "Officials said more than 3,000 homes lost power, up from 1,200 in 2019.")
    obs = by_value(x)
    assert set(obs) == {3000.0, 1200.0}
    o = obs[3000.0]
    assert (o.measure, o.qualifier) == ("homes", "more than")
    assert (o.compared_to, o.compared_period, o.period) == (1200.0, "2019", None)
    assert x.article.text[o.span[0] : o.span[1]] == "more than 3,000"
    before = obs[1200.0]  # the compared value is an observation of its own, linked from the first
    assert o.compared_span == before.span and x.article.text[slice(*before.span)] == "1,200"
    assert (before.measure, before.period, before.compared_to) == ("homes", "2019", None)


def test_percent_money_and_subject(nlp: Language) -> None:
    obs = by_value(run(nlp, "The company said revenue rose 12% to $4.5 billion in 2020."))
    assert (obs[12.0].unit, obs[12.0].measure) == ("percent", "revenue")
    assert (obs[4.5e9].unit, obs[4.5e9].period) == ("USD", "2020")


def test_compared_with_a_relative_period(nlp: Language) -> None:
    x = run(nlp, "She said arrests rose to 5,000 last year, compared with 3,100 a year earlier.")
    o, before = x.observations
    assert (o.measure, o.period, o.compared_to) == ("arrests", "last year", 3100.0)
    assert (o.compared_period, o.change) == ("a year earlier", "rise")
    assert (before.value, before.period, before.measure) == (3100.0, "a year earlier", "arrests")


def test_years_are_not_observations(nlp: Language) -> None:
    x = run(nlp, "He said 2019 was a hard year and about 40 people came.")
    assert [(o.value, o.measure, o.qualifier) for o in x.observations] == [
        (40.0, "people", "about")
    ]


def test_parse_value() -> None:
    assert parse_value("an estimated 20,000") == 20000.0
    assert parse_value("$2.5 billion") == 2.5e9
    assert parse_value("many") is None


def test_seed_article(nlp: Language) -> None:
    text = resources.files("claimgraph.data").joinpath("seed-article.txt").read_text("utf-8")
    x = extract(Article(id="seed", text=text), nlp=nlp)
    got = {(o.value, o.measure): o for o in x.observations}
    assert got[(20000.0, "men")].qualifier == "estimated"
    more = got[(20000.0, "men interested in sexually abusing children")]
    assert more.qualifier == "more than"
    assert got[(4000.0, "men")].qualifier is None
    rise = next(o for o in x.observations if o.value == 31.0)
    assert (rise.unit, rise.period) == ("percent", "the previous year")
    assert rise.measure.startswith("increase in the number of reported cases")
    referrals = next(o for o in x.observations if o.value == 72000.0)
    assert referrals.measure.startswith("referrals")
    assert referrals.period == "the first 11 months of 2017"
    assert (referrals.compared_to, referrals.compared_period) == (6000.0, "2010")
    earlier = next(o for o in x.observations if o.value == 6000.0)
    assert (earlier.period, earlier.unit) == ("2010", "referrals")
    assert referrals.compared_span == earlier.span
    assert all(o.measure and not o.measure[0].isdigit() for o in x.observations)
