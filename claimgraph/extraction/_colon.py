"""Content a cue introduces with a colon: "Lee added: the deal is off.", "Lee added:" closing
its paragraph (the next paragraph is the content), "made the following comment: ...", and a
clause that announces a list written as paragraphs ("said the plan has three steps:")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimgraph.extraction._doctext import breaks_between
from claimgraph.extraction._drafts import trim
from claimgraph.extraction._lexicon import lexicon, word_class

__all__ = ["colon_parts"]

MIN_TOKENS = 2
MAX_BEFORE_COLON = 12
"""How far after a cue a colon may close its clause ("she told reporters on Monday:")."""
MAX_POINTER_TOKENS = 4
MAX_LIST_ITEMS = 12


def _colon_at(doc: Doc, start: int) -> int | None:
    """The colon at ``start`` or after closing marks there, or ``None``."""
    for i in range(start, min(len(doc), start + 3)):
        if doc[i].text == ":":
            return i
        if not (doc[i].is_punct and doc[i].text not in ",;"):
            return None
    return None


def colon_parts(verb: Token, rng: tuple[int, int] | None) -> list[tuple[int, int]] | None:
    """Return what a cue introduces after a colon: "Lee added: the deal is off.", "Lee added:"
    at a paragraph's end (the next paragraph), "made the following comment: ...", and a clause
    that announces a list ("said the plan has three steps:" and the list's paragraphs).

    ``None`` when no colon follows the cue's words (or its content).
    """
    doc = verb.doc
    colon = _colon_at(doc, rng[1]) if rng is not None else _bare_colon(verb)
    if colon is None:
        return None
    after = _after_colon(doc, colon)
    if after is None:
        return None
    if rng is None or _points_ahead(doc, rng):
        return after
    if not breaks_between(doc, colon, after[0][0]):
        return None  # "said A: B" on one line: the parser's clause already holds it
    return [rng, *after]


def _bare_colon(verb: Token) -> int | None:
    """The colon that closes a cue's clause with nothing the cue reports before it ("Lee added:",
    "she told reporters on Monday:"), or ``None``."""
    doc = verb.doc
    for i in range(verb.i + 1, min(len(doc), verb.i + MAX_BEFORE_COLON)):
        tok = doc[i]
        if tok.text == ":":
            return i
        if "\n" in doc[i - 1].text_with_ws or tok.text in ('"', "“", "”", "'", "‘", "’"):
            return None
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return None
    return None


def _points_ahead(doc: Doc, rng: tuple[int, int]) -> bool:
    """Return whether an object only points to what follows ("the following comment")."""
    words = doc[rng[0] : rng[1]]
    return len(words) <= MAX_POINTER_TOKENS and any(
        t.lower_ in word_class("pointing_words") or t.lemma_.lower() in lexicon().cue_nouns
        for t in words
        if t.dep_ not in ("det", "poss") or t.lower_ in word_class("pointing_words")
    )


def _after_colon(doc: Doc, colon: int) -> list[tuple[int, int]] | None:
    """The rest of the colon's paragraph, or, when the colon ends its paragraph, the next
    paragraph and the list items that follow it."""
    start = colon + 1
    while start < len(doc) and doc[start].is_space:
        start += 1
    if start >= len(doc):
        return None
    parts = [_paragraph_at(doc, start)]
    if not breaks_between(doc, colon, start):
        return parts if _worded(doc, parts[0]) else None
    while parts[-1][1] < len(doc) and len(parts) < MAX_LIST_ITEMS:
        nxt = parts[-1][1]
        while nxt < len(doc) and doc[nxt].is_space:
            nxt += 1
        if nxt >= len(doc) or doc[nxt].text not in word_class("list_marks"):
            break
        parts.append(_paragraph_at(doc, nxt))
    parts = [trim(doc, s, e) for s, e in parts]
    return parts if _worded(doc, parts[0]) else None


def _paragraph_at(doc: Doc, start: int) -> tuple[int, int]:
    breaks = breaks_between(doc, start, len(doc))
    return trim(doc, start, breaks[0] + 1 if breaks else len(doc))


def _worded(doc: Doc, rng: tuple[int, int]) -> bool:
    words = [t for t in doc[rng[0] : rng[1]] if t.is_alpha]
    return len(words) >= MIN_TOKENS and not doc[rng[0]].text.startswith(('"', "“"))
