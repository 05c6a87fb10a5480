"""Ingestion throughput against bare spaCy ``nlp.pipe`` on the same texts, 1 process and N workers.

Run by hand on the development corpus (never committed):
``.venv/bin/python benchmarks/ingest_throughput.py --corpus --repeat 3 --workers 2 --rounds 4``
Without ``--corpus`` it uses texts written for the tests (tests/builders.py).

claimgraph's figure is the whole pipeline: extraction, mapping, validation and commit into an
in-memory store. Targets: >= 0.85x bare spaCy in one process; with N workers >= 1.7x the
one-process throughput (shown against bare spaCy's one-process throughput too, the other reading
of the target). Worker runs are shown three ways: a
:class:`~claimgraph.ingestion._parallel.WorkerPool` started before the timing (steady state, as for
a
long-running ingester or a batch long enough that start-up does not count), workers started by
``ingest`` (the timing includes spawning them and loading the model in each), and the latter
after its first article.

For reference it also times bare spaCy in N processes of its own (one text per task, nothing sent
back): how well this machine scales spaCy itself, the ceiling for any pipeline built on it. And
bare spaCy with the model's layers on numpy's BLAS, one thread, as claimgraph loads it
(:mod:`claimgraph.extraction._speedups.gemm`): "bare spaCy" in the targets is the model as shipped,
which multiplies with BLIS; against the same model on numpy's BLAS, the ratio is claimgraph's own
cost (its rules, mapping, validation and commit, less what its components save).

Side by side: the machine's speed drifts from minute to minute (on a shared VM by up to ~30%), so
the steady-state measures take turns on slices of the batch (``--slice`` articles, 42 by
default): all five on one slice, in one order, then all five on the next slice in the reverse
order (A B C D E, E D C B A, ...), so that each sees the machine in the same state; claimgraph's
runs keep one store over the round, so the store grows as in one batch. The figures are totals
over all rounds; the per-round ratios are printed too. A slice ends with the workers draining
(one may idle for up to an article), which costs the worker runs ~1% at 42 articles.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import spacy
from _common import corpus_texts, print_table, tune_as_the_command_line, verdict

from claimgraph.extraction import MODEL, load_nlp
from claimgraph.extraction._speedups.gemm import model_ops, one_thread_per_process
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._parallel import WorkerPool
from claimgraph.ingestion._pipeline import BatchReport, ingest
from claimgraph.records import Article
from tests.builders import HARBOUR_TEXT

_BARE: dict[bool, Any] = {}  # the bare model in this process (driver or reference worker), by numpy
STEADY = ("spacy", "spacy_numpy", "spacy_n", "one", "warm")


def texts(corpus: bool, repeat: int) -> list[str]:
    """The benchmark texts: the corpus (by hand) or test-written text, repeated."""
    base = corpus_texts() if corpus else [HARBOUR_TEXT] * 60
    return base * repeat


def bare_model(numpy: bool = False) -> Any:
    """The model as shipped (``spacy.load``, none of claimgraph's components), loaded once.

    Args:
        numpy: load it with its layers on numpy's BLAS, as claimgraph does; else as shipped (BLIS).
    """
    if numpy not in _BARE:
        with model_ops({}) if numpy else contextlib.nullcontext():
            _BARE[numpy] = spacy.load(MODEL)
        list(_BARE[numpy].pipe([HARBOUR_TEXT] * 2))
    return _BARE[numpy]


def bare_spacy(docs: list[str], numpy: bool = False) -> float:
    """Seconds for ``nlp.pipe`` over the texts in this process, model already loaded."""
    nlp = bare_model(numpy)
    t = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=32):
        pass
    return time.perf_counter() - t


def _bare_init() -> None:
    one_thread_per_process()  # as claimgraph's workers do
    bare_model()


def _bare_one(text: str) -> None:
    for _ in bare_model().pipe([text]):
        pass


def bare_spacy_parallel(pool: ProcessPoolExecutor, docs: list[str]) -> float:
    """Seconds for bare ``nlp.pipe`` over the texts in the pool's processes, one text per task."""
    t = time.perf_counter()
    for _ in pool.map(_bare_one, docs):
        pass
    return time.perf_counter() - t


def cpu_seconds(pids: list[int]) -> float:
    """CPU seconds (user + system) used so far by these live processes (Linux /proc)."""
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


CPU: dict[str, list[float]] = {"one": [], "warm": []}  # CPU seconds per run, driver + workers


def run_ingest(
    docs: list[str],
    workers: int,
    pool: WorkerPool | None = None,
    *,
    kg: KnowledgeGraph | None = None,
    first_id: int = 0,
) -> tuple[float, float, BatchReport]:
    """Seconds for the whole ingest, seconds after the first article, and the report.

    Args:
        docs: the texts (article ids ``bench-{first_id}`` on).
        workers: worker processes for ``ingest`` to start (1: in this process).
        pool: a started pool to use instead.
        kg: the store to add to (a slice of a longer batch); by default a new in-memory one.
        first_id: the number of the first article.
    """
    arts = [
        Article(id=f"bench-{first_id + i}", text=t, publisher="Bench Wire")
        for i, t in enumerate(docs)
    ]
    first: list[float] = []

    def tick(done: int, _report: BatchReport) -> None:
        if done == 1:
            first.append(time.perf_counter())

    load_nlp()
    pids = pool.pids if pool is not None else []
    with KnowledgeGraph.memory() if kg is None else contextlib.nullcontext(kg) as store:
        t, cpu = time.perf_counter(), time.process_time() + cpu_seconds(pids)
        report = ingest(store, arts, workers=pool or workers, progress=tick)
        end = time.perf_counter()
        used = time.process_time() + cpu_seconds(pids) - cpu
    if workers == 1 and pool is None:
        CPU["one"].append(used)
    elif pool is not None:
        CPU["warm"].append(used)
    return end - t, end - first[0], report


def slices(docs: list[str], size: int) -> list[tuple[int, list[str]]]:
    """The texts in consecutive slices of ``size`` (the last may be shorter), with their start."""
    return [(i, docs[i : i + size]) for i in range(0, len(docs), size)]


def run_rounds(
    docs: list[str], w: int, rounds: int, slice_size: int
) -> tuple[dict[str, list[float]], dict[str, BatchReport]]:
    """Seconds per measure and round, and the reports (stored and rejected over the round).

    The steady-state measures go through the batch slice by slice, all five on each slice, in
    one order on one slice and the reverse order on the next, so that each sees the machine in
    the same state; claimgraph's two keep one store each over the round (it grows as in one
    batch). The cold run (workers started by ``ingest``) is one whole batch per round.
    """
    runs: dict[str, list[float]] = {k: [] for k in (*STEADY, "cold", "cold_steady")}
    reports: dict[str, BatchReport] = {}
    ctx = multiprocessing.get_context("spawn")
    turn = 0
    with (
        WorkerPool(w).start() as pool,
        ProcessPoolExecutor(w, mp_context=ctx, initializer=_bare_init) as bare_pool,
    ):
        list(bare_pool.map(_bare_one, [HARBOUR_TEXT] * (2 * w)))  # started outside the timing
        for _ in range(rounds):
            spent = dict.fromkeys(STEADY, 0.0)
            totals = {name: BatchReport() for name in ("one", "warm")}
            with KnowledgeGraph.memory() as kg_one, KnowledgeGraph.memory() as kg_warm:
                stores = {"one": kg_one, "warm": kg_warm}
                for start, part in slices(docs, slice_size):
                    for name in STEADY if turn % 2 == 0 else reversed(STEADY):
                        if name in ("spacy", "spacy_numpy"):
                            spent[name] += bare_spacy(part, numpy=name == "spacy_numpy")
                        elif name == "spacy_n":
                            spent[name] += bare_spacy_parallel(bare_pool, part)
                        else:
                            seconds, _, rep = run_ingest(
                                part,
                                1 if name == "one" else w,
                                pool if name == "warm" else None,
                                kg=stores[name],
                                first_id=start,
                            )
                            spent[name] += seconds
                            totals[name].added += rep.stored
                            totals[name].rejected += rep.rejected
                    turn += 1
            for name in STEADY:
                runs[name].append(spent[name])
            reports.update(totals)
            cold_s, cold_steady, reports["cold"] = run_ingest(docs, w)
            runs["cold"].append(cold_s)
            runs["cold_steady"].append(cold_steady)
    return runs, reports


def main() -> None:
    """Run and print the tables."""
    tune_as_the_command_line()  # one BLAS thread, as the command line runs
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", action="store_true", help="use the development corpus texts")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=2, help="rounds over the batch (default 2)")
    ap.add_argument(
        "--slice",
        type=int,
        default=42,
        help="articles per turn of the steady-state measures (default 42)",
    )
    args = ap.parse_args()
    docs = texts(args.corpus, args.repeat)
    n, w = len(docs), args.workers
    runs, reports = run_rounds(docs, w, args.rounds, args.slice)
    total = {k: sum(v) for k, v in runs.items()}
    count = {k: (n - 1 if k == "cold_steady" else n) * args.rounds for k in runs}
    rate = {k: count[k] / total[k] for k in runs}

    def row(label: str, key: str, report: str | None = None) -> list[Any]:
        rep = reports.get(report or "")
        stored = rep.stored if rep else "-"
        rejected = len(rep.rejected) if rep else "-"
        return [label, total[key] / args.rounds, rate[key], stored, rejected]

    print_table(
        f"{n} articles ({'corpus' if args.corpus else 'test text'}), {args.rounds} round(s): "
        "mean seconds per run, articles/s over all rounds",
        ["run", "seconds", "articles/s", "stored", "rejected"],
        [
            row("bare spaCy nlp.pipe, 1 process", "spacy"),
            row("  the same on numpy's BLAS, as claimgraph loads it", "spacy_numpy"),
            row(f"bare spaCy nlp.pipe, {w} processes", "spacy_n"),
            row("claimgraph, 1 process", "one", "one"),
            row(f"claimgraph, {w} workers started before", "warm", "warm"),
            row(f"claimgraph, {w} workers started by ingest", "cold", "cold"),
            row("  same, after its first article", "cold_steady"),
        ],
    )
    ratios = [
        ["1 process / bare spaCy", rate["one"] / rate["spacy"], 0.85],
        [f"{w} workers started before / 1 process", rate["warm"] / rate["one"], 1.7],
        ["  same / bare spaCy, 1 process", rate["warm"] / rate["spacy"], 1.7],
        [f"{w} workers started by ingest / 1 process", rate["cold"] / rate["one"], 1.7],
        ["  same, after its first article / 1 process", rate["cold_steady"] / rate["one"], 1.7],
    ]
    rows: list[list[Any]] = [[name, r, f">= {t}", verdict(r >= t)] for name, r, t in ratios]
    machine = rate["spacy_n"] / rate["spacy"]
    rows.append([f"reference: bare spaCy {w} processes / 1 process", machine, "", ""])
    share = rate["warm"] / rate["one"] / machine
    rows.append([f"  claimgraph's {w}-worker scaling as a share of it", share, "", ""])
    rows += [
        [label, ratio, "", ""]
        for label, ratio in (
            (
                "reference: bare spaCy on numpy's BLAS / as shipped",
                rate["spacy_numpy"] / rate["spacy"],
            ),
            (
                "  claimgraph, 1 process / bare spaCy on numpy's BLAS",
                rate["one"] / rate["spacy_numpy"],
            ),
        )
    ]
    if args.rounds > 1:
        per_round = [o / c for o, c in zip(runs["one"], runs["warm"], strict=True)]
        rows.append(["  started before, per round", ", ".join(f"{r:.2f}" for r in per_round)])
        rows[-1] += ["", ""]
    print_table("targets", ["measure", "ratio", "target", "verdict"], rows)
    print_table(
        "CPU (driver + workers; the ratio above needs that many free cores)",
        ["run", "CPU s/article", "cores used"],
        [
            ["1 process", sum(CPU["one"]) / count["one"], sum(CPU["one"]) / total["one"]],
            [
                f"{w} workers started before",
                sum(CPU["warm"]) / count["warm"],
                sum(CPU["warm"]) / total["warm"],
            ],
        ],
    )


if __name__ == "__main__":
    main()
