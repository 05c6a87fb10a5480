"""Stage 6, roles: the positions people hold, at an organisation or in an office.

A role is read from the words around a person's name, in any of the phrasings news uses:

- a title before the name, with the organisation before it: "Veltrix chairman Arvind Mehta",
  "Alberta Premier Doug Harlan", "Brightwater's head of resources research, Callum Deery",
  "Its chief executive, Daniel Hartigan", "The charity's research director, Dr Sunita Bhatt";
- a title after the name: "Nadia Brook, policy director at Clean Air Canada", "Tessa Wild, a
  retail analyst at Greyfriars Securities", "Tim Cook, Apple's chief executive",
  "Professor Elaine Kirkwood of the University of Northfield", "Maria Olsen, who heads Y";
- appositions holding an organisation ("Simon Bailey, the NPCC lead on child protection").

The organisation is the one named in the phrase; "its" and "the institute" resolve to the
organisation named before (:meth:`_Roles.last_org`). A title with no organisation in its phrase
("chief executive Helen Farrant said") is of the organisation the sentences before are about,
when the title is a post in an organisation; an office ("Employment Judge", "Sen.") is of the
body the article names (the tribunal, the Senate), else it is recorded with no organisation: the
article does not say which ("the Chancellor").

A title is a run of words whose head is a position (``role_heads`` in ``titles.yaml`` and
``relations.yaml``, or an agent noun: "cardiologist") and whose other words are modifiers or
portfolio words, with an optional complement after "of" or "for" ("head of resources research",
"Minister for Finance").
"""

from __future__ import annotations

import itertools
import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._entities import Ent, EntityTable
from claimgraph.extraction._lexicon import lexicon
from claimgraph.extraction._relations import mentions
from claimgraph.extraction._role_phrases import appositions, gap_roles
from claimgraph.extraction._titles import (
    COMPLEMENT,
    is_head,
    is_title,
    modifier,
    relation_words,
    role_words,
)
from claimgraph.records import Role, Span

__all__ = ["find_roles", "is_title", "role_words"]

