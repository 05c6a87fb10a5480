"""Stage 8, numbers: the figures an article states, as observations of the claims stating them.

Every quantity written in a sentence the extractor made a claim of (attributed or the article's
own voice) is read by :mod:`claimgraph.extraction._quantities` ("£450m" is 450,000,000 GBP) and
kept when it is a figure worth stating. Left out, as a reader would: years and other dates, times
of day, scores ("3-18"), ordinals and decades ("52nd", "1980s"), labels ("category 4", "Highway
5"), ages ("aged over 60"), durations ("for nine years", "ten-year"), and numbers in words below
``min_word_value`` ("two children"). Fractions count as partitives ("half of the budget").

For each figure: the value (the lower end of a range, ``upper`` the higher), the unit (an ISO 4217
code, ``percent``, ``fraction`` or the counted noun; a bare "$" is the dollar of the country the
article is set in), the qualifier ("more than"), whether it is a fall or a rise, what is measured
(read from the parse, never the number itself), the period (a date the figure's own clause is for,
not one it is compared with: "since", "than") and what it is compared to ("up from 6,000 in
2010": the 6,000 is its own observation, linked from the first).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._quantities import DOLLAR, Quantity, local_dollar, quantities, reader
from claimgraph.records import Claim, Observation, Span

__all__ = ["find_numbers", "measure_of", "parse_value"]

YEAR = re.compile(r"^(?:1[6-9]|20|21)\d\d$")
GLUED_LABEL = re.compile(r"^(?:st|nd|rd|th|s)\b|^[-–]\d|^:\d|^[-–]?[a-z]+-", re.I)
AFTER_SCORE = re.compile(r"\d[-–]$")
HYPHEN_WORD = re.compile(r"^-[a-z]", re.I)
COUNTING = re.compile(r"^(?:the\s+)?(?:total\s+)?(?:number|total|amount|count|tally)\s+of\s+", re.I)
SKIP_WORDS = frozenset({"DT", "PRP$", "POS", "CD"})
NOT_PERIOD = re.compile(r"\b(?:since|than|compared\s+(?:with|to)|before|after|until|from)\s+$")
PERIOD_LABELS = frozenset({"DATE"})


def parse_value(text: str) -> float | None:
    """Return the first quantity in ``text`` with its scale applied, or ``None``.

    Example:
        >>> parse_value("more than 20,000"), parse_value("£450m"), parse_value("1.8 lakh")
        (20000.0, 450000000.0, 180000.0)
    """
    found = quantities(text)
    return found[0].value if found else None


def _words(tokens: list[Token], skip: set[int]) -> str:
    words = [t for t in tokens if t.i not in skip and t.tag_ != "POS"]
    while words and (words[0].tag_ in SKIP_WORDS or words[0].is_punct or words[0].like_num):
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


def _counted(ent: SpacySpan) -> Token | None:
    """The noun the number counts ("1,450 people", "14.2 million tonnes"), if any."""
    root = ent.root
    head = root.head
    if root.dep_ in ("nummod", "quantmod", "amod", "det", "compound") and head.pos_ == "NOUN":
        between = doc_text(ent.doc)[ent.end_char : head.idx]
        return head if head.i >= ent.end and "." not in between else None
    return None


def measure_of(ent: SpacySpan, skip: set[int]) -> str:
    """Return what the number ``ent`` measures, or ``""`` when the parse does not say.

    In order: the noun it counts ("72,000 referrals"), the noun of a partitive "of" after it
    ("98% of burrows", "$600m of debt"), the object or subject of the verbs above it ("arrests
    rose to 5,000", "the levy is due to rise to C$95").

    Args:
        ent: the number's tokens.
        skip: token indices to leave out (dates in the sentence).
    """
    inside = skip | set(range(ent.start, ent.end))
    counted = _counted(ent)
    if counted is not None:
        phrase = _phrase(counted, inside)
        if phrase:
            return phrase
    partitive = _partitive(ent, inside)
    if partitive:
        return partitive
    root = ent.root
    own = root.head if root.dep_ == "pobj" else root
    inside = inside | {t.i for t in own.subtree}
    for verb in [a for a in root.ancestors if a.pos_ in ("VERB", "AUX")][:3]:
        for dep in ("dobj", "nsubj", "nsubjpass"):
            arg = next((c for c in verb.children if c.dep_ == dep and c.pos_ != "PRON"), None)
            if arg is not None and arg.i not in inside and not _past_stop(ent, arg):
                phrase = _phrase(arg, inside)
                if phrase:
                    return phrase
    return ""


def _past_stop(ent: SpacySpan, arg: Token) -> bool:
    """``arg`` lies past a full stop after the number: a sentence end the parser missed
    ("cost £450m. Officials said ...")."""
    if arg.i < ent.end:
        return False
    return "." in ent.doc[ent.end - 1 : arg.i].text.replace(ent[-1].text, "", 1)


def _partitive(ent: SpacySpan, skip: set[int]) -> str:
    """ "98% of burrows", "half of that": the phrase after "of" (not a pronoun)."""
    for tok in ent:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.pos_ in ("NOUN", "PROPN"):
                    return _phrase(obj, skip)
    return ""


class _Doc:
    """One parsed article: its text, dates, claims by position and the local dollar."""

    def __init__(self, doc: Doc, claims: list[Claim]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self._dollar: str | None = None
        self.dates = [e for e in doc.ents if e.label_ in PERIOD_LABELS]
        # by position only: two claims may share a span, and claims have no order of their own
        spans = sorted(((s, e, c) for c in claims for s, e in c.content), key=lambda t: t[:2])
        self.claim_spans = spans
        self.claim_starts = [s for s, _, _ in spans]

    @property
    def dollar(self) -> str:
        """The dollar a bare "$" means here (:func:`local_dollar`), read on the first bare "$"."""
        if self._dollar is None:
            self._dollar = local_dollar(self.text)
        return self._dollar

    def claim_at(self, start: int, end: int, sent: SpacySpan) -> Claim | None:
        """The claim whose content holds ``start``, else one in the same sentence."""
        i = bisect_right(self.claim_starts, start) - 1
        for s, e, claim in self.claim_spans[max(0, i - 3) : i + 1][::-1]:
            if s <= start and end <= e:
                return claim
        for s, e, claim in self.claim_spans[max(0, i - 3) : i + 4]:
            if s < sent.end_char and sent.start_char < e:
                return claim
        return None

    def period(self, span: SpacySpan, sent: SpacySpan, exclude: set[Span]) -> str | None:
        """The date the figure is for: in its sentence, not compared with, nearest to it."""
        found = [
            d
            for d in self.dates
            if sent.start_char <= d.start_char
            and d.end_char <= sent.end_char
            and (d.start_char, d.end_char) not in exclude
            and not (d.start_char <= span.start_char < d.end_char)
            and not NOT_PERIOD.search(self.text[max(0, d.start_char - 20) : d.start_char])
            and _same_clause(d, span)
        ]
        if not found:
            return None
        return min(found, key=lambda d: abs(d.start_char - span.start_char)).text

    def date_after(self, pos: int, limit: int) -> SpacySpan | None:
        """The date starting within a few characters after ``pos``."""
        return next((d for d in self.dates if pos <= d.start_char <= min(limit, pos + 12)), None)


def _clause(tok: Token) -> Token:
    """The verb heading ``tok``'s clause (the sentence root when there is none)."""
    return next((a for a in tok.ancestors if a.pos_ in ("VERB", "AUX")), tok.sent.root)


def _same_clause(date: SpacySpan, span: SpacySpan) -> bool:
    """The date belongs to the figure's clause or to the phrase the figure counts."""
    if _clause(date.root) == _clause(span.root):
        return True
    counted = _counted(span)
    return counted is not None and date.root in counted.subtree


@lru_cache(maxsize=1)
def _qualifiers() -> re.Pattern[str]:
    """The qualifiers of ``numbers.yaml`` ("more than"), ending a window; compiled once."""
    words = [str(w) for w in reader().data["qualifiers"]]
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len)[::-1])
    return re.compile(rf"(?<![\w-])({alts})\s*$", re.I)


