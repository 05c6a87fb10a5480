"""Shared pieces of the claim stages: the draft claim and token-range helpers."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._entities import Ent
from claimgraph.records import ClaimKind, Span

__all__ = ["Draft", "char_span", "phrase_of", "trim"]

TRIM = frozenset({",", ".", ";", ":", "—", "–", "-", "--", "(", ")"})


@dataclass
class Draft:
    """A claim before its speaker is resolved.

    Attributes:
        content: character spans of what was said.
        kind: direct, indirect or mixed.
        cue: the cue token (its lemma is the cue lemma), or ``None``.
        cue_span: character span of the cue (covers multi-word cues).
        speaker: the speaker phrase as written, or ``None``.
        continues: a quote with no speaker of its own: it continues the previous speaker.
        entity: the resolved speaker entity.
        reported_by: the outlet credited for the claim.
        dropped: the draft was merged into another (a reporting frame), so it is not emitted.
        lemma: the cue's lemma (``"say"``, ``"according to"``), or ``None``.
        construction: the construction that makes the claim when it has no cue word of the
            lexicon's lists (``label``, ``phrase``, ``evidence_noun``, ``seeming``,
            ``against``; see ``construction_acts`` in ``data/cues.yaml``), or ``None``.
        act: the attribution act (:mod:`.acts`), set after the drafts are found.
    """

    content: list[Span]
    kind: ClaimKind
    cue: Token | None = None
    cue_span: Span | None = None
    speaker: SpacySpan | None = None
    continues: bool = False
    entity: Ent | None = None
    reported_by: Ent | None = None
    dropped: bool = False
    lemma: str | None = field(default=None)
    construction: str | None = None
    act: str = "speech"

    @property
    def start(self) -> int:
        """Where the claim starts in the text (its content or its cue)."""
        starts = [s for s, _ in self.content]
        if self.cue_span is not None:
            starts.append(self.cue_span[0])
        return min(starts)


def char_span(doc: Doc, start: int, end: int) -> Span:
    """Return the character span of tokens ``[start, end)`` (no trailing whitespace)."""
    last = doc[end - 1]
    return (doc[start].idx, last.idx + len(last.text))


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Shrink a token range by leading and trailing punctuation and whitespace."""
    while start < end and (doc[start].is_space or doc[start].text in TRIM):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].text in TRIM):
        end -= 1
    return start, end


def phrase_of(tok: Token) -> SpacySpan:
    """Return the noun phrase headed by ``tok`` without appositions and relative clauses.

    "Officer Simon Bailey, the NPCC lead" -> "Officer Simon Bailey". The phrase starts after
    the last line break before its head: a line the parser glued to it is not part of it.
    """
    end = tok.right_edge.i + 1
    for child in tok.rights:
        if child.dep_ in ("appos", "relcl", "acl", "punct", "advcl", "cc", "conj", "parataxis"):
            end = child.left_edge.i
            break
    start = tok.left_edge.i
    doc = tok.doc
    for t in doc[start : tok.i]:
        if "\n" in t.text_with_ws:  # a line the parser glued on ("X.\n\nThe critic, ...")
            start = t.i + 1
    start, end = trim(doc, start, max(end, tok.i + 1))
    if not start <= tok.i < end:
        start, end = tok.i, tok.i + 1
    return doc[start:end]
