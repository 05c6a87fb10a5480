"""Ingestion throughput against bare spaCy ``nlp.pipe`` on the same texts, 1 process and N workers.

Run by hand on the development corpus (never committed):
``.venv/bin/python benchmarks/ingest_throughput.py --corpus --repeat 3 --workers 2``
Without ``--corpus`` it uses texts written for the tests (tests/builders.py).

claimgraph's figure is the whole pipeline: extraction, mapping, validation and commit into an
in-memory store. Targets: >= 0.85x bare spaCy in one process; with 2 workers >= 1.7x the
one-process throughput. Worker runs are shown with and without the start-up of the workers
(each loads the spaCy model once).
"""

from __future__ import annotations

import argparse
import time

from _common import corpus_texts, print_table, verdict

from claimgraph.graph.store import KnowledgeGraph
from claimgraph.loaders.article import Article
from claimgraph.loaders.extract import load_nlp
from claimgraph.pipeline import BatchReport, ingest
from tests.builders import HARBOUR_TEXT


def texts(corpus: bool, repeat: int) -> list[str]:
    """The benchmark texts: the corpus (by hand) or test-written text, repeated."""
    base = corpus_texts() if corpus else [HARBOUR_TEXT] * 60
    return base * repeat


def bare_spacy(docs: list[str]) -> float:
    """Seconds for ``nlp.pipe`` over the texts, model already loaded."""
    nlp = load_nlp()
    list(nlp.pipe(docs[:4]))
    t = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=32):
        pass
    return time.perf_counter() - t


def run_ingest(docs: list[str], workers: int) -> tuple[float, float, BatchReport]:
    """Seconds for the whole ingest, seconds after the first article, and the report."""
    arts = [Article(id=f"bench-{i}", text=t, publisher="Bench Wire") for i, t in enumerate(docs)]
    first: list[float] = []

    def tick(done: int, _report: BatchReport) -> None:
        if done == 1:
            first.append(time.perf_counter())

    load_nlp()
    with KnowledgeGraph.memory() as kg:
        t = time.perf_counter()
        report = ingest(kg, arts, workers=workers, progress=tick)
        end = time.perf_counter()
    return end - t, end - first[0], report


def main() -> None:
    """Run and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", action="store_true", help="use the development corpus texts")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    docs = texts(args.corpus, args.repeat)
    n = len(docs)
    spacy_s = bare_spacy(docs)
    one_s, _, one_r = run_ingest(docs, 1)
    par_s, par_steady, par_r = run_ingest(docs, args.workers)
    rate = {"spacy": n / spacy_s, "one": n / one_s, "par": n / par_s}
    steady = (n - 1) / par_steady
    print_table(
        f"{n} articles ({'corpus' if args.corpus else 'test text'}), articles/s",
        ["run", "seconds", "articles/s", "stored", "rejected"],
        [
            ["bare spaCy nlp.pipe", spacy_s, rate["spacy"], "-", "-"],
            ["claimgraph, 1 process", one_s, rate["one"], one_r.stored, len(one_r.rejected)],
            [
                f"claimgraph, {args.workers} workers",
                par_s,
                rate["par"],
                par_r.stored,
                len(par_r.rejected),
            ],
            ["  same, after start-up", par_steady, steady, "", ""],
        ],
    )
    r1 = rate["one"] / rate["spacy"]
    r2 = rate["par"] / rate["one"]
    r2s = steady / rate["one"]
    print_table(
        "targets",
        ["measure", "ratio", "target", "verdict"],
        [
            ["1 process / bare spaCy", r1, ">= 0.85", verdict(r1 >= 0.85)],
            [f"{args.workers} workers / 1 process", r2, ">= 1.7", verdict(r2 >= 1.7)],
            [
                f"{args.workers} workers after start-up / 1 process",
                r2s,
                ">= 1.7",
                verdict(r2s >= 1.7),
            ],
        ],
    )


if __name__ == "__main__":
    main()
