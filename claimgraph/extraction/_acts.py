"""Stage 5, attribution acts: what each claim reports, decided from its cue and construction.

Every claim gets one act of :data:`~._lexicon.ACTS` (``../shared/spec/evaluation.md``):

- a construction without a cue word (a quote that continues its speaker, "NAME:", a dash-tagged
  quote, "according to X", "in the poll, ...", "X seems ...", "X is against Y") has the act
  ``construction_acts`` gives it;
- a cue verb has the act of its group in ``verbs`` (or ``prepositional_acts``), except that
  a verb of ``infinitive_intention`` with a to-infinitive reports an intention ("refused to
  resign") and a verb of ``evidence_verbs`` whose subject is a document or data set
  (``evidence_subjects``) reports evidence ("the audit suggests");
- a cue noun has the act of its group in ``nouns``; an adjective (or a past participle that is
  one of the stance adjectives: "is convinced that") is speech when it is one of the
  ``adjectives.speech`` words ("vocal about"), else a thought ("worried that").

A cue verb that is the infinitive of a verb of doing (``not_claims``: "voted to condemn",
"tried to argue") is part of an action: :func:`act_of` returns ``None`` and the claim is dropped.
A cue verb in a to-infinitive that names an act not (yet) done ("needs to tell voters", "a
chance to explain": ``irrealis_heads`` in ``words.yaml``) reports an intention. A verb of
communication whose object is only a topic (``topic_verbs``: "discussed the budget", "referred
to the audit") names no proposition: without a clause it makes no claim. Nor does a cue verb
read as an act: a naming participle ("a stream called Bear Hollow"), a phrasal verb of doing
("called off the strike") or one that convenes an event ("called an emergency meeting").
"""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.extraction._drafts import Draft
from claimgraph.extraction._lexicon import Lexicon, lexicon

__all__ = ["act_of", "assign_acts"]


def assign_acts(drafts: list[Draft]) -> list[Draft]:
    """Set each draft's act; return the drafts that are claims (an action's are not)."""
    lex = lexicon()
    kept: list[Draft] = []
    for draft in drafts:
        act = act_of(draft, lex)
        if act is not None:
            draft.act = act
            kept.append(draft)
    return kept


def act_of(draft: Draft, lex: Lexicon) -> str | None:
    """Return the act a draft reports, or ``None`` when its cue is part of an action."""
    if draft.construction is not None:
        return lex.construction_acts[draft.construction]
    cue, lemma = draft.cue, draft.lemma or ""
    if cue is None:
        return lex.construction_acts["quote"]
    if (
        cue.pos_ not in ("NOUN", "PROPN", "VERB") or _stative_participle(cue)
    ) and cue.lower_ in lex.clause_adjectives | lex.object_adjectives:
        return "speech" if cue.lower_ in lex.speech_adjectives else "thought"
    if cue.pos_ in ("NOUN", "PROPN") and lemma in lex.noun_acts:
        return lex.noun_acts[lemma]
    if lemma in lex.verb_acts:
        return _verb_act(cue, lemma, lex)
    # the idiom "as X put it" signs what X said
    return lex.noun_acts.get(lemma, lex.construction_acts["label"])


def _verb_act(verb: Token, lemma: str, lex: Lexicon) -> str | None:
    if verb.dep_ == "xcomp" and _lemma(verb.head) in lex.not_claims:
        return None
    if lemma in lex.infinitive_intention and _infinitive(verb):
        return "intention"
    if _unrealised(verb, lex):
        return "intention"
    if lemma in lex.evidence_verbs and _document_subject(verb, lex):
        return "evidence"
    if lemma in lex.words("topic_verbs") and not _has_clause(verb):
        return None
    if _framing_participle(verb, lex) or _unanswered(verb) or _action_reading(verb, lex):
        return None
    return lex.verb_acts[lemma]


