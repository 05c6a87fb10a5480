"""The text of a parsed document, built once.

``Doc.text`` joins every token on each access, so a rule that reads it per candidate pays for the
whole article each time; :func:`doc_text` keeps the string in ``doc.user_data``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import numpy
from spacy.attrs import LOWER
from spacy.tokens import Doc

__all__ = ["breaks_between", "doc_text", "line_breaks", "lowered", "parsed_from"]

TEXT_KEY = "claimgraph.text"
BREAKS_KEY = "claimgraph.breaks"


def doc_text(doc: Doc) -> str:
    """Return ``doc.text``, built on the first call for each document.

    Example:
        >>> from spacy.lang.en import English
        >>> doc = English()("Rain is coming.")
        >>> doc_text(doc) == doc.text and doc_text(doc) is doc_text(doc)
        True
    """
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def parsed_from(doc: Doc, text: str) -> Doc:
    """Record that ``doc`` is the parse of ``text`` (spaCy's tokens keep every character, so
    ``doc.text == text``): :func:`doc_text` then returns it without joining the tokens.

    Example:
        >>> from spacy.lang.en import English
        >>> text = "Rain is coming."
        >>> doc_text(parsed_from(English()(text), text)) is text
        True
    """
    doc.user_data[TEXT_KEY] = text
    return doc


def line_breaks(doc: Doc) -> list[int]:
    """The indices of the tokens followed by a line break (in their text or whitespace), sorted.

    Example:
        >>> from spacy.lang.en import English
        >>> line_breaks(English()("One line.\\nTwo lines."))
        [3]
    """
    found = doc.user_data.get(BREAKS_KEY)
    if not isinstance(found, list):
        found = doc.user_data[BREAKS_KEY] = [t.i for t in doc if "\n" in t.text_with_ws]
    return found


def breaks_between(doc: Doc, start: int, end: int) -> list[int]:
    """The tokens of ``doc[start:end]`` that a line break follows, in order."""
    breaks = line_breaks(doc)
    return breaks[bisect_left(breaks, start) : bisect_left(breaks, end)]


def lowered(doc: Doc, words: Iterable[str]) -> list[int]:
    """The indices of the tokens whose lower-case form is one of ``words``, in order: found on
    the token attribute array by the forms' hashes (a third of the time of making every token
    to read its form, when most tokens are no candidate).

    Example:
        >>> from spacy.lang.en import English
        >>> lowered(English()("She said she would."), {"she"})
        [0, 2]
    """
    if not len(doc):
        return []
    strings = doc.vocab.strings
    wanted = [strings[w] for w in words]
    return [int(i) for i in numpy.flatnonzero(numpy.isin(doc.to_array(LOWER), wanted))]
