"""Parallel ingestion: extraction, mapping and validation in worker processes or on Dask.

Articles are sent in chunks (one article per task for local workers). Each chunk goes to a
worker, which extracts (spaCy, the model loaded once per worker process), maps each article to its
graph, validates it and sends back plain data: the graph as a
:class:`~claimgraph.graph.store._payload.GraphPayload` (its N-Quads bytes and fingerprint, built
where
the lines already are), or the violations, or the error. The driver commits the chunks **in input
order**, as the single writer: a fingerprint look-up and one load per article.
IRIs are minted from content, so the store is the same, triple for triple, as after a one-process
run.

At most ``window`` chunks are in flight at any time, so memory does not grow with the corpus.

Local workers are a :class:`WorkerPool`: each worker process limits its numeric libraries to one
thread (the workers already fill the cores) and loads the model when it starts. ``ingest`` starts
a pool per batch; a caller that ingests several batches (or wants to time steady state) starts one
pool with :meth:`WorkerPool.start` and passes it to each batch.

Example:
    >>> from claimgraph.records import Article
    >>> [p.article for p in prepare_chunk([], validate=True)]
    []
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Any, Protocol

from claimgraph.errors import ClaimgraphError, MissingDependencyError, WorkerError
from claimgraph.extraction._speedups.gemm import gemm_backend, one_thread_per_process
from claimgraph.graph.shacl._validation import validate_lines
from claimgraph.graph.store._payload import GraphPayload
from claimgraph.ingestion._digest import DEFAULT_EXTRACTOR, input_digest
from claimgraph.loaders._mapping import article_lines
from claimgraph.records import Article, Extraction

__all__ = [
    "DEFAULT_EXTRACTOR",
    "Prepared",
    "WorkerError",
    "WorkerPool",
    "chunks",
    "prepare_chunk",
    "prepared_in_order",
    "resolve_extractor",
]

Extractor = Callable[[Iterable[Article]], Iterator[Extraction]]
DASK_CONNECT_TIMEOUT = "20s"  # how long to wait for the Dask scheduler to answer
# Articles per task for local workers: one. spaCy's cost per article does not depend on how many
# articles one nlp.pipe call gets, a task costs well under a millisecond to send, and with one
# article per task the workers finish a batch within one article of each other.
CHUNK_SIZE = 1
WINDOW_PER_WORKER = 8  # tasks in flight per local worker: enough that a long article stalls no one
START_TIMEOUT = 300.0  # seconds for all workers to start and load the model
# what each worker prepares (and throws away) when it starts
WARM_UP = Article(
    id="claimgraph-worker-warm-up",
    text="Mayor Ann Lee of Riverton said on Monday that the bridge, owned by Bluewave, would "
    'reopen. "We are on schedule," she told the Daily Ledger.',
    publisher="Warm-up Wire",
)


@dataclass(frozen=True)
class Prepared:
    """One article as a worker prepared it, ready for the driver to commit.

    Attributes:
        article: the article id.
        source: where it was read from (for rejects).
        graph: the IRI of its named graph.
        payload: its graph, ready to load; ``None`` when it was refused.
        violations: the SHACL violations, in words; empty when it conforms.
        notes: what the extractor says about the article (:attr:`Extraction.notes`).
        error: why extraction or mapping failed, else ``None``.
        input_digest: what the graph was made from (:mod:`claimgraph.ingestion._digest`), stored
            with it so that a later batch can skip the same input.
    """

    article: str
    source: str
    graph: str
    payload: GraphPayload | None = None
    violations: tuple[str, ...] = ()
    error: str | None = None
    input_digest: str | None = None
    notes: tuple[str, ...] = ()


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


def _prepare_one(ex: Extraction, validate: bool, digest: str | None) -> Prepared:
    art = ex.article
    graph, lines = article_lines(ex)
    aid, source, iri = art.id, art.source or art.id, str(graph)
    if validate:
        report = validate_lines(lines)
        if not report.conforms:
            return Prepared(aid, source, iri, violations=tuple(str(v) for v in report.violations))
    payload = GraphPayload.from_lines(iri, lines)
    return Prepared(aid, source, iri, payload=payload, input_digest=digest, notes=tuple(ex.notes))


def _failed(art: Article, exc: Exception) -> Prepared:
    from claimgraph.loaders._iris import article_graph_iri

    return Prepared(art.id, art.source or art.id, str(article_graph_iri(art.id)), error=f"{exc!r}")


def prepare_chunk(
    articles: list[Article], *, validate: bool, extractor: str | Extractor = DEFAULT_EXTRACTOR
) -> list[Prepared]:
    """Extract, map and validate a chunk of articles (runs in a worker).

    If extraction fails part-way, the chunk is redone one article at a time so that only the bad
    article is reported.
    """
    extract = resolve_extractor(extractor)
    # of the articles as given: an extractor may hand back an Article of its own making
    digests = {a.id: input_digest(a, extractor=extractor, validate=validate) for a in articles}
    try:
        return [_prepare_one(ex, validate, digests.get(ex.article.id)) for ex in extract(articles)]
    except Exception:  # isolate the failing article below
        return [_prepare_single(a, validate, extractor) for a in articles]


def _prepare_single(art: Article, validate: bool, extractor: str | Extractor) -> Prepared:
    try:
        digest = input_digest(art, extractor=extractor, validate=validate)
        extracted = resolve_extractor(extractor)([art])
        return next(_prepare_one(ex, validate, digest) for ex in extracted)
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


_BARRIER: Any = None  # set in each worker by _init_worker


PARENT_POLL = 0.5
"""Seconds between a worker's checks that the driver that started it is still alive."""
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Make this worker exit when ``parent`` (the driver) dies, however it dies (SIGKILL too).

    On Linux the kernel sends the worker SIGKILL when its parent goes
    (``prctl(PR_SET_PDEATHSIG)``); everywhere, a daemon thread checks every
    :data:`PARENT_POLL` seconds that the worker's parent is still ``parent`` and ends the
    process if not (a worker blocked on its task pipe would otherwise wait forever, holding its
    model's memory). A worker whose parent is already gone exits at once.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent,), name="claimgraph-parent-watch", daemon=True
    ).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL)
    os._exit(1)  # the driver is gone: nobody will read what this worker makes


