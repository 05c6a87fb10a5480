"""Quantities as written, and which of them are figures: a table of constructions written for
these tests (scale words and suffixes, currencies, percentages, fractions, words, ranges)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from claimgraph.errors import InputError
from claimgraph.extraction import _lexicon, extract
from claimgraph.extraction._lexicon import data_file
from claimgraph.extraction._quantities import (
    _DIGIT,
    _lead,
    _matches,
    local_dollar,
    quantities,
    reader,
)
from claimgraph.records import Article

# text, its quantity as written, value, unit, upper end of a range
WRITTEN = [
    ("a £450m deal", "£450m", 450e6, "GBP", None),
    ("a £3bn loan", "£3bn", 3e9, "GBP", None),
    ("raised £72m", "£72m", 72e6, "GBP", None),
    ("£1.2 billion in debt", "£1.2 billion", 1.2e9, "GBP", None),
    ("a $5 million fine", "$5 million", 5e6, "$", None),
    ("US$2.5bn of bonds", "US$2.5bn", 2.5e9, "USD", None),
    ("C$1.1 billion in revenue", "C$1.1 billion", 1.1e9, "CAD", None),
    ("A$300m for roads", "A$300m", 300e6, "AUD", None),
    ("NZ$40m in aid", "NZ$40m", 40e6, "NZD", None),
    ("HK$9bn in loans", "HK$9bn", 9e9, "HKD", None),
    ("€10.5bn package", "€10.5bn", 10.5e9, "EUR", None),
    ("€370m a year", "€370m", 370e6, "EUR", None),
    ("¥2 trillion stimulus", "¥2 trillion", 2e12, "JPY", None),
    ("₹500 crore fund", "₹500 crore", 5e9, "INR", None),
    ("Rs 4,500 crore deal", "Rs 4,500 crore", 4.5e10, "INR", None),
    ("Rs 1,148.35 a share", "Rs 1,148.35", 1148.35, "INR", None),
    ("1.8 lakh farmers", "1.8 lakh", 180000.0, None, None),
    ("3 lakh tonnes", "3 lakh", 300000.0, None, None),
    ("GBP 40m in fees", "GBP 40m", 40e6, "GBP", None),
    ("USD 12bn of debt", "USD 12bn", 12e9, "USD", None),
    ("450 million euros", "450 million euros", 450e6, "EUR", None),
    ("200 pounds", "200 pounds", 200.0, "GBP", None),
    ("300 rupees", "300 rupees", 300.0, "INR", None),
    ("20k followers", "20k", 20000.0, None, None),
    ("a $2tn economy", "$2tn", 2e12, "$", None),
    ("2.3 million people", "2.3 million", 2.3e6, None, None),
    ("31 per cent", "31 per cent", 31.0, "percent", None),
    ("31 percent", "31 percent", 31.0, "percent", None),
    ("31%", "31%", 31.0, "percent", None),
    ("3.4 per-cent", "3.4 per-cent", 3.4, "percent", None),
    ("0.25 percentage points", "0.25 percentage points", 0.25, "percentage points", None),
    ("two percentage points", None, None, None, None),
    ("10-12 per cent", "10-12 per cent", 10.0, "percent", 12.0),
    ("between £3m and £5m", "£3m and £5m", 3e6, "GBP", 5e6),
    ("£3m-£5m", "£3m-£5m", 3e6, "GBP", 5e6),
    ("5 to 7 million people", "5 to 7 million", 5e6, None, 7e6),
    ("between 40% and 45%", "40% and 45%", 40.0, "percent", 45.0),
    ("twelve inspectors", "twelve", 12.0, None, None),
    ("a dozen eggs", "a dozen", 12.0, None, None),
    ("forty-five seats", "forty-five", 45.0, None, None),
    ("two million voters", "two million", 2e6, None, None),
    ("two-thirds of adults", "two-thirds", 0.6667, "fraction", None),
    ("half of the budget", "half", 0.5, "fraction", None),
    ("half their income", "half", 0.5, "fraction", None),
    ("a third of staff", "a third", 0.3333, "fraction", None),
    ("three-quarters of homes", "three-quarters", 0.75, "fraction", None),
    ("the first half", None, None, None, None),
    ("at half-time", None, None, None, None),
    ("a 5m drop", "5", 5.0, None, None),
]


@pytest.mark.parametrize(("text", "surface", "value", "unit", "upper"), WRITTEN)
def test_written_quantities(
    text: str, surface: str | None, value: float | None, unit: str | None, upper: float | None
) -> None:
    found = [q for q in quantities(text) if not (q.words and q.unit is None and q.value < 10)]
    if surface is None:
        assert not found
        return
    (q,) = found
    assert text[q.start : q.end] == surface
    assert q.value == pytest.approx(value)
    assert (q.unit, q.upper) == (unit, upper)


def test_a_bare_dollar_is_the_local_one() -> None:
    assert local_dollar("Perth-based Redvale sold its Pilbara mine for $2bn.") == "AUD"
    assert local_dollar("The Alberta and Ontario premiers met in Ottawa.") == "CAD"
    assert local_dollar("Ohio lawmakers passed the bill.") == "USD"


# sentence, the figures it states as (surface, value, unit)
STATED = [
    ("The firm said it would cut 1,200 jobs.", [("1,200", 1200.0, "jobs")]),
    ("Sales fell 3.4 per cent, the retailer said.", [("3.4 per cent", 3.4, "percent")]),
    ("The bank said it lost £450m last year.", [("£450m", 450e6, "GBP")]),
    ("Officials said the dam cost Rs 1,420 crore.", [("Rs 1,420 crore", 1.42e10, "INR")]),
    (
        "Brandt Holdings of Sydney said profit rose to $2.3 billion.",
        [("$2.3 billion", 2.3e9, "AUD")],
    ),
    ("Critics said two-thirds of tenants pay too much.", [("two-thirds", 0.6667, "fraction")]),
    ("The council said it had hired twelve wardens.", [("twelve", 12.0, "wardens")]),
    ("She said the company was founded in 1987.", []),
    ("He said the meeting ends at 4.30pm.", []),
    ("The Rovers beat United 3-18 to 1-20, the club said.", []),
    ("The storm was upgraded to category 4, forecasters said.", []),
    ("He said he had worked there for nine years.", []),
    ("She said two children were hurt.", []),
    ("The report said patients aged over 60 were studied.", []),
    ("He said the 52nd minute was decisive.", []),
    ("The group said a ten-year plan was needed.", []),
]


@pytest.mark.parametrize(("text", "figures"), STATED)
def test_figures_worth_stating(
    nlp: Language, text: str, figures: list[tuple[str, float, str]]
) -> None:
    x = extract(Article(id="t", text=text), nlp=nlp)
    got = [(text[o.span[0] : o.span[1]], o.value, o.unit) for o in x.observations]
    assert [(s, pytest.approx(v), u) for s, v, u in figures] == got
    assert all(o.measure and not o.measure[0].isdigit() for o in x.observations)


def test_ranges_and_changes_are_kept(nlp: Language) -> None:
    text = "The regulator said prices fell between 10 and 12 per cent in 2023."
    (o,) = extract(Article(id="t", text=text), nlp=nlp).observations
    assert (o.value, o.upper, o.unit, o.change, o.period) == (10.0, 12.0, "percent", "fall", "2023")


def test_period_only_when_the_figure_is_for_it(nlp: Language) -> None:
    text = "Officials said the debt ratio, the highest since the early 1960s, is 98 per cent."
    (o,) = extract(Article(id="t", text=text), nlp=nlp).observations
    assert (o.value, o.period) == (98.0, None)


def test_unknown_key_in_a_data_file_fails_loudly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "numbers.yaml").write_text("scales: {}\nscael: {}\n", encoding="utf-8")
    monkeypatch.setattr(_lexicon, "DATA", tmp_path)
    with pytest.raises(InputError, match="scael"):
        data_file("numbers.yaml", frozenset({"scales"}))


# figures where a match may start before its digits (a prefix, a space, a decimal point) or
# where a digit starts none (inside a word, after a decimal point)
NEAR_DIGITS = [
    "US$ .5 and Rs. 4,500 crore, then A5 and x.5 and 3.25.",
    "  7 people; £ 12m; €.75bn; 1,2,3; 10-12 per cent; Rs.10; HK$9bn.",
    "no figures here at all",
    "",
    "9",
]


@pytest.mark.parametrize("text", NEAR_DIGITS)
def test_figures_found_near_digits_are_those_of_a_full_scan(text: str) -> None:
    r = reader()
    full = [(m.span(), m.groupdict()) for m in r.digit_re.finditer(text)]
    near = [(m.span(), m.groupdict()) for m in _matches(r.digit_re, text, _DIGIT, r.digit_lead)]
    assert near == full


def test_a_prefix_with_a_space_gives_no_bound() -> None:
    assert _lead({"US$": "USD", "Rs": "INR"}) == 5
    assert _lead({"US dollars": "USD"}) is None
