"""Stage 4, cue verbs: "X said (that) ...", "X warned Y about Z", "X's plan was praised by Y".

A cue verb is a verb of the cue lexicon (``data/cues.yaml``). The content is the verb's clausal
complement (or its object and what follows), the speaker the verb's subject, inherited through
coordination and participles ("..., adding that ..."). Cues that are not verbs, and the walk over
a text that finds every cue, are in :mod:`.indirect`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._colon import colon_parts
from claimgraph.extraction._doctext import breaks_between
from claimgraph.extraction._drafts import Draft, char_span, phrase_of, trim
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.extraction._subjects import (
    FINITE,
    adjacent_subject,
    cue_lemma,
    is_cue_verb,
    is_prepositional_cue,
    own_subject,
    subject_of,
)

__all__ = [
    "content_range",
    "cue_lemma",
    "is_cue_verb",
    "is_prepositional_cue",
    "is_signature_idiom",
    "own_subject",
    "subject_of",
    "verb_draft",
]

CORE = frozenset({"dobj", "xcomp", "ccomp", "oprd"})
MIN_TOKENS = 2
IMPERATIVE_LEAD = frozenset({"aux", "neg", "advmod", "intj"})
"""What may stand before a command's verb ("Don't", "Please", "Just")."""
ASIDE_DEPS = frozenset({"acl", "advcl", "relcl"})
MIN_OBJECT_TOKENS = 1
CLOSING_MARKS = frozenset({'"', "”", "''", "’"})
MAX_CONJUNCT_CLIMB = 3


def _subordinate(verb: Token) -> bool:
    """Return whether a verb opens with "that" (a reported clause, whatever the parse says)."""
    return any(c.dep_ == "mark" and c.lower_ == "that" and c.i < verb.i for c in verb.children)


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
            if conj.dep_ == "conj" and is_cue_verb(conj) and not _passive(conj):
                end = min(end, conj.left_edge.i)
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


def _object_range(verb: Token) -> tuple[int, int] | None:
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


def _small_clause(verb: Token) -> bool:
    """Return whether a verb's object is an event ("saw the car speed away", "noticed smoke
    coming from the roof"): an object with a verb of its own is what was perceived."""
    for obj in (c for c in verb.rights if c.dep_ == "dobj"):
        if obj.tag_ in ("VB", "VBG") or any(
            c.dep_ == "acl" and c.tag_ in ("VB", "VBG") and c.i > obj.i for c in obj.children
        ):
            return True
    return False


def _tells_someone(verb: Token) -> bool:
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


def _before_source(doc: Doc, start: int, end: int) -> int:
    """Return where a range ends before ", according to X": the writer's credit for the sentence
    is not part of what a cue inside it introduces."""
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and doc[i + 1].lower_ == "according":
            return i
    return end


def content_range(verb: Token) -> tuple[int, int] | None:
    """Return the token range of what a cue verb introduces, trimmed, or ``None``."""
    rng = _clause_range(verb) or _inverted_clause(verb)
    if rng is not None:
        rng = rng[0], _before_comment(verb.doc, *rng)
    if (
        rng is None
        and (verb.lemma_.lower() not in word_class("clause_only_verbs") or _small_clause(verb))
        and not _tells_someone(verb)
    ):
        rng = _object_range(verb)
    if rng is None:
        return None
    rng = rng[0], _before_source(verb.doc, *rng)
    sent = verb.sent
    start, end = _paragraph_of(verb, max(rng[0], sent.start), min(rng[1], sent.end))
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


def _paragraph_of(verb: Token, start: int, end: int) -> tuple[int, int]:
    """Clip a token range to the cue's paragraph (the parser may run a sentence over a break)."""
    for i in breaks_between(verb.doc, start, end):
        if i < verb.i:
            start = i + 1
        else:
            return start, i + 1
    return start, end


def _parenthetical(verb: Token) -> list[tuple[int, int]] | None:
    """Return the two parts of a clause a cue interrupts ("A, he said, B" -> "A", "B")."""
    head = verb.head
    if verb.dep_ != "parataxis" or head.i < verb.i or head.pos_ not in ("VERB", "AUX"):
        return None
    doc, sent = verb.doc, verb.sent
    cut = verb.left_edge.i
    subj = own_subject(verb)
    if subj is not None and 0 < subj.left_edge.i < verb.i and doc[subj.left_edge.i - 1].text == ",":
        cut = subj.left_edge.i  # "If A fails, X argues, B": the parser hung "If A" on the cue
    left = trim(doc, max(head.left_edge.i, sent.start), cut)
    right = trim(doc, verb.right_edge.i + 1, min(head.right_edge.i + 1, sent.end))
    if left[1] <= left[0] or right[1] - right[0] < MIN_TOKENS:
        return None
    return [left, right]