def _qualifier(text: str, start: int) -> re.Match[str] | None:
    return _qualifiers().search(text[max(0, start - 30) : start])


def _label(q: Quantity, tok: Token, text: str, qual_start: int) -> bool:
    """A number that names or dates rather than counts."""
    after = text[q.end : q.end + 12]
    if GLUED_LABEL.match(after) or AFTER_SCORE.search(text[max(0, q.start - 2) : q.start]):
        return True
    suffix = re.match(r"\s?([\w.']+)", after)
    if suffix and suffix.group(1).lower().rstrip(".") in _lower("time_suffixes"):
        return True
    if YEAR.match(text[q.start : q.end]) or tok.ent_type_ in ("DATE", "TIME"):
        return True
    prev = re.search(r"([\w.]+)\s*$", text[max(0, qual_start - 20) : qual_start])
    if prev and prev.group(1).lower() in _lower("label_words"):
        return True
    if tok.dep_ == "nummod" and tok.head.i < tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
        return True  # "category 4"
    return tok.i > 0 and tok.doc[tok.i - 1].pos_ == "PROPN" and qual_start == q.start


@lru_cache(maxsize=16)
def _lower(key: str) -> frozenset[str]:
    """The words of ``numbers.yaml`` under ``key``, lower case, without a final full stop."""
    words = reader().data[key]
    return frozenset(str(w).lower().rstrip(".") for w in words or ())


def _duration(q: Quantity, text: str) -> bool:
    """ "nine years", "a ten-year average": a number of units of time."""
    if HYPHEN_WORD.match(text[q.end : q.end + 3]):
        return True
    nxt = re.match(r"\s+(?:full\s+|more\s+|consecutive\s+)?([a-z]+)", text[q.end : q.end + 24])
    return nxt is not None and nxt.group(1).lower() in _lower("time_nouns")


