"""The source of a cue verb: its subject, inherited through coordination, participles and
control ("X said A and added B", "Claiming A, X told ...", "X urged him to admit ...", "they
could not resist pointing out ...", "X emailed him to say ..."), a passive's agent ("when
pressed by X"), and the cue test itself (a verb of the cue lexicon, ``data/cues.yaml``).

Coordinated verbs agree in tense: a finite verb hung on a bare verb of a complement belongs to
the clause above ("X said the country would leave and suggested ..."), and bare verbs share a
modal's subject ("they should change the law rather than criticize him"). Where the parser
misplaces the subject, the rules read the words instead: a dash or a dateline is no subject
("WASHINGTON -- President X, ..., said"), nor is a line glued to the paragraph; of two
subjects the nearer one before the verb is the subject."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.extraction._subject_breaks import (
    FINITE,
    NOUN_MODIFIERS,
    past_dateline,
    subject_after_break,
    unclosed_apposition,
)

__all__ = [
    "CLOSING_MARKS",
    "adjacent_subject",
    "cue_lemma",
    "is_cue_verb",
    "is_prepositional_cue",
    "own_subject",
    "quoted_before",
    "subject_of",
]

INHERIT = frozenset({"conj", "xcomp", "advcl"})
CLIMB = frozenset(
    {"xcomp", "advcl", "pcomp", "pobj", "prep", "acomp", "advmod", "conj", "dobj", "attr", "acl"}
)
MAX_CLIMB = 6
RECIPIENTS = frozenset({"NOUN", "PROPN", "PRON"})
"""Parts of speech of an indirect object ("earned her ...", "gave the firm ...")."""
CLOSING_MARKS = frozenset({'"', "”", "''", "’"})
OPENING_MARKS = frozenset({"“", "``", "‘"})


def cue_lemma(tok: Token) -> str:
    """Return the lemma of ``tok``, repairing a lemma that lost its final "e" ("hopes" -> "hop").

    Example: the small English model lemmatizes "hopes" as "hop"; "hope" is the cue.
    """
    lemma = tok.lemma_.lower()
    verbs = lexicon().cue_verbs
    if lemma not in verbs and lemma + "e" in verbs and tok.lower_.startswith(lemma):
        return lemma + "e"  # "hopes" -> "hop", "lambasting" -> "lambast"
    return lemma


def is_cue_verb(tok: Token) -> bool:
    """Return whether ``tok`` is a verb of the cue lexicon."""
    return tok.pos_ in ("VERB", "AUX") and cue_lemma(tok) in lexicon().cue_verbs


def is_prepositional_cue(tok: Token) -> bool:
    """Return whether ``tok`` is a verb that is a cue with its preposition ("sided with")."""
    if tok.pos_ != "VERB":
        return False
    preps = lexicon().verb_preps.get(tok.lemma_.lower(), frozenset())
    return any(c.dep_ == "prep" and c.lower_ in preps for c in tok.rights)


def own_subject(verb: Token) -> Token | None:
    """The verb's own nominal subject. A dash the parser took for one is not ("public ― Trump
    boasted"); of two it gave the verb, the nearer one before it is ("His promises to act
    notwithstanding, independent analyses agree ...")."""
    found: Token | None = None
    for c in verb.lefts:
        if c.dep_ == "nsubj" and not c.is_punct:
            found = c
    if found is not None:
        return unclosed_apposition(found, verb) or found
    return next((c for c in verb.rights if c.dep_ == "nsubj" and not c.is_punct), None)


