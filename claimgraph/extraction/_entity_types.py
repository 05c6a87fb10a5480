"""The type of a named-entity mention: the parser's label mapped to
:data:`~claimgraph.records.ENTITY_TYPES` and repaired from context ("platforms such as X", a
title before a name, an organisation word ending it), and the mention's span without a
headline verb the parser glued to it (used by :mod:`._entities`)."""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.records import EntityType

__all__ = ["LABELS", "context_type", "type_for", "without_verb"]

LABELS: dict[str, EntityType] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "PRODUCT": "Other",
}
FINITE_VERBS = frozenset({"VBZ", "VBD", "VBP"})
"""Tags of a finite verb, which no name ends in."""


def _platform_context() -> re.Pattern[str]:
    """ "platforms such as", "apps including", "sites like" just before a name: a platform."""
    return _context_pattern(word_class("platform_nouns"), word_class("example_markers"))


@lru_cache(maxsize=4)
def _context_pattern(nouns: frozenset[str], markers: frozenset[str]) -> re.Pattern[str]:
    noun = "|".join(sorted(map(re.escape, nouns)))
    marker = "|".join(sorted((re.escape(m).replace(r"\ ", r"\s+") for m in markers), key=len)[::-1])
    return re.compile(rf"\b(?:{noun})s?\s+(?:{marker})\s*$", re.I)


def type_for(ent: SpacySpan, name: str, text: str) -> EntityType | None:
    etype = LABELS.get(ent.label_)
    if etype is None:
        return None
    if _platform_context().search(text[max(0, ent.start_char - 40) : ent.start_char]):
        return "Platform"
    outlets = word_class("outlet_name_words")
    if etype == "Organization" and any(
        w[:1].isupper() and w.lower() in outlets for w in name.split()
    ):
        return "NewsOutlet"
    return etype


def without_verb(ent: SpacySpan) -> SpacySpan:
    """A name without the finite verb a headline glued to it ("Obama Says Museum Will ..."
    parsed as the person "Obama Says"): a name never ends in a finite verb."""
    end = ent.end
    while end - ent.start > 1 and ent.doc[end - 1].tag_ in FINITE_VERBS:
        end -= 1
    return ent if end == ent.end else SpacySpan(ent.doc, ent.start, end, label=ent.label)


def context_type(ent: SpacySpan, name: str, etype: EntityType) -> EntityType:
    """Repair the parser's type from context: a name after a personal title ("Ms Patel",
    "Dr Amari") is a person; a name ending in an organisation word ("Ballinvarra GAA club",
    "Harbour Bank", "Leeds City Council") is an organisation; a place name in apposition to a
    person word ("the minister, Orla Brennock") is a person."""
    before = ent.doc[ent.start - 1].lower_.rstrip(".") if ent.start > 0 else ""
    first = ent[0].lower_.rstrip(".")
    titles = word_class("male_titles") | word_class("female_titles") | word_class("person_titles")
    if etype in ("Organization", "Other", "Place") and (before in titles or first in titles):
        return "Person"
    last = name.split(" ")[-1].lower()
    if etype in ("Person", "Other", "Place") and last in word_class("organisation_words"):
        return "Organization"
    if etype == "Place" and _apposed_to_person(ent):
        return "Person"
    return etype


def _apposed_to_person(ent: SpacySpan) -> bool:
    """Whether a name stands in apposition to a description of a person ("The Minister for
    Transport, Orla Brennock, said"): it names that person, whatever the parser called it."""
    root = ent.root
    return root.dep_ == "appos" and root.head.lower_ in lexicon().person_heads
