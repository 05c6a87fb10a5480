"""Ingestion throughput against bare spaCy ``nlp.pipe`` on the same texts, 1 process and N workers.

Run by hand on the development corpus (never committed):
``.venv/bin/python benchmarks/ingest_throughput.py --corpus --repeat 3 --workers 2``
Without ``--corpus`` it uses texts written for the tests (tests/builders.py).

claimgraph's figure is the whole pipeline: extraction, mapping, validation and commit into an
in-memory store. Targets: >= 0.85x bare spaCy in one process; with 2 workers >= 1.7x the
one-process throughput. Worker runs are shown three ways: workers started by ``ingest`` (the
timing includes spawning them and loading the spaCy model in each), the same after the first
article, and a :class:`~claimgraph.parallel.WorkerPool` started before the timing (steady state, as
for a long-running ingester). ``--rounds`` repeats the runs side by side and reports medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import spacy
from _common import corpus_texts, print_table, verdict

from claimgraph.graph.store import KnowledgeGraph
from claimgraph.loaders.article import Article
from claimgraph.loaders.extract import MODEL, load_nlp
from claimgraph.parallel import WorkerPool
from claimgraph.pipeline import BatchReport, ingest
from tests.builders import HARBOUR_TEXT


def texts(corpus: bool, repeat: int) -> list[str]:
    """The benchmark texts: the corpus (by hand) or test-written text, repeated."""
    base = corpus_texts() if corpus else [HARBOUR_TEXT] * 60
    return base * repeat


def bare_spacy(docs: list[str]) -> float:
    """Seconds for ``nlp.pipe`` over the texts with the model as shipped (``spacy.load``, none of
    claimgraph's components), model already loaded."""
    nlp = spacy.load(MODEL)
    list(nlp.pipe(docs[:4]))
    t = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=32):
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


def run_ingest(
    docs: list[str], workers: int, pool: WorkerPool | None = None
) -> tuple[float, float, BatchReport]:
    """Seconds for the whole ingest, seconds after the first article, and the report."""
    arts = [Article(id=f"bench-{i}", text=t, publisher="Bench Wire") for i, t in enumerate(docs)]
    first: list[float] = []

    def tick(done: int, _report: BatchReport) -> None:
        if done == 1:
            first.append(time.perf_counter())

    load_nlp()
    pids = pool.pids if pool is not None else []
    with KnowledgeGraph.memory() as kg:
        t, cpu = time.perf_counter(), time.process_time() + cpu_seconds(pids)
        report = ingest(kg, arts, workers=workers, progress=tick, pool=pool)
        end = time.perf_counter()
        CPU.setdefault(workers if pool is None else -workers, []).append(
            time.process_time() + cpu_seconds(pids) - cpu
        )
    return end - t, end - first[0], report


CPU: dict[int, list[float]] = {}  # CPU seconds per run: 1 (one process), -w (started pool)


def main() -> None:
    """Run and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", action="store_true", help="use the development corpus texts")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=1, help="side-by-side rounds (medians shown)")
    args = ap.parse_args()
    docs = texts(args.corpus, args.repeat)
    n, w = len(docs), args.workers
    runs: dict[str, list[float]] = {k: [] for k in ("spacy", "one", "cold", "steady", "warm")}
    with WorkerPool(w).start() as pool:  # started here, outside every timing
        for _ in range(args.rounds):
            runs["spacy"].append(bare_spacy(docs))
            one_s, _, one_r = run_ingest(docs, 1)
            cold_s, cold_steady, cold_r = run_ingest(docs, w)
            warm_s, _, warm_r = run_ingest(docs, w, pool)
            runs["one"].append(one_s)
            runs["cold"].append(cold_s)
            runs["steady"].append(cold_steady)
            runs["warm"].append(warm_s)
    sec = {k: statistics.median(v) for k, v in runs.items()}
    rate = {k: (n - 1 if k == "steady" else n) / v for k, v in sec.items()}
    print_table(
        f"{n} articles ({'corpus' if args.corpus else 'test text'}), articles/s, "
        f"median of {args.rounds} round(s)",
        ["run", "seconds", "articles/s", "stored", "rejected"],
        [
            ["bare spaCy nlp.pipe", sec["spacy"], rate["spacy"], "-", "-"],
            ["claimgraph, 1 process", sec["one"], rate["one"], one_r.stored, len(one_r.rejected)],
            [
                f"claimgraph, {w} workers",
                sec["cold"],
                rate["cold"],
                cold_r.stored,
                len(cold_r.rejected),
            ],
            ["  same, after start-up", sec["steady"], rate["steady"], "", ""],
            [
                f"  {w} workers started before",
                sec["warm"],
                rate["warm"],
                warm_r.stored,
                len(warm_r.rejected),
            ],
        ],
    )
    ratios = [
        ["1 process / bare spaCy", rate["one"] / rate["spacy"], 0.85],
        [f"{w} workers / 1 process", rate["cold"] / rate["one"], 1.7],
        [f"{w} workers after start-up / 1 process", rate["steady"] / rate["one"], 1.7],
        [f"{w} workers started before / 1 process", rate["warm"] / rate["one"], 1.7],
    ]
    rows = [[name, r, f">= {t}", verdict(r >= t)] for name, r, t in ratios]
    if args.rounds > 1:
        per_round = [o / c for o, c in zip(runs["one"], runs["warm"], strict=True)]
        rows.append(
            ["  started before, per round", ", ".join(f"{r:.2f}" for r in per_round), "", ""]
        )
    print_table("targets", ["measure", "ratio", "target", "verdict"], rows)
    one_cpu, warm_cpu = statistics.median(CPU[1]), statistics.median(CPU[-w])
    print_table(
        "CPU (driver + workers; the ratio above needs that many free cores)",
        ["run", "CPU s/article", "cores used"],
        [
            ["1 process", one_cpu / n, one_cpu / sec["one"]],
            [f"{w} workers started before", warm_cpu / n, warm_cpu / sec["warm"]],
        ],
    )


if __name__ == "__main__":
    main()
