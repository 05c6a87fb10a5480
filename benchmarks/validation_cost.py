"""Per-article validation (and whole add) cost with 1k and with 100k articles in the store.

Run: ``.venv/bin/python benchmarks/validation_cost.py [--small 1000] [--large 100000] [--disk]``

Each store size is measured in a fresh process: the store is filled by bulk loading synthetic
one-claim article graphs, then the same 200 new articles (the hand-made harbour extraction under new
ids) are validated the way ingestion validates them (``validate_lines`` on the article's N-Triples
lines), in several rounds; the best round's mean per article is reported. Then the 200 are added
(validate and commit) once. Validation sees only the article's graph, so its cost must not depend
on the store (target ratio <= 1.2); the process holding the large store keeps it resident the whole
time, as an ingesting process does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import ROOT, print_table, verdict

TARGET = 1.2
CHILD = """
import json, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/benchmarks")
import pyoxigraph as ox
from _common import synthetic_nquads
from claimgraph.graph.store import KnowledgeGraph
from claimgraph.graph.validation import validate_lines
from claimgraph.loaders.mapping import article_lines
from tests.builders import harbour_extraction

n, articles, rounds = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
disk = sys.argv[5] == "disk"
exs = [harbour_extraction(f"measured-{i}") for i in range(articles)]
prepared = [article_lines(ex)[1] for ex in exs]
validate_lines(prepared[0])  # compile the shapes

def fill(store, n):
    t = time.perf_counter()
    batch = []
    for chunk in synthetic_nquads(n, small=True):
        batch.append(chunk)
        if len(batch) == 5000:
            store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
            batch = []
    if batch:
        store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
    return time.perf_counter() - t

with tempfile.TemporaryDirectory() as tmp:
    kg = KnowledgeGraph.open(Path(tmp) / "store") if disk else KnowledgeGraph.memory()
    with kg:
        secs = fill(kg.backend.store, n)
        quads = kg.stats().quads
        best = float("inf")
        for _ in range(rounds):
            t = time.perf_counter()
            for lines in prepared:
                validate_lines(lines)
            best = min(best, (time.perf_counter() - t) / len(prepared))
        adds = []
        for ex in exs:
            t = time.perf_counter()
            kg.add(ex)
            adds.append(time.perf_counter() - t)
print(json.dumps({"n": n, "quads": quads, "fill_s": secs, "validate_ms": best * 1000,
                  "add_ms": statistics.median(adds) * 1000}))
"""


def run(n: int, articles: int, rounds: int, disk: bool) -> dict[str, float]:
    """Fill a store with ``n`` articles and measure, in a fresh process; its figures."""
    cmd = [
        sys.executable,
        "-c",
        CHILD,
        str(ROOT),
        str(n),
        str(articles),
        str(rounds),
        "disk" if disk else "memory",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=200, help="articles measured per store")
    ap.add_argument("--rounds", type=int, default=5, help="validation rounds (best is kept)")
    ap.add_argument("--disk", action="store_true", help="on-disk store (default: in memory)")
    args = ap.parse_args()
    small = run(args.small, args.articles, args.rounds, args.disk)
    large = run(args.large, args.articles, args.rounds, args.disk)
    rows = [
        [f"{int(r['n']):,}", f"{int(r['quads']):,}", r["fill_s"], r["validate_ms"], r["add_ms"]]
        for r in (small, large)
    ]
    print_table(
        f"validation cost per article (best of {args.rounds} rounds of {args.articles}; "
        f"{'on-disk' if args.disk else 'in-memory'} store, one fresh process per size)",
        ["articles in store", "quads", "fill s", "validate ms", "add ms (median)"],
        rows,
    )
    rv = large["validate_ms"] / small["validate_ms"]
    ra = large["add_ms"] / small["add_ms"]
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