def _signature_parts(verb: Token) -> list[tuple[int, int]] | None:
    """Return what a signing cue set off by commas reports: "People like him, she said." ->
    "People like him"; "These workers, Lee explained, were well paid" -> "These workers",
    "were well paid"; "Hawaii, as one adviser pointed out, rarely gets two storms" -> both sides;
    "As the mayor put it, the city is broke" -> "the city is broke".

    The parser often makes such a cue the root with no clause of its own. The signature is the
    subject (and "as") set off by a comma before it (or opening the sentence, with "as"), the cue
    and its adverbs or hearer; nothing else may stand in it.
    """
    subj = subject_of(verb)
    if subj is None or subj.i > verb.i or verb.tag_ not in FINITE:
        return None
    if subj.lower_ in word_class("relative_pronouns"):
        return None  # "A, who watched it on a screen, said B": a relative clause signs nothing
    doc, sent = verb.doc, verb.sent
    open_at = subj.left_edge.i
    opens = open_at > sent.start and doc[open_at - 1].lower_ == "as"
    if opens:
        open_at -= 1
    before = _before_signature(doc, sent.start, open_at)
    if before is None and not (opens and open_at == sent.start):
        return None
    close = verb.i + 1
    while close < sent.end and doc[close].text != "," and not doc[close].is_sent_end:
        if doc[close].pos_ in ("VERB", "AUX") or doc[close].text in ('"', "“", "”"):
            return None
        close += 1
    parts: list[tuple[int, int]] = []
    words: list[Token] = []
    if before is not None:
        left = trim(doc, *_paragraph_of(verb, *trim(doc, sent.start, before)))
        words = [t for t in doc[left[0] : left[1]] if t.pos_ != "CCONJ"]
        if len(words) < MIN_TOKENS or any(t.pos_ == "VERB" and is_cue_verb(t) for t in words):
            return None
        if not _adjunct(doc[left[0] : left[1]], verb):
            parts.append(left)
    if close < sent.end and doc[close].text == ",":
        right = trim(doc, close + 1, _paragraph_of(verb, close + 1, sent.end)[1])
        if right[1] - right[0] >= MIN_TOKENS and not _adjunct(doc[right[0] : right[1]], verb):
            parts.append(right)
    if not parts or (
        len(parts) == 1 and words and words[0].lower_ in word_class("adverbial_openers")
    ):
        return None  # "When the storm came, she said." only sets the scene
    return parts


def _adjunct(words: SpacySpan, verb: Token) -> bool:
    """Return whether words beside a cue are its own adjunct, not what it reports: a phrase of
    time or place ("On Monday, the mayor spoke ...") or the cue's participle clause ("..., the
    mayor spoke to farmers, promising lower taxes": the participle is a cue of its own)."""
    roots = [t for t in words if not words.start <= t.head.i < words.end or t.head.i == t.i]
    if len(roots) != 1 or roots[0].head.i != verb.i:
        return False
    root = roots[0]
    if root.dep_ in ("prep", "npadvmod") or root.ent_type_ in ("DATE", "TIME"):
        return True
    return root.dep_ == "advcl" and root.tag_ in ("VBG", "VBN") and root.i == words.start


def _before_signature(doc: Doc, start: int, at: int) -> int | None:
    """Where the words before a signature end: at the comma before it (a closing quote mark may
    follow the comma: '"... income," as a memo put it'), or ``None`` if no comma sets it off."""
    i = at - 1
    if i > start and doc[i].text in ('"', "”", "''", "’"):
        i -= 1
    if i <= start or not doc[i].text.endswith(","):
        return None
    return i


def _as_signature(verb: Token) -> bool:
    """Return whether a verb heads an "as X said" clause with no clause of its own."""
    children = list(verb.children)
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in children) and not any(
        c.dep_ == "ccomp" for c in children
    )


def is_signature_idiom(tok: Token) -> bool:
    """Return whether ``tok`` is "put" in "as X put it" (a cue only in that idiom)."""
    return (
        tok.pos_ == "VERB"
        and tok.lemma_.lower() == "put"
        and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children)
        and _as_signature(tok)
    )


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
    start, end = _paragraph_of(verb, *pieces[0])
    return Draft(
        content=[char_span(doc, start, end)],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, verb.i, verb.i + 1),
        speaker=phrase_of(source),
        lemma=cue_lemma(verb),
    )


def _imperative(verb: Token) -> bool:
    """Return whether a cue is the writer's command to the reader ("Don't forget that ...",
    "Imagine if ..."): a bare verb that opens its sentence with no subject."""
    if verb.tag_ != "VB" or verb.dep_ != "ROOT" or own_subject(verb) is not None:
        return False
    before = verb.doc[verb.sent.start : verb.i]
    return all(t.is_punct or t.is_space or t.dep_ in IMPERATIVE_LEAD for t in before)


def verb_draft(verb: Token) -> Draft | None:
    if _imperative(verb):
        return None
    passive = _passive_draft(verb) or _as_passive_draft(verb) or _agentless_passive_draft(verb)
    if passive is not None:
        return passive
    parts = _parenthetical(verb)
    if parts is None and is_signature_idiom(verb):
        rng = None  # "A, as she put it, B": the signature reports A and B
    else:
        rng = content_range(verb) if parts is None else parts[0]
    ahead = colon_parts(verb, rng) if parts is None else None
    if ahead:
        parts, rng = ahead, ahead[0]
    if rng is None:
        parts = _signature_parts(verb)
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