ROLE_ORGS = frozenset({"Organization", "NewsOutlet", "Place"})
"""A role is held at an organisation, or at a place's government ("Alberta Premier")."""
CONTEXT = 400
"""How far back (characters) "its" or a bare title looks for its organisation."""
AFTER_PREPS = frozenset({"at", "of", "for", "with", "in"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
THIRD = frozenset({"its", "their"})
COMPANY_TYPES = frozenset({"Organization", "NewsOutlet"})
NOT_NAMES = frozenset({"the", "its", "his", "her", "their", "a", "an", "our", "this", "that"})


def _is_name(text: str) -> bool:
    """Written as a name: capitalised, not a description ("its chief executive", "The Minister
    for Finance": a capitalised title after "the")."""
    words = text.split()
    described = bool(words) and words[0].lower() == "the"
    if described:
        words = words[1:]
    first = words[0] if words else ""
    if described and first.lower() in lexicon().person_heads:
        return False
    return first[:1].isupper() and first.lower() not in NOT_NAMES


class _Roles:
    """The article's people and organisations by position, and the roles found."""

    def __init__(self, doc: Doc, table: EntityTable) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.table = table
        self.orgs = [
            (s, e) for s, e in mentions(table, ROLE_ORGS | {"Person"}) if e.type in ROLE_ORGS
        ]
        self.found: dict[tuple[str, str | None], Role] = {}
        self.named: dict[int, Ent] = {}  # token index -> the name it is part of
        for (start, end), ent in mentions(table, ROLE_ORGS | {"Person", "Other"}):
            if not _is_name(self.text[start:end]):
                continue  # a description the resolver gave a name ("its chief executive")
            span = doc.char_span(start, end, alignment_mode="expand")
            for t in span if span is not None else ():
                self.named[t.i] = ent

    def org_ending(self, end: int) -> tuple[Span, Ent] | None:
        """The organisation mention ending at ``end`` (a possessive may follow it)."""
        return next((m for m in self.orgs if m[0][1] == end), None)

    def org_starting(self, start: int) -> tuple[Span, Ent] | None:
        return next((m for m in self.orgs if m[0][0] == start), None)

    def last_org(self, before: int, word: str | None = None, *, latest: bool = False) -> Ent | None:
        """The organisation the sentences before ``before`` (within :data:`CONTEXT`) are about:
        the one named there most often in the article, the first named in the article on a tie
        (with ``latest``, the last named: what "its" refers to); with ``word``, one whose name
        holds it, if any ("the institute")."""
        near = [
            m
            for m in self.orgs
            if before - CONTEXT <= m[0][1] <= before
            and m[1].type in COMPANY_TYPES
            and _is_name(self.text[m[0][0] : m[0][1]])
        ]
        if word:
            named = [m for m in near if word.lower() in m[1].name.lower().split()]
            near = named or near
        if not near:
            return None
        if latest:
            return near[-1][1]
        first = {e.key: min(e.mentions) for e in (m[1] for m in near)}
        return max((m[1] for m in near), key=lambda e: (len(e.mentions), -first[e.key][0]))

    def body(self, head: str, title: str) -> Ent | None:
        """The organisation an office implies ("senate" for a senator), if the article names
        it; for a minister, only a department or ministry of the title's portfolio."""
        words = relation_words()["offices"].get(head.lower().rstrip("."))
        if not words:
            return None
        portfolio = {w.lower() for w in title.split()} - {head.lower()}
        for _, ent in self.orgs:
            name = ent.name.lower()
            if ent.type not in COMPANY_TYPES or not any(w in name for w in words):
                continue
            if head.lower() != "minister" or portfolio & set(name.split()):
                return ent
        return None

    def add(self, person: Ent, org: Ent | None, title: str, evidence: Span) -> None:
        key = (person.key, org.key if org else None)
        if org is not None and (person.key, None) in self.found:
            del self.found[(person.key, None)]
        if org is None and any(k[0] == person.key for k in self.found):
            return
        self.found.setdefault(
            key,
            Role(
                person=person.key,
                organization=org.key if org else None,
                title=title,
                evidence=evidence,
            ),
        )


PERSON_NAME = re.compile(r"^[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){1,2}$")


def _personal(ent: Ent) -> bool:
    """A person, or a name the parser typed otherwise that reads as one ("Nadia Brook"):
    two or three capitalised words, none of them a word for an organisation."""
    if ent.type == "Person":
        return True
    words = ent.name.lower().split()
    heads, _ = role_words()
    bodies = set(relation_words()["org_nouns"]) | heads
    return PERSON_NAME.match(ent.name) is not None and not any(w in bodies for w in words)


def _person_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _title_tokens(r: _Roles, i: int) -> list[Token]:
    """The title ending at token ``i`` (read leftwards), longest first trimmed to a title."""
    doc = r.doc
    words: list[Token] = []
    while i >= 0 and len(words) < 7:
        t = doc[i]
        verb = t.pos_ in ("VERB", "AUX") and t.lower_ not in role_words()[1]  # "managing"
        stop = t.is_punct or t.tag_ in ("POS", "DT", "PRP$") or verb
        if stop or (t.pos_ == "ADP" and t.lower_ not in COMPLEMENT) or _in_org(r, t):
            break
        words.insert(0, t)
        i -= 1
    while words and not is_title([w.text for w in words]):
        words = words[1:]
    return words


def _in_org(r: _Roles, t: Token) -> bool:
    """Inside a name, except a one-word portfolio the parser took for one ("Finance")."""
    ent = r.named.get(t.i)
    if ent is None:
        return False
    return not (" " not in ent.name and modifier(ent.name) and ent.name.lower() in role_words()[1])


def _left(r: _Roles, person: Ent, ps: int, pe: int) -> None:
    """ "Veltrix chairman Arvind Mehta", "Its chief executive, Daniel Hartigan"."""
    doc, hon = r.doc, relation_words()["honorifics"]
    span = _person_span(doc, ps, pe)
    if span is None:
        return
    i = span.start - 1
    honorific = None
    while i >= 0 and doc[i].lower_.rstrip(".") in hon and doc[i].lower_ != "the":
        honorific = honorific or doc[i]
        i -= 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    words = _title_tokens(r, i)
    if not words:
        office = honorific.lower_.rstrip(".") if honorific is not None else ""
        if office in relation_words()["offices"]:  # "Sen. Margaret Ellison"
            r.add(
                person,
                r.body(office, office),
                honorific.text if honorific else office,
                (honorific.idx if honorific else ps, pe),
            )
        return
    title = " ".join(w.text for w in words)
    org, start = _org_before(r, words[0])
    head = next(w.text for w in reversed(words) if is_head(w.text))
    prev = doc[words[0].i - 1] if words[0].i else None
    if org is None and prev is not None and prev.tag_ == "PRP$" and prev.lower_ not in THIRD:
        pass  # "our reporter", "her neighbour": a person's or the outlet's, not an organisation
    elif org is None and not _in_post(head) and (named := _named_in(r, words)) is not None:
        org, words = named
        title = " ".join(w.text for w in words)
    elif org is None:
        org = r.body(head, title) or (r.last_org(words[0].idx) if _in_post(head) else None)
    elif org.type == "Place" and _in_post(head):
        org = None  # "Edmonton teacher X": a place employs no one; its government holds offices
    r.add(person, org, title, (start, pe))


def _named_in(r: _Roles, words: list[Token]) -> tuple[Ent, list[Token]] | None:
    """ "Queensland Premier": an office's title that opens with a name the article knows."""
    for n in range(len(words) - 1, 0, -1):
        ent = r.table.by_name(" ".join(w.text for w in words[:n]))
        if ent is not None and ent.type in ROLE_ORGS and not _portfolio(ent):
            return ent, words[n:]
    return None


def _portfolio(ent: Ent) -> bool:
    """A one-word name that is a title's portfolio ("Finance" of "Finance Minister")."""
    return " " not in ent.name and ent.name.lower() in role_words()[1]


def _bodies(table: EntityTable) -> None:
    """A name the parser typed as a person's that ends in a word for a body ("Fresco Market",
    "St Luke's Hospital") is an organisation's."""
    nouns = set(relation_words()["org_nouns"])
    for ent in table.entities:
        if ent.type in ("Person", "Other") and ent.name.split()[-1].lower() in nouns:
            ent.type = "Organization"


def _in_post(head: str) -> bool:
    """A post in an organisation (a chief executive), not a public office (a minister) nor a
    trade (a teacher)."""
    low = head.lower().rstrip(".")
    return low not in relation_words()["offices"] and low not in relation_words()["professions"]


def _org_before(r: _Roles, first: Token) -> tuple[Ent | None, int]:
    """The organisation before a title: "Veltrix", "Brightwater's", "its", "the charity's"."""
    doc, i = r.doc, first.i - 1
    if i < 0:
        return None, first.idx
    prev = doc[i]
    if prev.lower_ in ("its", "their"):
        return r.last_org(prev.idx, latest=True), prev.idx
    if prev.text in POSSESSIVE or prev.tag_ == "POS":
        found = r.org_ending(prev.idx)
        if found is not None:
            return found[1], found[0][0]
        noun = doc[i - 1] if i > 0 else None
        if noun is not None and noun.lower_ in relation_words()["org_nouns"]:
            return r.last_org(noun.idx, noun.lower_), noun.idx
        return None, first.idx
    found = r.org_ending(prev.idx + len(prev.text))
    if found is not None:
        return found[1], found[0][0]
    return None, first.idx


AFTER_TITLE = re.compile(
    r"^\s*,\s*(?:(?:a|an|the)\s+)?(?P<title>[A-Za-z][\w\s-]{1,60}?)\s+"
    r"(?P<prep>at|of|for|with|in)\s+(?:the\s+)?"
)
POSS_NOUN_TITLE = re.compile(
    r"^\s*,\s*the\s+(?P<noun>[a-z]+)(?:'s|’s)\s+(?P<title>[A-Za-z][\w\s-]{1,50}?)\s*[,.;)]"
)
OF_ORG = re.compile(r"^\s+(?:of|at)\s+(?:the\s+)?")


def _right(r: _Roles, person: Ent, ps: int, pe: int) -> None:
    """ "Nadia Brook, policy director at Clean Air Canada", "Professor X of the University"."""
    after = r.text[pe : pe + 120]
    m = AFTER_TITLE.match(after)
    if m and is_title(m["title"].split()):
        org = _org_near(r, pe + m.end())
        if org is not None:
            r.add(person, org[1], m["title"].strip(), (ps, org[0][1]))
            return
    m = POSS_NOUN_TITLE.match(after)
    if m and m["noun"].lower() in relation_words()["org_nouns"] and is_title(m["title"].split()):
        known = r.last_org(ps, m["noun"].lower())  # "Ann Lee, the institute's deputy director"
        if known is not None:
            r.add(person, known, m["title"].strip(), (ps, pe + m.end("title")))
            return
    m = OF_ORG.match(after)
    before = re.search(r"([A-Za-z]+)\.?\s+$", r.text[max(0, ps - 20) : ps])
    if m and before and is_head(before.group(1)):
        org = _org_near(r, pe + m.end())
        if org is not None:
            r.add(person, org[1], before.group(1), (ps - len(before.group(0)), org[0][1]))


def _org_near(r: _Roles, pos: int) -> tuple[Span, Ent] | None:
    """The organisation named at ``pos``; a name the parser took for a person's counts when
    its last word names a body ("St Luke's Hospital")."""
    found = next((m for m in r.orgs if pos <= m[0][0] <= pos + 4), None)
    if found is not None:
        return found
    for span, ent in mentions(r.table, frozenset({"Person", "Other"})):
        if (
            pos <= span[0] <= pos + 4
            and ent.name.split()[-1].lower() in relation_words()["org_nouns"]
        ):
            ent.type = "Organization"
            return span, ent
    return None


def find_roles(doc: Doc, table: EntityTable) -> list[Role]:
    """Return the roles people hold, one per (person, organisation).

    Args:
        doc: the parsed article.
        table: its entities.

    Returns:
        Roles from titles around names (:func:`_left`, :func:`_right`), appositions and the
        words between a person and an organisation; a role with no organisation only for a
        person with no other role.
    """
    _bodies(table)
    r = _Roles(doc, table)
    for (ps, pe), person in mentions(table, frozenset({"Person", "Organization", "Other"})):
        if not _personal(person):
            continue
        before = len(r.found)
        _left(r, person, ps, pe)
        _right(r, person, ps, pe)
        if len(r.found) > before and person.type != "Person":
            person.type = "Person"  # a name with a job title is a person's
    types = {e.key: e.type for e in table.entities}
    for role in itertools.chain(appositions(doc, table), gap_roles(r.text, table)):
        org_type = types.get(role.organization or "")
        if types.get(role.person) == "Person" and org_type in COMPANY_TYPES:
            person = next(e for e in table.entities if e.key == role.person)
            org = next(e for e in table.entities if e.key == role.organization)
            if _portfolio(org):
                continue  # "Finance Minister X": a portfolio, not an organisation
            r.add(person, org, role.title, role.evidence or (0, 0))
    types = {e.key: e.type for e in table.entities}  # as they stand after the retyping above
    return [
        role
        for role in r.found.values()
        if types.get(role.person) == "Person"
        and (role.organization is None or types.get(role.organization) in ROLE_ORGS)
    ]
