"""Stage 7, ownership between entities (roles are in :mod:`claimgraph.extraction._roles`).

Ownership comes from the words between two consecutive entity mentions of one sentence
(:data:`OWNERSHIP_PATTERNS`: "X, which is owned by Y", "Y-owned X", "X, a subsidiary of Y",
"Y bought X", "X's parent company Y", "X, which Y bought") and from the curated table when both
entities are mentioned (:func:`find_ownership`). The patterns are deliberately narrow: a wrong
ownership is worse than a missing one, so proposed deals ("Y plans to buy X"), partial stakes
("Y bought a stake in X"), former owners ("a former unit of Y") and possessives that do not
name a part ("Microsoft's Xbox") are left out.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._entities import Ent, EntityTable, acronym
from claimgraph.extraction._lexicon import data_file
from claimgraph.loaders._curated import shipped_facts
from claimgraph.records import Ownership, Span

__all__ = [
    "OWNERSHIP_PATTERNS",
    "OwnershipPattern",
    "find_ownership",
    "mentions",
    "relations_data",
]

ORGS = ("Organization", "NewsOutlet", "Platform")
OWNED_TYPES = frozenset({"Organization", "NewsOutlet", "Platform", "Other"})
COMPANY = frozenset(ORGS)
ANY_OWNER = frozenset({*ORGS, "Person"})
STATE_OWNER = frozenset({*ORGS, "Person", "Place"})
CANDIDATES = frozenset({*OWNED_TYPES, "Person", "Place"})
PEOPLE_AND_ORGS = frozenset({*ORGS, "Person"})
PRODUCTS = frozenset({"Platform", "Other"})
NAMED = frozenset({*OWNED_TYPES, "Person"})
"""What a phrasing that only a company fits ("its subsidiary X") admits as the owned: a name the
parser typed as a person's is then a company's, and is retyped."""
MODIFIER_AFTER = re.compile(r"^-(?:based|listed|headquartered|born|registered)")

# Up to three words describing the far entity ("owned by producer Y", "acquired game publisher
# Y", "a subsidiary of the Japanese conglomerate Y"); never a word that changes the relation
# ("a stake in Y", "investors led by Y", "a former unit of Y").
_STOP = (
    r"by|from|and|or|with|including|led|of|in|to|for|on|at|as|than|former|formerly|ex|"
    r"onetime|one-time|rival|partner|sister|joint|stake|shares?|minority|part|parts|"
    r"assets|investors?|not|never|which|that|who|its|his|her|their"
)
DESC = rf"(?:(?!(?:{_STOP})\b)\w[\w.&-]*\s+){{0,3}}"
PART = (
    r"(?:subsidiary|subsidiary\s+company|unit|division|arm|brand|property|imprint|label|flagship|"
    r"flagship\s+\w+|command|business\s+school|school|channel|wing|service|affiliate)"
)
ADV = r"(?:(?:also|now|later|then|eventually|subsequently|already|since|in\s+turn)\s+)?"
BE = r"(?:is|was|are|were|has\s+been|had\s+been|have\s+been|became|becomes|remains)"
FULLY = r"(?:(?:wholly|fully|majority)[- ])?"
POSS = r"\s*(?:'s|’s|')\s+"
WHICH = r"(?:\s*,\s*(?:which|that|who))?"
SHARE = r"\d{1,3}(?:\.\d+)?\s*(?:%|per\s*cent|percent)"
SHARE_WORDS = r"(?:roughly|about|around|nearly|almost|some|just\s+over|just\s+under|a\s+further)"
SHARE_IN = re.compile(rf"(?P<share>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent|percent)[^.;]{{0,20}}stake|"
                      rf"stake\s+of\s+(?:{SHARE_WORDS}\s+)?(?P<share2>\d{{1,3}}(?:\.\d+)?)", re.I)
SINCE = re.compile(
    r"^[^.;]{0,40}?\b(?:in|since)\s+(?P<date>(?:(?:early|late|mid-?)\s*)?(?:(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\s+)?(?:1[89]|20)\d\d)\b"
)
DEAL = re.compile(r"\b(?:acquired|bought|purchased|took\s+over|taken\s+over|owned|owns)\b", re.I)
CONJ = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)$")
MAX_GAP = 90
PART_AFTER = re.compile(
    r"\s*(?:division|unit|subsidiary|brand|label|imprint|arm|channel|network|service|studio)\b",
    re.I,
)
# Bodies that have members rather than subsidiaries: "X is part of the Premier League".
NOT_OWNERS = re.compile(
    r"\b(?:League|Alliance|Coalition|Association|Federation|Union|Council|Conference|Cup|"
    r"Championship|Commonwealth|Party)\b"
)


RELATION_KEYS = frozenset(
    {
        "role_heads",
        "agent_suffixes",
        "title_words",
        "honorifics",
        "offices",
        "org_nouns",
        "professions",
        "company_words",
        "facility_words",
    }
)


@lru_cache(maxsize=1)
def relations_data() -> dict[str, Any]:
    """The word lists of ``data/relations.yaml`` (read once; every key checked)."""
    return data_file("relations.yaml", RELATION_KEYS)


@dataclass(frozen=True)
class OwnershipPattern:
    """How the words between two entity mentions state that one owns the other.

    Attributes:
        name: a short label for the phrasing (for tests and debugging).
        gap: matches the whole text between the first and the second mention.
        owner_first: ``True`` when the first mention is the owner ("Y bought X").
        owners: the entity types allowed as the owner (the owned is never a person or place).
        after: when set, the text right after the second mention must match it
            ("X, which Y bought").
        possessive: "Y's X": accepted only when X's name starts with Y's name or acronym
            ("Amazon's Amazon Prime") or a word naming a part follows ("Sega's Sonic Team
            division").
        owned: the entity types allowed as the owned. "X, a subsidiary of Y" admits any type,
            since only a company can be a subsidiary and spaCy's small model often mislabels
            companies as places or people.
        conjuncts: the owner also owns the mentions coordinated with the owned ("Y bought X,
            Z and W").
        before: when set, the text before the first mention (in its sentence) must match it
            ("sold its business, X, to Z").
    """

    name: str
    gap: re.Pattern[str]
    owner_first: bool
    owners: frozenset[str] = COMPANY
    after: re.Pattern[str] | None = None
    possessive: bool = False
    owned: frozenset[str] = OWNED_TYPES
    conjuncts: bool = False
    before: re.Pattern[str] | None = None


def _pattern(
    name: str,
    gap: str,
    *,
    owner_first: bool,
    owners: frozenset[str] = COMPANY,
    after: str | None = None,
    possessive: bool = False,
    owned: frozenset[str] = OWNED_TYPES,
    conjuncts: bool = False,
    before: str | None = None,
) -> OwnershipPattern:
    return OwnershipPattern(
        name=name,
        gap=re.compile(rf"^(?:{gap})$", re.I),
        owner_first=owner_first,
        owners=owners,
        after=re.compile(after, re.I) if after else None,
        possessive=possessive,
        owned=owned,
        conjuncts=conjuncts,
        before=re.compile(before, re.I) if before else None,
    )


OWNERSHIP_PATTERNS: tuple[OwnershipPattern, ...] = (
    _pattern(
        "X, which is owned by Y",
        rf"\s*[,(]?\s*(?:(?:which|that)\s+)?(?:{BE}\s+)?{ADV}{FULLY}(?:owned|acquired|bought|"
        rf"purchased|taken\s+over|owned\s+and\s+operated|operated\s+and\s+owned)\s+by\s+{DESC}",
        owner_first=False,
        owners=ANY_OWNER,
    ),
    _pattern(
        "X was sold to Y",
        rf"\s*,?\s*(?:(?:which|that)\s+)?{BE}\s+{ADV}sold\s+to\s+{DESC}",
        owner_first=False,
        owners=ANY_OWNER,
    ),
    _pattern(
        "Y sold X to Z",
        rf"\s*,?\s*to\s+(?:(?:rival|the|its|a)\s+)?{DESC}",
        owner_first=False,
        owners=ANY_OWNER,
        before=r"\bsold\s+(?:(?:its|their|his|her|the|a|an)\s+)?[^.;]{0,60}$",
        owned=NAMED,
    ),
    _pattern(
        "X, whose parent company is Y",
        rf"\s*,\s*whose\s+(?:{FULLY}owner|parent(?:\s+(?:company|group|firm))?)\s+(?:is|was)\s+"
        rf"{DESC}",
        owner_first=False,
        owners=ANY_OWNER,
        owned=NAMED,
    ),
    _pattern(
        "X, a product made by Y",
        rf"\s*,?\s*(?:(?:which|that)\s+)?(?:(?:is|was)\s+)?(?:(?:a|an|the)\s+[^,.;()]{{0,60}}?\s+)?"
        rf"(?:produced|developed|manufactured|made|marketed|designed)\s+by\s+{DESC}",
        owner_first=False,
        owned=frozenset({"Platform", "Other"}),
    ),
    _pattern(
        "Y holds a 49% stake in X",
        rf"{WHICH}\s+{ADV}(?:has\s+|had\s+)?{ADV}(?:holds|held|owns|owned|took|bought|acquired|"
        rf"purchased|retained|retains|has)\s+(?:an?\s+)?(?:{SHARE_WORDS}\s+)?{SHARE}\s+"
        rf"(?:[a-z]+\s+)?stake\s+in\s+{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
        owned=NAMED,
    ),
    _pattern(
        "Y holds a stake of 49% in X",
        rf"{WHICH}\s+{ADV}(?:has\s+|had\s+)?{ADV}(?:holds|held|owns|owned|took|bought|acquired|"
        rf"purchased|retained|retains|has)\s+(?:an?\s+)?(?:[a-z]+\s+)?stake\s+of\s+"
        rf"(?:{SHARE_WORDS}\s+)?{SHARE}\s+in\s+{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
        owned=NAMED,
    ),
    _pattern(
        "X ... its owner, Y",
        rf"[^.;]{{0,60}}?\bits\s+(?:{FULLY}owner|parent(?:\s+(?:company|group|firm))?)\s*,\s*",
        owner_first=False,
        owners=ANY_OWNER,
    ),
    _pattern(
        "X belongs to Y",
        rf"\s*,?\s*(?:(?:which|that)\s+)?{ADV}(?:belongs|belonged)\s+to\s+{DESC}",
        owner_first=False,
        owners=ANY_OWNER,
    ),
    _pattern(
        "X, a subsidiary of Y",
        rf"\s*(?:,|\(|\s{BE})\s*{ADV}(?:(?:a|an|the|one)\s+)?{DESC}{PART}\s+of\s+{DESC}",
        owner_first=False,
        owned=CANDIDATES,
    ),
    _pattern(
        "X, part of Y",
        rf"\s*(?:,|\s{BE})\s*{ADV}part\s+of\s+{DESC}",
        owner_first=False,
    ),
    _pattern(
        "X's parent company Y",
        rf"{POSS}(?:parent(?:\s+(?:company|group|firm))?|owner)\s*,?\s*(?:is\s+)?",
        owner_first=False,
        owners=ANY_OWNER,
    ),
    _pattern(
        "X, which Y bought",
        r"\s*,?\s*(?:which|that)\s+",
        owner_first=False,
        after=r"\s+(?:has\s+|had\s+)?(?:owns|owned|bought|acquired|purchased|took\s+over)\b",
    ),
    _pattern(
        "Y-owned X",
        rf"\s*-?\s*{FULLY}owned\s+{DESC},?\s*",
        owner_first=True,
        owners=STATE_OWNER,
    ),
    _pattern(
        "Y bought X",
        rf"\s+{ADV}(?:has\s+|had\s+)?{ADV}(?:bought|acquired|purchased|owns|owned|took\s+over|"
        rf"taken\s+over)\s+{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
        conjuncts=True,
    ),
    _pattern(
        "Y's subsidiary X",
        rf"{POSS}(?:[a-z][\w-]*\s+){{0,2}}{PART}\s*,?\s*",
        owner_first=True,
        owned=NAMED,
    ),
    _pattern(
        "Y, the parent company of X",
        rf"\s*,\s*(?:(?:the|a|its)\s+)?{DESC}(?:parent(?:\s+(?:company|group|firm))?|owner)"
        rf"\s+of\s+{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
    ),
    _pattern(
        "Y, which owns X",
        rf"\s*,\s*(?:which|that|who)\s+{ADV}(?:owns|bought|acquired|purchased)\s+{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
        owned=NAMED,
        conjuncts=True,
    ),
    _pattern(
        "Y's acquisition of X",
        rf"{POSS}(?:completed\s+)?(?:acquisition|purchase|takeover)\s+of\s+{DESC}",
        owner_first=True,
        after=r"(?![^.;]*\b(?:blocked|rejected|abandoned|called\s+off|fell\s+through|collapsed|"
        r"failed|would|will|could|might|may|talks)\b)",
    ),
    _pattern("Y's X", POSS, owner_first=True, possessive=True),
)


def mentions(table: EntityTable, types: frozenset[str]) -> list[tuple[Span, Ent]]:
    """Mentions of entities of these types in text order, without ones that hold another.

    The speaker resolver records descriptions like "Oxfam spokeswoman Clara Mendes" as mentions
    of the person; the relations need the names inside them.
    """
    # One entity per span: the first one made (a place, not its government speaking in its name).
    first: dict[Span, Ent] = {}
    for e in table.entities:
        if e.type in types:
            for span in e.mentions:
                first.setdefault(span, e)
    spans = sorted(first.items(), key=lambda item: item[0])
    return [
        (span, e)
        for i, (span, e) in enumerate(spans)
        if not any(
            o != span and span[0] <= o[0] and o[1] <= span[1]
            for o, _ in spans[max(0, i - 8) : i + 8]
        )
    ]


class _Text:
    """Token lookup by character offset, built once per document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.starts = doc.to_array(IDX).tolist() if len(doc) else []

    def token_after(self, pos: int) -> Token | None:
        """Return the first token starting at or after ``pos``."""
        i = bisect_left(self.starts, pos)
        return self.doc[i] if i < len(self.doc) else None

    def modifies_next(self, end: int) -> bool:
        """The mention ending at ``end`` modifies what follows ("Nokia's phones", "X shares")."""
        nxt = self.token_after(end)
        return nxt is not None and (nxt.tag_ == "POS" or nxt.pos_ in ("NOUN", "PROPN"))


def _sentence_before(text: str, pos: int) -> str:
    """The text of the sentence before ``pos`` (at most 120 characters)."""
    window = text[max(0, pos - 120) : pos]
    cut = max(window.rfind(". "), window.rfind("\n"))
    return window[cut + 1 :] if cut >= 0 else window


def _safe_possessive(owner: Ent, owned: Ent, text: str, end: int) -> bool:
    """ "Y's X" is ownership only when X is named after Y or is called a part of Y."""
    first = owned.name.lower()
    names = [owner.name, *owner.aliases, acronym(owner.name) or ""]
    if any(n and first.startswith(n.lower() + " ") for n in names):
        return True
    return PART_AFTER.match(text[end : end + 30]) is not None


def _match(
    pattern: OwnershipPattern, a: tuple[Span, Ent], b: tuple[Span, Ent], tx: _Text
) -> tuple[Ent, Ent] | None:
    """Return ``(owner, owned)`` when ``pattern`` states ownership between mentions a and b."""
    text = tx.text
    if not pattern.gap.match(text[a[0][1] : b[0][0]]):
        return None
    owner, owned = (a[1], b[1]) if pattern.owner_first else (b[1], a[1])
    if owner.type not in pattern.owners or owned.type not in pattern.owned:
        return None
    if pattern.after is not None and not pattern.after.match(text[b[0][1] : b[0][1] + 80]):
        return None
    if pattern.before is not None and not pattern.before.search(_sentence_before(text, a[0][0])):
        return None
    if pattern.possessive:
        return (owner, owned) if _safe_possessive(owner, owned, text, b[0][1]) else None
    if tx.modifies_next(b[0][1]):
        return None
    if pattern.owners is COMPANY and NOT_OWNERS.search(owner.name):
        return None
    return owner, owned


def _stated(doc: Doc, table: EntityTable) -> dict[tuple[str, str], Ownership]:
    tx = _Text(doc)
    found_mentions = [
        m for m in mentions(table, CANDIDATES) if not _place_modifier(tx.text, m)
    ]
    found: dict[tuple[str, str], Ownership] = {}
    for i, (a, b) in enumerate(itertools.pairwise(found_mentions)):
        gap = tx.text[a[0][1] : b[0][0]]
        if a[1] is b[1] or len(gap) > MAX_GAP or "\n" in gap:
            continue
        for pattern in OWNERSHIP_PATTERNS:
            pair = _match(pattern, a, b, tx)
            if pair is None:
                continue
            if pair[1].type == "Person":
                pair[1].type = "Organization"  # owned, so not a person
            _add(found, pair[0], pair[1], (a[0][0], b[0][1]), tx.text)
            if pattern.conjuncts:
                for c in _conjuncts(tx.text, found_mentions, i + 1):
                    if c[1].type in pattern.owned and not tx.modifies_next(c[0][1]):
                        _add(found, pair[0], c[1], (a[0][0], c[0][1]))
            break
    return found


def _place_modifier(text: str, mention: tuple[Span, Ent]) -> bool:
    """ "Pune-based", "Hong Kong-listed": a place describing the next name, not a party."""
    return MODIFIER_AFTER.match(text[mention[0][1] :]) is not None


def _add(
    found: dict[tuple[str, str], Ownership],
    owner: Ent,
    owned: Ent,
    evidence: Span,
    text: str | None = None,
) -> None:
    """Record that ``owner`` owns ``owned`` (once: the inverse statement is the same fact),
    with the share and the date of the acquisition when the evidence states them."""
    key = (owner.key, owned.key)
    if owner is not owned and key not in found and key[::-1] not in found:
        found[key] = Ownership(owner.key, owned.key, evidence=evidence)
        if text is not None:
            _terms(found[key], text, evidence)


def _terms(own: Ownership, text: str, evidence: Span) -> None:
    """ "a 49% stake in X": the share; "acquired X in 2019", "has owned X since 2005": the date."""
    words = text[evidence[0] : evidence[1]]
    m = SHARE_IN.search(words)
    if m:
        own.share = float(m.group("share") or m.group("share2"))
    if DEAL.search(words):
        d = SINCE.match(text[evidence[1] : evidence[1] + 80]) or SINCE.search(words)
        own.since = d.group("date") if d else None


def _conjuncts(text: str, mentions: list[tuple[Span, Ent]], i: int) -> Iterator[tuple[Span, Ent]]:
    """Yield the mentions coordinated after ``mentions[i]`` ("X, Z and W")."""
    for prev, nxt in itertools.pairwise(mentions[i:]):
        gap = text[prev[0][1] : nxt[0][0]]
        if not CONJ.match(gap):
            return
        yield nxt
        if "and" in gap or "or" in gap:
            return


def _curated(table: EntityTable, found: dict[tuple[str, str], Ownership]) -> None:
    facts = shipped_facts()
    names = {e.key: e.name for e in facts.entities}
    for own in facts.ownerships:
        owner = table.by_name(names[own.owner])
        owned = table.by_name(names[own.owned])
        if owner is None or owned is None or not owner.mentions or not owned.mentions:
            continue
        key = (owner.key, owned.key)
        if owner is not owned and key not in found and key[::-1] not in found:
            found[key] = Ownership(owner.key, owned.key, source=own.source)


SAME_COMPANY = frozenset(str(w).lower() for w in relations_data()["company_words"])
FACILITIES = frozenset(str(w).lower() for w in relations_data()["facility_words"])
REGIONS = frozenset({"Europe", "Asia", "Africa", "America", "Americas", "International", "Global"})
"""Words after a company's name that make a regional arm of it ("Square Enix Europe")."""


def _part_name(owner: Ent, owned: Ent, rest: str) -> bool:
    """ "BBC Two" after "BBC": a part. "Veltrix Industries" before "Veltrix": the company's
    full name, then its short one. Words of a company's legal or trade name ("Industries",
    "Mining", "Holdings") and of a place ("Arena") never make a part."""
    words = {w.lower().strip(".,") for w in rest.split()}
    if words <= SAME_COMPANY or rest.split()[-1].lower() in FACILITIES:
        return False
    return owned.type in PRODUCTS or min(owner.mentions) < min(owned.mentions)


def _named_after(table: EntityTable, found: dict[tuple[str, str], Ownership]) -> None:
    """ "Google Play Music" is Google's: a company's name followed by more words names a
    product of it, or a national or regional arm ("General Motors New Zealand"), when the
    article names both. Another company named so ("Veltrix Industries" beside "Veltrix") is the
    same company under a longer name, not a part of it."""
    owners = [e for e in table.entities if e.type in COMPANY and e.mentions]
    places = {e.name for e in table.entities if e.type == "Place"} | REGIONS
    for owned in table.entities:
        if owned.type not in OWNED_TYPES or not owned.mentions:
            continue
        for owner in owners:
            if owner is owned or not owned.name.startswith(owner.name + " "):
                continue
            rest = owned.name[len(owner.name) + 1 :]
            if any(rest.startswith(p) for p in places) or _part_name(owner, owned, rest):
                _add(found, owner, owned, min(owned.mentions))


PRONOUN_DEAL = re.compile(
    r"\b(?:it|which)\s+(?:has\s+|had\s+)?(?:also\s+)?(?:acquired|bought|purchased|took\s+over)"
    rf"\s+(?:[\w.&-]+\s+){{0,3}}?$|\bits\s+(?:[a-z][\w-]*\s+){{0,2}}{PART}\s*,?\s*$",
    re.I,
)


def _pronoun_owner(doc: Doc, table: EntityTable, found: dict[tuple[str, str], Ownership]) -> None:
    """ "Tai Shan has been expanding since it acquired Boolgeeda", "Halwyn said its online
    subsidiary, Pryor Home, ...": "it" is the organisation named last before it in the
    sentence."""
    text = doc_text(doc)
    named = [m for m in mentions(table, CANDIDATES) if not _place_modifier(text, m)]
    for i, (span, owned) in enumerate(named):
        if owned.type not in NAMED or not PRONOUN_DEAL.search(_sentence_before(text, span[0])):
            continue
        start = span[0] - len(_sentence_before(text, span[0]))
        earlier = [m for m in named[:i] if m[0][0] >= start and m[1].type in COMPANY]
        if earlier and earlier[-1][1] is not owned:
            if owned.type == "Person":
                owned.type = "Organization"
            _add(found, earlier[-1][1], owned, (earlier[-1][0][0], span[1]), text)


def find_ownership(doc: Doc, table: EntityTable) -> list[Ownership]:
    """Return ownership stated in the text plus curated ownership between mentioned entities.

    Args:
        doc: the parsed article.
        table: its entities (from :func:`~claimgraph.extraction._entities.find_entities`).

    Returns:
        One :class:`Ownership` per (owner, owned) pair: with ``evidence`` (first mention to
        second) when the text states it, else with the curated ``source``.
    """
    found = _stated(doc, table)
    _pronoun_owner(doc, table, found)
    _named_after(table, found)
    _curated(table, found)
    return list(found.values())
