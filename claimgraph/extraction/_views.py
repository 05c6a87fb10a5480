"""Views: "X sees A as B", "X viewed A as B" report what X thinks of A (a thought, not a
perception): the object and its "as" phrase are the content, the verb is the cue."""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.extraction._cues import is_cue_verb, own_subject
from claimgraph.extraction._drafts import Draft, char_span, phrase_of
from claimgraph.extraction._lexicon import word_class


def view_draft(verb: Token) -> Draft | None:
    """Return the view a verb of ``view_verbs`` (words.yaml) states with an object and an "as"
    phrase ("Critics saw the ruling as a defeat" -> "the ruling as a defeat", by Critics)."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in word_class("view_verbs"):
        return None
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    heads = [verb] if obj is None else [verb, obj]  # the parser may hang "as" on the object
    as_phrase = next(
        (
            c
            for h in heads
            for c in h.rights
            if c.dep_ == "prep" and c.lower_ == "as" and obj is not None and c.i > obj.i
        ),
        None,
    )
    subj = own_subject(verb)
    if obj is None or as_phrase is None or subj is None:
        return None
    if any(t.pos_ == "VERB" and is_cue_verb(t) for t in as_phrase.subtree):
        return None  # "saw the meeting as a chance to argue that A": the inner cue has the claim

    doc = verb.doc
    return Draft(
        content=[char_span(doc, obj.left_edge.i, as_phrase.right_edge.i + 1)],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, verb.i, verb.i + 1),
        speaker=phrase_of(subj),
        lemma=verb.lemma_.lower(),
        construction="view",
    )
