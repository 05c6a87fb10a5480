"""Per-article validation (and whole add) cost with 1k and with 100k articles in the store.

Run: ``.venv/bin/python benchmarks/validation_cost.py [--small 1000] [--large 100000] [--disk]``

Each store size lives in a process of its own: the store is filled by bulk loading synthetic
one-claim article graphs, then the same 200 new articles (the hand-made harbour extraction under new
ids) are validated the way ingestion validates them (``validate_lines`` on the article's N-Triples
lines). The two processes take turns, round by round (small, large, small, large, ...), so a slow
spell of the machine falls on both alike, and each one's best round (mean per article) is reported.
Then each adds the 200 (validate and commit) once, again in turn. With ``--disk`` each store is
filled by bulk loading in a process of its own and compacted (``Store.optimize``; both counted in
the fill time), then opened by the measuring process as an ingesting process opens an existing
archive, so the bulk loader's threads and compactions do not run beside the rounds. Validation
sees only the article's graph, so its cost must not depend on the store (target ratio <= 1.2);
each process keeps its store resident the whole time, as an ingesting process does, and counts
its quads with pyoxigraph's ``len``.

``--stats-first`` has each measuring process run ``KnowledgeGraph.stats()`` (aggregates over
every quad) before the rounds instead. That is not what an ingesting process does, and it leaves
the process slower at pyoxigraph's in-memory queries for as long as the big store stays open (the
validator runs its SPARQL constraints on the article's own small in-memory store). It was measured
at ~1.2x with 100k articles, where an open store that was not scanned costs nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from typing import Any

from _common import ROOT, print_table, verdict

TARGET = 1.2
FILL = """
import json, sys, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/benchmarks")
import pyoxigraph as ox
from _common import synthetic_nquads

def fill(store, n):
    batch = []
    for chunk in synthetic_nquads(n, small=True):
        batch.append(chunk)
        if len(batch) == 5000:
            store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
            batch = []
    if batch:
        store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)

if __name__ == "__main__":
    t = time.perf_counter()
    store = ox.Store(sys.argv[3])
    fill(store, int(sys.argv[2]))
    store.optimize()  # compacted now, not by background threads while the rounds run
    store.flush()
    del store
    print(json.dumps({"fill_s": time.perf_counter() - t}))
"""
CHILD = (
    FILL.replace('if __name__ == "__main__":', "if False:")
    + """
import statistics
from pathlib import Path
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.shacl._validation import validate_lines
from claimgraph.loaders._mapping import article_lines
from tests.builders import harbour_extraction

n, articles, where = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
stats_first = sys.argv[5] == "stats"
exs = [harbour_extraction(f"measured-{i}") for i in range(articles)]
prepared = [article_lines(ex)[1] for ex in exs]
validate_lines(prepared[0])  # compile the shapes

def say(**kw):
    print(json.dumps(kw), flush=True)

t = time.perf_counter()
if where == ":memory:":
    kg = KnowledgeGraph.memory()
    fill(kg.backend.store, n)
else:  # filled by another process: opened as an ingesting process opens an archive
    kg = KnowledgeGraph.open(Path(where))
with kg:
    quads = kg.stats().quads if stats_first else len(kg.backend.store)
    say(n=n, quads=quads, fill_s=time.perf_counter() - t)
    for command in sys.stdin:
        if command.strip() == "round":
            t = time.perf_counter()
            for lines in prepared:
                validate_lines(lines)
            say(validate_ms=(time.perf_counter() - t) / len(prepared) * 1000)
        elif command.strip() == "add":
            adds = []
            for ex in exs:
                t = time.perf_counter()
                kg.add(ex)
                adds.append(time.perf_counter() - t)
            say(add_ms=statistics.median(adds) * 1000)
        else:
            break
