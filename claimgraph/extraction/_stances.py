"""Stances that are not cue verbs: a stance adjective ("X is sure that A", "X made it clear
that A", "X is critical of A"), "X is against A", and a verb of seeming ("A seems too risky to
me"). The word lists are data (``data/cues.yaml``)."""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.extraction._cues import MIN_OBJECT_TOKENS, MIN_TOKENS, is_cue_verb, own_subject
from claimgraph.extraction._drafts import Draft, char_span, phrase_of, trim
from claimgraph.extraction._lexicon import lexicon, word_class

__all__ = ["adjective_draft", "against_draft", "seeming_draft"]


def seeming_draft(verb: Token) -> Draft | None:
    """Return the claim of a verb of seeming: "drawing on home equity seems too risky" -> the
    subject and how it seems, from whoever it seems so to ("credible to me") or no one named.

    When what follows is a cue of its own ("seemed to suggest that ..."), that cue has the claim.
    """
    subj = own_subject(verb)
    if subj is None or subj.i > verb.i or subj.lower_ in word_class("dummy_subjects"):
        return None
    how = next(
        (
            c
            for c in verb.rights
            if c.dep_ in ("xcomp", "acomp", "attr", "oprd")
            or (c.dep_ == "prep" and c.lower_ == "like")
        ),
        None,
    )
    if how is None or is_cue_verb(how) or (verb.lemma_.lower() == "look" and how.dep_ == "xcomp"):
        return None  # "seemed to suggest that" has its own cue; "looks to expand" is aiming
    doc, sent = verb.doc, verb.sent
    who = next(
        (c for c in (*verb.rights, *how.rights) if c.dep_ == "prep" and c.lower_ == "to"), None
    )
    seer = next((c for c in who.children if c.dep_ == "pobj"), None) if who is not None else None
    subject = trim(doc, max(subj.left_edge.i, sent.start), subj.right_edge.i + 1)
    start = how.i + 1 if how.dep_ == "prep" else how.left_edge.i
    end = min(how.right_edge.i + 1, sent.end)
    if seer is not None and who is not None and who.i > how.i:
        end = min(end, who.i)
    rest = trim(doc, start, end)
    if subject[1] <= subject[0] or rest[1] <= rest[0]:
        return None
    return Draft(
        content=[char_span(doc, *subject), char_span(doc, *rest)],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, verb.i, verb.i + 1),
        speaker=phrase_of(seer) if seer is not None else None,
        lemma=verb.lemma_.lower(),
        construction="seeming",
    )


def against_draft(verb: Token) -> Draft | None:
    """Return the stance of "X is (firmly) against Y" -> Y, held by X."""
    prep = next((c for c in verb.rights if c.dep_ == "prep"), None)
    subj = own_subject(verb)
    if (
        prep is None
        or prep.lower_ != "against"
        or subj is None
        or subj.lower_ in word_class("dummy_subjects")
    ):
        return None
    rng = _prep_object(verb, frozenset({"against"}))
    if rng is None:
        return None
    doc = verb.doc
    return Draft(
        content=[char_span(doc, *rng)],
        kind="indirect",
        cue=prep,
        cue_span=char_span(doc, verb.i, prep.i + 1),
        speaker=phrase_of(subj),
        lemma="be against",
        construction="against",
    )


def adjective_draft(adj: Token) -> Draft | None:
    """Return the claim of a stance adjective: "X is sure (that) A", "X made (it) clear that A",
    "X is critical of A", "X was coy about A" -> A, spoken by X."""
    head = adj.head
    if adj.dep_ not in ("acomp", "ccomp", "oprd") or head.pos_ not in ("AUX", "VERB"):
        return None
    subj = own_subject(head)
    if subj is None or subj.lower_ in word_class("pointing_subjects"):
        return None
    rng = _adjective_clause(adj, subj)
    if rng is None and adj.lower_ in lexicon().object_adjectives and subj.lower_ != "it":
        rng = _adjective_object(adj)
    if rng is None:
        return None
    doc = adj.doc
    return Draft(
        content=[char_span(doc, *rng)],
        kind="indirect",
        cue=adj,
        cue_span=char_span(doc, min(head.i, adj.i), adj.i + 1),
        speaker=phrase_of(subj),
        lemma=adj.lower_,
    )


def _adjective_clause(adj: Token, subj: Token) -> tuple[int, int] | None:
    """The clause a stance adjective reports ("sure that A"), as a token range."""
    lemma, head = adj.lower_, adj.head
    if lemma not in lexicon().clause_adjectives:
        return None
    if lemma == "clear" and head.lemma_.lower() != "make":
        return None  # "it is clear that ..." is the writer's own voice
    if subj.lower_ == "it" and lemma != "clear":
        return None
    clauses = [c for c in (*adj.children, *head.children) if c.dep_ in ("ccomp", "advcl")]
    clauses = [c for c in clauses if c.i > adj.i and c is not adj]
    if not clauses:
        return None
    clause = clauses[0]
    if lemma == "clear" and not _reported_clause(clause):
        return None
    sent = adj.sent
    start, end = trim(
        adj.doc, max(clause.left_edge.i, sent.start), min(clause.right_edge.i + 1, sent.end)
    )
    return (start, end) if end - start >= MIN_TOKENS else None


def _reported_clause(clause: Token) -> bool:
    """Return whether a clause after "made (it) clear" is what was made clear: one opened by
    "that", or a finite clause with a subject of its own and no subordinator ("made it clear
    she will not run"), not "made it clear when she spoke"."""
    marks = [c for c in clause.children if c.dep_ == "mark" or c.tag_.startswith("W")]
    if marks:
        return any(m.lower_ == "that" for m in marks if m.dep_ == "mark")
    finite = clause.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD")
        for c in clause.children
    )
    return finite and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)


def _prep_object(word: Token, preps: frozenset[str]) -> tuple[int, int] | None:
    """The object of the first of ``preps`` after ``word`` among its children, as a range."""
    for prep in word.rights:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            objs = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            if objs:
                start, end = trim(word.doc, objs[0].left_edge.i, objs[-1].right_edge.i + 1)
                return (start, end) if end - start >= MIN_OBJECT_TOKENS else None
    return None


def _adjective_object(adj: Token) -> tuple[int, int] | None:
    """What a stance adjective is about: "critical of A" (the parser may hang the preposition
    on the verb: "was (increasingly) worried about A")."""
    rng = _prep_object(adj, word_class("object_prepositions"))
    if rng is None and adj.head.pos_ in ("AUX", "VERB"):
        after = [c for c in adj.head.rights if c.i > adj.i]
        if after and after[0].dep_ == "prep" and after[0].i == adj.right_edge.i + 1:
            rng = _prep_object(adj.head, word_class("object_prepositions"))
    return rng
