"""Who a document speaks for: the one a relative clause says delivered it.

"according to a speech Mrs. Clinton delivered in July", "a statement the union issued said":
a document noun (``document_heads`` in ``data/titles.yaml``) with a relative clause whose verb
is one of delivering (``delivering_verbs`` in ``data/words.yaml``: deliver, issue, release, ...)
speaks for that clause's subject, when the subject names someone (a name or a pronoun).
"""

from __future__ import annotations

from spacy.tokens import Token

from claimgraph.extraction._lexicon import lexicon, word_class

__all__ = ["document_author"]

NAMING_TAGS = frozenset({"NNP", "NNPS", "PRP"})
"""A name or a personal pronoun (never the relative "which" or "that" the clause opens with)."""


def document_author(root: Token) -> Token | None:
    """The subject of the delivering clause on a document noun, or ``None``."""
    if root.lemma_.lower() not in lexicon().document_heads:
        return None
    for clause in root.rights:
        if clause.dep_ != "relcl" or clause.lemma_.lower() not in word_class("delivering_verbs"):
            continue
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.i < clause.i and subj.tag_ in NAMING_TAGS:
            return subj
    return None
