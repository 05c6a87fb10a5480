"""Running a query with an allowed ``SERVICE`` clause within a time limit.

``SERVICE`` is refused by default (:mod:`claimgraph.queries._service`). When a caller allows it,
the remote endpoint may never answer, and Oxigraph has no timeout of its own for the embedded
store: the query runs in a daemon thread and the caller gets a
:class:`~claimgraph.errors.QueryError` when the time is up. The abandoned query goes on until
the remote answers (Oxigraph cannot cancel it).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar, cast

from claimgraph.errors import QueryError
from claimgraph.queries._service import find_service

__all__ = ["DEFAULT_SERVICE_TIMEOUT", "run_bounded"]

T = TypeVar("T")
DEFAULT_SERVICE_TIMEOUT = 30.0
"""Seconds a query with an allowed ``SERVICE`` clause may take (see ``KnowledgeGraph.sparql``)."""


def run_bounded(run: Callable[[], T], text: str, allowed: bool, timeout: float) -> T:
    """``run()``, given up after ``timeout`` s when ``SERVICE`` is allowed and present.

    The query goes on in a daemon thread until the remote server answers (Oxigraph cannot
    cancel it); the caller gets a :class:`~claimgraph.errors.QueryError` at once.
    """
    if not allowed or find_service(text) is None:
        return run()
    if not timeout > 0:
        raise QueryError(f"service_timeout must be a positive number of seconds, not {timeout!r}")
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = run()
        except BaseException as exc:  # handed to the caller's thread
            _clear_frames(exc)  # pyoxigraph's results may only be dropped on their own thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="claimgraph-service-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryError(
            f"the query with SERVICE did not finish within {timeout:g} s (the remote service "
            "did not answer); raise service_timeout / --service-timeout or drop the SERVICE"
        )
    if "error" in box:
        raise box["error"]
    return cast(T, box["value"])


def _clear_frames(exc: BaseException | None) -> None:
    """Drop the local variables of the frames of ``exc`` and of its causes."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        traceback.clear_frames(exc.__traceback__)
        exc = exc.__cause__ or exc.__context__