"""
)


class Child:
    """A process holding a store of ``n`` articles, measuring on command."""

    def __init__(self, n: int, articles: int, store_dir: str | None, *, stats_first: bool) -> None:
        self.fill_s: float | None = None
        if store_dir is not None:  # an on-disk store, filled (and closed) by a process of its own
            out = subprocess.run(
                [sys.executable, "-c", FILL, str(ROOT), str(n), store_dir],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            self.fill_s = float(json.loads(out.stdout.strip().splitlines()[-1])["fill_s"])
        cmd = [sys.executable, "-c", CHILD, str(ROOT), str(n), str(articles)]
        self.proc = subprocess.Popen(
            [*cmd, store_dir or ":memory:", "stats" if stats_first else "len"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def first(self) -> dict[str, Any]:
        """The child's first report: its store's size and how long filling it took."""
        result = self.read()
        if self.fill_s is not None:
            result["fill_s"] += self.fill_s
        return result

    def read(self) -> dict[str, Any]:
        """The child's next report."""
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the measuring process stopped (exit code {self.proc.wait()})")
        result: dict[str, Any] = json.loads(line)
        return result

    def ask(self, command: str) -> dict[str, Any]:
        """Send a command (``round`` or ``add``) and wait for its report."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self.read()

    def close(self) -> None:
        """Stop the child."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def measure(
    n_small: int, n_large: int, articles: int, rounds: int, disk: bool, stats_first: bool
) -> list[dict[str, Any]]:
    """Fill both stores (each in its own process), then measure them in turn."""
    with tempfile.TemporaryDirectory() as tmp:
        dirs = [f"{tmp}/small", f"{tmp}/large"] if disk else [None, None]
        children = [
            Child(n, articles, d, stats_first=stats_first)
            for n, d in zip((n_small, n_large), dirs, strict=True)
        ]
        return _take_turns(children, rounds)


def _take_turns(children: list[Child], rounds: int) -> list[dict[str, Any]]:
    try:
        results = [c.first() for c in children]
        for _ in range(rounds):
            for c, r in zip(children, results, strict=True):
                ms = c.ask("round")["validate_ms"]
                r["validate_ms"] = min(r.get("validate_ms", float("inf")), ms)
                r.setdefault("rounds", []).append(ms)
        for c, r in zip(children, results, strict=True):
            r.update(c.ask("add"))
        return results
    finally:
        for c in children:
            c.close()


def main() -> None:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--articles", type=int, default=200, help="articles measured per store")
    ap.add_argument("--rounds", type=int, default=5, help="validation rounds (best is kept)")
    ap.add_argument("--disk", action="store_true", help="on-disk store (default: in memory)")
    ap.add_argument(
        "--stats-first",
        action="store_true",
        help="run KnowledgeGraph.stats() over the whole store before the rounds",
    )
    args = ap.parse_args()
    small, large = measure(
        args.small, args.large, args.articles, args.rounds, args.disk, args.stats_first
    )
    rows = [
        [f"{int(r['n']):,}", f"{int(r['quads']):,}", r["fill_s"], r["validate_ms"], r["add_ms"]]
        for r in (small, large)
    ]
    print_table(
        f"validation cost per article (best of {args.rounds} rounds of {args.articles}; "
        f"{'on-disk' if args.disk else 'in-memory'} store, one process per size, in turn"
        f"{'; stats() over the store first' if args.stats_first else ''})",
        ["articles in store", "quads", "fill s", "validate ms", "add ms (median)"],
        rows,
    )
    rv = large["validate_ms"] / small["validate_ms"]
    ra = large["add_ms"] / small["add_ms"]
    per_round = ", ".join(
        f"{b / a:.2f}" for a, b in zip(small["rounds"], large["rounds"], strict=True)
    )
    print_table(
        "ratios (large / small store)",
        ["measure", "ratio", "target", "verdict"],
        [
            ["validation", rv, f"<= {TARGET}", verdict(rv <= TARGET)],
            ["  per round", per_round, "", ""],
            ["whole add (validate + commit)", ra, "(info)", ""],
        ],
    )


if __name__ == "__main__":
    main()
