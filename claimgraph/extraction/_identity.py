"""Stage 2, identity: who a speaker phrase refers to.

A speaker phrase ("Bailey", "he", "the police chief", "a source") is resolved to an entity of the
article's :class:`~claimgraph.extraction._entities.EntityTable`, and the phrase is added to
that entity's mentions:

* a phrase that contains a named mention is that entity; a lone surname or first name the
  parser did not mark is the one person whose name ends or starts with it;
* a description with a name in apposition ("the shadow home secretary, Tom Reyes"; "the
  department store group Halwyn & Pryor"; after "of" and an organisation: "the chief executive
  of Acme, Tom Hale") is the person (or, beside an organisation word, the organisation) named,
  and a person description refers to that person from then on; a capitalised title counts
  as a description ("The Minister for Finance, Eoin Cassidy,") and is never a name of its own;
* a document a named person or pronoun delivered ("according to a speech Ms Lowe delivered")
  is that person (:mod:`._authors`);
* ``he``/``she`` (and ``his``/``her``) in a clause a named person reports is that person
  ("Lowe said she would resign"; ``it``/``its`` likewise for an organisation); else the nearest
  person that was the subject of a clause (or was named in the pronoun's own sentence) within
  two sentences and is not shown to be of the other gender; else the person mentioned last
  whom the article shows to fit, else the last person of unknown gender. The article shows a
  gender by titles ("Mr", "Ms": ``male_titles``, ``female_titles``), by pronouns in clauses a
  person reports, and, weighing least, by the pronouns resolved so far (:mod:`._genders`);
* ``it``/``they`` is otherwise the last organisation (or the last speaker);
* a definite description headed by an organisation word ("the council", "the company") is the
  organisation whose name ends in that word, else the last one that was a subject in the last
  three sentences;
* a definite description headed by a person word ("the police chief") is the person the
  article showed holding that role (:mod:`._holders`: "Police Chief Ann Lowe", "Ann Lowe, the
  police chief,"), else the entity an earlier description with the same head referred to,
  else the first person named in the next two sentences when nobody has been named yet (a
  description before the name), else the person mentioned last;
* a title standing alone as a name ("Minister said") is a role: the person it referred to
  before, else the person in view;
* anything else (an indefinite or plural description: "a source", "officials") is an unnamed
  source of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimgraph.extraction._authors import document_author
from claimgraph.extraction._doctext import lowered
from claimgraph.extraction._drafts import phrase_of
from claimgraph.extraction._entities import Ent, EntityTable, by_part, clean_name
from claimgraph.extraction._genders import (
    CLAUSE_VOTES,
    TITLE_VOTES,
    GenderVotes,
    is_subject,
    pronoun_gender,
    reporting_subject,
)
from claimgraph.extraction._holders import role_holder
from claimgraph.extraction._lexicon import lexicon, word_class
from claimgraph.extraction._vicinity import apposed, sentence_end, sentence_start
from claimgraph.records import EntityType

__all__ = ["Resolver"]

AGENTS = ("Person", "Organization", "NewsOutlet", "Platform", "UnnamedSource")
RELATIVE = frozenset({"WDT", "WP"})
BODIES: tuple[EntityType, ...] = ("Organization", "NewsOutlet", "Platform")
"""The entity types ``it`` and ``they`` may refer to."""
_APPOSED: dict[str, tuple[str, ...]] = {
    "person": ("Person",),
    "body": ("Organization", "NewsOutlet"),
    "other": ("Person",),
}
"""The entity types a name in apposition to a description may have: a person beside a person
word, an organisation beside an organisation word ("the retailer Halwyn & Pryor")."""


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
    genders: GenderVotes = field(default_factory=GenderVotes)

    def learn_titles(self, doc: Doc) -> None:
        """Record the gender of each person a gendered title names ("Ms Patel", "Sir Tom"), and
        each one a pronoun in a clause they report shows (:meth:`learn_pronouns`)."""
        self.learn_pronouns(doc)
        male, female = word_class("male_titles"), word_class("female_titles")
        for tok in doc[:-1]:
            title = tok.lower_.rstrip(".")
            if title not in male and title not in female:
                continue
            nxt = doc[tok.i + 1]
            ent = self.table.at(nxt.idx, nxt.idx + len(nxt.text))
            if ent is not None and ent.type == "Person":
                self.genders.learn(ent.key, "m" if title in male else "f", TITLE_VOTES)

    def resolve(self, phrase: SpacySpan, *, continuing: bool = False) -> Ent:
        """Return the entity ``phrase`` refers to and record the phrase as its mention.

        ``continuing``: the cue continues a speech ("he added"), so a pronoun that fits the last
        speaker is the last speaker, even with another person named in between.
        """
        span = (phrase.start_char, phrase.end_char)
        ent = self._continued(phrase) if continuing else None
        ent = ent or self._resolve(phrase)
        self.table.mention(ent, span)
        self.last_speaker = ent
        return ent

    def _resolve(self, phrase: SpacySpan) -> Ent:
        root = phrase.root
        if root.tag_ in RELATIVE and root.head.dep_ == "relcl" and root.head.head.i < root.i:
            return self._resolve(phrase_of(root.head.head))
        named = self._apposition(root)
        if named is not None:
            return named
        author = document_author(root)  # "according to a speech Ms Lowe delivered"
        if author is not None:
            return self._resolve(phrase_of(author))
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
        name = clean_name(phrase.text)
        part = (self.table.by_name(name) or by_part(self.table, name)) if len(phrase) <= 2 else None
        if part is not None:
            return part
        if len(phrase) == 1 and not root.is_upper and self._is_title(root):
            return self._bare_title(root, phrase)
        if root.pos_ == "PROPN" and len(phrase) <= 4 and not self._is_title(root):
            return self._new_name(phrase)  # "The Minister for Finance" is no name
        return self._description(root, phrase)

    def _continued(self, phrase: SpacySpan) -> Ent | None:
        last, lower = self.last_speaker, phrase.root.lower_
        if len(phrase) != 1 or last is None or last.type != "Person":
            return None
        if lower not in word_class("person_pronouns"):
            return None
        gender = pronoun_gender(lower)
        return last if self.genders.fits(last.key, gender) else None

    def _apposition(self, root: Token) -> Ent | None:
        """The entity a description names in apposition: "the shadow home secretary, Tom Reyes,
        said" -> Tom Reyes (the description then refers to him); "the department store group
        Halwyn & Pryor plans" -> Halwyn & Pryor; a capitalised title too: "The Minister for
        Finance, Eoin Cassidy, said" -> Eoin Cassidy."""
        if root.pos_ == "PROPN" and not self._is_title(root):
            return None
        for child in apposed(root):
            if child.dep_ != "appos" or child.pos_ != "PROPN":
                continue
            named = self.table.at(child.idx, child.idx + len(child.text))
            if named is None or named.type not in _APPOSED.get(self._head_kind(root), ()):
                continue
            if root.lemma_.lower() in lexicon().person_heads:
                self.descriptions[root.lemma_.lower()] = named
            return named
        return None

    @staticmethod
    def _head_kind(root: Token) -> str:
        """ "person" for a description of a person ("the minister"), "body" for one of an
        organisation ("the department store group": an ``organisation_words`` head), else
        "other"."""
        lex, lemma = lexicon(), root.lemma_.lower()
        if lemma in lex.person_heads:
            return "person"
        return "body" if lemma in word_class("organisation_words") else "other"

    def _pronoun(self, lower: str, phrase: SpacySpan) -> Ent:
        pos = phrase.start_char
        if lower in word_class("person_pronouns"):
            found = (
                self._governing(lower, phrase.root, ("Person",))
                or self._subject_before(lower, phrase)
                or self._person(lower, pos)
            )
        else:
            found = self._governing(lower, phrase.root, BODIES) or self._group(lower, pos)
        return found or self._unnamed(phrase)

    def _group(self, lower: str, pos: int) -> Ent | None:
        """What ``it`` (the last organisation) or ``they`` (the last speaker, when not a person)
        refers to outside a clause an organisation reports."""
        if lower in ("it", "its"):
            return self.table.before(pos, BODIES)
        if self.last_speaker is not None and self.last_speaker.type != "Person":
            return self.last_speaker
        return None

    def _governing(self, pronoun: str, root: Token, types: tuple[EntityType, ...]) -> Ent | None:
        """The entity a pronoun inside a reported clause refers to: the named subject of the
        cue that reports the clause ("Lowe said she would resign", "Lowe says she hopes to win,
        but she knows ...", "Acme said its profit rose"), when it has one of ``types`` and, for
        a person, is not known to be of the other gender."""
        ent = self._reporter(root, types[0])
        if ent is None or ent.type not in types:
            return None
        if types == ("Person",):
            gender = pronoun_gender(pronoun)
            if not self.genders.reports_as(ent.key, gender):
                return None
            self.genders.learn(ent.key, gender, CLAUSE_VOTES)
        return ent

    def _reporter(self, root: Token, kind: EntityType | None = None) -> Ent | None:
        """The entity named as the subject of the clause that ``root``'s clause depends on
        ("Lowe" for "she" in "Lowe said she would resign"), if any. A name the parser did not
        mark becomes an entity of ``kind`` (the pronoun shows what it names), when given."""
        subj = reporting_subject(root)
        if subj is None:
            return None
        found = self.table.at(subj.idx, subj.idx + len(subj.text)) or self._surname_before(subj)
        if found is not None or kind is None or subj.is_upper:
            return found
        phrase = phrase_of(subj)
        name = clean_name(phrase.text)
        if not name[:1].isupper() or len(name.split()) > 4:
            return None
        ent = self.table.by_name(name) or self.table.new(name, kind)
        self.table.index_name(name, ent)
        self.table.mention(ent, (phrase.start_char, phrase.end_char))
        return ent

    def learn_pronouns(self, doc: Doc) -> None:
        """Record the gender each "he" or "she" shows for the named person reporting its clause
        ("Lowe said she would resign": Lowe is "she"), before any speaker is resolved."""
        for i in lowered(doc, word_class("person_pronouns")):
            tok = doc[i]
            if tok.dep_ in ("nsubj", "nsubjpass"):
                ent = self._reporter(tok)
                if ent is not None and ent.type == "Person":
                    self.genders.learn(ent.key, pronoun_gender(tok.lower_), CLAUSE_VOTES)

    def _surname_before(self, tok: Token) -> Ent | None:
        """The person a surname the parser did not mark as a name refers to: the one with that
        surname mentioned last before it."""
        low = tok.lower_
        for _, ent in self.table.mentions_before(tok.idx, ("Person",)):
            if ent.name.lower().split(" ")[-1] == low:
                return ent
        return None

    def _subject_before(self, pronoun: str, phrase: SpacySpan) -> Ent | None:
        """The person a "he" or "she" refers to when a person was the subject of a clause
        before it: the nearest such person not known to be of the other gender ("Ms Okafor
        chairs the board. She hired Daniel Price. She said ..." is Okafor, the subject, not
        Price), looking back two sentences; a person named earlier in the pronoun's own sentence
        comes first ("Oz's advice earned him a hearing, where he said ...")."""
        gender = pronoun_gender(pronoun)
        doc, here, window = phrase.doc, phrase.sent.start_char, sentence_start(phrase, 2)
        for span, ent in self.table.mentions_before(phrase.start_char, ("Person",)):
            if span[0] < window:
                break
            if not self.genders.fits(ent.key, gender):
                continue
            mention = doc.char_span(span[0], span[1], alignment_mode="expand")
            if span[0] >= here or (mention is not None and is_subject(mention.root)):
                self.genders.learn(ent.key, gender)
                return ent
        return None

    def _person(self, pronoun: str, pos: int) -> Ent | None:
        """The person a "he" or "she" refers to: the last one shown to fit, else the last one of
        unknown gender; the pronoun then shows that person's gender."""
        gender = pronoun_gender(pronoun)
        unknown: Ent | None = None
        found: Ent | None = None
        for ent in self.table.all_before(pos, ("Person",)):
            known = self.genders.gender(ent.key)
            if known == gender:
                found = ent
                break
            if known is None and unknown is None:
                unknown = ent
        found = found or unknown
        if found is None:
            return None
        self.genders.learn(found.key, gender)
        return found

    def _description(self, root: Token, phrase: SpacySpan) -> Ent:
        lex = lexicon()
        head = root.lemma_.lower()
        det = {c.lower_ for c in root.children if c.dep_ == "det"}
        has_poss = any(c.dep_ == "poss" for c in root.children)
        definite = bool(det & word_class("definite_determiners") or has_poss) and root.tag_ not in (
            "NNS",
            "NNPS",
        )
        if definite and head in word_class("organisation_words") | word_class("organisation_nouns"):
            body = self._organisation(head, phrase)
            if body is not None:
                return body
        if head in lex.person_heads and definite and head not in lex.unnamed_heads:
            known = (
                role_holder(root, phrase, self.table)
                or self.descriptions.get(head)
                or self._antecedent(phrase)
            )
            if known is not None:
                self.descriptions[head] = known
                return known
        return self._unnamed(phrase)

    def _organisation(self, head: str, phrase: SpacySpan) -> Ent | None:
        """The organisation a definite description headed by an organisation word refers to:
        the last one whose name ends in that word ("Leeds City Council ... the council"), else,
        of those named in this sentence or the two before, the last that was the subject of a
        clause ("Harbour Bank, whose parent is Dunmore Group, closed it. The company said ..."
        is Harbour Bank, not the parent named in passing); else none (an unnamed source)."""
        bodies = ("Organization", "NewsOutlet")
        for ent in self.table.all_before(phrase.start_char, bodies):
            if ent.name.lower().split(" ")[-1] == head:
                return ent
        recent, doc = sentence_start(phrase, 2), phrase.doc
        for span, ent in self.table.mentions_before(phrase.start_char, bodies):
            if span[0] < recent:
                break
            mention = doc.char_span(span[0], span[1], alignment_mode="expand")
            if mention is not None and is_subject(mention.root):
                return ent
        return None

    @staticmethod
    def _is_title(root: Token) -> bool:
        lex = lexicon()
        word = root.lower_.rstrip(".")
        return word in lex.person_heads or word in lex.name_titles

    def _bare_title(self, root: Token, phrase: SpacySpan) -> Ent:
        """A title standing alone as a name ("Minister said") is a role, never an organisation:
        the person that title referred to before, else the person in view, else unnamed. (A
        label in capitals, "HOST:", is the name a transcript gives a participant.)"""
        head = root.lower_.rstrip(".")
        known = self.descriptions.get(head) or self._earlier_person(phrase)
        if known is None:
            return self._unnamed(phrase)
        self.descriptions[head] = known
        return known

    def _earlier_person(self, phrase: SpacySpan) -> Ent | None:
        if self.last_speaker is not None and self.last_speaker.type == "Person":
            return self.last_speaker
        return self.table.before(phrase.start_char, ("Person",))

    def _antecedent(self, phrase: SpacySpan) -> Ent | None:
        if self.last_speaker is not None and self.last_speaker.type == "Person":
            return self.last_speaker
        earlier = self.table.before(phrase.start_char, ("Person",))
        if earlier is not None:
            return earlier
        return self.table.after(phrase.end_char, sentence_end(phrase, 2), ("Person",))

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
