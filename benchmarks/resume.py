"""Rerunning a batch: articles already stored from the same input are skipped, not extracted.

Run: ``.venv/bin/python benchmarks/resume.py [--articles 2000] [--real]``

Ingests synthetic articles (text written for the tests) into an on-disk store, then the same
batch again (every article skipped on its stored input digest), then again with
``reextract=True`` (every article extracted and found unchanged). By default extraction is the
hand-made stub extraction, so the first and the forced runs show the cost of everything but
spaCy; ``--real`` parses with spaCy, the cost a skipped article saves.
"""

from __future__ import annotations

import argparse
import tempfile
import time

from _common import print_table, synthetic_articles

from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._pipeline import BatchReport, ingest

STUB = "tests.test_parallel:stub_extract"


def run(kg: KnowledgeGraph, n: int, extractor: str | None, **kw: bool) -> tuple[float, BatchReport]:
    """Seconds to ingest the ``n`` synthetic articles into ``kg``, and the report."""
    t = time.perf_counter()
    report = ingest(kg, synthetic_articles(n), extractor=extractor, **kw)
    return time.perf_counter() - t, report


def main() -> None:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--real", action="store_true", help="extract with spaCy")
    args = ap.parse_args()
    n, extractor = args.articles, None if args.real else STUB
    rows = []
    with tempfile.TemporaryDirectory() as tmp, KnowledgeGraph.open(tmp + "/store") as kg:
        for label, kw in (
            ("first run (new store)", {}),
            ("the same batch again (skipped)", {}),
            ("again with reextract=True", {"reextract": True}),
        ):
            seconds, rep = run(kg, n, extractor, **kw)
            rows.append([label, seconds, n / seconds, rep.added, rep.unchanged])
    print_table(
        f"{n:,} articles, {'spaCy' if args.real else 'stub'} extraction, on-disk store",
        ["run", "seconds", "articles/s", "added", "unchanged"],
        rows,
    )
    print(f"skipping is {rows[1][2] / rows[2][2]:.0f}x faster than extracting again")


if __name__ == "__main__":
    main()
