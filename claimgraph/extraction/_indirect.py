"""Stage 4, indirect speech: every cue of a text, and the cues that are not verbs.

:func:`indirect_drafts` walks the parse once and hands each cue to its rule: a cue verb
(:func:`~.cues.verb_draft`), "according to X", a cue noun ("the agency's warning that A",
"X's criticism of A") or a stance adjective ("X is sure that A", "X is critical of A"). The word
lists are data (``data/cues.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._cues import (
    MIN_OBJECT_TOKENS,
    MIN_TOKENS,
    is_cue_verb,
    is_prepositional_cue,
    is_signature_idiom,
    own_subject,
    verb_draft,
)
from claimgraph.extraction._drafts import Draft, char_span, phrase_of, trim
from claimgraph.extraction._lexicon import Lexicon, lexicon, word_class
from claimgraph.extraction._views import view_draft

__all__ = ["indirect_drafts"]

NOUN_PHRASE = frozenset({"PROPN", "NOUN", "DET", "ADJ", "PART", "NUM", "PUNCT", "PRON"})
"""Parts of speech a speaker's noun phrase is made of ("Oz's former doctor", "House panel")."""


def _phrase_at(tok: Token, phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...] | None:
    """Return the multi-word cue (``cue_phrases``) that starts at ``tok``, if any."""
    doc, first = tok.doc, tok.lower_
    for phrase in phrases:
        end = tok.i + len(phrase)
        if (
            phrase[0] == first
            and end <= len(doc)
            and tuple(t.lower_ for t in doc[tok.i : end]) == phrase
        ):
            return phrase
    return None


def _phrase_draft(tok: Token, phrase: tuple[str, ...]) -> Draft:
    """Return the claim of a multi-word cue: "A, according to X" credits A to X, whatever
    follows; "According to X, A" and "In the words of X, A" credit A."""
    doc = tok.doc
    last = doc[tok.i + len(phrase) - 1]
    objs = [c for c in last.children if c.dep_ == "pobj"]
    sent = tok.sent
    phrase_start = tok.i
    phrase_end = max(tok.right_edge.i, last.right_edge.i, last.i) + 1
    before = trim(doc, sent.start, phrase_start)
    rng = before if before[1] - before[0] >= MIN_TOKENS else trim(doc, phrase_end, sent.end)
    if rng[1] - rng[0] < MIN_TOKENS and objs:  # the parser hung the clause on the source's name
        rng = trim(doc, phrase_of(objs[0]).end, sent.end)
    return Draft(
        content=[char_span(doc, *rng)] if rng[1] - rng[0] >= MIN_TOKENS else [],
        kind="indirect",
        cue=tok,
        cue_span=char_span(doc, tok.i, last.i + 1),
        speaker=phrase_of(objs[0]) if objs else None,
        lemma=" ".join(phrase),
        construction="phrase",
    )


def _seeming_draft(verb: Token) -> Draft | None:
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


def _misread_verb_draft(tok: Token) -> Draft | None:
    """Return the claim of a cue verb the tagger read as a noun at the head of its sentence:
    "Trump charges that ...", "House panel votes to hold ...", "Court rules against ..." (headline
    style, where a name and a verb in -s or -ed run together).

    The words before it form the speaker's noun phrase, what follows is the content.
    """
    if tok.dep_ not in ("ROOT", "dep") or not tok.lower_.endswith(("s", "ed")):
        return None
    lemma = tok.lemma_.lower()
    if lemma not in lexicon().cue_verbs or lemma == tok.lower_:
        return None
    doc, sent = tok.doc, tok.sent
    left = [t for t in doc[sent.start : tok.i] if not t.is_space]
    if not left or any(t.pos_ not in NOUN_PHRASE for t in left):
        return None
    if not any(
        t.pos_ in ("PROPN", "PRON") or t.lemma_.lower() in lexicon().speaker_heads for t in left
    ):
        return None
    start = tok.i + 1
    if start < sent.end and doc[start].lower_ == "that":
        start += 1
    content = trim(doc, start, sent.end)
    if content[1] - content[0] < MIN_TOKENS:
        return None
    return Draft(
        content=[char_span(doc, *content)],
        kind="indirect",
        cue=tok,
        cue_span=char_span(doc, tok.i, tok.i + 1),
        speaker=doc[left[0].i : left[-1].i + 1],
        lemma=lemma,
    )


