"""What a cue verb introduces when it has no clause: its object and argument phrases.

"X attacked Y as a fraud, with jabs ..." -> "Y as a fraud"; "X called for Y" -> "Y". The object
runs up to the first adjunct, an aside set off by a comma, or a hearer ("disclosed them to the AP").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimgraph.extraction._doctext import breaks_between
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.extraction._subjects import cue_lemma, is_cue_verb

__all__ = ["CORE", "object_range", "small_clause", "tells_someone"]

CORE = frozenset({"dobj", "xcomp", "ccomp", "oprd"})
ASIDE_DEPS = frozenset({"acl", "advcl", "relcl"})
MAX_CONJUNCT_CLIMB = 3


def _argument(child: Token, taken: list[Token]) -> bool:
    """Return whether a right child of a cue verb belongs to what the cue introduces.

    After a common-noun object any prepositional phrase is taken: the parser often hangs the
    noun's own modifier on the verb ("described crass behavior by X behind the scenes").
    """
    if child.dep_ in CORE:
        return True
    if child.dep_ == "prep":
        if any(o.ent_type_ in ("DATE", "TIME") for o in child.children if o.dep_ == "pobj"):
            return False
        if not taken:
            if any(o.lemma_.lower() in word_class("not_topics") for o in child.children):
                return False  # "spoke on condition of anonymity", "on behalf of"
            own = lexicon().verb_preps.get(cue_lemma(child.head), frozenset())
            return child.lower_ in word_class("topic_prepositions") or child.lower_ in own
        if _to_hearer(child):
            return False  # "disclosed them to the AP": the hearer, not what was disclosed
        if child.lower_ in word_class("argument_prepositions"):
            return True
        return taken[-1].pos_ == "NOUN" and child.lower_ not in word_class("reason_prepositions")
    return bool(taken) and child.dep_ in ("dative", "attr", "acomp")


def _to_hearer(prep: Token) -> bool:
    """Return whether "to X" after a cue's object names the hearer: a person, a group or a body
    ("pitched himself to voters", "disclosed them to the AP"), unless "to" is an argument of the
    cue ("likened him to Nixon")."""
    if prep.lower_ != "to" or cue_lemma(prep.head) in word_class("to_argument_verbs"):
        return False
    objs = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(objs) and all(
        o.ent_type_ in ("PERSON", "ORG", "NORP")
        or o.tag_ == "PRP"
        or o.lemma_.lower() in lexicon().speaker_heads
        for o in objs
    )


def _when(child: Token) -> bool:
    """Return whether a verb's child only says when ("on Tuesday", "last week")."""
    if child.ent_type_ in ("DATE", "TIME") and child.dep_ == "npadvmod":
        return True
    return child.dep_ == "prep" and any(
        o.ent_type_ in ("DATE", "TIME") for o in child.children if o.dep_ == "pobj"
    )


def object_range(verb: Token) -> tuple[int, int] | None:
    """Return the range of the verb's object and its argument phrases, up to the first adjunct.

    "X attacked Y as a fraud, with jabs ..." -> "Y as a fraud"; "X called for Y" -> "Y" (the
    preposition of a prepositional object is left to the cue).
    """
    taken: list[Token] = []
    rights = list(verb.rights)
    last_core = max((k for k, c in enumerate(rights) if c.dep_ in CORE), default=-1)
    for k, child in enumerate(rights):
        if child.dep_ in ("prt", "neg", "advmod") and not taken:
            continue
        if not _argument(child, taken) and not (taken and k < last_core):
            if taken and not _when(child):
                break
            continue
        taken.append(child)
    if not taken:
        return None
    first = taken[0]
    start = first.left_edge.i
    if first.dep_ == "prep":
        if first.i == first.right_edge.i:
            return None  # a stranded preposition ("the plan they pointed to")
        start = first.i + 1
    end = _before_aside(verb.doc, start, max(c.right_edge.i for c in taken) + 1)
    return start, _misattached_conjunct(verb, end)


def _misattached_conjunct(verb: Token, end: int) -> int:
    """Return where an object ends with a noun the parser coordinated with a verb instead.

    "X began by stressing fair pay, and a need to raise wages": a noun ("need") cannot be
    coordinated with a verb; it is the object's second conjunct, and what X stressed goes on.
    """
    tok = verb
    for _ in range(MAX_CONJUNCT_CLIMB):
        for child in tok.rights:
            if child.dep_ == "conj" and child.i >= end and child.pos_ in ("NOUN", "PROPN"):
                added = verb.doc[end : child.right_edge.i + 1]
                if not breaks_between(verb.doc, end, child.i) and not any(
                    t.text in (";", ":") or is_cue_verb(t) for t in added
                ):
                    return max(end, child.right_edge.i + 1)
        if tok.dep_ not in ("pcomp", "prep", "xcomp") or tok.head.i == tok.i:
            break
        tok = tok.head
    return end


def _before_aside(doc: Doc, start: int, end: int) -> int:
    """Return where an object phrase ends before a comma that opens an aside about it.

    "X praised the plan, which includes Y" -> "the plan": a non-restrictive relative clause or a
    participle clause after a comma is the writer's comment, not part of what X targeted.
    """
    for i in range(start + 1, end - 1):
        if doc[i].text != ",":
            continue
        nxt = doc[i + 1]
        if nxt.lower_ in word_class("relative_pronouns") or (
            nxt.tag_ in ("VBG", "VBN") and nxt.dep_ in ASIDE_DEPS
        ):
            clause = nxt if nxt.dep_ in ASIDE_DEPS else nxt.head
            if clause.right_edge.i >= end - 2:  # the aside closes the phrase ("X, Y-ing Z, and W")
                return i
    return end


def small_clause(verb: Token) -> bool:
    """Return whether a verb's object is an event ("saw the car speed away", "noticed smoke
    coming from the roof"): an object with a verb of its own is what was perceived."""
    for obj in (c for c in verb.rights if c.dep_ == "dobj"):
        if obj.tag_ in ("VB", "VBG") or any(
            c.dep_ == "acl" and c.tag_ in ("VB", "VBG") and c.i > obj.i for c in obj.children
        ):
            return True
    return False


def tells_someone(verb: Token) -> bool:
    """Return whether a verb of telling has only its hearer after it ("X told his supporters")."""
    if verb.lemma_.lower() not in word_class("hearer_verbs"):
        return False
    if any(c.dep_ in ("xcomp", "ccomp") for c in verb.rights):
        return False  # "X told his aides to find a way": what X told them to do
    objs = [c for c in verb.rights if c.dep_ in ("dobj", "dative")]
    return bool(objs) and all(
        o.pos_ in ("PRON", "PROPN")
        or o.lemma_.lower() in _people()
        or o.ent_type_ in ("PERSON", "ORG", "NORP")
        or any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in o.lefts)  # "RTÉ radio"
        for o in objs
    )


def _people() -> frozenset[str]:
    lex = lexicon()
    return lex.person_heads | lex.unnamed_heads
