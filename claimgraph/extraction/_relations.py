"""Stage 7, ownership between entities (roles are in :mod:`claimgraph.extraction._roles`).

Ownership comes from

- the words between two consecutive entity mentions of one sentence
  (:data:`~claimgraph.extraction._ownership_patterns.OWNERSHIP_PATTERNS`: "X, which is owned by
  Y", "Y-owned X", "X, a unit of Y", "Y bought X", "X's parent company Y", "X, whose parent
  company is Y", "Y sold X to Z" (Z is the owner), "Y holds a 49% stake in X" (with the share));
- "it acquired X" and "its subsidiary, X", the owner being the organisation named last before
  in the sentence (:func:`_pronoun_owner`);
- a name made of a company's name and more words, when it names a product or a regional arm
  ("Veltrix Play Music", "Veltrix Europe"), not the company's own longer name ("Veltrix
  Industries" beside "Veltrix") (:func:`_named_after`);
- the curated table when both entities are mentioned (:func:`find_ownership`).

A place written as a modifier ("Pune-based", "Hong Kong-listed") is no party. Owner and owned are
type-checked: an owner is an organisation or a person, the owned an organisation, brand, product
or platform (a name the parser typed as a person's, in a phrasing only a company fits, is
retyped). Proposed deals ("Y plans to buy X"), stakes of no stated size ("Y bought a stake in
X"), former owners ("a former unit of Y") and possessives that do not name a part ("Microsoft's
Xbox") are left out: a wrong ownership is worse than a missing one. The share and the date of an
acquisition are kept when the evidence states them. The inverse statement (parent, subsidiary,
owned by) is the same fact, recorded once.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Iterator

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._entities import Ent, EntityTable, acronym
from claimgraph.extraction._ownership_patterns import (
    CANDIDATES,
    COMPANY,
    CONJ,
    DEAL,
    MAX_GAP,
    MODIFIER_AFTER,
    NAMED,
    NOT_OWNERS,
    OWNED_TYPES,
    OWNERSHIP_PATTERNS,
    PART,
    PART_ADJ,
    PART_AFTER,
    PARTS,
    PRODUCTS,
    SHARE_IN,
    SINCE,
    OwnershipPattern,
    relation_words,
    relations_data,
)
from claimgraph.extraction._ownership_subject import listed_after, subject_ownership
from claimgraph.loaders._curated import shipped_facts
from claimgraph.records import Ownership, Span

__all__ = [
    "OWNERSHIP_PATTERNS",
    "OwnershipPattern",
    "find_ownership",
    "mentions",
    "relations_data",
]

SAME_COMPANY = relation_words("company_words")
FACILITIES = relation_words("facility_words")
PART_WORDS = relation_words("part_words")
REGIONS = frozenset(str(w) for w in relations_data()["regions"])
"""Words after a company's name that make a regional arm of it ("Veltrix Europe")."""
DIRECTIONS = relation_words("direction_words")
"""Words of a direction ("Eastern"): a name of them alone is a region's word, never an owner."""
CHAMBERS = relation_words("chamber_words")
"""Words of a legislature or a government ("House"): a name of them alone owns no longer name."""


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
    return [(span, e) for i, (span, e) in enumerate(spans) if not _holds_another(spans, i)]


def _holds_another(spans: list[tuple[Span, Ent]], i: int) -> bool:
    """Whether ``spans[i]`` holds another of the (distinct, sorted) spans near it, up to 8
    places away: one before it can only start where it starts, one after it must end by its
    end."""
    start, end = spans[i][0]
    if i and spans[i - 1][0][0] == start:
        return True
    return any(o[1] <= end for o, _ in spans[i + 1 : i + 8])


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
    if len(owned.name.split()) > 1 and owned.name.split()[-1].lower() in PART_WORDS:
        return True  # "Delmar Group's Greengrass Television"
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
    if pattern.subject and OBJECT_BEFORE.search(_sentence_before(text, a[0][0])):
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
    found_mentions = [m for m in mentions(table, CANDIDATES) if not _place_modifier(tx.text, m)]
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
                        if c[1].type == "Person":
                            c[1].type = "Organization"  # owned, so not a person
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
        found[key] = Ownership(owner=owner.key, owned=owned.key, evidence=evidence)
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
            found[key] = Ownership(owner=owner.key, owned=owned.key, source=own.source)


_NOT_A_NAME = re.compile(r"(?:^|\s)(?!(?:of|on|and|for|the|de|du|la)\b)[a-z]+(?:\s|$)")
"""A word in lower case that is not a name's function word ("Veltrix 40 percent")."""


