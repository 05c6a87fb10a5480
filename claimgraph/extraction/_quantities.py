"""Quantities as written: "£450m", "Rs 4,500 crore", "31 per cent", "two-thirds of", "1.8 lakh".

A text-only reader (no parse): it finds each written quantity and reads its value with the scale
applied, its unit (an ISO 4217 code, ``percent``, ``percentage points`` or ``fraction``) and the
upper end of a range ("10-12 per cent", "between £3m and £5m"). The word lists are in
``data/numbers.yaml``; which quantities are worth stating is decided by the numbers stage
(:mod:`claimgraph.extraction._numbers`), which sees the parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimgraph.extraction._lexicon import data_file

__all__ = ["Quantity", "Reader", "local_dollar", "quantities", "reader"]

KEYS = frozenset(
    {
        "scales",
        "currency_prefixes",
        "currency_suffixes",
        "dollar_countries",
        "default_dollar",
        "percent",
        "percentage_points",
        "number_words",
        "min_word_value",
        "fractions",
        "qualifiers",
        "falls",
        "rises",
        "time_nouns",
        "label_words",
        "time_suffixes",
        "compared",
    }
)
DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
UNIT_LETTERS = frozenset({"m", "b"})
"""Scale suffixes that, without a currency, are more likely units ("a 5m wall")."""
SHORT_SCALES = frozenset({"k", "m", "mn", "mln", "b", "bn", "tn"})
DOLLAR = "$"
PARTITIVE = r"of|the|their|its|his|her|our|your|all|this|that|these|those"
"""What follows a fraction that quantifies: "half of the budget", "half their income"."""


@dataclass(frozen=True)
class Quantity:
    """One written quantity.

    Attributes:
        start: offset of its first character (the currency sign, if any).
        end: offset after its last character (scale word, unit, upper end of a range).
        value: the quantity (450000000.0 for "£450m"; the lower end of a range).
        unit: an ISO 4217 code, ``"$"`` (a dollar of unknown country), ``"percent"``,
            ``"percentage points"``, ``"fraction"`` or ``None`` (a count).
        upper: the upper end of a range, else ``None``.
        words: written in words ("twelve", "two-thirds") rather than digits.
        scaled: a scale word or suffix was applied ("m", "million", "crore").
    """

    start: int
    end: int
    value: float
    unit: str | None = None
    upper: float | None = None
    words: bool = False
    scaled: bool = False


def _alternation(words: Any, *, boundary: bool = True) -> str:
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)
    return rf"(?:{alts})\b" if boundary else f"(?:{alts})"


class Reader:
    """The compiled patterns and tables of ``numbers.yaml``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.scales = {str(k).lower(): float(v) for k, v in data["scales"].items()}
        self.prefixes = {str(k): str(v) for k, v in data["currency_prefixes"].items()}
        self.prefixes[DOLLAR] = DOLLAR
        self.suffixes = {str(k).lower(): str(v) for k, v in data["currency_suffixes"].items()}
        self.numbers = {str(k).lower(): float(v) for k, v in data["number_words"].items()}
        self.fractions = {str(k).lower(): float(v) for k, v in data["fractions"].items()}
        self.min_word_value = float(data["min_word_value"])
        self.percent = _alternation(data["percent"], boundary=False)
        self.points = _alternation(data["percentage_points"])
        self.digit_re = self._digit_pattern()
        self.word_re = self._word_pattern()
        self.fraction_re = re.compile(
            rf"(?<![\w-])(?P<f>{_alternation(self.fractions)})(?=\s+(?:{PARTITIVE})\b)", re.I
        )
        self.digit_lead = _lead(self.prefixes)  # a figure starts this close to its first digit

    def _amount(self, tag: str) -> str:
        long = _alternation([s for s in self.scales if s not in SHORT_SCALES])
        short = _alternation([s for s in self.scales if s in SHORT_SCALES])
        return rf"(?P<n{tag}>{DIGITS})(?:(?P<s{tag}>{short})|\s+(?P<l{tag}>{long}))?"

    def _digit_pattern(self) -> re.Pattern[str]:
        words = [p for p in self.prefixes if p[:1].isalpha()]
        signs = [p for p in self.prefixes if not p[:1].isalpha()]
        prefix = rf"(?:(?<![\w$])(?:{_alternation(words)}|{_alternation(signs, boundary=False)}))"
        suffix = _alternation(self.suffixes)
        pattern = (
            rf"(?P<cur>{prefix})?\s?(?<![\w.,]){self._amount('1')}"
            rf"(?:\s?(?P<pct>{self.percent})(?!\w)|\s+(?P<pts>{self.points})|"
            rf"\s+(?P<code>{suffix}))?"
        )
        return re.compile(pattern, re.I)

    def _word_pattern(self) -> re.Pattern[str]:
        words = _alternation(self.numbers)
        long = _alternation([s for s in self.scales if s not in SHORT_SCALES])
        return re.compile(
            rf"(?<![\w-])(?P<w>{words}(?:[-\s]{words})?)(?:\s+(?P<l>{long}))?(?![\w-])", re.I
        )

    def word_value(self, words: str) -> float:
        """The value of a number in words ("forty-five" is 45, "a dozen" is 12)."""
        low = re.sub(r"\s+", " ", words.lower())
        if low in self.numbers:
            return self.numbers[low]
        parts = re.split(r"[-\s]", low)
        total = 0.0
        for part in parts:
            n = self.numbers.get(part, 0.0)
            total = total * n if n == 100 and total else total + n
        return total

    def scale(self, word: str | None) -> float:
        """The factor of a scale word or suffix (1 when there is none)."""
        return self.scales[word.lower()] if word else 1.0


