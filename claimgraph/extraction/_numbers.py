"""Stage 8, numbers: the quantities stated inside claims, as observations.

"an estimated 20,000 men", "a 31 per cent increase", "72,000 referrals ..., up from 6,000 in
2010": value, unit (``percent``, a currency), qualifier ("more than", "estimated"), what is
measured, the period (a date in the same sentence) and what it is compared to.

What is measured is read from the parse, never the number itself:

- the noun the number counts: "72,000 referrals about online abuse imagery";
- for "estimated the number of men interested in X at more than 20,000", the object of the verb
  the number hangs from, without "the number of": "men interested in X";
- for "arrests rose to 5,000", the subject of that verb: "arrests".

A number with none of these, a year on its own, and the "6,000" of "up from 6,000" (the
compared value of the number before it) are not observations.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._doctext import doc_text
from claimgraph.records import Claim, Observation

__all__ = ["find_numbers", "measure_of", "parse_value"]

QUALIFIER = (
    r"more than|less than|fewer than|at least|at most|up to|about|around|nearly|almost|over|"
    r"under|approximately|roughly|some|close to|an estimated|estimated"
)
QUALIFIER_BEFORE = re.compile(rf"\b({QUALIFIER})\s*$", re.I)
QUALIFIER_INSIDE = re.compile(rf"^({QUALIFIER})\b", re.I)
COMPARED = re.compile(
    r"(?:(?:up|down|rising|falling|rose|fell|increased|decreased)\s+from|"
    r"compared\s+(?:to|with)|against)\s+(?P<value>\d[\d,.]*(?:\s*(?:per\s*cent|percent|%))?)",
    re.I,
)
COMPARED_BEFORE = re.compile(
    r"(?:(?:up|down|rising|falling|rose|fell|increased|decreased)\s+from|compared\s+(?:to|with)|"
    r"against)\s*$",
    re.I,
)
PERCENT = re.compile(r"^\s*(?:per\s*cent|percent|%)", re.I)
PERCENT_IN = re.compile(r"\d\s*(?:per\s*cent|percent|%)", re.I)
CURRENCY = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
YEAR = re.compile(r"^(?:1[89]|20|21)\d\d$")
KINDS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})
COUNTING = re.compile(r"^(?:the\s+)?(?:total\s+)?(?:number|total|amount|count|tally)\s+of\s+", re.I)
SKIP_WORDS = frozenset({"DT", "PRP$", "POS", "CD"})


def parse_value(text: str) -> float | None:
    """Return the number in ``text`` with its scale word applied, or ``None``.

    Example:
        >>> parse_value("more than 20,000"), parse_value("$2.5 billion")
        (20000.0, 2500000000.0)
    """
    m = NUMBER.search(text)
    if not m:
        return None
    value = float(m.group().replace(",", ""))
    scale = re.search(r"\b(thousand|million|billion|trillion)\b", text[m.end() :], re.I)
    return value * SCALE[scale.group(1).lower()] if scale else value


def _words(tokens: list[Token], skip: set[int]) -> str:
    words = [t for t in tokens if t.i not in skip and t.tag_ != "POS"]
    while words and (words[0].tag_ in SKIP_WORDS or words[0].is_punct):
        words = words[1:]
    while words and (words[-1].pos_ in ("ADP", "CCONJ", "DET") or words[-1].is_punct):
        words.pop()
    return COUNTING.sub("", " ".join(t.text for t in words)).strip()


def _phrase(head: Token, skip: set[int]) -> str:
    """The noun phrase headed by ``head``: its modifiers up to a comma or a clause, no dates."""
    tokens: list[Token] = []
    for t in head.subtree:
        if t.i > head.i and (t.is_punct or t.dep_ in ("relcl", "advcl", "cc", "conj")):
            break
        tokens.append(t)
    return _words(tokens, skip)


def _verb_of(tok: Token) -> Token | None:
    return next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), None)


def measure_of(ent: SpacySpan, skip: set[int]) -> str:
    """Return what the number ``ent`` measures, or ``""`` when the parse does not say.

    Args:
        ent: the numeric entity.
        skip: token indices to leave out (dates in the sentence).
    """
    root = ent.root
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "amod", "det", "compound") and head.pos_ == "NOUN":
        return _phrase(head, skip | set(range(ent.start, ent.end)))
    own = head if root.dep_ == "pobj" else root
    inside = skip | {t.i for t in own.subtree}
    verb = _verb_of(root)
    if verb is None:
        return ""
    for dep in ("dobj", "nsubj", "nsubjpass"):
        arg = next((c for c in verb.children if c.dep_ == dep and c.pos_ != "PRON"), None)
        if arg is not None and arg.i not in inside:
            phrase = _phrase(arg, inside)
            if phrase:
                return phrase
    return ""


def _unit(ent: SpacySpan, text: str) -> str | None:
    """``percent`` for "31 per cent" or "31%", a currency code for "$5 million", else ``None``."""
    if PERCENT_IN.search(ent.text) or PERCENT.match(text[ent.end_char : ent.end_char + 10]):
        return "percent"
    before = text[max(0, ent.start_char - 1) : ent.start_char] + ent.text[:2]
    return next((code for sym, code in CURRENCY.items() if sym in before), None)


def _is_year(ent: SpacySpan) -> bool:
    return ent.label_ == "CARDINAL" and YEAR.match(ent.text.strip()) is not None


def _qualifier(ent: SpacySpan, text: str, start: int) -> str | None:
    m = QUALIFIER_BEFORE.search(text[max(start, ent.start_char - 20) : ent.start_char])
    m = m or QUALIFIER_INSIDE.match(ent.text)
    if m is None:
        return None
    return re.sub(r"^an\s+", "", m.group(1).lower())


class _Sentence:
    """The dates of the sentences of one document, found once."""

    def __init__(self, doc: Doc, ents: list[SpacySpan]) -> None:
        self.dates = [e for e in ents if e.label_ == "DATE"]
        self._sent = {(d.start, d.end): d.sent.start for d in self.dates}  # found once

    def _in(self, d: SpacySpan, sent: SpacySpan) -> bool:
        return self._sent[(d.start, d.end)] == sent.start

    def date_tokens(self, sent: SpacySpan) -> set[int]:
        """Token indices of the dates in ``sent``."""
        return {i for d in self.dates if self._in(d, sent) for i in range(d.start, d.end)}

    def period(
        self, ent: SpacySpan, bounds: tuple[int, int], exclude: SpacySpan | None
    ) -> str | None:
        """The date of ``ent``'s sentence inside the claim, nearest to the number."""
        sent = ent.sent
        found = [
            d
            for d in self.dates
            if self._in(d, sent)
            and bounds[0] <= d.start_char
            and d.end_char <= bounds[1]
            and d != exclude
            and not _is_year_of_count(d, ent)
        ]
        if not found:
            return None
        return min(found, key=lambda d: abs(d.start_char - ent.start_char)).text

    def after(self, pos: int, limit: int) -> SpacySpan | None:
        """The date starting within a few characters after ``pos``."""
        return next((d for d in self.dates if pos <= d.start_char <= min(limit, pos + 12)), None)


