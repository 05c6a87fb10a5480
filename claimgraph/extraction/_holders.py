"""Who holds a role the article names: the person a role noun ("the minister") refers to.

A definite description headed by a role noun refers to the person the article has shown holding
that role, the nearest before the description:

* a title before a name: "Finance Minister Jane Doe";
* a description in apposition to a name, either way round: "Jane Doe, the finance minister,"
  and "the chief executive, Tom Hale,";
* a name said to be the role: "Doe is the minister".

The description and the role shown must have the same rank (``rank_modifiers`` in
``words.yaml``: "the mayor" is not "Deputy Mayor Ann Lowe"), and where both name a portfolio
they must share a word: "the prime minister" is not "Finance Minister Jane Doe", while "the
minister" may be.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimgraph.extraction._entities import Ent, EntityTable
from claimgraph.extraction._lexicon import word_class

__all__ = ["role_holder"]

MODIFIERS = frozenset({"compound", "amod", "nmod"})
"""Dependencies of the words that qualify a role noun ("finance" in "finance minister")."""
COPULAR = frozenset({"be", "become", "remain"})
"""Verbs that say who holds a role ("Doe is the minister")."""


def role_holder(root: Token, phrase: SpacySpan, table: EntityTable) -> Ent | None:
    """Return the person shown holding the role ``root`` names, nearest before ``phrase``."""
    head = root.lemma_.lower()
    wanted = _modifiers(root)
    for tok in reversed(root.doc[: phrase.start]):
        if tok.lemma_.lower() != head or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if not _same_role(wanted, _modifiers(tok)):
            continue
        name = _named_holder(tok)
        ent = table.at(name.idx, name.idx + len(name.text)) if name is not None else None
        if ent is not None and ent.type == "Person":
            return ent
    return None


def _same_role(wanted: set[str], shown: set[str]) -> bool:
    """Whether a role noun with the ``wanted`` modifiers can name a role shown with ``shown``:
    the same rank (``rank_modifiers``: "deputy", "shadow") and, where both name a portfolio, a
    shared word."""
    ranks = word_class("rank_modifiers")
    if wanted & ranks != shown & ranks:
        return False
    wanted, shown = wanted - ranks, shown - ranks
    return not (wanted and shown) or bool(wanted & shown)


def _modifiers(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in MODIFIERS}


def _named_holder(tok: Token) -> Token | None:
    """The name token the role word ``tok`` is attached to, if any."""
    top = tok
    while top.dep_ == "compound" and top.head.i != top.i:
        top = top.head
    if top is not tok and top.pos_ == "PROPN":
        return top  # "Finance Minister Jane Doe"
    for child in tok.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN":
            return child  # "the chief executive, Tom Hale,"
    if tok.dep_ == "appos" and tok.head.pos_ == "PROPN":
        return tok.head  # "Jane Doe, the finance minister,"
    verb = tok.head
    if tok.dep_ == "attr" and verb.lemma_.lower() in COPULAR:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ == "PROPN":
            return subj  # "Doe is the minister"
    return None
