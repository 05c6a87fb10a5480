"""Where the referent of a speaker phrase may be written: a name in apposition to it, and the
sentences around it (used by :mod:`._identity`)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

__all__ = ["apposed", "sentence_end", "sentence_start"]

_OWNERS = frozenset({"ORG", "GPE", "NORP"})
"""Parser labels of a name after "of" in a description ("the chief executive of Acme")."""


def apposed(root: Token) -> list[Token]:
    """The words after a description that may be a name in apposition to it: its own right
    children, and, after "of" and an organisation, the organisation's ("The chief executive of
    Acme, Tom Hale, said": the parser hangs the name on Acme)."""
    words = list(root.rights)
    for prep in root.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.rights:
                if obj.dep_ == "pobj" and obj.ent_type_ in _OWNERS:
                    words.extend(w for w in obj.rights if w.ent_type_ == "PERSON")
    return words


def sentence_start(phrase: SpacySpan, count: int) -> int:
    """Return the start offset of the ``count``-th sentence before the one ``phrase`` is in."""
    start = phrase.sent.start
    doc = phrase.doc
    for _ in range(count):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return doc[start].idx


def sentence_end(phrase: SpacySpan, count: int) -> int:
    """Return the end offset of the ``count``-th sentence after the one ``phrase`` is in."""
    sent = phrase.sent
    doc = phrase.doc
    end = sent.end
    for _ in range(count):
        if end >= len(doc):
            break
        end = doc[end].sent.end
    return doc[end - 1].idx + len(doc[end - 1].text) if end > 0 else phrase.end_char
