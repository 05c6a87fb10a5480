"""Where the model's matrix products run: numpy's BLAS, one thread while the model parses.

spaCy's models multiply their matrices through thinc, which calls BLIS by default (bundled in
the ``blis`` package). That BLIS chooses its kernel from the processor when it starts, and on a
processor it does not know it runs its portable ``generic`` kernel. On the AMD EPYC (Zen 4)
machines this project runs on it does exactly that: its products at the model's sizes took 3 to
6 times as long as numpy's, and the whole parse 1.3 to 1.6 times as long. numpy's BLAS (OpenBLAS in
numpy's wheels) picks a tuned kernel for every x86 and ARM processor it knows, at run time.

So :func:`~claimgraph.extraction.load_nlp` loads the model under :func:`model_ops`:
thinc's ``NumpyOps`` with ``use_blis=False``, for the model's own layers only (thinc's current
ops outside the model are left as they were). The small product per transition inside the parser
and the entity recogniser stays in BLIS.

OpenBLAS runs one thread per core unless told otherwise. Two worker processes on two cores
then run four threads, and each process was 1.3 times slower than with one thread. So
:func:`one_blas_thread` (and :func:`each_with_one_blas_thread` for a stream of parses) holds
numpy's BLAS to one thread while the model parses, as spaCy's BLIS is always single-threaded:
one process uses one core, and ``--workers N`` uses N. Overlapping parses (threads of one
process) share one limit: the first to start sets it and the last to finish gives the former
count back, so the user's own setting is never lost to an unlucky order. Whether the limit holds
in threads other than the main one is OpenBLAS's affair: the build in numpy 2.4's wheels (0.3.31)
ignored a count set from another thread once the main thread had set one.

The annotations stay the same. Tags, POS, morphology, lemmas, dependencies, entities and sentence
starts were equal for all 81,742 tokens of a dev corpus of 84 news articles, and the tests
compare them with the stock pipeline. Two BLAS libraries may still add up in another order and
round differently in the last bit, which could settle a near-tie. BLIS's own kernels differ in
the same way from one processor to another.

``CLAIMGRAPH_GEMM=blis`` in the environment keeps spaCy's default (BLIS) for the models loaded
after it is set. ``benchmarks/ingest_throughput.py`` measures both.

Example:
    >>> gemm_backend({})
    'numpy'
    >>> gemm_backend({"CLAIMGRAPH_GEMM": "BLIS"})
    'blis'
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from claimgraph.errors import InputError

__all__ = [
    "BACKENDS",
    "GEMM_VAR",
    "each_with_one_blas_thread",
    "gemm_backend",
    "model_ops",
    "one_blas_thread",
]

GEMM_VAR = "CLAIMGRAPH_GEMM"
BACKENDS = ("numpy", "blis")  # the first is the default

T = TypeVar("T")


def gemm_backend(environ: Mapping[str, str] | None = None) -> str:
    """The matrix-product library the model is loaded with: ``numpy`` or ``blis``.

    Args:
        environ: where to read ``CLAIMGRAPH_GEMM``; ``os.environ`` by default.

    Raises:
        InputError: the variable names another library.
    """
    env = os.environ if environ is None else environ
    value = env.get(GEMM_VAR, "").strip().lower() or BACKENDS[0]
    if value not in BACKENDS:
        raise InputError(
            GEMM_VAR,
            f"{env[GEMM_VAR]!r} is not a matrix-product library claimgraph knows: set it to "
            f"{' or '.join(BACKENDS)} ({BACKENDS[0]} is the default), or unset it",
        )
    return value


def model_ops(environ: Mapping[str, str] | None = None) -> contextlib.AbstractContextManager[Any]:
    """A context in which the spaCy models loaded get the chosen library's thinc ops.

    Layers take thinc's current ops when they are made, so a model loaded inside the context
    keeps them; thinc's current ops are restored when it ends.
    """
    if gemm_backend(environ) == "blis":
        return contextlib.nullcontext()
    from thinc.api import use_ops

    return use_ops("numpy", use_blis=False)


@lru_cache(maxsize=1)
def _controller() -> Any:
    """threadpoolctl's view of the BLAS libraries loaded in this process (made once)."""
    import numpy  # noqa: F401  (its BLAS must be loaded before the controller looks)
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


class _SharedLimit:
    """One BLAS thread while any thread of this process is inside; the former count after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inside = 0
        self._limiter: Any = None  # threadpoolctl's, holding the counts to give back

    def __enter__(self) -> None:
        with self._lock:
            if self._inside == 0:
                self._limiter = _controller().limit(limits=1, user_api="blas")
            self._inside += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._inside -= 1
            if self._inside == 0:
                self._limiter.restore_original_limits()
                self._limiter = None


_SHARED = _SharedLimit()


def one_blas_thread() -> contextlib.AbstractContextManager[None]:
    """A context in which numpy's BLAS runs on one thread; the former count comes back after.

    Overlapping contexts (nested, or in threads that parse at the same time) share the limit, and
    the count comes back when the last one ends.
    """
    return _SHARED


def each_with_one_blas_thread(items: Iterator[T]) -> Iterator[T]:
    """Yield ``items``, each worked out with numpy's BLAS on one thread.

    The limit holds only while the next item is computed, never while the caller has it, so a
    generator left unfinished leaves no limit behind.
    """
    while True:
        with one_blas_thread():
            try:
                item = next(items)
            except StopIteration:
                return
        yield item
