"""The indexed attribute ruler gives exactly the stock ruler's annotations and matches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from claimgraph.cli.demo import seed_article_path
from claimgraph.extraction import MODEL, load_nlp
from claimgraph.extraction._speedups.attrs import (
    INDEXED_RULER,
    IndexedAttributeRuler,
    indexed_ruler,
    use_indexed_ruler,
)
from claimgraph.extraction._speedups.lemmas import CACHED_LEMMATIZER
from tests.builders import HARBOUR_TEXT

# Words and constructions the model's exception rules are about: contractions, colloquial
# forms, expletives, pronouns by role, auxiliaries, determiners used as pronouns, whitespace.
ODDITIES = (
    "Y'all gonna love it, ain't ya? Let's go. C'mon!  Nothin' was there, nuthin' at all.\n\n"
    "There is a cat. There are two. It is here. I saw you and it; you saw me. Did he? "
    "He had done it, but he hasn't. That's it.  Whatever \t happens, I'm sure we'd gotta "
    "wait 'til it's over. Those who can, do. Which is better? Y all said that, cause they "
    "were sure. I did. She has. They've been told. Don't. Won't you? You gonna eat that?"
)
TEXTS = (ODDITIES, HARBOUR_TEXT, seed_article_path().read_text(encoding="utf-8"))


def annotations(doc: Doc) -> list[tuple[str, str, str, str, str, str]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def model_pair(swap: Callable[[Language], bool]) -> tuple[Language, Language]:
    """The model as shipped and the same model with one component swapped by ``swap``."""
    stock = spacy.load(MODEL)
    fast = spacy.load(MODEL)
    assert swap(fast)
    return stock, fast


@pytest.fixture(scope="module")
def pair() -> tuple[Language, Language]:
    """The model as shipped and the same model with the indexed ruler."""
    return model_pair(use_indexed_ruler)


def test_annotations_are_the_stock_ones_token_by_token(pair: tuple[Language, Language]) -> None:
    stock, fast = pair
    for text in TEXTS:
        assert annotations(fast(text)) == annotations(stock(text))


def test_matches_are_the_stock_matchers(pair: tuple[Language, Language]) -> None:
    stock, fast = pair
    ruler = stock.get_pipe("attribute_ruler")
    indexed = fast.get_pipe(INDEXED_RULER)
    assert isinstance(indexed, IndexedAttributeRuler)
    seen: set[int] = set()
    for text in TEXTS:
        doc = stock.make_doc(text)
        for _, proc in stock.pipeline[: stock.pipe_names.index("attribute_ruler")]:
            doc = proc(doc)
        expected = sorted(set(ruler.match(doc)))
        got = indexed.match(doc)
        assert got == expected
        seen |= {m[0] for m in got}
    # the texts reach the rules that are not one plain test: sets, regexes, two tokens
    kinds = {
        i
        for i, rule in enumerate(ruler.patterns)
        if any(
            len(p) > 1 or any(isinstance(v, dict) for t in p for v in t.values())
            for p in rule["patterns"]
        )
    }
    assert len(seen & kinds) >= 8, sorted(seen & kinds)


def _custom_ruler(patterns: list[dict[str, object]]) -> tuple[Language, AttributeRuler]:
    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add_patterns(patterns)  # type: ignore[arg-type]
    return nlp, ruler


CUSTOM = [
    {"patterns": [[{"LOWER": "the"}]], "attrs": {"TAG": "DT", "LEMMA": "the"}},
    {"patterns": [[{"LOWER": {"IN": ["cat", "dog"]}}]], "attrs": {"TAG": "NN"}},
    {"patterns": [[{"LOWER": {"REGEX": "^ru?n"}}]], "attrs": {"LEMMA": "run"}},
    {"patterns": [[{"TAG": "NN"}, {}]], "attrs": {"POS": "NOUN"}},  # a wildcard token
    {"patterns": [[{"LOWER": "the"}, {"LOWER": "cat"}]], "attrs": {"LEMMA": "feline"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["DT", ""]}}]], "attrs": {"MORPH": "Foo=Yes"}},
    {"patterns": [[{"LOWER": "cat"}], [{"LOWER": "dog"}]], "attrs": {"LEMMA": "pet"}},
]


def test_custom_rules_of_every_supported_kind_match_as_spacy_does() -> None:
    nlp, ruler = _custom_ruler(CUSTOM)
    indexed = indexed_ruler(ruler)
    assert indexed is not None
    for text in ("The cat ran;  the dog runs rn, the cat.", "the", "", "  ", "Dog the cat the"):
        stock_doc, fast_doc = nlp.make_doc(text), nlp.make_doc(text)
        assert indexed.match(fast_doc) == sorted(set(ruler.match(stock_doc)))
        ruler(stock_doc)
        indexed(fast_doc)
        assert annotations(fast_doc) == annotations(stock_doc)


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "a", "OP": "?"}],
        [{"ORTH": "A"}],
        [{"LENGTH": {">=": 3}}],
        [{"LOWER": {"FUZZY": "cat"}}],
    ],
)
def test_unsupported_rules_keep_the_stock_ruler(pattern: list[dict[str, object]]) -> None:
    nlp, ruler = _custom_ruler([{"patterns": [pattern], "attrs": {"TAG": "X"}}])
    assert indexed_ruler(ruler) is None
    assert not use_indexed_ruler(nlp)
    assert "attribute_ruler" in nlp.pipe_names


def test_a_pipeline_without_a_ruler_is_left_alone() -> None:
    nlp = English()
    assert not use_indexed_ruler(nlp)
    assert nlp.pipe_names == []


def test_the_extractor_pipeline_uses_the_indexed_ruler() -> None:
    names = load_nlp().pipe_names
    assert INDEXED_RULER in names and "attribute_ruler" not in names
    assert names.index("parser") < names.index(INDEXED_RULER) < names.index(CACHED_LEMMATIZER)


def _iter_docs(nlp: Language, texts: tuple[str, ...]) -> Iterator[Doc]:
    yield from nlp.pipe(texts)


def test_batches_through_pipe_match_single_calls(pair: tuple[Language, Language]) -> None:
    stock, fast = pair
    piped = [annotations(d) for d in _iter_docs(fast, TEXTS)]
    assert piped == [annotations(stock(t)) for t in TEXTS]


def test_the_component_refuses_a_pipeline_without_a_supported_ruler() -> None:
    nlp = English()
    with pytest.raises(ValueError, match="attribute_ruler"):
        nlp.add_pipe(INDEXED_RULER)