def subject_of(verb: Token) -> Token | None:
    """Return the subject of a cue verb, kept inside the verb's paragraph.

    A heading line glued to the next paragraph by the parser ("5:45 p.m.\n\nJones says ...")
    or a heading's label ("The Latest: Jones urges ...") must not become the subject: the
    subject is then the first noun after the break or the colon.
    """
    subj = _subject(verb)
    if subj is None:
        return subject_after_break(verb)
    if subj.i > verb.i:
        return subj
    subj = past_dateline(subj)
    own = subj.head.i == verb.i  # an inherited subject may stand before a colon ("A said: ...")
    breaks = [
        t.i for t in verb.doc[subj.i : verb.i] if "\n" in t.text_with_ws or (own and t.text == ":")
    ]
    if not breaks:
        return subj
    for tok in verb.doc[breaks[-1] + 1 : verb.i]:
        if tok.pos_ in ("PROPN", "NOUN", "PRON"):
            while tok.dep_ in NOUN_MODIFIERS and verb.i > tok.head.i > tok.i:
                tok = tok.head
            return tok
    return None


def _subject(verb: Token) -> Token | None:
    """Return the subject of a cue verb, inherited through coordination and participles.

    A cue coordinated with a verb inside another cue's complement ("X warned that A came and
    said B", a common misparse) takes the subject of the nearest cue verb above it.
    """
    own = own_subject(verb) or _agent(verb)
    if own is not None:
        return own
    if _asked(verb):
        return None
    if verb.dep_ == "acl" and _thing(verb.head):
        return _governing_subject(verb) or verb.head
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return verb.head
    if verb.dep_ not in INHERIT:
        return _governing_subject(verb)
    if verb.dep_ == "xcomp" and (controller := _object_of(verb.head, verb)) is not None:
        return controller
    if (doer := _purpose_doer(verb) or _shared_modal(verb)) is not None:
        return doer
    if (signer := _after_signature(verb) or _after_signature(verb.head)) is not None:
        return signer
    if (outer := _past_relative(verb)) is not None:
        return outer
    head = verb.head
    if _finite_over_bare(verb):
        head = head.head  # "X said that A would do B and suggested C": X suggested
    for _ in range(4):
        if head.head.i == head.i and not is_cue_verb(head):
            break
        if is_cue_verb(head) or head.dep_ not in ("ccomp", "conj", "advcl", "xcomp"):
            return _subject(head) if head.i != verb.i else None
        head = head.head
    return own_subject(verb.head) or _governing_subject(verb)


def _past_relative(verb: Token) -> Token | None:
    """The subject of the clause around a restrictive relative clause that a participle
    follows after a comma ("X refused to pay a builder who said he was cheated, saying the work
    was poor": X says it): the comma closes the relative clause, which had none before it."""
    head, doc = verb.head, verb.doc
    if verb.tag_ != "VBG" or head.dep_ != "relcl" or doc[verb.i - 1].text != ",":
        return None
    pronouns = word_class("relative_pronouns")
    rel = next((c for c in head.lefts if c.lower_ in pronouns), None)
    if rel is None or rel.i == 0 or doc[rel.i - 1].text == ",":
        return None  # "a builder, who said ..., saying": the participle may be the builder's
    return _governing_subject(head.head)


def _shared_modal(verb: Token) -> Token | None:
    """The subject of a bare verb coordinated with another bare verb that has one: they share
    its modal and its subject ("they should change the laws rather than criticize him")."""
    head = verb.head
    if verb.dep_ != "conj" or verb.tag_ != "VB" or head.tag_ != "VB" or is_cue_verb(head):
        return None
    return own_subject(head)


