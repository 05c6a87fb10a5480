"""Process-wide settings for the processes the command line owns; the library never applies them.

* numeric libraries on one thread each (numpy's BLAS, OpenMP, ...): one process uses one core,
  ``--workers N`` uses N, and the parse is faster than with a thread per core (see
  :mod:`claimgraph.extraction._speedups.gemm`);
* glibc's malloc arenas capped, so RocksDB's background threads share them and a long ingest's
  resident memory stays flat (see :mod:`claimgraph.graph.store._malloc`).

A variable the user has set (``OPENBLAS_NUM_THREADS``, ``MALLOC_ARENA_MAX``, ...) is kept.
"""

from __future__ import annotations

from claimgraph.extraction._speedups.gemm import one_thread_per_process
from claimgraph.graph.store._malloc import limit_malloc_arenas

__all__ = ["tune_process"]


def tune_process() -> None:
    """Apply the command line's process-wide settings (before numpy or a store is loaded)."""
    one_thread_per_process()
    limit_malloc_arenas()