def _action_reading(verb: Token, lex: Lexicon) -> bool:
    """Return whether a cue verb is read as an act, not as words: a naming participle after a
    noun ("a stream called Bear Hollow": ``naming_verbs``, right after the noun, with the name
    only), a phrasal verb of
    doing ("called off the strike": ``phrasal_actions``) or convening an event ("called an
    emergency meeting": ``summoning_verbs`` with one of ``summoned_events`` as its only object)."""
    lemma = _lemma(verb)
    if (
        lemma in lex.words("naming_verbs")
        and verb.tag_ == "VBN"
        and verb.dep_ == "acl"
        and verb.i == verb.head.i + 1
        and [c.dep_ for c in verb.children] == ["oprd"]
    ):
        return True
    phrasal = lex.words("phrasal_actions")
    if any(c.dep_ == "prt" and f"{lemma} {c.lower_}" in phrasal for c in verb.children):
        return True
    objects = [c for c in verb.children if c.dep_ in ("dobj", "oprd", "dative", "ccomp")]
    return (
        lemma in lex.words("summoning_verbs")
        and len(objects) == 1
        and objects[0].dep_ == "dobj"
        and _lemma(objects[0]) in lex.words("summoned_events")
    )


def _unanswered(verb: Token) -> bool:
    """Return whether a negated cue leaves a question open ("did not say how the money would be
    found", "has not explained why"): the indirect question is what was not said, no claim."""
    if not any(c.dep_ == "neg" for c in verb.children):
        return False
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    return clause is not None and any(
        t.tag_ in ("WRB", "WP", "WDT") or t.lower_ in ("whether", "if")
        for t in clause.subtree
        if t.i < clause.i and t.dep_ in ("advmod", "mark", "nsubj", "dobj", "det", "attr")
    )


def _framing_participle(verb: Token, lex: Lexicon) -> bool:
    """Return whether a cue participle only sets the scene of the cue it leads to: "Speaking on
    condition of anonymity, the official said ...", "Talking to reporters, she said ..."
    (``scene_verbs``): it names the occasion or the hearer; the claim is the main cue's. (A
    question is a claim of its own: "Asked about the delay, she said ...".)"""
    return (
        verb.tag_ == "VBG"
        and _lemma(verb) in lex.words("scene_verbs")
        and verb.dep_ == "advcl"
        and verb.i < verb.head.i
        and _lemma(verb.head) in lex.verb_acts
        and not _has_clause(verb)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children)
    )


def _unrealised(verb: Token, lex: Lexicon) -> bool:
    """Return whether a cue verb is a to-infinitive that names an act not (yet) done.

    It modifies a noun ("a chance to explain") or completes a verb of wanting, needing or
    causing ("needs to tell voters": ``irrealis_heads``). A purpose ("rang to say that ...") is
    not one: what it names was usually done.
    """
    if not any(a.dep_ == "aux" and a.lower_ == "to" for a in verb.children):
        return False
    head = verb.head
    if verb.dep_ in ("acl", "relcl"):
        return head.pos_ in ("NOUN", "PROPN")
    return verb.dep_ == "xcomp" and _lemma(head) in lex.words("irrealis_heads")


def _has_clause(verb: Token) -> bool:
    """Return whether a verb has a clause complement ("detailed how the money was spent")."""
    return any(c.dep_ in ("ccomp", "csubj") for c in verb.children)


def _stative_participle(verb: Token) -> bool:
    """Return whether a past participle is a state, not an act ("she is convinced that ...",
    "they came away convinced that ..."): no one is named as its agent ("convinced by her aide")."""
    return verb.tag_ == "VBN" and not any(c.dep_ == "agent" for c in verb.children)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _infinitive(verb: Token) -> bool:
    """Return whether a verb has a to-infinitive complement ("refused to resign")."""
    return any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.rights
    )


def _document_subject(verb: Token, lex: Lexicon) -> bool:
    """Return whether a verb's subject is a document or data set ("the audit", "new figures")."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and _lemma(subj) in lex.evidence_subjects
