"""Stage 6, authorial claims: the sentences written in the article's own voice.

A news article states things itself ("The bridge closed in 2019 after a flood.") besides the
words it attributes to others. Each such sentence becomes a claim of kind ``authorial`` with no
cue and no speaker; the mapping attributes it to the article's publisher (or to an "unknown
publisher" outlet), and the scorer of the evaluation leaves it out.

A sentence is the article's own statement when all of these hold:

- no attributed claim touches it: no claim's content, cue or speaker span overlaps it;
- it holds no quote mark and lies inside no quotation (:func:`quoted_regions`);
- it is declarative: a main verb that is finite (or has a finite auxiliary) and has a subject,
  and it ends in ``.`` or ``!``. Questions, commands to the reader ("Read the full report here."),
  fragments (a byline, a timestamp "5:45 p.m.", "___", a photo credit) and labels ending in
  ``:`` are not;
- it has at least :data:`MIN_WORDS` words, is no credit line ("contributed to this report"),
  no heading in Title Case, and has no word of attribution ("said", "according to"): one the
  claim stages left without a claim marks speech the parse missed, not the article's voice.

A sentence never crosses a line break: one the parser ran over a break is cut there. Offsets are
those of the article text: a wire dateline is masked by spaces before parsing
(:func:`.pipeline.mask_dateline`) and the content starts after the mask; a dateline the mask
does not know ("PORT SELDEN, Maine, Oct. 3 (AP) —") or a heading in capitals run into a
paragraph's first sentence is cut from the front.

Headlines are left out: a Title Case line or one with no final stop fails the tests above, and
the lines that open the text by repeating the article's known title are skipped. The title is
the article's ``schema:headline`` already; a headline compresses and repeats the lead sentence;
and Title Case defeats the small model's tagger. A headline written as a sentence, in an article
whose title is not known, reads as one and is kept.

The cost is one pass over the sentences, each line checked against the merged blocked spans with
a binary search (:class:`Blocked`), and one linear scan of the quote marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._doctext import breaks_between, doc_text
from claimgraph.extraction._lexicon import word_class
from claimgraph.extraction._quotes import paragraphs
from claimgraph.records import Claim, Span

__all__ = ["MIN_WORDS", "Blocked", "authorial_claims", "is_statement"]

MIN_WORDS = 4
"""Fewer words than this is a label or a fragment, not a statement."""
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
MISREAD_TAGS = frozenset({"VB", "VBN"})
"""A verb with a subject of its own and no auxiliary is finite, whatever the tagger says ("The
harbour opened in 1890." read as a participle)."""
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
AUXILIARIES = frozenset({"aux", "auxpass"})
ENDINGS = frozenset(".!")
QUOTE_MARKS = frozenset('"“”„«»')
TITLE_CASE_SHARE = 0.7
WIRE_LEAD = re.compile(
    r"[A-Z][A-Za-z0-9.,' -]{1,60}?\((?:[A-Za-z][A-Za-z&. -]{0,30})\)[ \t]*(?::|—|–|--|-)[ \t]*"
)
"""A wire dateline opening a paragraph ("PORT SELDEN, Maine, Oct. 3 (AP) —") the mask missed."""
CAPS_LEAD = re.compile(r"(?:[A-Z]{2,}[’'A-Z]*[ \t]+){2,}(?=[A-Z][a-z])")
"""A heading in capitals run into a paragraph's first sentence ("THE NEW DEAL The crews ...")."""
MARKS = re.compile(r"''|[\"“”„«»\n]")
"""Quote marks (``''`` is a straight double mark typed as two) and line breaks."""


class Blocked:
    """The spans no authorial claim may touch, merged once; overlap checks by binary search."""

    def __init__(self, spans: Iterable[Span]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether ``[start, end)`` shares a character with a blocked span.

        Example:
            >>> Blocked([(10, 20), (15, 30)]).overlaps(29, 40), Blocked([(10, 20)]).overlaps(0, 10)
            (True, False)
        """
        i = bisect_right(self._ends, start)  # the first span ending after ``start``
        return i < len(self._starts) and self._starts[i] < end


def quoted_regions(text: str) -> Iterator[Span]:
    """The stretches of each paragraph between quote marks, nested marks counted.

    :func:`.quotes.find_quotes` pairs marks to find what was quoted; this asks only whether a
    character lies inside some quotation, so a quote that holds quoted words ('"We can't. It
    sounds “too good.”"') stays one region. As there, an unclosed mark runs to the end
    of its paragraph (a quote running over paragraphs opens each one with a mark), a paragraph
    may open with a closing mark set the wrong way round, and ``''`` is a straight mark.

    Example:
        >>> list(quoted_regions('A "b “c” d" e.\\n”F. G'))
        [(2, 11), (15, 20)]
    """
    straight, depth, start, line_start, first = False, 0, 0, 0, True
    for m in MARKS.finditer(text):
        i, mark = m.start(), m.group()
        inside = straight or depth > 0
        if mark == "\n":
            if inside:
                yield (start, i)
            straight, depth, line_start, first = False, 0, i + 1, True
            continue
        opens_line = first and not text[line_start:i].strip()  # once per paragraph
        first = False
        if mark in ('"', "''"):
            straight = not straight
        elif mark in "”»" and not opens_line:
            depth = max(0, depth - 1)
        else:
            depth += 1
        if not inside and (straight or depth > 0):
            start = i
        elif inside and not (straight or depth > 0):
            yield (start, i + 1)
    if straight or depth > 0:
        yield (start, len(text))


def _blocked(text: str, claims: list[Claim]) -> Blocked:
    spans: list[Span] = [s for c in claims for s in c.content]
    spans += [s for c in claims for s in (c.cue, c.source_span) if s is not None]
    spans += quoted_regions(text)
    return Blocked(spans)


def _lines(sent: SpacySpan, text: str, blocked: Blocked) -> Iterator[SpacySpan]:
    """The parts of a sentence between line breaks that no blocked span touches, trimmed.

    Args:
        sent: a sentence of the parse.
        text: the document's text (:func:`.doctext.doc_text`).
        blocked: the attributed and quoted spans.
    """
    start_char, end_char = sent.start_char, sent.end_char
    if "\n" not in text[start_char:end_char]:
        if not blocked.overlaps(start_char, end_char):
            yield from _trimmed(sent.doc, text, sent.start, sent.end)
        return
    doc, start = sent.doc, sent.start
    for i in breaks_between(doc, sent.start, sent.end):  # the tokens holding a line break
        yield from _trimmed(doc, text, start, i)
        start = i + 1
    yield from _trimmed(doc, text, start, sent.end)


def _trimmed(doc: Doc, text: str, start: int, end: int) -> Iterator[SpacySpan]:
    while start < end and doc[start].is_space:
        start += 1
    if start < end and _opens_paragraph(doc, start):
        start = _after_lead(doc, text, start, end)
    while end > start and doc[end - 1].is_space:
        end -= 1
    if start < end:
        yield doc[start:end]


def _opens_paragraph(doc: Doc, i: int) -> bool:
    """Return whether token ``i`` is the first word of a paragraph (or follows the mask)."""
    return i == 0 or "\n" in doc[i - 1].text or (i == 1 and doc[0].is_space)


def _after_lead(doc: Doc, text: str, start: int, end: int) -> int:
    """The first token after a wire dateline or a capitalised heading that opens a paragraph."""
    for pattern in (WIRE_LEAD, CAPS_LEAD):
        m = pattern.match(text, doc[start].idx)
        if m is not None:
            while start < end and doc[start].idx < m.end():
                start += 1
    return start


def _finite_with_subject(span: SpacySpan) -> bool:
    """Return whether a main verb of ``span`` is finite and has a subject."""
    for tok in span:
        if tok.head.i != tok.i and span.start <= tok.head.i < span.end:
            continue  # not a root of the span
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        children = list(tok.children)
        deps = {c.dep_ for c in children}
        finite = (
            tok.tag_ in FINITE_TAGS
            or any(c.dep_ in AUXILIARIES and c.tag_ in FINITE_TAGS for c in children)
            or (tok.tag_ in MISREAD_TAGS and "nsubj" in deps and not deps & AUXILIARIES)
        )
        if finite and deps & SUBJECTS:
            return True
    return False


def _title_case(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in word_class("headline_small_words")]
    if not content:
        return False
    capitalised = sum(1 for w in content if w[0].isupper())
    return capitalised >= TITLE_CASE_SHARE * len(content)


def is_statement(span: SpacySpan, text: str | None = None) -> bool:
    """Return whether a one-line span reads as a declarative sentence of its own.

    Args:
        span: a sentence (or the part of one inside a line), without surrounding whitespace.
        text: ``span.text``, if already made.
    """
    text = span.text if text is None else text
    if text[-1] not in ENDINGS or _credit_or_reporting(text):
        return False
    words = [t.text for t in span if t.is_alpha or t.like_num]
    if len(words) < MIN_WORDS or _title_case([w for w in words if w[0].isalpha()]):
        return False
    return _finite_with_subject(span)


def _normal(text: str) -> str:
    return " ".join(text.split()).strip(" .;:").lower()


def headline_end(text: str, title: str | None) -> int:
    """Where the lines that open ``text`` by repeating the article's ``title`` end (else 0).

    Example:
        >>> headline_end("Storm hits;\\nTowns flooded\\nIt rained.", "Storm hits; Towns flooded")
        25
    """
    if not title:
        return 0
    wanted, end = _normal(title), 0
    for start, stop in paragraphs(text):
        line = _normal(text[start:stop])
        if not line or line not in wanted:
            break
        end = stop
    return end


def _sentences(doc: Doc, text: str, blocked: Blocked) -> Iterator[Span]:
    for sent in doc.sents:
        for line in _lines(sent, text, blocked):
            start, end = line.start_char, line.end_char
            words = text[start:end]
            if blocked.overlaps(start, end) or QUOTE_MARKS.intersection(words):
                continue
            if is_statement(line, words):
                yield (start, end)


def authorial_claims(doc: Doc, claims: list[Claim], *, title: str | None = None) -> list[Claim]:
    """Return the article's own statements as ``authorial`` claims, in text order.

    Their keys continue the numbering of ``claims`` (``c1``, ``c2``, ...), skipping any key
    already taken. They have no cue, speaker or source span: the mapping attributes them to the
    article's publisher.

    Args:
        doc: the parsed article (the dateline masked, so offsets are those of the article text).
        claims: the attributed claims already found; no authorial claim overlaps one of them.
        title: the article's headline, if known; the lines that open the text with it are left
            out.
    """
    taken = {c.key for c in claims}
    out: list[Claim] = []
    n = len(claims)
    text = doc_text(doc)
    blocked = _blocked(text, claims)
    head = headline_end(text, title)
    for span in _sentences(doc, text, blocked):
        if span[0] < head:
            continue
        n += 1
        while f"c{n}" in taken:
            n += 1
        out.append(Claim(key=f"c{n}", content=[span], kind="authorial"))
    return out


def _credit_or_reporting(text: str) -> bool:
    """Whether ``text`` is a credit line or holds a word of attribution (``words.yaml``:
    ``credit_phrases``, ``credit_platforms``, ``reporting_forms``)."""
    credit, reporting = _patterns(
        word_class("credit_phrases"), word_class("credit_platforms"), word_class("reporting_forms")
    )
    return bool(credit.search(text) or reporting.search(text))


@lru_cache(maxsize=4)
def _patterns(
    phrases: frozenset[str], platforms: frozenset[str], forms: frozenset[str]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    def words(phrase: str) -> str:
        return r"\s+".join(re.escape(w) for w in phrase.split())

    follow = r"follow\s+\S+(?:\s+\S+)?\s+on\s+(?:" + "|".join(map(words, sorted(platforms))) + ")"
    credit = "|".join([*map(words, sorted(phrases, key=len, reverse=True)), follow])
    reporting = "|".join(map(words, sorted(forms, key=len, reverse=True)))
    return (
        re.compile(rf"\b(?:{credit})\b", re.I),
        re.compile(rf"\b(?:{reporting})\b", re.I),
    )
