"""Typed errors raised by claimgraph.

Every error names the input it is about and says what is wrong, so that a batch can report it and
go on. The command line maps them to exit codes: :class:`ShapeViolationError` to 1, every other
:class:`ClaimgraphError` to 2.
"""

from __future__ import annotations

__all__ = [
    "ClaimgraphError",
    "IndexMissingError",
    "InputError",
    "MissingDependencyError",
    "OutputError",
    "QueryError",
    "ShapeViolationError",
    "StoreError",
    "StoreFullError",
    "StoreInUseError",
    "StoreUnavailableError",
    "UnknownFormatError",
    "WorkerError",
]


class ClaimgraphError(Exception):
    """Base class of every error claimgraph raises on purpose."""


class InputError(ClaimgraphError, ValueError):
    """An input (file, line, record or value) cannot be read or is not valid.

    Args:
        source: the input, as the user named it (a path, ``path:line``, an article id).
        problem: what is wrong with it, and where possible how to fix it.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class UnknownFormatError(InputError):
    """A file extension, media type or format name that claimgraph does not know."""


class QueryError(ClaimgraphError):
    """A named query is unknown, a parameter is missing or invalid, or SPARQL failed."""


class StoreError(ClaimgraphError):
    """The store cannot be opened, read or written.

    Attributes:
        status: the HTTP status a remote store answered with, if that is what failed.
    """

    status: int | None = None


class StoreInUseError(StoreError):
    """Another process holds the on-disk store open for writing."""


class IndexMissingError(StoreError):
    """The store holds data but no name index and totals (it was written before they existed,
    or filled by a bulk load): run ``claimgraph index --store LOCATION``
    (``KnowledgeGraph.rebuild_indexes``) once to build them."""


class StoreUnavailableError(StoreError):
    """A remote store could not be reached, or kept failing, after retries.

    A batch stops at this error instead of rejecting every article after it: what was stored
    before it stays stored, and running the same batch again goes on from there (articles
    already stored are left as they are).

    Attributes:
        report: raised by :func:`~claimgraph.ingestion._pipeline.ingest`, the batch's
            :class:`~claimgraph.ingestion._pipeline.BatchReport` up to the failure; else ``None``.
    """

    report: object | None = None


class MissingDependencyError(ClaimgraphError, ImportError):
    """An optional part of claimgraph was used without the package it needs.

    Args:
        package: the package that is not installed.
        extra: the claimgraph extra that installs it (``pip install 'claimgraph[extra]'``).
        feature: what needs it, in words.
    """

    def __init__(self, package: str, extra: str, feature: str) -> None:
        self.package = package
        self.extra = extra
        super().__init__(
            f"{feature} needs {package}, which is not installed: pip install 'claimgraph[{extra}]'"
        )


class WorkerError(ClaimgraphError):
    """A worker process or the Dask cluster failed (not one article: the machinery)."""


class StoreFullError(StoreUnavailableError):
    """The disk (or quota) under the store is full: no article can be written until space is
    freed. Like :class:`StoreUnavailableError`, it stops a batch, carrying its report; what
    was stored before it stays stored, and the same batch run again goes on from there."""


class OutputError(ClaimgraphError):
    """A file claimgraph was asked to write (an export, a rejects file) cannot be written.

    Args:
        path: the file, as the user named it.
        problem: what is wrong, and how to fix it.
    """

    def __init__(self, path: str, problem: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class ShapeViolationError(ClaimgraphError):
    """An article's graph does not conform to the SHACL shapes; nothing was written.

    Attributes:
        article: the id of the article whose graph was refused.
        violations: the violations, one per failed constraint.
    """

    def __init__(self, article: str, violations: list[object]) -> None:
        self.article = article
        self.violations = violations
        lines = "\n".join(f"  - {v}" for v in violations)
        super().__init__(
            f"article {article!r} was not stored: {len(violations)} SHACL violation(s)\n{lines}"
        )