@lru_cache(maxsize=1)
def reader() -> Reader:
    """The reader of the shipped ``numbers.yaml`` (built once per process)."""
    return Reader(data_file("numbers.yaml", KEYS))


def _unit(m: re.Match[str], r: Reader) -> str | None:
    if m["pct"]:
        return "percent"
    if m["pts"]:
        return "percentage points"
    cur = m["cur"]
    if cur:
        return r.prefixes.get(cur) or r.prefixes.get(cur.upper()) or DOLLAR
    if m["code"]:
        return r.suffixes[re.sub(r"\s+", " ", m["code"].lower())]
    return None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _lead(prefixes: dict[str, str]) -> int | None:
    """How far before its first digit a figure can start: a currency prefix, a space and a
    decimal point ("US$ .5"); ``None`` when a prefix holds a space (no bound)."""
    if any(not p or any(c.isspace() for c in p) for p in prefixes):
        return None
    return max((len(p) for p in prefixes), default=0) + 2


def _matches(
    rx: re.Pattern[str], text: str, anchor: re.Pattern[str], lead: int | None
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, where every match of ``rx`` (never empty) starts at most ``lead``
    characters before a match of ``anchor``: only those positions are tried, the rest of the
    text is skipped in one scan for the anchor (a figure's digits: ~10x faster)."""
    if lead is None:
        yield from rx.finditer(text)
        return
    pos = 0  # no match starts before pos: every position before was tried or taken
    for a in anchor.finditer(text):
        q = a.start()
        if q < pos:
            continue
        for start in range(max(pos, q - lead), q + 1):
            m = rx.match(text, start)
            if m is not None:
                yield m
                pos = m.end()
                break
        else:
            pos = q + 1


_DIGIT = re.compile(r"\d")


def _digits(text: str, r: Reader) -> Iterator[Quantity]:
    for m in _matches(r.digit_re, text, _DIGIT, r.digit_lead):
        unit = _unit(m, r)
        if m["s1"] and m["s1"].lower() in UNIT_LETTERS and unit is None:  # "5m": metres
            yield Quantity(m.start("n1"), m.end("n1"), _number(m["n1"]))
            continue
        scale = m["s1"] or m["l1"]
        yield Quantity(
            start=m.start("cur") if m["cur"] else m.start("n1"),
            end=m.end(),
            value=_number(m["n1"]) * r.scale(scale),
            unit=unit,
            scaled=bool(scale),
        )


RANGE_GAP = re.compile(r"^\s*(?:-|–|to)\s*$|^\s+and\s+$", re.I)
BETWEEN = re.compile(r"\bbetween\s+$", re.I)


def _ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """Join "10-12 per cent", "£3m to £5m", "between 5 and 7 million" into one range.

    Two numbers make a range only when one of them has a unit or a scale (else "3-18" is a score)
    and, with "and", only after "between".
    """
    out: list[Quantity] = []
    for q in found:
        prev = out[-1] if out else None
        gap = text[prev.end : q.start] if prev else ""
        if (
            prev is not None
            and not prev.words
            and not q.words
            and RANGE_GAP.match(gap)
            and ("and" not in gap or BETWEEN.search(text[: prev.start]))
            and (prev.unit or q.unit or prev.scaled or q.scaled)
            and (prev.unit is None or q.unit is None or prev.unit == q.unit)
        ):
            low = prev.value if prev.scaled or not q.scaled else prev.value * _factor(q, text)
            unit = prev.unit or q.unit
            out[-1] = Quantity(prev.start, q.end, low, unit, q.value, scaled=True)
            continue
        out.append(q)
    return out


def _factor(q: Quantity, text: str) -> float:
    """The scale factor of ``q`` ("7 million" is 1e6): its value over its written digits."""
    m = re.search(DIGITS, text[q.start : q.end])
    return q.value / _number(m.group()) if m and _number(m.group()) else 1.0


def _words(text: str, r: Reader) -> Iterator[Quantity]:
    for m in r.word_re.finditer(text):
        value = r.word_value(m["w"]) * r.scale(m["l"])
        if value:
            yield Quantity(m.start(), m.end(), value, words=True, scaled=bool(m["l"]))
    for m in r.fraction_re.finditer(text):
        value = r.fractions[re.sub(r"\s+", " ", m["f"].lower())]
        yield Quantity(m.start(), m.end("f"), value, unit="fraction", words=True)


def quantities(text: str) -> list[Quantity]:
    """Every quantity written in ``text``, in text order, without overlaps.

    Example:
        >>> [(q.value, q.unit) for q in quantities("a £450m deal, up 3.4 per cent")]
        [(450000000.0, 'GBP'), (3.4, 'percent')]
    """
    r = reader()
    found = sorted([*_digits(text, r), *_words(text, r)], key=lambda q: (q.start, -q.end))
    out: list[Quantity] = []
    for q in found:
        if not out or q.start >= out[-1].end:
            out.append(q)
    return _ranges(text, out)


def local_dollar(text: str) -> str:
    """The dollar a bare "$" means in ``text``: that of the country whose places it names most.

    Example:
        >>> local_dollar("Perth-based Harbourline sold ..."), local_dollar("Ohio voters ...")
        ('AUD', 'USD')
    """
    data = reader().data
    best, count = str(data["default_dollar"]), 0
    for code, places in data["dollar_countries"].items():
        n = sum(len(_place(str(p)).findall(text)) for p in places if str(p) in text)
        if n > count:
            best, count = str(code), n
    return best


@lru_cache(maxsize=256)
def _place(name: str) -> re.Pattern[str]:
    """The place name as a whole word, compiled once."""
    return re.compile(rf"\b{re.escape(name)}\b")
