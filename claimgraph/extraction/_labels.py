"""Label cues: a paragraph that opens with a speaker's name and a colon.

Transcripts ("SMITH: We will win.") and headlines ("Smith: Taxes Will Rise") attribute what follows
the colon to the label before it. A label is short (at most :data:`MAX_LABEL_WORDS` words),
starts with a capital letter, holds no verb and no digit, is not a word that labels
something other than a speaker (``Note:``, ``Update:``, ``Photo:``) and is not a heading with a
topic ("Little Relief for Refugees:", ``heading_prepositions``, naming no person).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from claimgraph.extraction._cues import is_cue_verb
from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._drafts import Draft
from claimgraph.extraction._lexicon import word_class
from claimgraph.extraction._quotes import paragraphs

__all__ = ["label_drafts"]

MAX_LABEL_WORDS = 4
MIN_CONTENT_WORDS = 3
LABEL = re.compile(r"^[\"“']?(?P<label>[A-Z][\w.'’\- ]{0,40}?)\s*:\s+(?P<rest>\S.*)$")
QUOTE_MARKS = frozenset("\"'“”‘’")
NO_VERB_POS = frozenset({"VERB", "AUX", "NUM"})


def _is_label(doc: Doc, text: str, start: int, end: int) -> bool:
    label = text[start:end]
    words = label.split()
    if not words or len(words) > MAX_LABEL_WORDS or label.lower() in word_class("not_speakers"):
        return False
    if any(ch.isdigit() for ch in label):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and not any(t.pos_ in NO_VERB_POS for t in span) and not _heading(span)


def _heading(label: Span) -> bool:
    """Return whether a label is a heading with a topic ("Little Relief for Refugees",
    "Frustration with police": ``heading_prepositions``) that names no person."""
    prepositions = word_class("heading_prepositions")
    return any(t.lower_ in prepositions and t.pos_ == "ADP" for t in label) and not any(
        t.ent_type_ == "PERSON" for t in label
    )


def _quoted_headline(
    doc: Doc, text: str, l_start: int, l_end: int, c_start: int, p_end: int
) -> Draft | None:
    """Return the draft of a line that gives a quote after a colon and names its speaker before
    it: "A lesson from Loretta Lynch: 'Be the voice people hear.'" -> the quote, by Lynch (the
    first person named before the colon)."""
    rest = text[c_start:p_end].rstrip()
    if not rest or rest[0] not in QUOTE_MARKS or rest.rstrip(".")[-1:] not in QUOTE_MARKS:
        return None
    people = [e for e in doc.ents if e.label_ == "PERSON" and l_start <= e.start_char < l_end]
    label = doc.char_span(l_start, l_end, alignment_mode="expand")
    if not people or label is None or any(is_cue_verb(t) for t in label):
        return None  # "Said Ellis: '...'" is a cue and its speaker, for the quote stage
    colon = text.index(":", l_end)
    return Draft(
        content=[(c_start, c_start + len(rest))],
        kind="direct",
        cue_span=(colon, colon + 1),
        speaker=people[0],
        lemma=":",
        construction="label",
    )


def label_drafts(doc: Doc) -> Iterator[Draft]:
    """Yield a draft for each paragraph of ``doc`` that opens with a speaker label and a colon."""
    text = doc_text(doc)
    for p_start, p_end in paragraphs(text):
        m = LABEL.match(text[p_start:p_end])
        if m is None or len(m.group("rest").split()) < MIN_CONTENT_WORDS:
            continue
        l_start, l_end = p_start + m.start("label"), p_start + m.end("label")
        if not _is_label(doc, text, l_start, l_end):
            quoted = _quoted_headline(doc, text, l_start, l_end, p_start + m.start("rest"), p_end)
            if quoted is not None:
                yield quoted
            continue
        c_start = p_start + m.start("rest")
        c_end = p_start + len(text[p_start:p_end].rstrip())
        colon = text.index(":", l_end)
        speaker = doc.char_span(l_start, l_end, alignment_mode="expand")
        yield Draft(
            content=[(c_start, c_end)],
            kind="direct",
            cue_span=(colon, colon + 1),
            speaker=speaker,
            lemma=":",
            construction="label",
        )
