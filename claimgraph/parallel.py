"""Parallel ingestion: extraction, mapping and validation in worker processes or on Dask.

Articles are cut into small chunks. Each chunk is sent to a worker, which extracts (spaCy, the model
loaded once per worker process), maps each article to its graph, validates it and sends back plain
data: the graph's sorted N-Triples lines, or the violations, or the error. The driver commits the
chunks **in input order**, as the single writer. IRIs are minted from content, so the store is the
same, triple for triple, as after a one-process run.

At most ``window`` chunks are in flight at any time, so memory does not grow with the corpus.

Example:
    >>> from claimgraph.loaders.article import Article
    >>> [p.article for p in prepare_chunk([], validate=True)]
    []
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any, Protocol

from claimgraph.errors import ClaimgraphError
from claimgraph.graph.backend import nt_lines
from claimgraph.graph.validation import validate_triples
from claimgraph.loaders.article import Article
from claimgraph.loaders.mapping import article_triples
from claimgraph.loaders.records import Extraction

__all__ = [
    "DEFAULT_EXTRACTOR",
    "Prepared",
    "WorkerError",
    "chunks",
    "prepare_chunk",
    "prepared_in_order",
    "resolve_extractor",
]

Extractor = Callable[[Iterable[Article]], Iterator[Extraction]]
DEFAULT_EXTRACTOR = "claimgraph.loaders.extract:extract_many"
DASK_CONNECT_TIMEOUT = "20s"  # how long to wait for the Dask scheduler to answer


class WorkerError(ClaimgraphError):
    """A worker process or the Dask cluster failed (not one article: the machinery)."""


@dataclass(frozen=True)
class Prepared:
    """One article as a worker prepared it, ready for the driver to commit.

    Attributes:
        article: the article id.
        source: where it was read from (for rejects).
        graph: the IRI of its named graph.
        lines: its sorted N-Triples lines (no final dot); empty when it was refused.
        violations: the SHACL violations, in words; empty when it conforms.
        error: why extraction or mapping failed, else ``None``.
    """

    article: str
    source: str
    graph: str
    lines: tuple[str, ...] = ()
    violations: tuple[str, ...] = ()
    error: str | None = None


def resolve_extractor(ref: str | Extractor) -> Extractor:
    """The extraction function for ``"module:function"`` (picklable by name) or a callable.

    Raises:
        WorkerError: the module or function cannot be found.
    """
    if callable(ref):
        return ref
    module, _, name = ref.partition(":")
    try:
        fn: Extractor = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise WorkerError(f"cannot load extractor {ref!r}: {exc}") from exc
    return fn


def _prepare_one(ex: Extraction, validate: bool) -> Prepared:
    art = ex.article
    graph, triples = article_triples(ex)
    aid, source, iri = art.id, art.source or art.id, str(graph)
    lines = nt_lines(triples)
    if validate:
        report = validate_triples(triples, lines=lines)
        if not report.conforms:
            return Prepared(aid, source, iri, violations=tuple(str(v) for v in report.violations))
    return Prepared(aid, source, iri, lines=tuple(lines))


def _failed(art: Article, exc: Exception) -> Prepared:
    from claimgraph.loaders.iris import article_graph_iri

    return Prepared(art.id, art.source or art.id, str(article_graph_iri(art.id)), error=f"{exc!r}")


def prepare_chunk(
    articles: list[Article], *, validate: bool, extractor: str | Extractor = DEFAULT_EXTRACTOR
) -> list[Prepared]:
    """Extract, map and validate a chunk of articles (runs in a worker).

    If extraction fails part-way, the chunk is redone one article at a time so that only the bad
    article is reported.
    """
    extract = resolve_extractor(extractor)
    try:
        return [_prepare_one(ex, validate) for ex in extract(articles)]
    except Exception:  # isolate the failing article below
        return [_prepare_single(a, validate, extract) for a in articles]


def _prepare_single(art: Article, validate: bool, extract: Extractor) -> Prepared:
    try:
        return next(_prepare_one(ex, validate) for ex in extract([art]))
    except Exception as exc:  # reported as this article's reject
        return _failed(art, exc)


def chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """Consecutive lists of ``size`` articles (the last may be shorter), read lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class _Future(Protocol):
    def result(self) -> Any: ...


Submit = Callable[[list[Article]], _Future]


def prepared_in_order(
    articles: Iterable[Article], submit: Submit, *, chunk_size: int, window: int
) -> Iterator[Prepared]:
    """Submit chunks with at most ``window`` in flight and yield their articles in input order.

    Raises:
        WorkerError: a worker died or the cluster failed.
    """
    pending: deque[_Future] = deque()
    source = chunks(articles, chunk_size)
    for chunk in source:
        pending.append(submit(chunk))
        if len(pending) >= window:
            yield from _collect(pending.popleft())
    while pending:
        yield from _collect(pending.popleft())


def _collect(future: _Future) -> list[Prepared]:
    try:
        out: list[Prepared] = future.result()
    except ClaimgraphError:
        raise
    except Exception as exc:
        raise WorkerError(f"a worker failed: {exc!r}") from exc
    return out


def process_pool_prepared(
    articles: Iterable[Article],
    *,
    workers: int,
    validate: bool,
    extractor: str | Extractor = DEFAULT_EXTRACTOR,
    chunk_size: int = 8,
) -> Iterator[Prepared]:
    """Prepare articles in ``workers`` local processes (spawned: safe with driver threads)."""
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:

        def submit(chunk: list[Article]) -> _Future:
            return pool.submit(prepare_chunk, chunk, validate=validate, extractor=extractor)

        yield from prepared_in_order(articles, submit, chunk_size=chunk_size, window=2 * workers)


def dask_prepared(
    articles: Iterable[Article],
    *,
    address: str,
    validate: bool,
    extractor: str | Extractor = DEFAULT_EXTRACTOR,
    chunk_size: int = 8,
) -> Iterator[Prepared]:
    """Prepare articles on the Dask cluster whose scheduler is at ``address``.

    Raises:
        WorkerError: the scheduler cannot be reached, or a task failed on the cluster.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise WorkerError("Dask ingestion needs the 'distributed' package installed") from exc
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise WorkerError(f"cannot reach the Dask scheduler at {address!r}: {exc}") from exc
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(chunk: list[Article]) -> _Future:
            future: _Future = client.submit(
                prepare_chunk, chunk, validate=validate, extractor=extractor, pure=False
            )
            return future

        yield from prepared_in_order(articles, submit, chunk_size=chunk_size, window=2 * n)
    finally:
        client.close()  # type: ignore[no-untyped-call]
