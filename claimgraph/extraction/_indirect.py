"""Stage 4, indirect speech: every cue of a text, and the cues that are not verbs.

:func:`indirect_drafts` walks the parse once and hands each cue to its rule: a cue verb
(:func:`~.cues.verb_draft`), "according to X", a verb misread as a noun in a headline
("Trump charges that ..."), a cue noun ("the agency's warning that A", "X's criticism of A";
:mod:`.cue_nouns`) or a stance adjective, "X is against A" and a verb of seeming ("X is sure that
A", "X is critical of A"; :mod:`.stances`). The word lists are data (``data/cues.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import lru_cache

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from claimgraph.extraction._coordination import with_coordinated_clause
from claimgraph.extraction._cue_nouns import evidence_draft, noun_draft
from claimgraph.extraction._cues import (
    MIN_TOKENS,
    is_cue_verb,
    is_prepositional_cue,
    is_signature_idiom,
    verb_draft,
)
from claimgraph.extraction._drafts import Draft, char_span, phrase_of, trim
from claimgraph.extraction._lexicon import Lexicon, lexicon
from claimgraph.extraction._stances import adjective_draft, against_draft, seeming_draft
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


def misread_verb_draft(tok: Token) -> Draft | None:
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
            draft = evidence_draft(tok)
        elif is_cue_verb(tok) or is_prepositional_cue(tok) or is_signature_idiom(tok):
            draft = verb_draft(tok)
            draft = with_coordinated_clause(draft, doc) if draft is not None else None
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in lex.seeming_verbs:
            draft = seeming_draft(tok)
        elif tok.lemma_ == "be" and tok.dep_ in ("ROOT", "ccomp", "conj", "relcl"):
            draft = against_draft(tok)
        elif tok.lower_ in adjectives:
            draft = adjective_draft(tok)
        elif tok.pos_ in ("NOUN", "PROPN") and (misread := misread_verb_draft(tok)):
            draft = misread
        elif tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns:
            draft = noun_draft(tok)
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
