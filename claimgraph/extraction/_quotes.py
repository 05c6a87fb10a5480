"""Stage 3, direct quotes: quoted passages, their cue and speaker.

The quotes themselves are found by :mod:`.quote_marks`, their cues and speakers by
:mod:`.quote_cues`. :func:`quote_drafts` attributes each quote to the cue next to it
(``"...," he said`` or ``He said: "..."``); a long quote that opens a paragraph with no cue
continues the previous speaker; a short quote inside a sentence is left to the indirect stage (a
mixed quote).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._cues import content_range, cue_lemma, is_cue_verb
from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._drafts import Draft, char_span, phrase_of
from claimgraph.extraction._lexicon import word_class
from claimgraph.extraction._quote_cues import (
    cue_after,
    cue_before,
    run_on_signature,
    speaker_of,
    speaker_phrase,
)
from claimgraph.extraction._quote_marks import QuoteIndex, find_quotes, paragraphs
from claimgraph.records import Span

__all__ = ["QuoteIndex", "find_quotes", "paragraphs", "quote_drafts"]

MIN_WORDS_STANDALONE = 6
MIN_WORDS_QUOTE = 2
MAX_NAME_LABEL_TOKENS = 14
"""The longest name and description before a colon that labels a quote."""
MIXED_RATIO = 1.3
MAX_TITLE_WORDS = 8
DASH_SIGN = re.compile(r"[ \t\u00a0]*(―|—|–|--|-)[ \t\u00a0]*")


def _mixed_clause(cue: Token, spans: list[Span]) -> Span | None:
    """Return the reported clause a short quote is part of, or ``None`` for a full quote.

    ``He said "budget reforms" would pay for it``: the claim is the whole clause, not the quoted
    words. A quote is part of a clause when the cue's content covers its start and is clearly
    longer than the quote (the opening mark may sit just outside the parsed clause).
    """
    if len(spans) != 1:
        return None
    rng = content_range(cue)
    if rng is None:
        return None
    start, end = char_span(cue.doc, *rng)
    q_start, q_end = spans[0]
    if not start - 2 <= q_start < end or (end - start) < MIXED_RATIO * (q_end - q_start):
        return None
    return min(start, q_start), max(end, q_end)


def _name_before_colon(doc: Doc, text: str, start: int) -> tuple[Token, SpacySpan] | None:
    """Return the colon and the name of ``Her neighbour, retired teacher Bill Grady: "..."``: a
    paragraph that opens with a person's name (and its description) and a colon before the
    quote, with no verb: the name nearest the colon speaks."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip()
    if not before.endswith(":"):
        return None
    line = doc.char_span(start - len(before), start, alignment_mode="expand")
    if line is None or len(line) > MAX_NAME_LABEL_TOKENS or line[-1].text != ":":
        return None
    if any(t.pos_ in ("VERB", "AUX") or t.like_num for t in line):
        return None
    people = [e for e in line.ents if e.label_ == "PERSON"]
    if not people:
        return None
    return line[-1], people[-1]


def _dash_speaker(doc: Doc, text: str, end: int) -> tuple[Token, Token, str] | None:
    """Return the name after a dash that signs a quote (``"..." ― Pamela Padilla``).

    The dash may touch the quote mark or the name, or be set off by non-breaking spaces.
    Returns the name's first token, the dash's token and the dash.
    """
    m = DASH_SIGN.match(text, end)
    if m is None or m.end() >= len(text):
        return None
    name = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
    dash = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if name is None or dash is None or name[0].pos_ != "PROPN" or name[0].idx < m.end() - 1:
        return None
    return name[0], dash[0], m.group(1)


def _following(text: str, cue: Token, spans: list[Span], quotes: list[list[Span]]) -> list[Span]:
    """Return the quote that goes on after ``"...," he said, "..."`` in the same paragraph."""
    end = cue.sent.end_char
    line_end = text.find("\n", cue.idx)
    line_end = len(text) if line_end < 0 else line_end
    for other in quotes:
        s = other[0][0]
        near = s <= end + 2 or text[end:s].strip() == ""
        if spans[-1][1] <= cue.idx < s <= line_end and near:
            return [] if _second_cue(cue, s) or _clause_before(cue, s) else list(other)
    return []


