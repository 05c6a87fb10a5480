"""The model's lemmatizer with each answer remembered by word, part of speech and morphology.

spaCy's rule lemmatizer computes a token's lemma from its text, its POS and its morphology (and
its lookup tables), in Python, token by token. It remembers the answers for inflected forms but
not for base forms (singular nouns, positive adjectives, infinitives: most tokens), which it
recognises again each time from the morphology: about a twelfth of the whole parse.

:class:`CachedLemmatizer` asks the model's own lemmatizer once per (text, POS, morphology) and
remembers the answer as a string id, so the lemmas are exactly the stock ones (the tests compare
them token by token) for a dictionary look-up per token. The memory is bounded
(:data:`MAX_REMEMBERED` answers, then it starts again), so it does not grow with a corpus.

Only spaCy's own lemmatizer classes are wrapped (modes ``rule``, ``lookup``, ``pos_lookup``,
whose answers depend on nothing else); :func:`use_cached_lemmatizer` leaves any other in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

__all__ = [
    "CACHED_LEMMATIZER",
    "MAX_REMEMBERED",
    "CachedLemmatizer",
    "cacheable",
    "use_cached_lemmatizer",
]

CACHED_LEMMATIZER = "claimgraph_lemmatizer"
MAX_REMEMBERED = 50_000  # (text, POS, morphology) answers kept: ~200 bytes each, ~10 MB at most
_CLASSES = (Lemmatizer, EnglishLemmatizer)  # exactly these: a subclass may read more
_MODES = frozenset({"rule", "lookup", "pos_lookup"})
_ATTRS = [ORTH, POS, MORPH, LEMMA]


class CachedLemmatizer:
    """A pipeline component: the stock lemmatizer's lemmas, each worked out once.

    Args:
        stock: the model's lemmatizer (its mode, tables and ``overwrite`` setting are used).
    """

    def __init__(self, stock: Lemmatizer) -> None:
        self.stock = stock
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        """Set each token's lemma as the stock lemmatizer would."""
        stock: Any = self.stock
        if not stock._validated:  # the stock component checks its tables on first use too
            stock._validate_tables(Errors.E1004)
        if len(doc) == 0:
            return doc
        try:
            self._set(doc)
        except Exception as exc:  # reported the way spaCy reports the stock component's errors
            stock.get_error_handler()(stock.name, stock, [doc], exc)
        return doc

    def _set(self, doc: Doc) -> None:
        rows = doc.to_array(_ATTRS).tolist()
        lemmas, lemmatize, strings = self._lemmas, self.stock.lemmatize, doc.vocab.strings
        overwrite = self.stock.overwrite
        if len(lemmas) > MAX_REMEMBERED:
            lemmas.clear()
        out = []
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                lemma = lemmas.get(key)
                if lemma is None:
                    lemma = strings.add(lemmatize(doc[i])[0])
                    lemmas[key] = lemma
            out.append(lemma)
        column: Any = numpy.array(out, dtype="uint64").reshape(-1, 1)
        doc.from_array([LEMMA], column)


def cacheable(stock: object) -> bool:
    """Whether ``stock`` is a lemmatizer whose answers depend only on text, POS and morphology."""
    return type(stock) in _CLASSES and getattr(stock, "mode", None) in _MODES


@Language.factory(CACHED_LEMMATIZER, assigns=["token.lemma"])
def _make_cached(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    stock = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if not isinstance(stock, Lemmatizer) or not cacheable(stock):
        raise ValueError(f"{CACHED_LEMMATIZER!r} needs spaCy's own 'lemmatizer' in the pipeline")
    return CachedLemmatizer(stock)


def use_cached_lemmatizer(nlp: Language) -> bool:
    """Swap ``nlp``'s ``lemmatizer`` for its cached form, in place, when it is one we can wrap.

    Returns:
        Whether the swap was made (``False``: no lemmatizer, or not one of spaCy's own).
    """
    if "lemmatizer" not in nlp.pipe_names or not cacheable(nlp.get_pipe("lemmatizer")):
        return False
    nlp.add_pipe(CACHED_LEMMATIZER, before="lemmatizer")
    nlp.remove_pipe("lemmatizer")
    return True
