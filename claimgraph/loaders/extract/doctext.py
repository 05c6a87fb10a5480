"""The text of a parsed document, built once.

``Doc.text`` joins every token on each access, so a rule that reads it per candidate pays for the
whole article each time; :func:`doc_text` keeps the string in ``doc.user_data``.
"""

from __future__ import annotations

from spacy.tokens import Doc

__all__ = ["doc_text"]

TEXT_KEY = "claimgraph.text"


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
