"""Stage 1, entities: named-entity mentions grouped into entities with repaired types.

spaCy's labels are mapped to :data:`~claimgraph.records.ENTITY_TYPES`, then repaired with
the curated table (Periscope is a platform, Twitter an organisation) and with context ("platforms
such as X"). Mentions of the same name are merged: "Bailey" joins "Simon Bailey", an acronym joins
its expansion, and every multi-word organisation gets its acronym as an alias.
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
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.loaders._curated import shipped_facts
from claimgraph.records import Entity, EntityType, Span

__all__ = ["Ent", "EntityTable", "acronym", "clean_name", "find_entities"]

LABELS: dict[str, EntityType] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "PRODUCT": "Other",
}
OUTLET_WORDS = re.compile(
    r"\b(Times|Post|News|Journal|Herald|Tribune|Gazette|Daily|Magazine|Radio|Television|"
    r"Broadcasting|Press|Chronicle|Telegraph|Observer|Newsweek|Wire)\b"
)
PLATFORM_CONTEXT = re.compile(
    r"(platforms?|apps?|services?|sites?|networks?)\s+(such as|including|like)\s*$", re.I
)


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
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'“”‘’()")
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


def _type_for(ent: SpacySpan, name: str, text: str) -> EntityType | None:
    etype = LABELS.get(ent.label_)
    if etype is None:
        return None
    if PLATFORM_CONTEXT.search(text[max(0, ent.start_char - 40) : ent.start_char]):
        return "Platform"
    if etype == "Organization" and OUTLET_WORDS.search(name):
        return "NewsOutlet"
    return etype


@lru_cache(maxsize=1)
def _curated_names() -> dict[str, Entity]:
    """The shipped curated entities by lower-cased name and alias (built once)."""
    return shipped_facts().by_name()


def _attach(table: EntityTable, name: str, etype: EntityType, span: Span) -> Ent:
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
    ent = table.by_name(name) or _surname_match(table, name, etype)
    if ent is None or (ent.type != etype and etype == "Person"):
        ent = table.new(name, etype)
        table.index_name(name, ent)
        short = acronym(name) if etype in ("Organization", "NewsOutlet") else None
        if short:
            ent.aliases.add(short)
            table.index_name(short, ent)
    elif len(name) > len(ent.name) and ent.type == "Person":
        ent.aliases.add(ent.name)
        ent.name = name
        table.index_name(name, ent)
    if name != ent.name:
        ent.aliases.add(name)
    table.mention(ent, span)
    return ent


def _surname_match(table: EntityTable, name: str, etype: EntityType) -> Ent | None:
    if etype != "Person":
        return None
    last = name.split(" ")[-1].lower()
    for ent in reversed(table.entities):
        if ent.type == "Person" and ent.name.split(" ")[-1].lower() == last:
            return ent
    return None


def find_entities(doc: Doc, table: EntityTable) -> None:
    """Add the named entities of ``doc`` to ``table``: longer person names first.

    Single-word person names join an earlier or later full name with the same surname.
    """
    text = doc_text(doc)
    found: list[tuple[SpacySpan, str, EntityType]] = []
    for ent in doc.ents:
        name = clean_name(ent.text)
        etype = _type_for(ent, name, text)
        if etype is None or not name or not any(c.isalpha() for c in name):
            continue
        found.append((ent, name, etype))
    found.sort(key=lambda f: (f[2] != "Person" or " " not in f[1], f[0].start))
    for ent, name, etype in found:
        start = ent.start_char + ent.text.find(name) if name in ent.text else ent.start_char
        _attach(table, name, etype, (start, start + len(name)))
