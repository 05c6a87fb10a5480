"""Stage 2, identity: who a speaker phrase refers to.

A speaker phrase ("Bailey", "he", "the police chief", "a source") is resolved to an entity of the
article's :class:`~claimgraph.extraction._entities.EntityTable`, and the phrase is added to
that entity's mentions:

* a phrase that contains a named mention is that entity;
* ``he``/``she`` is the person mentioned last before it, ``it``/``they`` the last organisation
  (or the last speaker);
* a definite description headed by a person word ("the police chief") is the entity an earlier
  description with the same head referred to; else the first person named in the next two
  sentences when nobody has been named yet (a description before the name); else the person
  mentioned last;
* anything else (an indefinite or plural description: "a source", "officials") is an unnamed
  source of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimgraph.extraction._drafts import phrase_of
from claimgraph.extraction._entities import Ent, EntityTable, clean_name
from claimgraph.extraction._lexicon import lexicon, word_class

__all__ = ["Resolver"]

AGENTS = ("Person", "Organization", "NewsOutlet", "Platform", "UnnamedSource")
RELATIVE = frozenset({"WDT", "WP"})


@dataclass
class Resolver:
    """Resolves speaker phrases of one article in text order.

    Attributes:
        table: the article's entities.
        descriptions: head lemma of a definite description -> the entity it was resolved to.
        last_speaker: the entity of the most recent resolved speaker.
    """

    table: EntityTable
    descriptions: dict[str, Ent] = field(default_factory=dict)
    last_speaker: Ent | None = None

    def resolve(self, phrase: SpacySpan) -> Ent:
        """Return the entity ``phrase`` refers to and record the phrase as its mention."""
        span = (phrase.start_char, phrase.end_char)
        ent = self._resolve(phrase)
        self.table.mention(ent, span)
        self.last_speaker = ent
        return ent

    def _resolve(self, phrase: SpacySpan) -> Ent:
        root = phrase.root
        if root.tag_ in RELATIVE and root.head.dep_ == "relcl" and root.head.head.i < root.i:
            return self._resolve(phrase_of(root.head.head))
        named = self.table.at(root.idx, root.idx + len(root.text))
        if named is None and root.pos_ == "PROPN":
            named = self.table.at(phrase.start_char, phrase.end_char)
        if named is None and len(phrase) <= 6:
            named = self.table.at(phrase.start_char, phrase.end_char)
        if named is not None and named.type != "Place":
            return named
        lower = root.lower_
        if root.pos_ == "PRON" or lower in word_class("person_pronouns") | word_class(
            "group_pronouns"
        ):
            return self._pronoun(lower, phrase)
        if root.pos_ == "PROPN" and len(phrase) <= 4:
            return self._new_name(phrase)
        return self._description(root, phrase)

    def _pronoun(self, lower: str, phrase: SpacySpan) -> Ent:
        pos = phrase.start_char
        if lower in word_class("person_pronouns"):
            found = self.table.before(pos, ("Person",))
        elif lower in ("it",):
            found = self.table.before(pos, ("Organization", "NewsOutlet", "Platform"))
        elif self.last_speaker is not None and self.last_speaker.type != "Person":
            found = self.last_speaker
        else:
            found = None
        return found or self._unnamed(phrase)

    def _description(self, root: Token, phrase: SpacySpan) -> Ent:
        lex = lexicon()
        head = root.lemma_.lower()
        det = {c.lower_ for c in root.children if c.dep_ == "det"}
        has_poss = any(c.dep_ == "poss" for c in root.children)
        definite = bool(det & word_class("definite_determiners") or has_poss) and root.tag_ not in (
            "NNS",
            "NNPS",
        )
        if head in lex.person_heads and definite and head not in lex.unnamed_heads:
            known = self.descriptions.get(head)
            if known is None:
                known = self._antecedent(phrase)
            if known is not None:
                self.descriptions[head] = known
                return known
        return self._unnamed(phrase)

    def _antecedent(self, phrase: SpacySpan) -> Ent | None:
        if self.last_speaker is not None and self.last_speaker.type == "Person":
            return self.last_speaker
        earlier = self.table.before(phrase.start_char, ("Person",))
        if earlier is not None:
            return earlier
        return self.table.after(phrase.end_char, _sentence_end(phrase, 2), ("Person",))

    def _new_name(self, phrase: SpacySpan) -> Ent:
        name = clean_name(phrase.text)
        ent = self.table.by_name(name)
        if ent is None:
            ent = self.table.new(name, "Person" if " " in name else "Organization")
            self.table.index_name(name, ent)
        return ent

    def _unnamed(self, phrase: SpacySpan) -> Ent:
        name = " ".join(phrase.text.split()).strip(" ,.;:")
        return self.table.new(name or phrase.root.text, "UnnamedSource")


def _sentence_end(phrase: SpacySpan, count: int) -> int:
    """Return the end offset of the ``count``-th sentence after the one ``phrase`` is in."""
    sent = phrase.sent
    doc = phrase.doc
    end = sent.end
    for _ in range(count):
        if end >= len(doc):
            break
        end = doc[end].sent.end
    return doc[end - 1].idx + len(doc[end - 1].text) if end > 0 else phrase.end_char
