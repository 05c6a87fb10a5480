"""Stage 1, entities: named-entity mentions grouped into entities with repaired types.

spaCy's labels are mapped to :data:`~claimgraph.records.ENTITY_TYPES`, then repaired with
the curated table (Periscope is a platform, Twitter an organisation) and with context ("platforms
such as X"). Mentions of the same name are merged: "Bailey" joins "Simon Bailey", an acronym joins
its expansion, and every multi-word organisation gets its acronym as an alias. A surname after a
gendered title that contradicts the title shown for the person it matched ("Mr Quinn ... Ms
Quinn") is another person, named with the title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._doctext import doc_text
from claimgraph.extraction._entity_types import context_type, type_for, without_verb
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.loaders._curated import shipped_facts
from claimgraph.records import Entity, EntityType, Span

__all__ = ["Ent", "EntityTable", "acronym", "by_part", "clean_name", "find_entities"]


@dataclass
class Ent:
    """An entity being built: its canonical name, type, mentions and aliases."""

    key: str
    name: str
    type: EntityType
    mentions: list[Span] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    curated: bool = False

    def add(self, span: Span) -> None:
        """Add a mention span unless it is already there."""
        if span not in self.mentions:
            self.mentions.append(span)


def clean_name(text: str) -> str:
    """Strip a leading article, possessive, titles and surrounding punctuation from a name.

    Example:
        >>> clean_name("Officer Simon Bailey's")
        'Simon Bailey'
    """
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’()—–―•-")
    text = re.sub(r"(?:'s|’s|')$", "", text)
    words = text.split(" ")
    titles = lexicon().name_titles
    while len(words) > 1 and words[0].lower().rstrip(".") in titles:
        words = words[1:]
    return " ".join(words)


def acronym(name: str) -> str | None:
    """Return the acronym of a multi-word name, or ``None``.

    Example:
        >>> acronym("National Police Chiefs' Council")
        'NPCC'
    """
    words = [
        w
        for w in re.split(r"[\s-]+", name)
        if w and w.lower() not in word_class("name_small_words")
    ]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


class EntityTable:
    """The entities of one article, looked up by name and by position."""

    def __init__(self) -> None:
        self.entities: list[Ent] = []
        self._names: dict[str, Ent] = {}
        self._starts: list[int] = []
        self._spans: list[tuple[Span, Ent]] = []

    def new(self, name: str, etype: EntityType) -> Ent:
        """Create an entity (not yet findable by name)."""
        ent = Ent(key=f"e{len(self.entities) + 1}", name=name, type=etype)
        self.entities.append(ent)
        return ent

    def index_name(self, name: str, ent: Ent) -> None:
        """Make ``ent`` findable by ``name`` (case-insensitive) unless the name is taken."""
        self._names.setdefault(name.lower(), ent)

    def by_name(self, name: str) -> Ent | None:
        """Return the entity called ``name`` (or with that alias), if any."""
        return self._names.get(name.lower())

    def mention(self, ent: Ent, span: Span) -> None:
        """Record a mention of ``ent``, findable by position with :meth:`at`."""
        ent.add(span)
        i = bisect_right(self._starts, span[0])
        self._starts.insert(i, span[0])
        self._spans.insert(i, (span, ent))

    def at(self, start: int, end: int) -> Ent | None:
        """Return the entity with a mention overlapping ``[start, end)``, the latest-starting."""
        i = bisect_right(self._starts, end - 1)
        for j in range(i - 1, max(-1, i - 8), -1):
            (s, e), ent = self._spans[j]
            if s < end and start < e:
                return ent
        return None

    def before(self, pos: int, types: tuple[str, ...]) -> Ent | None:
        """Return the entity of these types mentioned last before ``pos``."""
        return next(self.all_before(pos, types), None)

    def mentions_before(self, pos: int, types: tuple[str, ...]) -> Iterator[tuple[Span, Ent]]:
        """Yield the mentions of entities of these types that end before ``pos``, the latest
        first (within the last 60 mentions)."""
        i = bisect_right(self._starts, pos - 1)
        for j in range(i - 1, max(-1, i - 60), -1):
            span, ent = self._spans[j]
            if ent.type in types and span[1] <= pos:
                yield span, ent

    def all_before(self, pos: int, types: tuple[str, ...]) -> Iterator[Ent]:
        """Yield the entities of these types mentioned before ``pos``, the latest first (each
        once, within the last 60 mentions)."""
        i = bisect_right(self._starts, pos - 1)
        seen: set[str] = set()
        for j in range(i - 1, max(-1, i - 60), -1):
            ent = self._spans[j][1]
            if ent.type in types and self._spans[j][0][1] <= pos and ent.key not in seen:
                seen.add(ent.key)
                yield ent

    def after(self, pos: int, limit: int, types: tuple[str, ...]) -> Ent | None:
        """Return the first entity of these types mentioned in ``[pos, limit)``."""
        for j in range(bisect_right(self._starts, pos - 1), len(self._spans)):
            (s, _), ent = self._spans[j]
            if s >= limit:
                break
            if ent.type in types:
                return ent
        return None

    def records(self) -> list[Entity]:
        """Return the finished :class:`Entity` records (mentions sorted)."""
        return [
            Entity(
                key=e.key,
                name=e.name,
                type=e.type,
                mentions=sorted(e.mentions),
                aliases=sorted(a for a in e.aliases if a != e.name),
                wikidata=e.wikidata,
            )
            for e in self.entities
            if e.mentions or e.curated
        ]


@lru_cache(maxsize=1)
def _curated_names() -> dict[str, Entity]:
    """The shipped curated entities by lower-cased name and alias (built once)."""
    return shipped_facts().by_name()


def _attach(table: EntityTable, name: str, etype: EntityType, span: Span, text: str = "") -> Ent:
    curated = _curated_names().get(name.lower())
    if curated is not None:
        ent = table.by_name(curated.name)
        if ent is None:
            ent = table.new(curated.name, curated.type)
            ent.aliases.update(curated.aliases)
            ent.wikidata = curated.wikidata
            for alias in (curated.name, *curated.aliases):
                table.index_name(alias, ent)
        table.mention(ent, span)
        return ent
    ent = (
        _by_surname(table, name, etype, span, text)
        or table.by_name(name)
        or _surname_match(table, name, etype, span, text)
        or (by_part(table, name) if etype == "Person" else None)
        or _named_by_start(table, name, etype, span)
    )
    if ent is not None and etype == "Person" and _other_gender(text, span, ent):
        return _titled_namesake(table, name, span, text)
    if ent is None or (ent.type != etype and etype == "Person" and ent.type != "Organization"):
        ent = table.new(name, etype)
        table.index_name(name, ent)
        short = acronym(name) if etype in ("Organization", "NewsOutlet") else None
        if short and re.search(rf"\b{re.escape(short)}\b", text):  # only an alias the text uses
            ent.aliases.add(short)
            table.index_name(short, ent)
    elif len(name) > len(ent.name) and ent.type == "Person":
        ent.aliases.add(ent.name)
        ent.name = name
        table.index_name(name, ent)
    if name != ent.name:
        ent.aliases.add(name)
        table.index_name(name, ent)
    table.mention(ent, span)
    return ent


def _by_surname(
    table: EntityTable, name: str, etype: EntityType, span: Span, text: str
) -> Ent | None:
    """The person a lone word names when it is the surname of a person named in full, whatever
    type the parser gave it ("Tom Reyes ... Reyes said", parsed as an organisation); of several
    people with that surname, the one :func:`_surname_match` picks for this mention (never the
    one an earlier lone mention happened to join)."""
    if " " in name or etype == "Place":
        return None
    low = name.lower()
    if not any(e.type == "Person" and e.name.lower().split(" ")[-1] == low for e in table.entities):
        return None
    return _surname_match(table, name, "Person", span, text)


def _surname_match(
    table: EntityTable, name: str, etype: EntityType, span: Span, text: str = ""
) -> Ent | None:
    """The person a name shares a surname with; of several, the one whose first name agrees,
    else the one whose surname was written nearest before the name (a full mention: "Cian
    Brennan ... his brother Darragh ... the elder Brennan" is Cian), else the one mentioned
    nearest after it."""
    if etype != "Person":
        return None
    words = name.lower().split(" ")
    same = [
        e
        for e in table.entities
        if e.type == "Person" and e.name.lower().split(" ")[-1] == words[-1]
    ]
    if len(words) > 1:
        same = [e for e in same if e.name.lower().split(" ")[0] == words[0]] or []
    gender = _title_gender(text, span)
    if len(same) > 1 and gender is not None:  # "Mrs Quinn": not the one titled "Mr"
        same = [e for e in same if _shown_gender(text, e) in (gender, None)]
        same = [e for e in same if _shown_gender(text, e) == gender] or same
    if len(same) <= 1:
        return same[0] if same else None
    surname = words[-1]
    before = [
        (max(s for s, _ in e.mentions if s < span[0] and _ends(text, (s, _), surname)), e)
        for e in same
        if any(s < span[0] and _ends(text, (s, x), surname) for s, x in e.mentions)
    ]
    if before:
        return max(before, key=lambda p: p[0])[1]
    return min(same, key=lambda e: min((s for s, _ in e.mentions), default=span[0]))


def _other_gender(text: str, span: Span, ent: Ent) -> bool:
    """Whether a gendered title before ``span`` ("Ms Quinn") contradicts the gender a title
    shows for the person ``ent`` ("Mr Quinn"): two people who share a surname."""
    if ent.type != "Person":
        return False
    gender = _title_gender(text, span)
    shown = _shown_gender(text, ent)
    return gender is not None and shown is not None and gender != shown


def _titled_namesake(table: EntityTable, name: str, span: Span, text: str) -> Ent:
    """A new person for a surname whose title shows another person than the one it matched
    ("Mr Quinn ... Ms Quinn"), named with the title so that the two names differ."""
    title = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, span[0] - 20) : span[0]])
    full = f"{title.group(1)} {name}" if title is not None else name
    ent = table.by_name(full) or table.new(full, "Person")
    table.index_name(full, ent)
    table.mention(ent, span)
    return ent


def _title_gender(text: str, span: Span) -> str | None:
    """ "m" or "f" when the word before ``span`` is a gendered title or kin word ("Mrs",
    "Sir", "her husband"), else ``None``."""
    before = re.search(r"([A-Za-z]+)\.?\s+$", text[max(0, span[0] - 20) : span[0]])
    if before is None:
        return None
    word = before.group(1).lower()
    if word in word_class("male_titles"):
        return "m"
    return "f" if word in word_class("female_titles") else None


def _shown_gender(text: str, ent: Ent) -> str | None:
    """The gender a title before one of ``ent``'s mentions shows, if any."""
    if not text:
        return None
    return next(filter(None, (_title_gender(text, m) for m in ent.mentions)), None)


def by_part(table: EntityTable, word: str) -> Ent | None:
    """The one person of the article whose full name ends or starts with ``word`` ("Ruiz" or
    "Anna" for Anna Ruiz), or ``None`` when no person or more than one fits."""
    if " " in word or not word[:1].isupper():
        return None
    low = word.lower()
    people = [e for e in table.entities if e.type == "Person" and " " in e.name]
    for pos in (-1, 0):
        same = [e for e in people if e.name.lower().split(" ")[pos] == low]
        if same:
            return same[0] if len(same) == 1 else None
    return None


def _ends(text: str, span: Span, word: str) -> bool:
    """Whether the mention at ``span`` ends with ``word`` (any mention, without the text)."""
    return not text or text[span[0] : span[1]].lower().endswith(word)


def _any_before(ent: Ent, span: Span) -> bool:
    return any(s < span[0] for s, _ in ent.mentions)


def _named_by_start(table: EntityTable, name: str, etype: EntityType, span: Span) -> Ent | None:
    """The organisation named in full before and now by the start of its name, without the
    organisation word that ends the full name ("Corvell Group ... Corvell", "Kaveri Agro Foods
    ... Kaveri"), whatever type the parser gave the short name (a person's full name aside)."""
    if etype == "Person" and " " in name:
        return None
    prefix = name.lower() + " "
    found = [
        e
        for e in table.entities
        if e.type in ("Organization", "NewsOutlet")
        and e.name.lower().startswith(prefix)
        and e.name.lower().split(" ")[-1] in word_class("organisation_words")
        and _any_before(e, span)
    ]
    return found[0] if len(found) == 1 else None


def find_entities(doc: Doc, table: EntityTable) -> None:
    """Add the named entities of ``doc`` to ``table``: longer person names first.

    Single-word person names join an earlier or later full name with the same surname.
    """
    text = doc_text(doc)
    found: list[tuple[SpacySpan, str, EntityType]] = []
    for ent in map(without_verb, doc.ents):
        name = clean_name(ent.text)
        etype = type_for(ent, name, text)
        if etype is None or not name or not any(c.isalpha() for c in name):
            continue
        found.append((ent, name, context_type(ent, name, etype)))
    found.sort(key=lambda f: (" " not in f[1], f[2] != "Person", f[0].start))
    for ent, name, etype in found:
        start = ent.start_char + ent.text.find(name) if name in ent.text else ent.start_char
        _attach(table, name, etype, (start, start + len(name)), text)
