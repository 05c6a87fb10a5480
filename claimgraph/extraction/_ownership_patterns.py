"""The phrasings of ownership the ownership stage matches between two entity mentions, and the
word lists of ``data/relations.yaml`` (:func:`relations_data`).

Each :class:`OwnershipPattern` matches the whole text between two consecutive mentions of one
sentence ("X, which is owned by Y", "Y's subsidiary X", "Y holds a 49% stake in X").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from claimgraph.extraction._lexicon import data_file

__all__ = ["OWNERSHIP_PATTERNS", "OwnershipPattern", "relation_words", "relations_data"]

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
    r"assets|investors?|not|never|which|that|who|its|his|her|their|is|was|are|were"
)
DESC = rf"(?:(?!(?:{_STOP})\b)\w[\w.&-]*\s+|-\s+){{0,4}}"
"""Up to three words (and the hyphens of a tokenised text: "the state - owned Y")."""
PART_ADJ = r"(?!(?:sister|former|rival|partner|one-time|onetime|ex)\b)"
"""Words before a part that make it another company's ("its sister channel X")."""
ADV = r"(?:(?:also|now|later|then|eventually|subsequently|already|since|in\s+turn)\s+)?"
BE = r"(?:is|was|are|were|has\s+been|had\s+been|have\s+been|became|becomes|remains)"
FULLY = r"(?:(?:wholly|fully|majority)[- ])?"
POSS = r"\s*(?:'s|’s|')\s+"
WHICH = r"(?:\s*,\s*(?:which|that|who))?"
SHARE = r"\d{1,3}(?:\.\d+)?\s*(?:%|per\s*cent|percent)"
SHARE_WORDS = r"(?:roughly|about|around|nearly|almost|some|just\s+over|just\s+under|a\s+further)"
SHARE_IN = re.compile(
    rf"(?P<share>\d{{1,3}}(?:\.\d+)?)\s*(?:%|per\s*cent|percent)[^.;]{{0,20}}stake|"
    rf"stake\s+of\s+(?:{SHARE_WORDS}\s+)?(?P<share2>\d{{1,3}}(?:\.\d+)?)",
    re.I,
)
SINCE = re.compile(
    r"^[^.;]{0,40}?\b(?:in|since)\s+(?P<date>(?:(?:early|late|mid-?)\s*)?(?:(?:January|February|"
    r"March|April|May|June|July|August|September|October|November|December)\s+)?(?:1[89]|20)\d\d)\b"
)
DEAL = re.compile(r"\b(?:acquired|bought|purchased|took\s+over|taken\s+over|owned|owns)\b", re.I)
CONJ = re.compile(r"^\.?\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?$")
MAX_GAP = 90
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
        "corporate_body_nouns",
        "facility_words",
        "thing_nouns",
        "part_words",
        "part_after_words",
        "company_nouns",
        "direction_words",
        "chamber_words",
        "part_nouns",
        "part_nouns_plural",
        "product_nouns",
        "regions",
    }
)


@lru_cache(maxsize=1)
def relations_data() -> dict[str, Any]:
    """The word lists of ``data/relations.yaml`` (read once; every key checked)."""
    return data_file("relations.yaml", RELATION_KEYS)


def relation_words(key: str) -> frozenset[str]:
    """The words of ``data/relations.yaml``'s ``key``, lower case."""
    return frozenset(str(w).lower() for w in relations_data()[key])


def _words(key: str) -> str:
    """The phrases of ``data/relations.yaml``'s ``key`` as one alternation (spaces: any)."""
    phrases = sorted((str(w).lower() for w in relations_data()[key]), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in phrases)


PART = rf"(?:{_words('part_nouns')}|flagship\s+\w+)"
"""Nouns naming what a company owns ("a subsidiary of Y", "the flagship station of Y")."""
PARTS = rf"(?:{_words('part_nouns_plural')})"
"""The plural of :data:`PART` ("its subsidiaries X and Y", "Y's developmental territories")."""
PRODUCT_NOUNS = _words("product_nouns")
"""Plural nouns of what a company makes or runs: "Veltrix apps, including X and Y"."""
PART_AFTER = re.compile(rf"\s*(?:{_words('part_after_words')})\b", re.I)
"""A noun right after "Y's X" calling X a part of Y ("Sega's Sonic Team division")."""


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
        subject: the first mention must be its clause's subject, not the object of a
            preposition ("ACE, the parent of Air Canada, holds a stake in X": not Air Canada).
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
    subject: bool = False


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
    subject: bool = False,
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
        subject=subject,
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
        "X, a club owned by Y",
        rf"\s*[,(-]\s*(?:a|an|the|one\s+of\s+the)\s+[^,.;()]{{0,60}}?\s+{ADV}{FULLY}"
        rf"(?:owned|operated|owned\s+and\s+operated)\s+by\s+{DESC}",
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
        "X is a show produced by Y",
        rf"\s*,?\s*(?:(?:which|that)\s+)?(?:is|was)\s+(?:a|an)\s+[^,.;()]{{0,60}}?\s+"
        rf"(?:produced|developed|manufactured|made|marketed)\s+by\s+{DESC}",
        owner_first=False,
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
        rf"purchased|retained|retains|has|secured|secures)\s+(?:an?\s+)?(?:{SHARE_WORDS}\s+)?"
        rf"{SHARE}\s+(?:[a-z]+\s+)?stake\s+in\s+{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
        owned=NAMED,
        subject=True,
    ),
    _pattern(
        "Y holds a stake of 49% in X",
        rf"{WHICH}\s+{ADV}(?:has\s+|had\s+)?{ADV}(?:holds|held|owns|owned|took|bought|acquired|"
        rf"purchased|retained|retains|has|secured|secures)\s+(?:an?\s+)?(?:[a-z]+\s+)?stake\s+of\s+"
        rf"(?:{SHARE_WORDS}\s+)?{SHARE}\s+in\s+{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
        owned=NAMED,
        subject=True,
    ),
    _pattern(
        "Y completed its acquisition of X",
        rf"\s+{ADV}(?:has\s+|had\s+)?(?:completed|finalised|finalized|closed)\s+(?:its|the)\s+"
        rf"(?:acquisition|purchase|takeover)\s+of\s+(?:an?\s+(?:majority|controlling)\s+stake\s+"
        rf"in\s+)?{DESC}",
        owner_first=True,
        owners=ANY_OWNER,
        subject=True,
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
        "Y apps, including X",
        rf"\s+(?:[a-z][\w-]*\s+)?(?:{PRODUCT_NOUNS})\s*,?\s*(?:including|such\s+as|like)\s+"
        r"(?:\([^()]{0,40}\)\s*)?",
        owner_first=True,
        owned=NAMED,
        conjuncts=True,
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
        subject=True,
    ),
    _pattern(
        "Y's subsidiary X",
        rf"{POSS}(?:{PART_ADJ}[a-z][\w-]*\s+){{0,2}}(?:{PART}|{PARTS})\s*,?\s*",
        owner_first=True,
        owned=NAMED,
        conjuncts=True,
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