def _init_worker(extractor: str | Extractor, barrier: Any, parent: int | None = None) -> None:
    """Start a worker: exit with the driver, one thread for numeric libraries, then warm it up
    on a short article.

    The warm-up loads what the first article would otherwise wait for: the extractor's model,
    the lexicons and curated data the rules read, and the compiled shapes.
    """
    global _BARRIER
    if parent is not None:
        die_with_parent(parent)
    _BARRIER = barrier
    # Ctrl-C reaches the whole process group: the driver stops the batch and the pool; a worker
    # finishes its article instead of printing a traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    one_thread_per_process()  # before numpy is imported (the extractor imports it)
    with contextlib.suppress(Exception):  # only a warm-up: the first chunk reports an error
        prepare_chunk([WARM_UP], validate=True, extractor=extractor)


def _ready() -> int:
    """Wait in a started worker until every worker has started (so each takes exactly one)."""
    _BARRIER.wait(START_TIMEOUT)
    return os.getpid()


class WorkerPool:
    """``workers`` local worker processes (spawned: safe with driver threads) for ingestion.

    Each worker loads the extractor's model once, when it starts, and prepares :data:`WARM_UP`.
    Use as a context manager; call :meth:`start` to start the workers before the first batch
    (else they start with it).

    Example:
        >>> with WorkerPool(2, extractor="tests.test_parallel:stub_extract") as pool:
        ...     pool.workers
        2
    """

    def __init__(self, workers: int, *, extractor: str | Extractor = DEFAULT_EXTRACTOR) -> None:
        """Set the pool up; the workers start with :meth:`start` or the first batch.

        Raises:
            InputError: claimgraph's extractor is to be used and ``CLAIMGRAPH_GEMM`` names a
                library it does not know (:mod:`claimgraph.extraction._speedups.gemm`).
        """
        if extractor == DEFAULT_EXTRACTOR:
            gemm_backend()  # the workers inherit the setting: refuse it once, here
        ctx = multiprocessing.get_context("spawn")
        self.workers = max(1, workers)
        self._barrier = ctx.Barrier(self.workers)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=ctx,
            initializer=_init_worker,
            initargs=(extractor, self._barrier, os.getpid()),
        )

    def start(self) -> WorkerPool:
        """Start every worker now and wait until each is warm (see :data:`WARM_UP`).

        Raises:
            WorkerError: a worker could not start.
        """
        futures = [self._pool.submit(_ready) for _ in range(self.workers)]
        for future in futures:
            _collect_one(future)
        return self

    def prepared(
        self,
        articles: Iterable[Article],
        *,
        validate: bool,
        extractor: str | Extractor = DEFAULT_EXTRACTOR,
        chunk_size: int = CHUNK_SIZE,
    ) -> Iterator[Prepared]:
        """Prepare articles on the workers; yield them in input order."""

        def submit(chunk: list[Article]) -> _Future:
            return self._pool.submit(prepare_chunk, chunk, validate=validate, extractor=extractor)

        window = max(WINDOW_PER_WORKER * self.workers // chunk_size, 2 * self.workers)
        yield from prepared_in_order(articles, submit, chunk_size=chunk_size, window=window)

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers started so far."""
        return sorted(getattr(self._pool, "_processes", None) or {})

    def close(self) -> None:
        """Stop the workers."""
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(
        self, tp: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _collect_one(future: _Future) -> Any:
    try:
        return future.result()
    except Exception as exc:
        raise WorkerError(f"a worker failed to start: {exc!r}") from exc


def process_pool_prepared(
    articles: Iterable[Article],
    *,
    workers: int,
    validate: bool,
    extractor: str | Extractor = DEFAULT_EXTRACTOR,
    chunk_size: int = CHUNK_SIZE,
    pool: WorkerPool | None = None,
) -> Generator[Prepared, None, None]:
    """Prepare articles in ``workers`` local processes, or on the started ``pool``."""
    if pool is not None:
        yield from pool.prepared(
            articles, validate=validate, extractor=extractor, chunk_size=chunk_size
        )
        return
    with WorkerPool(workers, extractor=extractor) as own:
        yield from own.prepared(
            articles, validate=validate, extractor=extractor, chunk_size=chunk_size
        )


def dask_prepared(
    articles: Iterable[Article],
    *,
    address: str,
    validate: bool,
    extractor: str | Extractor = DEFAULT_EXTRACTOR,
    chunk_size: int = 8,
) -> Generator[Prepared, None, None]:
    """Prepare articles on the Dask cluster whose scheduler is at ``address``.

    Raises:
        WorkerError: the scheduler cannot be reached, or a task failed on the cluster.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise MissingDependencyError("distributed", "dask", "ingestion on a Dask cluster") from exc
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