def _worth(q: Quantity, tok: Token, text: str, qual_start: int) -> bool:
    """A figure worth stating (see the module docstring)."""
    if q.unit is not None:
        return q.unit != "fraction" or q.words
    if q.words and q.value < reader().min_word_value and not q.scaled:
        return False
    return not _label(q, tok, text, qual_start) and not _duration(q, text)


def _change(text: str, start: int) -> str | None:
    window = text[max(0, start - 25) : start].lower()
    last = re.findall(r"[a-z]+", window)[-3:]
    if any(w in _lower("falls") for w in last):
        return "fall"
    if any(w in _lower("rises") for w in last):
        return "rise"
    return None


def _negative(text: str, start: int) -> bool:
    return re.search(r"(?:[-−]|\bminus\s+)$", text[max(0, start - 7) : start]) is not None


class _Figure:
    """A quantity kept, with the tokens it covers and its claim."""

    def __init__(self, q: Quantity, span: SpacySpan, claim: Claim, start: int) -> None:
        self.q = q
        self.span = span
        self.claim = claim
        self.start = start


def _figures(d: _Doc) -> Iterator[_Figure]:
    text = d.text
    for q in quantities(text):
        qual = _qualifier(text, q.start)
        qual_start = max(0, q.start - 30) + qual.start() if qual else q.start
        span = d.doc.char_span(qual_start, q.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        tok = next((t for t in span if t.like_num or t.is_digit), span[0])
        if not _worth(q, tok, text, qual_start):
            continue
        claim = d.claim_at(q.start, q.end, span.sent)
        if claim is not None:
            yield _Figure(q, span, claim, qual_start)


def _unit(f: _Figure, d: _Doc) -> str | None:
    if f.q.unit == DOLLAR:
        return d.dollar
    if f.q.unit is not None:
        return f.q.unit
    counted = _counted(f.span)
    if counted is not None:
        return counted.text.lower()
    nxt = re.match(r"\s?([A-Za-z][A-Za-z/]*)", doc_text(f.span.doc)[f.q.end : f.q.end + 12])
    return (
        nxt.group(1)
        if nxt and f.span.end < len(f.span.doc) and not f.span.doc[f.span.end].is_stop
        else None
    )


def _measure(f: _Figure, d: _Doc) -> str:
    sent = f.span.sent
    skip = {i for e in d.dates if sent.start <= e.start < sent.end for i in range(e.start, e.end)}
    measure = measure_of(f.span, skip)
    return measure[:160]


def _observation(f: _Figure, d: _Doc, exclude: set[Span]) -> Observation:
    text = d.text
    qual = _qualifier(text, f.q.start)
    value = -f.q.value if _negative(text, f.start) else f.q.value
    return Observation(
        claim=f.claim.key,
        value=value,
        measure=_measure(f, d),
        span=(f.start, f.q.end),
        unit=_unit(f, d),
        qualifier=re.sub(r"^an\s+", "", qual.group(1).lower()) if qual else None,
        period=d.period(f.span, f.span.sent, exclude),
        upper=f.q.upper,
        change=_change(text, f.start),
    )


def _compared(text: str, f: _Figure) -> bool:
    """ "up from 6,000", "compared with a ten-year average of 4,800": a value compared with."""
    return _comparisons().search(text[max(0, f.start - 60) : f.start]) is not None


@lru_cache(maxsize=1)
def _comparisons() -> re.Pattern[str]:
    """ "up from", "compared with" (``numbers.yaml``) and up to four words; compiled once."""
    words = [str(w) for w in reader().data["compared"]]
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"\b(?:{alts})\s+(?:[\w-]+\s+){{0,4}}$", re.I)


def find_numbers(doc: Doc, claims: list[Claim]) -> list[Observation]:
    """Return an observation for each figure stated in a claim's sentence.

    Args:
        doc: the parsed article.
        claims: the article's claims, attributed and authorial (a figure belongs to the claim
            whose content holds it, else to a claim in its sentence).
    """
    d = _Doc(doc, claims)
    out: list[Observation] = []
    previous: tuple[_Figure, Observation] | None = None
    for f in _figures(d):
        compared = previous is not None and previous[0].span.sent == f.span.sent
        compared = compared and _compared(d.text, f)
        date = d.date_after(f.q.end, f.span.sent.end_char) if compared else None
        obs = _observation(f, d, set())
        if compared and previous is not None:
            main = previous[1]
            if _counted(f.span) is None or not obs.measure:
                obs.measure = main.measure
            obs.change = None
            obs.unit = obs.unit or main.unit
            if date is not None:
                obs.period = date.text
            main.compared_to, main.compared_span = obs.value, obs.span
            main.compared_period = date.text if date is not None else None
            if date is not None and main.period == date.text:
                main.period = d.period(
                    previous[0].span, previous[0].span.sent, {(date.start_char, date.end_char)}
                )
        if obs.measure:
            out.append(obs)
            previous = (f, obs)
    return out
