"""Ingestion: read -> extract -> map -> validate -> commit, one article at a time, streaming.

A bad article is reported and skipped; what is already stored is never touched by a failure. A
store that cannot be reached stops the batch (:class:`~claimgraph.errors.StoreUnavailableError`,
carrying the report so far) instead of rejecting every article after it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimgraph.errors import (
    ClaimgraphError,
    InputError,
    ShapeViolationError,
    StoreFullError,
    StoreUnavailableError,
)
from claimgraph.graph.store._kg import AddResult, KnowledgeGraph
from claimgraph.ingestion._digest import input_digest
from claimgraph.ingestion._parallel import (
    DEFAULT_EXTRACTOR,
    Extractor,
    Prepared,
    WorkerPool,
    chunks,
    dask_prepared,
    process_pool_prepared,
    resolve_extractor,
)
from claimgraph.loaders._iris import article_graph_iri
from claimgraph.loaders._readers import check_article_id, iter_articles
from claimgraph.records import Article, Extraction

__all__ = [
    "BatchReport",
    "Reject",
    "disk_full",
    "extract_articles",
    "ingest",
    "predict",
    "store_full",
]

_FULL = tuple(os.strerror(code) for code in (errno.ENOSPC, errno.EDQUOT))
"""How the operating system words a full disk or quota (RocksDB passes the words on, not the
error number: pyoxigraph raises ``OSError("IO error: No space left on device: ...")``)."""


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or an error it was raised from) says the disk or quota is full."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(words in str(seen) for words in _FULL):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def store_full(where: str, exc: BaseException) -> StoreFullError:
    """The typed error for a full disk under the store at ``where``."""
    return StoreFullError(
        f"the store's disk is full: {where}: {exc}; free some space (or move the store), then "
        "run the same batch again to go on (articles already stored are left as they are)"
    )


@dataclass(frozen=True)
class Reject:
    """One input that was not stored, and why."""

    input: str
    reason: str
    kind: str = "input"

    def as_dict(self) -> dict[str, str]:
        """The reject as a JSON-friendly dictionary (``input``, ``reason``, ``kind``)."""
        return {"input": self.input, "reason": self.reason, "kind": self.kind}


@dataclass
class BatchReport:
    """What a batch did: counts per outcome, the rejects, and the time it took."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    rejected: list[Reject] = field(default_factory=list)
    notes: list[Reject] = field(default_factory=list)
    """Stored articles the extractor has something to say about (kind ``"note"``): a run-on
    sentence cut at a bound, say (:mod:`claimgraph.extraction._bound`)."""
    results: list[AddResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        """Articles now in the store from this batch (added, replaced or unchanged)."""
        return self.added + self.replaced + self.unchanged

    @property
    def articles_per_second(self) -> float:
        """Throughput over the whole batch."""
        total = self.stored + len(self.rejected)
        return total / self.seconds if self.seconds > 0 else 0.0

    def record(self, result: AddResult, *, keep: bool = False) -> None:
        """Count one stored article (and keep its result when ``keep``)."""
        setattr(self, result.status, getattr(self, result.status) + 1)
        if keep:
            self.results.append(result)


Progress = Callable[[int, "BatchReport"], None]
LOOKUP_BLOCK = 32  # articles whose stored input digests are looked up in one query


def extract_articles(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Extract records from articles, streaming (spaCy ``nlp.pipe`` underneath)."""
    from claimgraph.extraction import extract_many

    extractions: Iterator[Extraction] = extract_many(articles, batch_size=batch_size)
    return extractions


def _split(items: Iterable[Article | InputError], report: BatchReport) -> Iterator[Article]:
    """The articles of ``items``; errors, and a second article with an id seen before, go to
    ``report`` as rejects (ids are unique within a batch: a later batch replaces, this one
    does not overwrite itself)."""
    first: dict[str, str] = {}  # article id -> where it was read from
    for item in items:
        if isinstance(item, Article):
            item = _checked(item, first)
        if isinstance(item, InputError):
            report.rejected.append(Reject(item.source, item.problem, "input"))
        else:
            yield item


def _checked(art: Article, first: dict[str, str]) -> Article | InputError:
    where = art.source or art.id
    try:
        check_article_id(art.id, where)
    except InputError as exc:
        return exc
    if art.id in first:
        return InputError(
            where,
            f"the article id {art.id!r} was already used in this batch by {first[art.id]}; "
            "give each article its own id (this one was not stored)",
        )
    first[art.id] = where
    return art


def predict(
    inputs: Iterable[str | Path | Article], report: BatchReport | None = None
) -> Iterator[dict[str, Any]]:
    """Extract each article and yield its prediction record (the evaluation format), streaming.

    Args:
        inputs: paths (files, folders, JSON Lines corpora) and/or articles.
        report: if given, inputs that cannot be read are added to its ``rejected`` list.
    """
    from claimgraph.evaluation._predictions import prediction_record

    sink = report if report is not None else BatchReport()
    for ex in extract_articles(_split(_expand(inputs), sink)):
        yield prediction_record(ex)


def ingest(
    kg: KnowledgeGraph,
    inputs: Iterable[str | Path | Article],
    *,
    validate: bool = True,
    keep_results: bool = False,
    progress: Progress | None = None,
    workers: int | str | WorkerPool = 1,
    extractor: str | Extractor | None = None,
    report: BatchReport | None = None,
    reextract: bool = False,
) -> BatchReport:
    """Ingest files, folders, JSON Lines corpora or :class:`Article` objects into ``kg``.

    Each article is extracted, mapped to its own named graph, validated and committed in one
    transaction. Inputs that cannot be read and graphs that fail validation are listed in
    :attr:`BatchReport.rejected`; the batch goes on. An article whose graph is already stored
    from the same input by the same extractor (its input digest, :mod:`._digest`)
    is not extracted again and counts as ``unchanged``, so re-running an interrupted batch goes
    on where it stopped at the cost of a look-up per stored article.

    Args:
        kg: the store to write to.
        inputs: paths (files or folders) and/or articles.
        validate: validate each graph against the SHACL shapes before writing (default on).
        keep_results: keep one :class:`AddResult` per article in the report.
        progress: called after each article (skipped ones too) with the running count of
            articles and the report.
        workers: where to extract, map and validate (the store is the same in every case):
            ``1``, in this process; a number ``N``, in ``N`` worker processes started for this
            batch; a started :class:`~._parallel.WorkerPool`, in its processes (several
            batches share its start-up); or the address of a Dask scheduler
            (``"tcp://host:8786"``), on that cluster.
        extractor: the extraction function (``"module:function"`` or a callable taking
            articles and yielding extractions); by default spaCy's ``extract_many``.
        report: the report to fill (and return) instead of a new one, so that a caller still
            holds what the batch did if it is interrupted (``KeyboardInterrupt``).
        reextract: extract every article, even one stored from the same input (after changing
            an extractor in place without changing its code's files, say).

    Raises:
        WorkerError: a worker process or the Dask cluster failed.
        StoreUnavailableError: the store could not be reached (after retries); the batch stopped
            there, and the error's ``report`` says what it had stored and rejected.
    """
    report = report if report is not None else BatchReport()
    start = time.perf_counter()
    tick = _Ticker(progress, report)
    digests = _Digests(kg, report, tick, extractor, validate=validate, keep=keep_results)
    parallel = not isinstance(workers, int) or workers > 1
    read = _split(_expand(inputs), report)
    articles = digests.unstored(read, skip=not reextract, remember=not parallel)
    try:
        if parallel:
            items = _parallel(articles, workers, validate, extractor)
            with contextlib.closing(items):  # stops the workers at once if the store fails
                for prepared in items:
                    _commit_prepared(kg, prepared, report, keep_results)
                    tick()
        else:
            extract = resolve_extractor(extractor) if extractor is not None else extract_articles
            for ex in extract(articles):
                digest = digests.pop(ex.article.id)
                _add(kg, ex, report, validate=validate, keep=keep_results, digest=digest)
                tick()
    except StoreUnavailableError as exc:
        raise _stopped(exc, report) from exc
    except (ClaimgraphError, OSError) as exc:
        if not disk_full(exc):
            raise
        raise _stopped(store_full(kg.location, exc), report) from exc
    finally:  # also when interrupted: the caller's report says how long the batch ran
        report.seconds = time.perf_counter() - start
    return report


class _Ticker:
    """Counts the articles of a batch and calls the caller's progress function after each."""

    def __init__(self, progress: Progress | None, report: BatchReport) -> None:
        self.progress, self.report, self.done = progress, report, 0

    def __call__(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.report)


class _Digests:
    """The input digests of a batch's articles: skips the stored ones, keeps the others'."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        report: BatchReport,
        tick: _Ticker,
        extractor: str | Extractor | None,
        *,
        validate: bool,
        keep: bool,
    ) -> None:
        self.kg, self.report, self.tick = kg, report, tick
        self.extractor, self.validate, self.keep = extractor, validate, keep
        self._pending: dict[str, deque[str]] = {}  # by article id, in input order

    def unstored(
        self, articles: Iterable[Article], *, skip: bool, remember: bool
    ) -> Iterator[Article]:
        """The articles to extract; with ``skip``, not those stored from the same input.

        With ``remember``, each one's digest is kept for :meth:`pop` (workers make their own).
        """
        if not skip and not remember:
            yield from articles
            return
        for block in chunks(articles, LOOKUP_BLOCK):
            stored = self.kg.stored_input_digests(a.id for a in block) if skip else {}
            for art in block:
                digest = input_digest(art, extractor=self.extractor, validate=self.validate)
                if stored.get(art.id) == digest:
                    self._skipped(art)
                    continue
                if remember:
                    self._pending.setdefault(art.id, deque()).append(digest)
                yield art

    def pop(self, article_id: str) -> str | None:
        """The digest of the oldest article with this id still to commit (one-process runs)."""
        queue = self._pending.get(article_id)
        if not queue:
            return None
        digest = queue.popleft()
        if not queue:
            del self._pending[article_id]
        return digest

    def _skipped(self, art: Article) -> None:
        iri = str(article_graph_iri(art.id))
        size = self.kg.graph_size(art.id) if self.keep else 0
        self.report.record(AddResult(art.id, iri, "unchanged", size), keep=self.keep)
        self.tick()


def _stopped(exc: StoreUnavailableError, report: BatchReport) -> StoreUnavailableError:
    stopped = type(exc)(
        f"{exc}; the batch stopped after storing {report.stored} article(s) "
        f"({len(report.rejected)} rejected); run it again to go on (articles already stored "
        "are left as they are)"
    )
    stopped.report = report
    return stopped


def _add(
    kg: KnowledgeGraph,
    ex: Extraction,
    report: BatchReport,
    *,
    validate: bool,
    keep: bool,
    digest: str | None,
) -> None:
    try:
        result = kg.add(ex, validate=validate, input_digest=digest)
    except ShapeViolationError as exc:
        report.rejected.append(Reject(ex.article.source or ex.article.id, str(exc), "validation"))
    except InputError as exc:  # records the mapping cannot use
        report.rejected.append(Reject(ex.article.source or ex.article.id, str(exc), "extraction"))
    except StoreUnavailableError:
        raise  # the batch stops: the articles after it would all fail the same way
    except ClaimgraphError as exc:
        if disk_full(exc):
            raise  # so would every article after a full disk
        report.rejected.append(Reject(ex.article.source or ex.article.id, str(exc), "store"))
    else:
        report.record(result, keep=keep)
        _note(report, ex.article.source or ex.article.id, ex.notes)


def _note(report: BatchReport, source: str, notes: Iterable[str]) -> None:
    report.notes.extend(Reject(source, note, "note") for note in notes)


def _parallel(
    articles: Iterable[Article],
    workers: int | str | WorkerPool,
    validate: bool,
    extractor: str | Extractor | None,
) -> Generator[Prepared, None, None]:
    ref = extractor if extractor is not None else DEFAULT_EXTRACTOR
    if isinstance(workers, str):
        return dask_prepared(articles, address=workers, validate=validate, extractor=ref)
    if isinstance(workers, WorkerPool):
        return process_pool_prepared(
            articles, workers=1, validate=validate, extractor=ref, pool=workers
        )
    return process_pool_prepared(articles, workers=workers, validate=validate, extractor=ref)


def _commit_prepared(
    kg: KnowledgeGraph, prepared: Prepared, report: BatchReport, keep: bool
) -> None:
    if prepared.error is not None:
        report.rejected.append(Reject(prepared.source, prepared.error, "extraction"))
        return
    if prepared.violations or prepared.payload is None:
        exc = ShapeViolationError(prepared.article, list(prepared.violations))
        report.rejected.append(Reject(prepared.source, str(exc), "validation"))
        return
    try:
        result = kg._commit_payload(  # the single writer's step, internal to claimgraph
            prepared.payload,
            article=prepared.article,
            minted=True,
            input_digest=prepared.input_digest,
        )
    except StoreUnavailableError:
        raise  # the batch stops: the articles after it would all fail the same way
    except ClaimgraphError as exc:
        if disk_full(exc):
            raise  # so would every article after a full disk
        report.rejected.append(Reject(prepared.source, str(exc), "store"))
    else:
        report.record(result, keep=keep)
        _note(report, prepared.source, prepared.notes)


def _expand(inputs: Iterable[str | Path | Article]) -> Iterator[Article | InputError]:
    for item in inputs:
        if isinstance(item, Article):
            yield item
        else:
            yield from iter_articles([item])
