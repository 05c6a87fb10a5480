"""Stage 4, cue verbs: "X said (that) ...", "X warned Y about Z", "X's plan was praised by Y".

A cue verb is a verb of the cue lexicon (``data/cues.yaml``). The content is the verb's clausal
complement (or its object and what follows, :mod:`._cue_content`), the speaker the verb's subject,
inherited through coordination and participles ("..., adding that ..."). Passive cues are in
:mod:`._passives`, cues set off by commas in :mod:`._signatures`. Cues that are not verbs, and the
walk over a text that finds every cue, are in :mod:`.indirect`.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.extraction._colon import colon_parts
from claimgraph.extraction._cue_content import MIN_OBJECT_TOKENS, content_range
from claimgraph.extraction._drafts import Draft, char_span, phrase_of
from claimgraph.extraction._passives import passive_draft
from claimgraph.extraction._signatures import (
    MIN_TOKENS,
    is_signature_idiom,
    parenthetical,
    signature_parts,
)
from claimgraph.extraction._subjects import (
    adjacent_subject,
    cue_lemma,
    is_cue_verb,
    is_prepositional_cue,
    own_subject,
    subject_of,
)

__all__ = [
    "MIN_OBJECT_TOKENS",
    "MIN_TOKENS",
    "content_range",
    "cue_lemma",
    "is_cue_verb",
    "is_prepositional_cue",
    "is_signature_idiom",
    "own_subject",
    "subject_of",
    "verb_draft",
]

IMPERATIVE_LEAD = frozenset({"aux", "neg", "advmod", "intj"})
"""What may stand before a command's verb ("Don't", "Please", "Just")."""


def _imperative(verb: Token) -> bool:
    """Return whether a cue is the writer's command to the reader ("Don't forget that ...",
    "Imagine if ..."): a bare verb that opens its sentence with no subject."""
    if verb.tag_ != "VB" or verb.dep_ != "ROOT" or own_subject(verb) is not None:
        return False
    before = verb.doc[verb.sent.start : verb.i]
    return all(t.is_punct or t.is_space or t.dep_ in IMPERATIVE_LEAD for t in before)


def verb_draft(verb: Token) -> Draft | None:
    """Return the claim a cue verb makes: passive, parenthetical, signature or with its content."""
    if _imperative(verb):
        return None
    passive = passive_draft(verb)
    if passive is not None:
        return passive
    parts = parenthetical(verb)
    if parts is None and is_signature_idiom(verb):
        rng = None  # "A, as she put it, B": the signature reports A and B
    else:
        rng = content_range(verb) if parts is None else parts[0]
    ahead = colon_parts(verb, rng) if parts is None else None
    if ahead:
        parts, rng = ahead, ahead[0]
    if rng is None:
        parts = signature_parts(verb)
        rng = parts[0] if parts else None
    if rng is None:
        return None
    subj = subject_of(verb)
    speaker = phrase_of(subj) if subj is not None else adjacent_subject(verb)
    doc = verb.doc
    cue_start = verb.i
    while cue_start > 0 and doc[cue_start - 1].dep_ in ("aux", "neg") and doc[cue_start - 1].i:
        cue_start -= 1
    return Draft(
        content=[char_span(doc, *r) for r in parts or [rng]],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, cue_start, verb.i + 1),
        speaker=speaker,
        lemma=cue_lemma(verb),
    )
