"""Roles from the words between a person's and an organisation's names, and from appositions:
"Oxfam spokeswoman Clara Mendes", "Tim Cook, chief executive of Apple", "Maria Olsen, who heads
the Refugee Council", "Tim Cook, Apple's chief executive,", "Simon Bailey, the NPCC lead on child
protection"."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

import numpy
from spacy.attrs import DEP
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._entities import Ent, EntityTable
from claimgraph.extraction._ownership_patterns import MAX_GAP, ORGS, PEOPLE_AND_ORGS
from claimgraph.extraction._relations import mentions
from claimgraph.extraction._titles import is_title, role_words
from claimgraph.records import Role, Span

__all__ = ["appositions", "gap_roles"]

ROLE_VERBS = {
    "heads": "head",
    "headed": "head",
    "leads": "leader",
    "led": "leader",
    "runs": "head",
    "ran": "head",
    "chairs": "chair",
    "chaired": "chair",
    "directs": "director",
    "directed": "director",
    "manages": "manager",
    "managed": "manager",
    "founded": "founder",
    "co-founded": "co-founder",
}
WHO_HEADS = re.compile(
    rf"^\s*,\s*who\s+(?:(?:now|also|currently|still)\s+)?(?P<verb>{'|'.join(ROLE_VERBS)})"
    r"\s+(?:the\s+)?$",
    re.I,
)
TITLE_BEFORE = re.compile(r"^(?:\s*(?:'s|’s|'))?\s+(?P<title>(?:[A-Za-z][\w-]*\s+){1,4})$")
TITLE_OF = re.compile(
    r"^\s*,\s*(?:(?:the|a|an)\s+)?(?P<title>(?:[A-Za-z][\w-]*\s+){1,4}?)"
    r"(?:of|at|for|with)\s+(?:the\s+)?$"
)
POSS_TITLE_AFTER = re.compile(r"^(?:'s|’s|')\s+(?P<title>(?:[A-Za-z][\w-]*\s*){1,4}?)\s*[,.;)]")
TRAILING = frozenset({"of", "for", "at", "with", "in", "to", "from", "on", "and"})


def gap_roles(text: str, table: EntityTable) -> Iterator[Role]:
    """Roles stated by the words between a person and an organisation mention.

    "Oxfam spokeswoman Clara Mendes", "Apple's chief executive Tim Cook", "Tim Cook, chief
    executive of Apple", "Maria Olsen, who heads the Refugee Council", "Tim Cook, Apple's chief
    executive,".
    """
    for (sa, a), (sb, b) in itertools.pairwise(mentions(table, PEOPLE_AND_ORGS)):
        gap = text[sa[1] : sb[0]]
        if len(gap) > MAX_GAP or "\n" in gap:
            continue
        evidence = (sa[0], sb[1])
        if a.type != "Person" and b.type == "Person":
            m = TITLE_BEFORE.match(gap)
            if m and is_title(m["title"].split()):
                yield Role(
                    person=b.key, organization=a.key, title=m["title"].strip(), evidence=evidence
                )
        elif a.type == "Person" and b.type != "Person":
            yield from _person_first(text, gap, a, b, sb)


def _person_first(text: str, gap: str, person: Ent, org: Ent, org_span: Span) -> Iterator[Role]:
    evidence = (org_span[0] - len(gap) - 1, org_span[1])
    m = WHO_HEADS.match(gap)
    if m:
        yield Role(
            person=person.key,
            organization=org.key,
            title=ROLE_VERBS[m["verb"].lower()],
            evidence=evidence,
        )
        return
    m = TITLE_OF.match(gap)
    if m and is_title(m["title"].split()):
        yield Role(
            person=person.key, organization=org.key, title=m["title"].strip(), evidence=evidence
        )
        return
    after = POSS_TITLE_AFTER.match(text[org_span[1] : org_span[1] + 60])
    if re.fullmatch(r"\s*,\s*", gap) and after and is_title(after["title"].split()):
        end = org_span[1] + after.end("title")
        yield Role(
            person=person.key,
            organization=org.key,
            title=after["title"].strip(),
            evidence=(evidence[0], end),
        )


def appositions(doc: Doc, table: EntityTable) -> Iterator[Role]:
    """Roles from an apposition holding an organisation ("X, the NPCC lead on child protection",
    "X, a spokesman for the White House", "X, the chief executive of Y")."""
    heads, _ = role_words()
    if not len(doc):
        return
    deps = doc.to_array(DEP)
    for i in numpy.flatnonzero(deps == doc.vocab.strings["appos"]):  # appositions only
        tok = doc[int(i)]
        if tok.pos_ != "NOUN" or tok.lemma_.lower() not in heads:
            continue
        person = table.at(tok.head.idx, tok.head.idx + len(tok.head.text))
        if person is None or person.type != "Person":
            continue
        sub = doc[tok.left_edge.i : tok.right_edge.i + 1]
        found = _org_in(sub, tok, table)
        if found is None:
            continue
        org, org_tokens = found
        words = _appos_title(doc, tok, sub.start, org_tokens)
        if words:
            last = max(words[-1].i, org_tokens[-1])
            end = doc[last].idx + len(doc[last].text)
            title = " ".join(t.text for t in words)
            yield Role(
                person=person.key,
                organization=org.key,
                title=title,
                evidence=(tok.head.left_edge.idx, end),
            )


def _org_in(sub: SpacySpan, head: Token, table: EntityTable) -> tuple[Ent, list[int]] | None:
    """The organisation named in an apposition (the first after its head, else before it)."""
    runs: dict[str, tuple[Ent, list[int]]] = {}
    for t in sub:
        ent = table.at(t.idx, t.idx + len(t.text)) if t.ent_type_ == "ORG" else None
        if ent is not None and ent.type in ORGS:
            runs.setdefault(ent.key, (ent, []))[1].append(t.i)
    after = [r for r in runs.values() if r[1][0] > head.i]
    before = [r for r in runs.values() if r[1][0] < head.i]
    return next(iter(after or before), None)


def _appos_title(doc: Doc, head: Token, start: int, org: list[int]) -> list[Token]:
    """The title in an apposition, without the organisation, clauses and trailing words."""
    if org[0] > head.i:
        between = doc[head.i + 1 : org[0]]
        if any(_stops_title(t) for t in between):
            return []
        tokens = list(doc[start : org[0]])
    else:
        tokens = [t for t in doc[start : head.i + 1] if t.i not in org]
        for t in doc[head.i + 1 : head.right_edge.i + 1]:
            if _stops_title(t):
                break
            tokens.append(t)
    return _title(tokens)


def _stops_title(tok: Token) -> bool:
    return tok.is_punct or tok.pos_ in ("VERB", "AUX", "CCONJ") or tok.tag_ in ("WDT", "WP")


def _title(tokens: Iterable[Token]) -> list[Token]:
    """The words of a title without determiners, adverbs, punctuation, a dangling "of"."""
    words = [
        t
        for t in tokens
        if t.tag_ not in ("POS", "DT", "PRP$") and t.pos_ != "ADV" and not t.is_punct
    ]
    while words and words[-1].lower_ in TRAILING:
        words.pop()
    preps = [i for i, t in enumerate(words) if t.lower_ in TRAILING]
    if preps and not any(t.pos_ == "NOUN" for t in words[preps[-1] + 1 :]):
        words = words[: preps[-1]]
    return words
