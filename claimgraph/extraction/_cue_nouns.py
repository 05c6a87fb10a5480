"""Cue nouns: "the agency's warning that A", "warnings from his attorney that A", "X's
criticism of A", "X made the argument that A", and a clause set in a finding ("In the poll, Lee
leads by two points"). The word lists are data (``data/cues.yaml``)."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimgraph.extraction._cues import (
    MIN_OBJECT_TOKENS,
    MIN_TOKENS,
    cue_lemma,
    is_cue_verb,
    own_subject,
    subject_of,
)
from claimgraph.extraction._drafts import Draft, char_span, phrase_of, trim
from claimgraph.extraction._lexicon import lexicon, word_class

__all__ = ["evidence_draft", "noun_draft"]


def evidence_draft(prep: Token) -> Draft | None:
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


def _host_cue(noun: Token) -> Token | None:
    """Return the cue verb a cue noun names the medium of ("said in a statement that A", "wrote
    in a letter that A"): the noun is the object of a preposition the verb governs."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.i > prep.i:
        return None
    verb = prep.head
    return verb if is_cue_verb(verb) and subject_of(verb) is not None else None


def _hosted_draft(verb: Token, rng: tuple[int, int]) -> Draft:
    """The claim of a cue verb whose clause the parser hung on the noun of its medium: the verb
    is the cue and its subject the speaker ("The mayor said in a statement that A")."""
    doc = verb.doc
    subj = subject_of(verb)
    return Draft(
        content=[char_span(doc, *rng)],
        kind="indirect",
        cue=verb,
        cue_span=char_span(doc, verb.i, verb.i + 1),
        speaker=phrase_of(subj) if subj is not None else None,
        lemma=cue_lemma(verb),
    )


def noun_draft(noun: Token) -> Draft | None:
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
    if clauses and (host := _host_cue(noun)) is not None:
        return _hosted_draft(host, rng)
    return Draft(
        content=[char_span(doc, *rng)],
        kind="indirect",
        cue=noun,
        cue_span=char_span(doc, noun.i, noun.i + 1),
        speaker=speaker,
        lemma=noun.lemma_.lower(),
    )
