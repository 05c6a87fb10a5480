"""Subjects the parser misplaces, read from the words instead.

A dash or a dateline is no subject ("WASHINGTON -- President X, ..., said"); a line glued to
the paragraph before a finite cue hides its subject ("... on X.\n\nThe party's critic, Mark
Lowe, said ..."); a name hung as an apposition on the subject with no comma closing it before
the verb is the subject ("To understand the old town, Judge Marsh said, ...").
Used by :mod:`claimgraph.extraction._subjects`.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

__all__ = [
    "DASHES",
    "FINITE",
    "NOUN_MODIFIERS",
    "past_dateline",
    "subject_after_break",
    "unclosed_apposition",
]

FINITE = frozenset({"VBD", "VBZ", "VBP"})
DASHES = frozenset({"--", "—", "–", "-"})
NOUN_MODIFIERS = frozenset({"compound", "poss", "amod", "nmod"})


def unclosed_apposition(subj: Token, verb: Token) -> Token | None:
    """The name the parser hung as an apposition on a verb's subject when no comma closes it
    before the verb ("To understand the old town, Judge Marsh said, ..."): an apposition is set
    off on both sides, so a name running straight into the verb is the subject, and the noun
    before its comma belongs to the clause before."""
    for c in subj.rights:
        if c.dep_ == "appos" and c.pos_ == "PROPN" and c.right_edge.i + 1 == verb.i:
            return c
    return None


def past_dateline(subj: Token) -> Token:
    """The name after a dateline the parser took for the subject ("WASHINGTON -- President
    Obama, opening the museum, said ..."): a capitalised place word opening the sentence, a
    dash, then the name in apposition."""
    doc = subj.doc
    if not subj.is_upper or subj.i + 1 >= len(doc) or doc[subj.i + 1].text not in DASHES:
        return subj
    if subj.i != subj.sent.start and "\n" not in doc[subj.i - 1].text_with_ws:
        return subj
    return next((c for c in subj.children if c.dep_ == "appos" and c.i > subj.i), subj)


def subject_after_break(verb: Token) -> Token | None:
    """The subject of a finite cue the parser left without one because it glued the line
    before to the verb's paragraph ("... on X.\n\nThe party's finance critic, Mark Lowe,
    said ..."): a noun phrase of the paragraph's opening stretch (not inside another phrase
    there) that runs up to the verb, or to a clause set off by commas before it."""
    if verb.tag_ not in FINITE:
        return None
    doc, start = verb.doc, verb.sent.start
    breaks = [t.i for t in doc[start : verb.i] if "\n" in t.text_with_ws]
    if not breaks:
        return None
    first = breaks[-1] + 1
    for tok in doc[first : verb.i]:
        if tok.pos_ not in ("PROPN", "NOUN", "PRON"):
            continue
        while tok.dep_ in NOUN_MODIFIERS and tok.i < tok.head.i < verb.i:
            tok = tok.head
        if first <= tok.head.i < verb.i:
            continue  # inside a phrase of the stretch ("on Saturday")
        between = doc[tok.right_edge.i + 1 : verb.i]
        if all(t.is_punct for t in between) or _set_off(between):
            return past_dateline(tok)
    return None


def _set_off(tokens: SpacySpan) -> bool:
    """Whether ``tokens`` are a clause set off by commas (", opening the museum on Monday,")."""
    return len(tokens) > 2 and tokens[0].text == "," and tokens[-1].text == ","
