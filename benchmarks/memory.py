"""Peak memory (RSS high-water mark) of ingesting 10k articles vs 1k, each in a fresh process.

Run: ``.venv/bin/python benchmarks/memory.py [--small 1000] [--large 10000] [--real]``

Each run ingests synthetic articles (text written for the tests) into an on-disk store in a
temporary folder, in a new Python process, and reports that process's ``ru_maxrss``. By default
extraction is the hand-made stub extraction (fast); ``--real`` uses spaCy on the same text.
Target: peak(large) / peak(small) <= 1.1 (memory does not grow with the batch).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from _common import ROOT, print_table, verdict

TARGET = 1.1
CHILD = """
import json, resource, sys, tempfile, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/benchmarks")
from _common import synthetic_articles
from claimgraph.graph.store import KnowledgeGraph
from claimgraph.pipeline import ingest
n, real = int(sys.argv[2]), sys.argv[3] == "real"
extractor = None if real else "tests.test_parallel:stub_extract"
with tempfile.TemporaryDirectory() as tmp, KnowledgeGraph.open(tmp + "/store") as kg:
    t = time.perf_counter()
    report = ingest(kg, synthetic_articles(n), extractor=extractor)
    secs = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"n": n, "stored": report.stored, "peak_kib": peak, "seconds": secs}))
"""


def run(n: int, real: bool) -> dict[str, float]:
    """Ingest ``n`` articles in a fresh process; its figures."""
    cmd = [sys.executable, "-c", CHILD, str(ROOT), str(n), "real" if real else "stub"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10_000)
    ap.add_argument("--real", action="store_true", help="extract with spaCy")
    args = ap.parse_args()
    small, large = run(args.small, args.real), run(args.large, args.real)
    rows = [
        [f"{int(r['n']):,}", int(r["stored"]), r["peak_kib"] / 1024, r["seconds"]]
        for r in (small, large)
    ]
    print_table(
        f"peak RSS per batch ({'spaCy' if args.real else 'stub'} extraction, on-disk store)",
        ["articles", "stored", "peak MiB", "seconds"],
        rows,
    )
    ratio = large["peak_kib"] / small["peak_kib"]
    print_table(
        "target",
        ["measure", "ratio", "target", "verdict"],
        [["peak(large) / peak(small)", ratio, f"<= {TARGET}", verdict(ratio <= TARGET)]],
    )


if __name__ == "__main__":
    main()
