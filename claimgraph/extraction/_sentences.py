"""A pipeline component that keeps the parser from ending sentences in mid-clause.

The small English model's parser sometimes starts a new sentence after a plain word ("Clinton
mentioned disparaging remarks | Trump had made about Machado"), which cuts a reported clause in
two. :func:`sentence_guard` runs before the parser and marks every token that follows a word
(not an end mark, a closing quote or bracket, or a line break) as not starting a sentence, and
the first word after a blank line as starting one (no sentence runs over a paragraph break, even
after an abbreviation such as "p.m." or a closing quote mark); the parser honours those marks and
still decides every other boundary itself.
"""

from __future__ import annotations

import re
from typing import Any, cast

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extraction._doctext import doc_text

__all__ = ["GUARD", "sentence_guard"]

GUARD = "claimgraph_sentence_guard"
ENDS = frozenset({".", "!", "?", "...", "…", ":", ";", '"', "”", "'", "’", "''", ")", "]", "»"})
"""Tokens after which a new sentence may start."""
BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
"""A blank line and the spaces after it: where it ends, a paragraph (and a sentence) starts."""


@Language.component(GUARD, assigns=["token.is_sent_start"])
def sentence_guard(doc: Doc) -> Doc:
    """Mark the tokens that cannot start a sentence (those right after a word).

    Example:
        >>> from spacy.lang.en import English
        >>> doc = sentence_guard(English()("He said so. Then he left"))
        >>> [t.text for t in doc if t.is_sent_start is False]
        ['said', 'so', '.', 'he', 'left']
    """
    if len(doc) < 2:
        return doc
    # One array write: setting Token.is_sent_start token by token rescans the document each time.
    starts = doc.to_array([SENT_START]).astype("int64")
    prev = doc[0]
    for i, tok in enumerate(doc):
        if i and not (
            prev.text in ENDS
            or prev.text.endswith(".")
            or prev.is_space
            or "\n" in prev.text_with_ws
        ):
            starts[i] = -1
        prev = tok
    _start_paragraphs(doc, starts)
    doc.from_array([SENT_START], cast(Any, starts.astype("uint64").reshape(-1, 1)))
    return doc


def _start_paragraphs(doc: Doc, starts: Any) -> None:
    """Mark the first word after each blank line as starting a sentence (in ``starts``)."""
    offsets = [m.end() for m in BLANK_LINE.finditer(doc_text(doc))]  # kept for later stages
    if not offsets:
        return
    idx = doc.to_array([IDX])
    for k, offset in zip(numpy.searchsorted(idx, offsets), offsets, strict=True):
        if k < len(idx) and idx[k] == offset:
            starts[k] = 1