def _is_year_of_count(date: SpacySpan, ent: SpacySpan) -> bool:
    return date.start_char <= ent.start_char < date.end_char


def _observation(
    claim: Claim, ent: SpacySpan, bounds: tuple[int, int], sentences: _Sentence, numbers: _Numbers
) -> Observation | None:
    text = doc_text(ent.doc)
    value = parse_value(ent.text)
    if value is None or _is_year(ent) or COMPARED_BEFORE.search(text[: ent.start_char][-30:]):
        return None
    measure = measure_of(ent, sentences.date_tokens(ent.sent))
    if not measure:
        return None
    limit = min(bounds[1], ent.sent.end_char)
    comp = _compared(ent, limit, numbers)
    comp_date = sentences.after(comp.end(), limit) if comp else None
    return Observation(
        claim=claim.key,
        value=value,
        measure=measure[:160],
        span=(ent.start_char, ent.end_char),
        unit=_unit(ent, text),
        qualifier=_qualifier(ent, text, bounds[0]),
        period=sentences.period(ent, bounds, comp_date),
        compared_to=parse_value(comp.group("value")) if comp else None,
        compared_period=comp_date.text if comp_date is not None else None,
    )


def _compared(ent: SpacySpan, limit: int, numbers: _Numbers) -> re.Match[str] | None:
    """ "up from 6,000" after the number, before any other number of the sentence."""
    text = doc_text(ent.doc)
    end = ent.sent.end
    later = [e.start_char for e in numbers.ents if ent.start < e.start and e.end <= end]
    m = COMPARED.search(text, ent.end_char, limit)
    if m is None or any(s < m.start("value") for s in later):
        return None
    return m


class _Numbers:
    """The numeric entities of one document in text order, found by binary search."""

    def __init__(self, ents: list[SpacySpan]) -> None:
        self.ents = [e for e in ents if e.label_ in KINDS]
        self._starts = [e.start_char for e in self.ents]

    def inside(self, claim: Claim) -> Iterator[tuple[SpacySpan, tuple[int, int]]]:
        """The numbers inside each content span of ``claim``, with that span."""
        for start, end in claim.content:
            for i in range(bisect_left(self._starts, start), len(self.ents)):
                ent = self.ents[i]
                if ent.start_char >= end:
                    break
                if ent.end_char <= end:
                    yield ent, (start, end)


def find_numbers(doc: Doc, claims: list[Claim]) -> list[Observation]:
    """Return an observation for each measured number inside a claim's content.

    Args:
        doc: the parsed article.
        claims: the article's claims (their content spans are searched).
    """
    ents = list(doc.ents)  # Doc.ents builds every span anew: once
    sentences = _Sentence(doc, ents)
    numbers = _Numbers(ents)
    out: list[Observation] = []
    for claim in claims:
        for ent, bounds in numbers.inside(claim):
            obs = _observation(claim, ent, bounds, sentences, numbers)
            if obs is not None:
                out.append(obs)
    return out