def _finite_over_bare(verb: Token) -> bool:
    """Whether a finite verb hangs as a conjunct on a bare verb of a complement ("... that the
    country would leave and suggested ..."): tenses that differ do not coordinate, so the
    finite verb belongs to the clause above."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and verb.tag_ in FINITE
        and head.tag_ == "VB"
        and head.dep_ in ("ccomp", "xcomp", "advcl")
    )


def _purpose_doer(verb: Token) -> Token | None:
    """The subject of the verb an infinitive of purpose or a complement of control hangs from,
    when that verb is not itself a cue: "Ms Ruiz had emailed the manager to say ...", "When the
    envoy came to talk to me ...", "but they could not resist pointing out ..." (the emailer
    says; the envoy talks; they point out), even inside a clause someone else reports ("The
    tribunal heard that Ms Ruiz had emailed him to say ...")."""
    head = verb.head
    if verb.dep_ not in ("advcl", "xcomp") or is_cue_verb(head):
        return None
    if verb.dep_ == "advcl" and not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return None
    return own_subject(head)


def adjacent_subject(verb: Token) -> SpacySpan | None:
    """Return the noun just before a finite cue verb the parser left without a subject.

    "In a meeting with the board Trump said ..." (parsed as "the board Trump"), "Obama and
    Clinton call them ...", "the $20 million experts say it costs": the name, pronoun or speaker
    noun right before the verb (past adverbs: "X also said") is its subject.
    """
    if verb.dep_ == "conj" and verb.head.i < verb.i and verb.tag_ not in FINITE:
        return adjacent_subject(verb.head)  # "Obama and Clinton call them A and describe B"
    if verb.tag_ not in FINITE:
        return None
    doc, i = verb.doc, verb.i - 1
    while i >= verb.sent.start and _adverbial(doc[i], verb):
        i -= 1
    if i < verb.sent.start or i < 0:
        return None
    tok = doc[i]
    if tok.dep_ in ("nsubj", "nsubjpass") or tok.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    if tok.pos_ == "NOUN" and not (tok.ent_type_ or tok.lemma_.lower() in lexicon().speaker_heads):
        return None
    start = tok.i
    while start > verb.sent.start and doc[start - 1].dep_ in ("compound", "flat"):
        start -= 1
    return doc[start : tok.i + 1]


def _agent(verb: Token) -> Token | None:
    """The doer a passive cue names with "by" ("When pressed by Holt about jobs, he said ...",
    "she was told by the manager that ..."): the one who pressed or told."""
    if verb.tag_ != "VBN":
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            by = next((c for c in child.children if c.dep_ == "pobj"), None)
            if by is not None and by.ent_type_ not in ("DATE", "TIME"):
                return by
    return None


def _adverbial(tok: Token, verb: Token) -> bool:
    """Whether a word between a subject and its verb only modifies the verb: an adverb ("also
    said"), or a determiner the parser hung on the verb ("Lee both wrote and directed")."""
    if tok.pos_ in ("ADV", "PART"):
        return tok.dep_ != "neg"
    return tok.dep_ == "det" and tok.head.i == verb.i


def _thing(noun: Token) -> bool:
    """Return whether ``noun`` names a thing, not an agent ("a news conference announcing ...")."""
    return noun.pos_ == "NOUN" and not noun.ent_type_ and noun.lemma_ not in lexicon().person_heads


def _asked(verb: Token) -> bool:
    """Return whether a cue is a bare passive participle of asking ("Asked about X, she said",
    "when pressed on Y"): the subject around it is the one asked; who asked is not named."""
    return (
        verb.tag_ == "VBN"
        and verb.lemma_.lower() in word_class("questioning_verbs")
        and not any(c.dep_ in ("aux", "auxpass", "nsubjpass", "agent") for c in verb.children)
    )


def _governing_subject(verb: Token) -> Token | None:
    """Return the subject of the clause a non-finite cue hangs from.

    "X is steering clear of criticizing Y", "X was able to tout Y", "X took offense at Y":
    the cue's subject is the subject of the nearest verb above it through complements and
    prepositions (never across a reported clause, whose subject is someone else's).
    """
    tok = verb
    for _ in range(MAX_CLIMB):
        if (signer := _after_signature(tok)) is not None:
            return signer
        if tok.dep_ not in CLIMB or tok.head.i == tok.i:
            return _signed_participle(tok) or _opening_participle(verb)
        if tok.dep_ == "xcomp" and (controller := _object_of(tok.head, tok)) is not None:
            return controller  # "Warren pressed him to admit ..." -> he admits
        tok = tok.head
        if quoted_before(tok, verb):
            continue  # '"A was B," adding that C': the quote's subject did not add C
        own = _credited(tok, verb) or own_subject(tok) or _passive_subject(tok)
        if own is not None:
            return own
    return None


def _credited(head: Token, verb: Token) -> Token | None:
    """The person a verb gives something to for doing what a gerund after "for" says ("The
    hearing earned Ms Vance a rebuke for saying ...": Ms Vance said it): the indirect object."""
    if head.pos_ not in ("VERB", "AUX") or verb.tag_ != "VBG":
        return None
    path = [a for a in verb.ancestors if head.is_ancestor(a)]
    if not any(a.lower_ == "for" for a in path):
        return None
    return next((c for c in head.children if c.dep_ == "dative" and c.pos_ in RECIPIENTS), None)


def _after_signature(tok: Token) -> Token | None:
    """The subject of a finite cue a participle follows after a comma ('"...," Ann Lee said,
    going on to say that ...'; "Ann Lee said, adding that ..."): she goes on, whatever the
    parser hung the participle on."""
    doc = tok.doc
    if tok.tag_ != "VBG" or tok.i < 2 or doc[tok.i - 1].text != ",":
        return None
    cue = doc[tok.i - 2]
    if not (is_cue_verb(cue) and cue.tag_ in FINITE):
        return None
    return own_subject(cue)


def _signed_participle(top: Token) -> Token | None:
    """The subject of the cue a subjectless participle follows when the parser made the cue
    hang on it ('"...," Ms Lowe said, not even needing to name him'): she needed not name him."""
    if top.tag_ != "VBG" or own_subject(top) is not None:
        return None
    for child in top.lefts:
        if child.dep_ == "parataxis" and child.tag_ in FINITE:
            return own_subject(child)
    return None


def quoted_before(head: Token, verb: Token) -> bool:
    """Return whether a quote closes between a verb inside it and a participle hung on it
    ('"A was B," adding that C'; not 'X described it as "a mess" but stopped short of calling
    ...', where X's verb stands outside the quote)."""
    if head.i >= verb.i or not any(t.text in CLOSING_MARKS for t in head.doc[head.i : verb.i]):
        return False
    return _inside_quote(head)


def _inside_quote(tok: Token) -> bool:
    """Whether ``tok`` stands between an opening quotation mark and its closing one (straight
    marks open and close in turn), counted from its sentence's start."""
    inside = False
    for t in tok.doc[tok.sent.start : tok.i]:
        if t.text in OPENING_MARKS or (t.text == '"' and not inside):
            inside = True
        elif t.text in CLOSING_MARKS:
            inside = False
    return inside


def _object_of(verb: Token, before: Token) -> Token | None:
    """The object of ``verb`` that stands before its complement ``before``, if a person or body
    ("urged him to resign", "forced the bank to admit"): it controls the complement."""
    heads = lexicon().speaker_heads
    for child in verb.children:
        agent = child.pos_ in ("PRON", "PROPN") or child.lemma_.lower() in heads
        if child.dep_ == "dobj" and child.i < before.i and agent:
            return child
    return None


def _passive_subject(verb: Token) -> Token | None:
    """The subject of a passive verb ("she was taken to hospital" -> she)."""
    return next((c for c in verb.children if c.dep_ == "nsubjpass"), None)


def _opening_participle(verb: Token) -> Token | None:
    """Return the subject of the main clause for a participle that opens the sentence.

    "Claiming the attacks were planned, Trump told reporters ...": the parser may read the
    participle clause as the subject of a verb inside it; its doer is the main clause's subject.
    """
    sent = verb.sent
    if verb.tag_ not in ("VBG", "VBN") or verb.i - sent.start > 2:
        return None
    comma = next((t for t in verb.doc[verb.i : sent.end] if t.text == ","), None)
    if comma is None:
        return None
    for tok in verb.doc[comma.i + 1 : sent.end]:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT":
            return tok
        if tok.pos_ in ("VERB", "AUX"):
            return None
    return None
