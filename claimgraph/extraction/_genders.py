"""What the article shows of a person's gender, and the clause syntax pronouns are read by.

The extractor never guesses a gender from a name. It counts what the article shows: a gendered
title before a name ("Ms Patel", ``male_titles`` and ``female_titles``), a ``he`` or ``she`` in a
clause the person reports ("Lowe said she would resign"), and the pronouns resolved to the
person so far. Each is a vote; a title outweighs a reporting clause, which outweighs a pronoun
resolved by proximity, so that one wrong guess does not settle a gender.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from claimgraph.extraction._lexicon import word_class

__all__ = [
    "CLAUSE_VOTES",
    "TITLE_VOTES",
    "GenderVotes",
    "is_subject",
    "pronoun_gender",
    "reporting_subject",
]

TITLE_VOTES = 5
"""How many pronouns resolved by proximity a gendered title ("Ms Patel") outweighs."""
CLAUSE_VOTES = 3
"""How many such pronouns one in a clause the person reports ("Lowe said she ...") outweighs."""
CLAUSE_LINKS = frozenset({"ccomp", "conj", "advcl", "xcomp"})
"""Dependencies that link a clause to the clause (or cue) it depends on."""


@dataclass
class GenderVotes:
    """The gender votes of one article's entities, by entity key."""

    votes: dict[str, dict[str, int]] = field(default_factory=dict)
    clauses: dict[str, set[str]] = field(default_factory=dict)
    titles: dict[str, set[str]] = field(default_factory=dict)

    def gender(self, key: str) -> str | None:
        """The gender shown for entity ``key`` ("m" or "f"): the one with more votes, or
        ``None`` when nothing or a tie shows it."""
        votes = self.votes.get(key, {})
        m, f = votes.get("m", 0), votes.get("f", 0)
        return None if m == f else ("m" if m > f else "f")

    def fits(self, key: str, gender: str) -> bool:
        """Whether entity ``key`` is not shown to be of the other gender."""
        return (self.gender(key) or gender) == gender

    def learn(self, key: str, gender: str, weight: int = 1) -> None:
        """Record that entity ``key`` was shown to be of ``gender`` (a title, a pronoun)."""
        votes = self.votes.setdefault(key, {})
        votes[gender] = votes.get(gender, 0) + weight
        if weight in (CLAUSE_VOTES, TITLE_VOTES):
            shown = self.clauses if weight == CLAUSE_VOTES else self.titles
            shown.setdefault(key, set()).add(gender)

    def reports_as(self, key: str, gender: str) -> bool:
        """Whether a pronoun of ``gender`` in a clause entity ``key`` reports may be that entity:
        it fits, or a clause the entity reports used that pronoun and no title says otherwise
        ("Shelby said he refused ...", of another man, and "Shelby said she suspected ..."
        leave the clause syntax to decide)."""
        if self.fits(key, gender):
            return True
        other = "f" if gender == "m" else "m"
        return gender in self.clauses.get(key, set()) and other not in self.titles.get(key, set())


def pronoun_gender(pronoun: str) -> str:
    """ "m" for a male pronoun ("he", "him", "his"), else "f"."""
    return "m" if pronoun in word_class("male_pronouns") else "f"


def is_subject(tok: Token) -> bool:
    """Whether ``tok`` heads the subject of its clause (or names it in apposition)."""
    while tok.dep_ in ("compound", "appos") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


def reporting_subject(root: Token) -> Token | None:
    """The name that is the subject of the clause ``root``'s clause depends on, written before
    ``root`` ("Lowe" for "she" in "Lowe said she would resign"; for a possessive, the clause of
    the noun it owns), if any."""
    head = root.head.head if root.dep_ == "poss" else root.head
    for _ in range(4):
        if head.dep_ not in CLAUSE_LINKS or head.head.i == head.i:
            return None
        head = head.head
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and subj.i < root.i and subj.pos_ == "PROPN":
            return subj
    return None
