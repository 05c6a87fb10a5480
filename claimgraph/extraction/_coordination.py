"""A second reported clause coordinated with the first: "X said A, and that B" reports B too.

The parser often hangs "and that B" on the cue verb or leaves it out of the first clause's
subtree, so the content a cue's rule finds stops at A. A clause that opens with a coordinating
conjunction and "that" right after the content is one more part of what the cue reports (the
complementiser "that" says it depends on the same cue); "..., but she said that B" is not, as a
new subject and cue stand between the conjunction and "that", nor is "and that X expected B",
whose cue makes a claim of its own.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimgraph.extraction._cues import is_cue_verb
from claimgraph.extraction._doctext import breaks_between
from claimgraph.extraction._drafts import Draft, char_span, trim

__all__ = ["with_coordinated_clause"]

CLOSING = frozenset({",", '"', "”", "’", "'", "''"})
"""Marks that may stand between the first clause and the conjunction ('"A," and that B')."""


def with_coordinated_clause(draft: Draft, doc: Doc) -> Draft:
    """Extend ``draft``'s last content span over a coordinated that-clause after it.

    Example: "The mayor said the bridge was safe and that it would reopen soon." -> "the bridge
    was safe and that it would reopen soon".
    """
    if not draft.content:
        return draft
    start, end = draft.content[-1]
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return draft
    j = span.end
    while j < len(doc) and doc[j].text in CLOSING:
        j += 1
    if j + 1 >= len(doc) or doc[j].pos_ != "CCONJ":
        return draft
    mark = doc[j + 1]
    head = _clause_head(mark) if mark.lower_ == "that" else None
    if head is None or mark.sent != span[-1].sent:
        return draft
    last = min(head.right_edge.i + 1, mark.sent.end)
    if breaks_between(doc, span.start, last - 1) or any(is_cue_verb(t) for t in doc[j:last]):
        return draft  # a clause with a cue of its own ("and that X expected B") is its own claim
    new_end = trim(doc, span.start, last)[1]
    if new_end > span.end:
        draft.content[-1] = (start, char_span(doc, span.start, new_end)[1])
    return draft


def _clause_head(that: Token) -> Token | None:
    """Return the verb of the clause "that" opens: as the parser's complementiser, or read as a
    determiner of a plural subject, which "that" cannot modify ("but that cuts would follow")."""
    if that.dep_ == "mark":
        return that.head if that.head.i > that.i else None
    noun = that.head
    if (
        that.dep_ == "det"
        and noun.tag_ in ("NNS", "NNPS")
        and noun.dep_ in ("nsubj", "nsubjpass")
        and noun.head.i > noun.i
    ):
        return noun.head
    return None
