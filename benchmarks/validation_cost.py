"""Per-article validation (and whole add) cost with 1k and with 100k articles in the store.

Run: ``.venv/bin/python benchmarks/validation_cost.py [--small 1000] [--large 100000] [--disk]``

The store is filled by bulk loading synthetic one-claim article graphs; then the same 200 new
articles (the hand-made harbour extraction under new ids) are validated and added. Validation
sees only the article's graph, so its cost must not depend on the store (target ratio <= 1.2).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from _common import print_table, synthetic_nquads, verdict

from claimgraph.graph.store import KnowledgeGraph
from claimgraph.graph.validation import validate_graph
from claimgraph.loaders.mapping import article_graph
from claimgraph.loaders.records import Extraction
from tests.builders import harbour_extraction

TARGET = 1.2


def fill(store: ox.Store, n: int) -> float:
    """Bulk load ``n`` synthetic articles into ``store``; returns seconds."""
    t = time.perf_counter()
    batch: list[bytes] = []
    for chunk in synthetic_nquads(n, small=True):
        batch.append(chunk)
        if len(batch) == 5000:
            store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
            batch = []
    if batch:
        store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
    return time.perf_counter() - t


def measure(kg: KnowledgeGraph, extractions: list[Extraction], engine: str) -> tuple[float, float]:
    """Median ms per article: validation alone, and the whole ``kg.add`` (validate + commit)."""
    val, add = [], []
    for ex in extractions:
        graph = article_graph(ex)
        t = time.perf_counter()
        validate_graph(graph, engine=engine)
        val.append(time.perf_counter() - t)
        t = time.perf_counter()
        kg.add(ex)
        add.append(time.perf_counter() - t)
    return statistics.median(val) * 1000, statistics.median(add) * 1000


def main() -> None:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=200, help="articles measured per store")
    ap.add_argument("--engine", default="fast", choices=["fast", "pyshacl"])
    ap.add_argument("--disk", action="store_true", help="on-disk store (default: in memory)")
    args = ap.parse_args()
    exs = [harbour_extraction(f"measured-{i}") for i in range(args.articles)]
    validate_graph(article_graph(exs[0]), engine=args.engine)  # warm caches (shapes)
    rows, figures = [], {}
    for n in (args.small, args.large):
        with tempfile.TemporaryDirectory() as tmp:
            kg = KnowledgeGraph.open(Path(tmp) / "store") if args.disk else KnowledgeGraph.memory()
            with kg:
                secs = fill(kg.backend.store, n)  # type: ignore[attr-defined]
                quads = kg.stats().quads
                v, a = measure(kg, exs, args.engine)
        figures[n] = (v, a)
        rows.append([f"{n:,}", f"{quads:,}", secs, v, a])
    print_table(
        f"validation cost per article ({args.engine} engine, median of {args.articles})",
        ["articles in store", "quads", "fill s", "validate ms", "add ms"],
        rows,
    )
    rv = figures[args.large][0] / figures[args.small][0]
    ra = figures[args.large][1] / figures[args.small][1]
    print_table(
        "ratios (large / small store)",
        ["measure", "ratio", "target", "verdict"],
        [
            ["validation", rv, f"<= {TARGET}", verdict(rv <= TARGET)],
            ["whole add (validate + commit)", ra, "(info)", ""],
        ],
    )


if __name__ == "__main__":
    main()
