"""What a cue verb introduces: its clausal complement, or else its object (:mod:`._cue_objects`).

"X said (that) A" -> A; "A, X said" -> A (a cue hung below the clause it signs); "X continues to
insist, most recently on TV, that A" -> A (an inverted parse); "X told the paper in an email that
A" -> A (a clause hung on the medium). The range is clipped to the cue's sentence and paragraph
and ends before the writer's comment (", although ...", ", according to") and before a verb that
continues the narrative ("X said A and left").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimgraph.extraction._cue_objects import CORE, object_range, small_clause, tells_someone
from claimgraph.extraction._doctext import breaks_between
from claimgraph.extraction._drafts import trim
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.extraction._subjects import CLOSING_MARKS, is_cue_verb, own_subject

__all__ = ["MIN_OBJECT_TOKENS", "content_range", "paragraph_of"]

MIN_OBJECT_TOKENS = 1


def _subordinate(verb: Token) -> bool:
    """Return whether a verb opens with "that" (a reported clause, whatever the parse says)."""
    return any(c.dep_ == "mark" and c.lower_ == "that" and c.i < verb.i for c in verb.children)


def _adverbial(clause: Token) -> bool:
    """Return whether a clause the parser gave a cue opens with an adverbial subordinator ("said
    before he left": ``adverbial_marks``): when or why the source spoke, not what."""
    marks = word_class("adverbial_marks")
    return any(c.dep_ == "mark" and c.lower_ in marks and c.i < clause.i for c in clause.children)


def _inverted_clause(verb: Token) -> tuple[int, int] | None:
    """Return the that-clause a cue governs when the parser hung the cue below it.

    "X continues to insist, most recently on TV, that he wants to ..." may be parsed with
    "wants" as the root and the cue inside its left complement; the clause from "that" on is
    the cue's content.
    """
    tok = verb
    for _ in range(3):
        if tok.dep_ not in ("xcomp", "ccomp") or tok.head.i == tok.i:
            return None
        tok = tok.head
        later = [c for c in tok.children if c.dep_ == "advcl" and c.i > verb.i]
        for clause in ([tok] if tok.i > verb.i else []) + later:
            if _subordinate(clause):
                mark = next(c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that")
                return mark.i + 1, clause.right_edge.i + 1
    return None


def _passive(verb: Token) -> bool:
    """Return whether a verb is passive ("he can be convinced"): not a second cue of the source."""
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _has_object(verb: Token) -> bool:
    """Return whether a cue has an object or a clause of its own after it."""
    hearer = verb.lemma_.lower() in word_class("hearer_verbs")  # "A, Lee told the Gazette"
    return any(
        c.dep_ in CORE
        and c.i > verb.i
        and _same_paragraph(c, verb)
        and not (hearer and c.dep_ == "dobj")
        for c in verb.children
    )


def _same_paragraph(a: Token, b: Token) -> bool:
    """Return whether no line break separates two tokens (the parser may join paragraphs)."""
    lo, hi = sorted((a.i, b.i))
    return not breaks_between(a.doc, lo, hi)


def _clause_range(verb: Token) -> tuple[int, int] | None:
    comps = [
        c
        for c in verb.children
        if (c.dep_ == "ccomp" or (c.dep_ == "advcl" and c.i > verb.i and _subordinate(c)))
        and _same_paragraph(c, verb)
        and not _adverbial(c)
    ]
    if _subordinate(verb) or _has_object(verb):
        # "..., that he wants to" (an inverted parse) and "While A, Lee noted B" (the cue has its
        # own object): the clause on the left is not content
        comps = [c for c in comps if c.i > verb.i]
    if verb.lemma_ == "say" and any(
        c.i < verb.i and c.lemma_ == "say" and own_subject(c) is not None for c in comps
    ):
        return None  # "X said A, she said": the inner cue has the claim, the outer only signs it
    if comps:
        side = [c for c in comps if (c.i > verb.i) == (comps[-1].i > verb.i)]
        end = max(c.right_edge.i for c in side) + 1
        for conj in side[-1].rights:
            if conj.dep_ == "conj" and (
                (is_cue_verb(conj) and not _passive(conj)) or _narrative_conjunct(conj, side[-1])
            ):
                end = min(end, _conjunction_start(conj))
        return min(c.left_edge.i for c in side), end
    head = verb.head
    before = verb.doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else verb
    if (
        verb.dep_ in ("ccomp", "parataxis")
        and head.i < verb.i
        and head.pos_ in ("VERB", "AUX")
        and before.is_punct
        and not _subordinate(verb)  # 'told CBS's "Face" that ...': a that-clause signs nothing
    ):
        return head.left_edge.i, verb.left_edge.i
    return None


def _narrative_conjunct(conj: Token, clause: Token) -> bool:
    """Return whether a verb the parser joined to a reported clause continues the narrative.

    "X said the plan would fail and left the room": a past-tense verb with no subject of its own,
    joined to a clause that is not in the past tense, shares the cue's tense and its subject (the
    reported clause's own second verb would share its tense: "would fail and cost jobs"; a
    copula or auxiliary is left to the clause: "believes A and was B").
    """
    if (
        conj.tag_ != "VBD"
        or conj.pos_ != "VERB"
        or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in conj.children)
    ):
        return False
    past = clause.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in clause.children
    )
    return not past