def _clause_before(cue: Token, start: int) -> bool:
    """Return whether a that-clause opens between a cue and the quote after it: ``"A," he said,
    adding that it would take "more hours"``: the quote is part of that clause."""
    for tok in cue.doc[cue.i + 1 :]:
        if tok.idx >= start:
            break
        if tok.dep_ == "mark" and tok.lower_ == "that":
            return True
    return False


def _second_cue(cue: Token, start: int) -> bool:
    """Return whether another cue verb stands between a cue and the quote after it.

    ``"A," he said, adding, "B."``: B is a second claim with a cue of its own ("adding"), which
    only punctuation or an adverb separates from B.
    """
    between = []
    for tok in cue.doc[cue.i + 1 :]:
        if tok.idx >= start:
            break
        between.append(tok)
    for k, tok in enumerate(between):
        if is_cue_verb(tok) and tok.head.i == cue.i and tok.dep_ in ("advcl", "conj", "xcomp"):
            return all(
                t.is_punct or t.is_space or t.pos_ == "ADV" or t.lower_ == "that"
                for t in between[k + 1 :]
            )
    return False


def _title(text: str, spans: list[Span]) -> bool:
    """Return whether a quote is the title of a work or a show ("on “Face the Nation,” he said"):
    a few words, each capitalised but for short function words."""
    if len(spans) != 1:
        return False
    inner = text[spans[0][0] : spans[0][1]].strip("\"“”„«»' ,")
    if inner[-1:] in ".!?…":
        return False  # a sentence or an exclamation ("It's Our Time.", "U-S-A!")
    words = re.findall(r"[^\W\d_][\w'’-]*", inner)
    content = [w for w in words if w.lower() not in word_class("title_small_words")]
    return 0 < len(words) <= MAX_TITLE_WORDS and all(w[0].isupper() for w in content)


def _words(text: str, spans: list[Span]) -> int:
    return sum(len(text[s:e].split()) for s, e in spans)


def _starts_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return not text[line_start:pos].strip()


def _cued_draft(cue: Token, content: list[Span], clause: Span | None, index: QuoteIndex) -> Draft:
    """The draft of a quote with its cue: direct, or mixed when the quote is part of a clause."""
    subj = speaker_of(cue, index)
    return Draft(
        content=content,
        kind="mixed" if clause else "direct",
        cue=cue,
        cue_span=char_span(cue.doc, cue.i, cue.i + 1),
        speaker=speaker_phrase(subj, cue) if subj is not None else None,
        lemma=cue_lemma(cue),
    )


def quote_drafts(doc: Doc, quotes: list[list[Span]], index: QuoteIndex) -> Iterator[Draft]:
    """Yield a direct-quote draft for each quote with a cue next to it or continuing a speaker."""
    text = doc_text(doc)
    taken: set[Span] = set()
    for spans in quotes:
        if spans[0] in taken or _title(text, spans):
            continue
        after = cue_after(doc, spans[-1][1], index)
        run_on = None if after else run_on_signature(doc, spans[-1][1], index)
        cue = after or (run_on[0] if run_on else cue_before(doc, spans[0][0], index))
        if cue is not None:
            clause = (spans[0][0], run_on[1]) if run_on else _mixed_clause(cue, spans)
            if clause is None and _words(text, spans) < MIN_WORDS_QUOTE:
                continue  # a quoted word ("Arrogant," she said) is a label, left to the clause
            more = _following(text, cue, spans, quotes) if after or run_on else []
            taken.update(more)
            yield _cued_draft(cue, ([clause] if clause else list(spans)) + more, clause, index)
        elif (named := _name_before_colon(doc, text, spans[0][0])) is not None:
            colon, label = named
            yield Draft(
                content=list(spans),
                kind="direct",
                cue=colon,
                cue_span=char_span(doc, colon.i, colon.i + 1),
                speaker=label,
                lemma=":",
                construction="label",
            )
        elif (signed := _dash_speaker(doc, text, spans[-1][1])) is not None:
            name, dash, sign = signed
            yield Draft(
                content=list(spans),
                kind="direct",
                cue=dash,
                cue_span=char_span(doc, dash.i, dash.i + 1),
                speaker=phrase_of(name),
                lemma=sign,
                construction="label",
            )
        elif _words(text, spans) >= MIN_WORDS_STANDALONE and _starts_paragraph(text, spans[0][0]):
            yield Draft(content=list(spans), kind="direct", continues=True)
