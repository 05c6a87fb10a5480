"""The cached lemmatizer gives exactly the stock lemmatizer's lemmas, token by token."""

from __future__ import annotations

import pytest
import spacy
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extraction import MODEL, load_nlp
from claimgraph.extraction._speedups import lemmas as lemmas_module
from claimgraph.extraction._speedups.lemmas import (
    CACHED_LEMMATIZER,
    CachedLemmatizer,
    cacheable,
    use_cached_lemmatizer,
)
from tests.test_attrs import TEXTS, annotations, model_pair


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    """The model as shipped and the same model with the cached lemmatizer."""
    return model_pair(use_cached_lemmatizer)


def _lemmatizer(nlp: Language) -> CachedLemmatizer:
    component = nlp.get_pipe(CACHED_LEMMATIZER)
    assert isinstance(component, CachedLemmatizer)
    return component


def test_annotations_are_the_stock_ones_token_by_token(pair: tuple[Language, Language]) -> None:
    stock, fast = pair
    for _ in range(2):  # the second time every answer comes from memory
        for text in TEXTS:
            assert annotations(fast(text)) == annotations(stock(text))
    assert _lemmatizer(fast)._lemmas


def _doc(nlp: Language, pos: list[str], morphs: list[str], words: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words, pos=pos, morphs=morphs)


# the same word and POS with different morphology, so different lemmas: the memory's key has
# all three
WORDS = ["data", "data", "left", "left", "better", "better", "saw", "saw"]
POS = ["NOUN", "NOUN", "VERB", "ADJ", "ADJ", "ADJ", "VERB", "NOUN"]
MORPHS = ["Number=Sing", "Number=Plur", "Tense=Past|VerbForm=Fin", "Degree=Pos", "Degree=Cmp"]
MORPHS += ["Degree=Pos", "Tense=Past|VerbForm=Fin", "Number=Sing"]


def test_the_answer_depends_on_word_pos_and_morphology(pair: tuple[Language, Language]) -> None:
    stock, fast = pair
    cached = _lemmatizer(fast)
    expected = stock.get_pipe("lemmatizer")(_doc(stock, POS, MORPHS, WORDS))
    for _ in range(2):
        got = cached(_doc(fast, POS, MORPHS, WORDS))
        assert [t.lemma_ for t in got] == [t.lemma_ for t in expected]
    assert [t.lemma_ for t in expected][:2] == ["data", "datum"]


def test_lemmas_already_set_are_kept_as_the_stock_component_keeps_them(
    pair: tuple[Language, Language],
) -> None:
    _, fast = pair
    doc = _doc(fast, ["VERB", "NOUN"], ["VerbForm=Inf", "Number=Plur"], ["gon", "tables"])
    doc[0].lemma_ = "go"
    assert [t.lemma_ for t in _lemmatizer(fast)(doc)] == ["go", "table"]
    assert len(_lemmatizer(fast)(Doc(fast.vocab, words=[]))) == 0


def test_the_memory_is_bounded_and_starting_again_changes_nothing(
    pair: tuple[Language, Language], monkeypatch: pytest.MonkeyPatch
) -> None:
    stock, fast = pair
    cached = _lemmatizer(fast)
    monkeypatch.setattr(lemmas_module, "MAX_REMEMBERED", 5)
    for text in TEXTS:
        assert annotations(fast(text)) == annotations(stock(text))
        assert len(cached._lemmas) <= len(fast(text)) + 5


class _ContextLemmatizer(EnglishLemmatizer):
    """A lemmatizer that could read more than the token's word, POS and morphology."""


def test_other_lemmatizers_are_left_alone() -> None:
    bare = English()
    assert not use_cached_lemmatizer(bare) and bare.pipe_names == []
    lookup = English()
    lookup.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert cacheable(lookup.get_pipe("lemmatizer"))
    stock = spacy.load(MODEL).get_pipe("lemmatizer")
    other = _ContextLemmatizer(stock.vocab, stock.model, mode="rule")
    assert not cacheable(other)


def test_the_extractor_pipeline_uses_the_cached_lemmatizer() -> None:
    names = load_nlp().pipe_names
    assert CACHED_LEMMATIZER in names and "lemmatizer" not in names
    assert names.index("claimgraph_attribute_ruler") < names.index(CACHED_LEMMATIZER)