def _against_draft(verb: Token) -> Draft | None:
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


def _evidence_draft(prep: Token) -> Draft | None:
    """Return the claim of a clause set in a finding: "In the poll, Trump leads by two points",
    "Clinton gained ground in one survey" -> the clause without the phrase, from the finding."""
    finding = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if finding is not None and finding.lower_ in word_class("partitives"):  # "in one of the polls"
        of = next((c for c in finding.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        finding = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
    verb = prep.head
    findings = lexicon().evidence_nouns.get(prep.lower_, frozenset())
    if finding is None or finding.lemma_.lower() not in findings:
        return None
    if verb.pos_ not in ("VERB", "AUX") or is_cue_verb(verb):
        return None
    doc, sent = prep.doc, prep.sent
    start, end = max(verb.left_edge.i, sent.start), min(verb.right_edge.i + 1, sent.end)
    breaks = [t.i for t in doc[start:end] if "\n" in t.text_with_ws]
    start = max([start] + [b + 1 for b in breaks if b < prep.i])
    end = min([end] + [b + 1 for b in breaks if b > prep.i])
    parts = [trim(doc, start, prep.i), trim(doc, prep.right_edge.i + 1, end)]
    content = [char_span(doc, *p) for p in parts if p[1] - p[0] >= MIN_TOKENS]
    if not content:
        return None
    return Draft(
        content=content,
        kind="indirect",
        cue=prep,
        cue_span=char_span(doc, prep.i, prep.i + 1),
        speaker=phrase_of(finding),
        lemma="in",
        construction="evidence_noun",
    )


def _noun_topic(noun: Token) -> tuple[int, int] | None:
    """Return the range of what a cue noun with a source is about or commits to: "X's criticism
    of Y", "X's comments on Y" -> Y (nouns of ``topic_nouns``); "X's promise to cut taxes" -> the
    infinitive (nouns of ``commitment_nouns``)."""
    lex = lexicon()
    lemma = noun.lemma_.lower()
    for child in noun.rights:
        if (
            child.dep_ == "prep"
            and child.lower_ in word_class("topic_prepositions")
            and lemma in lex.topic_nouns
        ):
            objs = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objs and objs[0].ent_type_ not in ("DATE", "TIME"):
                return trim(noun.doc, objs[0].left_edge.i, objs[-1].right_edge.i + 1)
        if (
            child.dep_ in ("acl", "relcl")
            and lemma in lex.commitment_nouns
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children)
        ):
            return trim(noun.doc, child.left_edge.i, child.right_edge.i + 1)
    return None


def _named(tok: Token) -> bool:
    """Return whether a compound before a cue noun is a name ("Trump charges that ..." where the
    parser reads "Trump" as a common noun)."""
    return tok.pos_ == "PROPN" or bool(tok.ent_type_) or (tok.is_title and tok.i > tok.sent.start)


def _noun_source(noun: Token) -> SpacySpan | None:
    """Return who a cue noun with no owner belongs to.

    "warnings from his attorney that ..." -> his attorney; "X made the argument that ...",
    "X persisted in arguments that ..." -> X (the subject of a verb that only delivers the noun).
    """
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by"):
            by = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (
                by is not None
                and by.pos_ in ("PROPN", "PRON", "NOUN")
                and by.ent_type_ not in ("DATE", "TIME")
            ):
                return phrase_of(by)
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if noun.dep_ not in ("dobj", "pobj") or verb.pos_ != "VERB":
        return None
    if verb.lemma_.lower() not in word_class("delivering_verbs"):
        return None
    subj = own_subject(verb)
    return phrase_of(subj) if subj is not None else None


def _bare_plural(noun: Token) -> bool:
    """Return whether a cue noun is a bare plural with no one behind it ("follows reports that
    A", "amid claims that A"): hearsay the writer passes on, attributed to no one."""
    return noun.tag_ == "NNS" and not any(
        c.dep_ in ("det", "poss", "nummod") for c in noun.children
    )


def _noun_draft(noun: Token) -> Draft | None:
    owner = [c for c in noun.lefts if c.dep_ == "poss" or (c.dep_ == "compound" and _named(c))]
    doc = noun.doc
    speaker: SpacySpan | None = None
    if owner:
        speaker = doc[owner[0].left_edge.i : owner[-1].right_edge.i + 1]
        if owner[-1].dep_ == "poss" and len(speaker) > 1 and speaker[-1].tag_ == "POS":
            speaker = speaker[:-1]
    else:
        speaker = _noun_source(noun)
    if speaker is None and _bare_plural(noun):
        return None
    clauses = [
        c
        for c in noun.rights
        if c.dep_ in ("acl", "ccomp", "relcl")
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    if clauses:
        rng: tuple[int, int] | None = trim(doc, clauses[0].left_edge.i, clauses[0].right_edge.i + 1)
    else:  # "X's criticism of Y", "X made a strong condemnation of Y"
        rng = _noun_topic(noun) if speaker is not None else None
    if rng is None or rng[1] - rng[0] < (MIN_TOKENS if clauses else MIN_OBJECT_TOKENS):
        return None
    return Draft(
        content=[char_span(doc, *rng)],
        kind="indirect",
        cue=noun,
        cue_span=char_span(doc, noun.i, noun.i + 1),
        speaker=speaker,
        lemma=noun.lemma_.lower(),
    )


def _adjective_draft(adj: Token) -> Draft | None:
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
    if lemma == "clear" and not any(
        m.lower_ == "that" for m in clause.children if m.dep_ == "mark"
    ):
        return None
    sent = adj.sent
    start, end = trim(
        adj.doc, max(clause.left_edge.i, sent.start), min(clause.right_edge.i + 1, sent.end)
    )
    return (start, end) if end - start >= MIN_TOKENS else None


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


def indirect_drafts(doc: Doc, skip: Callable[[Token], bool]) -> Iterator[Draft]:
    """Yield indirect-speech drafts of ``doc`` for cue tokens ``skip`` does not exclude."""
    lex = lexicon()
    nouns = lex.cue_nouns
    adjectives = lex.clause_adjectives | lex.object_adjectives
    for i in _candidates(doc):
        tok = doc[i]
        if skip(tok):
            continue
        draft: Draft | None = None
        if phrase := _phrase_at(tok, lex.cue_phrases):
            draft = _phrase_draft(tok, phrase)
            draft = draft if draft.content else None
        elif tok.lower_ in lex.evidence_nouns and tok.dep_ == "prep":
            draft = _evidence_draft(tok)
        elif is_cue_verb(tok) or is_prepositional_cue(tok) or is_signature_idiom(tok):
            draft = verb_draft(tok)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in lex.seeming_verbs:
            draft = _seeming_draft(tok)
        elif tok.lemma_ == "be" and tok.dep_ in ("ROOT", "ccomp", "conj", "relcl"):
            draft = _against_draft(tok)
        elif tok.lower_ in adjectives:
            draft = _adjective_draft(tok)
        elif tok.pos_ in ("NOUN", "PROPN") and (misread := _misread_verb_draft(tok)):
            draft = misread
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns:
            draft = _noun_draft(tok)
        if draft is None:
            draft = view_draft(tok)
        if draft is not None:
            yield draft


@lru_cache(maxsize=4)
def _cue_words(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """The lower-case forms and the lower-case lemmas that can start one of the rules above."""
    verbs = lex.cue_verbs
    lemmas = (
        verbs
        | {v[:-1] for v in verbs if v.endswith("e")}  # lemmas cue_lemma repairs ("hop")
        | set(lex.verb_preps)
        | lex.seeming_verbs
        | lex.cue_nouns
        | {"put", "be"}
    )
    lowers = {p[0] for p in lex.cue_phrases} | set(lex.evidence_nouns) | lex.clause_adjectives
    return frozenset(lemmas), frozenset(lowers | lex.object_adjectives)


def _candidates(doc: Doc) -> list[int]:
    """The indices of the tokens that can start a rule (most tokens cannot), in text order.

    Decided on the token attribute arrays: a lemma counts when its lower-case form is one of the
    lexicon's words, each distinct lemma looked up once.
    """
    if not len(doc):
        return []
    lemma_words, lower_words = _cue_words(lexicon())
    strings = doc.vocab.strings
    table = doc.to_array([LOWER, LEMMA])
    lowers, lemmas = table[:, 0], table[:, 1]
    good = [h for h in numpy.unique(lemmas) if strings[int(h)].lower() in lemma_words]
    wanted = [strings[w] for w in lower_words]
    mask = numpy.isin(lemmas, good) | numpy.isin(lowers, wanted)
    return [int(i) for i in numpy.flatnonzero(mask)]
