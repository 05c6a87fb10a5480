"""Where the model's matrix products run: numpy's BLAS; one thread in the processes we own.

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
then run four threads, and each process was 1.3 times slower than with one thread. So the
processes claimgraph owns (the command line, and the workers it starts) ask numeric libraries for
one thread each at their start (:func:`one_thread_per_process`), as spaCy's BLIS is always
single-threaded: one process uses one core, and ``--workers N`` uses N. The library itself never
changes a thread count: in a notebook or a service, the caller's settings hold.

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
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any

from claimgraph.errors import InputError

__all__ = [
    "BACKENDS",
    "GEMM_VAR",
    "THREAD_VARS",
    "gemm_backend",
    "model_ops",
    "one_thread_per_process",
]

GEMM_VAR = "CLAIMGRAPH_GEMM"
BACKENDS = ("numpy", "blis")  # the first is the default


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


# the thread pools of numpy's BLAS, OpenMP and other numeric libraries, read when they load
THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


def one_thread_per_process(environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Ask numeric libraries for one thread each, for a process that claimgraph owns.

    The command line and the worker processes call this at their start, before numpy is
    imported; the library never does (a notebook or service keeps its own thread counts). A
    variable the user has set is kept. Returns the variables set.

    Example:
        >>> env = {"OMP_NUM_THREADS": "4"}
        >>> one_thread_per_process(env)[:2]
        ['OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS']
        >>> env["OMP_NUM_THREADS"], env["OPENBLAS_NUM_THREADS"]
        ('4', '1')
    """
    env = os.environ if environ is None else environ
    chosen = [var for var in THREAD_VARS if var not in env]
    for var in chosen:
        env[var] = "1"
    if environ is None and "OPENBLAS_NUM_THREADS" in chosen and "numpy" in sys.modules:
        from threadpoolctl import threadpool_limits  # numpy's BLAS has read the variables

        threadpool_limits(limits=1, user_api="blas")
    return chosen
