"""Passive cues: "the plan was endorsed by X", "a curfew was announced", "as reported by X, A".

The subject of a passive cue is what was reported; the agent after "by" (or the source after
"in") is the speaker, and a report with no agent has none.
"""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.extraction._cue_content import paragraph_of
from claimgraph.extraction._drafts import Draft, char_span, phrase_of, trim
from claimgraph.extraction._lexicon import word_class
from claimgraph.extraction._signatures import MIN_TOKENS
from claimgraph.extraction._subjects import cue_lemma

__all__ = ["passive_draft"]


def _passive_draft(verb: Token) -> Draft | None:
    """Return the claim of a passive cue with its agent: "the plan was endorsed by X" -> the
    plan, by X (the subject is what the agent judged or reported)."""
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if subj is None or agent is None or subj.i > verb.i or subj.pos_ == "PRON":
        return None
    by = next((c for c in agent.children if c.dep_ == "pobj"), None)
    if by is None or by.ent_type_ in ("DATE", "TIME"):
        return None
    doc = verb.doc
    start, end = trim(doc, max(subj.left_edge.i, verb.sent.start), subj.right_edge.i + 1)
    if end <= start:
        return None
    cue_start = verb.i
    while cue_start > 0 and doc[cue_start - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        cue_start -= 1
    return Draft(
        content=[char_span(doc, start, end)],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, cue_start, agent.i + 1),
        speaker=phrase_of(by),
        lemma=cue_lemma(verb),
    )


def _agentless_passive_draft(verb: Token) -> Draft | None:
    """Return the claim of a passive report with no agent: "a curfew was announced", "the
    diagnosis was confirmed", "one voter in nine is expected to be Latino" -> the subject (and
    the infinitive), with no source named (``agentless_passive_cues`` in ``words.yaml``)."""
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if (
        subj is None
        or subj.i > verb.i
        or subj.pos_ == "PRON"
        or subj.lower_ in word_class("relative_pronouns")
        or verb.tag_ != "VBN"
        or cue_lemma(verb) not in word_class("agentless_passive_cues")
        or any(c.dep_ in ("agent", "ccomp") for c in verb.children)
        or not any(c.dep_ == "auxpass" for c in verb.children)
    ):
        return None
    doc = verb.doc
    parts = [trim(doc, max(subj.left_edge.i, verb.sent.start), subj.right_edge.i + 1)]
    xcomp = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
    if xcomp is not None:
        parts.append(trim(doc, xcomp.left_edge.i, min(xcomp.right_edge.i + 1, verb.sent.end)))
    if any(e <= s for s, e in parts) or not any(t.is_alpha for t in doc[parts[0][0] : parts[0][1]]):
        return None
    cue_start = verb.i
    while cue_start > 0 and doc[cue_start - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        cue_start -= 1
    return Draft(
        content=[char_span(doc, *r) for r in sorted(parts)],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, cue_start, verb.i + 1),
        speaker=None,
        lemma=cue_lemma(verb),
    )


def _as_passive_draft(verb: Token) -> Draft | None:
    """Return the claim of a passive signature: "As reported by the Tribune, A", "as stated in
    her report, A", "A, as noted in the filing" -> A, with the source after "by" or "in"."""
    head = verb.head
    if (
        verb.tag_ != "VBN"
        or verb.dep_ != "advcl"
        or head.i == verb.i
        or not any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        or any(c.dep_ in ("nsubj", "nsubjpass", "ccomp", "dobj") for c in verb.children)
    ):
        return None
    source = next(
        (
            o
            for c in verb.children
            if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in")
            for o in c.children
            if o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME")
        ),
        None,
    )
    if source is None:
        return None
    doc, sent = verb.doc, verb.sent
    lo, hi = max(head.left_edge.i, sent.start), min(head.right_edge.i + 1, sent.end)
    sig_lo, sig_hi = verb.left_edge.i, verb.right_edge.i + 1
    pieces = [trim(doc, lo, sig_lo), trim(doc, sig_hi, hi)]
    pieces = [r for r in pieces if r[1] - r[0] >= MIN_TOKENS]
    if len(pieces) != 1:
        return None
    start, end = paragraph_of(verb, *pieces[0])
    return Draft(
        content=[char_span(doc, start, end)],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, verb.i, verb.i + 1),
        speaker=phrase_of(source),
        lemma=cue_lemma(verb),
    )


def passive_draft(verb: Token) -> Draft | None:
    """Return the claim of a passive cue, with its agent, as a signature, or with no agent."""
    return _passive_draft(verb) or _as_passive_draft(verb) or _agentless_passive_draft(verb)
