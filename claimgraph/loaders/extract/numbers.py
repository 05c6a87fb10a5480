"""Stage 8, numbers: the quantities stated inside claims, as observations.

"more than 20,000 men", "a 31 per cent increase", "72,000 referrals ..., up from 6,000 in 2010":
value, unit (``percent``), qualifier ("more than", "estimated"), the measured noun phrase, the
period (a date in the same clause) and what it is compared to.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimgraph.loaders.records import Claim, Observation

__all__ = ["find_numbers"]

QUALIFIERS = re.compile(
    r"(more than|less than|fewer than|at least|up to|about|around|nearly|almost|over|"
    r"approximately|roughly|an estimated|estimated|some)\s*$",
    re.I,
)
COMPARED = re.compile(
    r"(?:\b(?:up|down|rising|falling)\s+from|\bcompared (?:to|with))\s+([\d][\d,.]*)"
    r"(?:\s+in\s+(\d{4}))?"
)
PREFIX = re.compile(
    r"^(more than|less than|fewer than|at least|up to|about|around|nearly|"
    r"almost|over|approximately|roughly|an estimated|estimated|some)\b",
    re.I,
)
PERCENT = re.compile(r"(per\s*cent|percent|%)", re.I)
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
KINDS = frozenset({"CARDINAL", "PERCENT", "MONEY", "QUANTITY"})


def sent_end(ent: SpacySpan) -> int:
    """Return where the sentence of ``ent`` ends."""
    return ent.sent.end_char


def _value(text: str) -> float | None:
    m = NUMBER.search(text)
    return float(m.group().replace(",", "")) if m else None


def _measure(ent: SpacySpan) -> str:
    head = ent.root.head if ent.root.dep_ in ("nummod", "quantmod", "amod") else ent.root
    if head.i < ent.end and head.i >= ent.start:
        nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
        head = nxt if nxt is not None and nxt.pos_ == "NOUN" else head
    tokens = [t for t in head.subtree if t.i >= ent.end or t.i == head.i]
    words = " ".join(t.text for t in tokens if not t.is_punct)
    return words[:120] or head.text


def find_numbers(doc: Doc, claims: list[Claim]) -> list[Observation]:
    """Return an observation for each number inside a claim's content."""
    text = doc.text
    out: list[Observation] = []
    dates = [e for e in doc.ents if e.label_ == "DATE"]
    numeric = [e for e in doc.ents if e.label_ in KINDS]
    for claim in claims:
        for start, end in claim.content:
            for ent in numeric:
                if not (start <= ent.start_char and ent.end_char <= end):
                    continue
                value = _value(ent.text)
                if value is None:
                    continue
                qual = QUALIFIERS.search(text[max(start, ent.start_char - 20) : ent.start_char])
                inner = PREFIX.match(ent.text)
                rest = text[ent.end_char : min(end, ent.end_char + 40)]
                unit = "percent" if PERCENT.search(ent.text + rest[:10]) else None
                comp = COMPARED.search(text[ent.end_char : min(end, sent_end(ent))])
                sent = ent.sent
                period = next(
                    (
                        d.text
                        for d in dates
                        if d.sent == sent
                        and d.start_char >= start
                        and d.end_char <= end
                        and not (comp and d.start_char > ent.end_char)
                    ),
                    None,
                )
                qualifier = qual.group(1) if qual else (inner.group(1) if inner else None)
                out.append(
                    Observation(
                        claim=claim.key,
                        value=value,
                        measure=_measure(ent),
                        span=(ent.start_char, ent.end_char),
                        unit=unit,
                        qualifier=qualifier.lower() if qualifier else None,
                        period=period,
                        compared_to=_value(comp.group(1)) if comp else None,
                        compared_period=comp.group(2) if comp and comp.group(2) else None,
                    )
                )
    return out