def _part_name(owner: Ent, owned: Ent, rest: str) -> bool:
    """ "BBC Two" after "BBC": a part. "Veltrix Industries" before "Veltrix": the company's
    full name, then its short one, unless the last word names an arm ("Veltrix Pictures", "Veltrix
    Mobile"). Words of a company's legal or trade name ("Industries", "Mining", "Holdings") and
    of a place or public body ("Arena", "Committee"), of a body that has members rather than
    owners ("Coalition", "Council") never make a part, nor do words that are not a name's
    ("Veltrix 40 percent": a lower-case word other than "of", "and", ...)."""
    words = {w.lower().strip(".,") for w in rest.split()}
    if words <= SAME_COMPANY or words & FACILITIES or _NOT_A_NAME.search(rest):
        return False
    if NOT_OWNERS.search(rest):  # "Corvane Investment Coalition": a body with members
        return False
    if len(rest.split()) == 1 and rest.lower() in PART_WORDS:
        return True
    return owned.type in PRODUCTS or min(owner.mentions) < min(owned.mentions)


def _may_own(owner: Ent) -> bool:
    """Whether a name can own the longer names that start with it: not a direction or region
    word the parser took for an organisation ("Eastern" in "Eastern Europe"), not a
    legislature or a government ("House" in "House Education Committee"), not a public
    body or a place's institution ("U.S. Court" in "U.S. Court of Appeals", "European Council"
    in "European Council on ...": another body named after it, not its part)."""
    words = [w.lower().strip(".,") for w in owner.name.split()]
    if all(w in DIRECTIONS for w in words) or all(w in CHAMBERS for w in words):
        return False
    return NOT_OWNERS.search(owner.name) is None and words[-1] not in FACILITIES


def _named_after(table: EntityTable, found: dict[tuple[str, str], Ownership]) -> None:
    """ "Veltrix Play Music" is Veltrix's: a company's name followed by more words names a
    product of it, or a national or regional arm ("Veltrix New Zealand"), when the
    article names both. Another company named so ("Veltrix Industries" beside "Veltrix") is the
    same company under a longer name, not a part of it. A regional arm typed a person's or a
    place's ("Veltrix Australia") is retyped."""
    owners = [e for e in table.entities if e.type in COMPANY and e.mentions and _may_own(e)]
    places = {e.name for e in table.entities if e.type == "Place"} | REGIONS
    for owned in table.entities:
        if not owned.mentions or owned.type not in CANDIDATES:
            continue
        for owner in owners:
            if owner is owned or not owned.name.startswith(owner.name + " "):
                continue
            rest = owned.name[len(owner.name) + 1 :]
            if not rest[:1].isalnum():  # "Downy / Lenor": two names, not a longer one
                continue
            if any(rest.startswith(p) for p in places):
                owned.type = "Organization" if owned.type not in OWNED_TYPES else owned.type
                _add(found, owner, owned, min(owned.mentions))
            elif owned.type in OWNED_TYPES and _part_name(owner, owned, rest):
                _add(found, owner, owned, min(owned.mentions))


OBJECT_BEFORE = re.compile(r"\b(?:of|by|for|with|to|from|than)\s+(?:the\s+)?$", re.I)
"""Words before a name that make it the object of a preposition ("the parent of X")."""
PRONOUN_DEAL = re.compile(
    r"\b(?:it|which)\s+(?:has\s+|had\s+)?(?:also\s+)?(?:acquired|bought|purchased|took\s+over)"
    r"\s+(?:(?!(?:a|an)\s+(?:\w+\s+)?(?:stake|shares?|interest)\b)[\w.&-]+\s*,?\s+){0,6}?$"
    rf"|\bits\s+(?:{PART_ADJ}[a-z][\w-]*\s+){{0,2}}(?:{PART}|{PARTS})\s*,?\s*$",
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
            for c in _conjuncts(text, named, i):
                if c[1].type in OWNED_TYPES:
                    _add(found, earlier[-1][1], c[1], (earlier[-1][0][0], c[0][1]))


def find_ownership(doc: Doc, table: EntityTable) -> list[Ownership]:
    """Return ownership stated in the text plus curated ownership between mentioned entities.

    Args:
        doc: the parsed article.
        table: its entities (from :func:`~claimgraph.extraction._entities.find_entities`).

    Returns:
        One :class:`Ownership` per (owner, owned) pair: with ``evidence`` (first mention to
        second) when the text states it, else with the curated ``source``.
    """
    text = doc_text(doc)
    named = [m for m in mentions(table, CANDIDATES) if not _place_modifier(text, m)]
    claims = subject_ownership(doc, named)  # first: it may retype the article's subject
    found = _stated(doc, table)
    for owner, owned, evidence, coordinated in claims:
        _add(found, owner, owned, evidence, text)
        if coordinated:
            i = next(i for i, m in enumerate(named) if m[0][1] == evidence[1])
            for c in listed_after(text, named, i):
                _add(found, owner, c[1], (evidence[0], c[0][1]))
    _pronoun_owner(doc, table, found)
    _named_after(table, found)
    _curated(table, found)
    return list(found.values())