def _conjunction_start(conj: Token) -> int:
    """Return where a conjunct begins, with the "and" (or ", and") that joins it."""
    start = conj.left_edge.i
    doc = conj.doc
    while start > conj.head.i + 1 and (doc[start - 1].dep_ == "cc" or doc[start - 1].text == ","):
        start -= 1
    return start


def _medium_clause(verb: Token) -> tuple[int, int] | None:
    """Return the that-clause the parser hung on the noun of a cue's adjunct.

    "X told the paper in an email that A" may be parsed with "that A" as a clause of "email";
    a clause opened by the complementiser "that" after the cue's means ("in an email", "in an
    interview": a noun of ``document_heads``) is what the cue introduces, not the email's.
    """
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for obj in (o for o in prep.children if o.dep_ == "pobj"):
            lemma = obj.lemma_.lower()
            if lemma in lexicon().cue_nouns or lemma not in lexicon().document_heads:
                continue  # the cue noun's own claim has it; "the news that A" is no medium
            for clause in obj.rights:
                if clause.dep_ in ("acl", "relcl") and _subordinate(clause):
                    mark = next(c for c in clause.children if c.dep_ == "mark")
                    return mark.i + 1, clause.right_edge.i + 1
    return None


def _before_comment(doc: Doc, start: int, end: int) -> int:
    """Return where a reported clause ends before a comma that opens the writer's comment on it.

    "X said the plan works, although Y doubts it" and "X said A, arguing B": the concession and
    the second cue are not part of what X said (the second cue makes its own claim).
    """
    for i in range(start + 1, end - 1):
        if doc[i].text != ",":
            continue
        nxt = doc[i + 1]
        if nxt.text in CLOSING_MARKS and i + 2 < end:
            nxt = doc[i + 2]  # '"A," adding that B': the quote's closing mark
        if nxt.lower_ in word_class("concessive_conjunctions") or (
            nxt.tag_ == "VBG" and is_cue_verb(nxt)
        ):
            return i
        if _absolute(nxt, end):
            return i
    return end


def _absolute(tok: Token, end: int) -> bool:
    """Return whether a comma's next word opens an absolute phrase that closes the range
    ("Lee ahead by two points, with the Post showing her ahead by three"): the writer's
    addition, with a doer of its own."""
    if tok.lower_ != "with" or tok.right_edge.i < end - 2:
        return False
    return any(t.tag_ == "VBG" and t.dep_ in ("acl", "pcomp", "advcl") for t in tok.subtree)


def _before_source(doc: Doc, start: int, end: int) -> int:
    """Return where a range ends before ", according to X": the writer's credit for the sentence
    is not part of what a cue inside it introduces."""
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and doc[i + 1].lower_ == "according":
            return i
    return end


def _proform_object(verb: Token) -> bool:
    """Return whether a verb's object stands for words or a thought ("said as much", "has said
    nothing", "said little about it"): a pro-form of what was said
    (``proposition_proforms`` in ``words.yaml``), which a verb that otherwise takes only a
    clause takes as its content; the parser may make it an adverb ("isn't saying much about A"
    -> A, what the source's words were about)."""
    forms = word_class("proposition_proforms")
    return any(
        c.dep_ in ("dobj", "advmod") and c.i > verb.i and c.lower_ in forms for c in verb.children
    )


def content_range(verb: Token) -> tuple[int, int] | None:
    """Return the token range of what a cue verb introduces, trimmed, or ``None``."""
    rng = _clause_range(verb) or _inverted_clause(verb) or _medium_clause(verb)
    if rng is not None:
        rng = rng[0], _before_comment(verb.doc, *rng)
    if (
        rng is None
        and (
            verb.lemma_.lower() not in word_class("clause_only_verbs")
            or small_clause(verb)
            or _proform_object(verb)
        )
        and not tells_someone(verb)
    ):
        rng = object_range(verb)
    if rng is None:
        return None
    rng = rng[0], _before_source(verb.doc, *rng)
    sent = verb.sent
    start, end = paragraph_of(verb, max(rng[0], sent.start), min(rng[1], sent.end))
    start, end = _without_dangling(verb.doc, *trim(verb.doc, start, end))
    if end - start < MIN_OBJECT_TOKENS or not any(t.is_alpha for t in verb.doc[start:end]):
        return None
    return start, end


def _without_dangling(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a conjunction left at the end of a range ("that A was unfair and" before the cue
    "urged" that the conjunction joins to the clause): it joins what follows, which is not here."""
    while end > start + 1 and doc[end - 1].pos_ == "CCONJ":
        end = trim(doc, start, end - 1)[1]
    return start, end


def paragraph_of(verb: Token, start: int, end: int) -> tuple[int, int]:
    """Clip a token range to the cue's paragraph (the parser may run a sentence over a break)."""
    for i in breaks_between(verb.doc, start, end):
        if i < verb.i:
            start = i + 1
        else:
            return start, i + 1
    return start, end
