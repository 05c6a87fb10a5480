"""Peak memory (RSS high-water mark) of ingesting 10k articles vs 1k, each in a fresh process.

Run: ``.venv/bin/python benchmarks/memory.py [--small 1000] [--large 10000] [--real]
[--reopen-every N] [--flush-every N]``

Each run ingests synthetic articles (text written for the tests) into an on-disk store in a
temporary folder, in a new Python process, and reports that process's ``ru_maxrss``. By default
extraction is the hand-made stub extraction (fast); ``--real`` uses spaCy on the same text.
Target: peak(large) / peak(small) <= 1.1 (memory does not grow with the batch).

Also printed, for reading the peak: the process's CPU time (user + system, RocksDB's background
threads included), the largest and the smallest resident set (VmRSS) seen after any article of
each tenth of the batch (the smallest is the floor right after the writer flushed RocksDB's write
buffers or reopened its handle), the high-water mark so far (VmHWM) at the end of each tenth
(reading ``/proc/self/status``; the high-water mark is never reset, so where it climbs shows
when the peaks between the samples happen), and how many times the store's RocksDB handle was
reopened.
``--reopen-every`` and ``--flush-every`` set ``REOPEN_EVERY`` and ``FLUSH_EVERY`` in
``claimgraph.graph.store._backend`` for the run (how often the writer reopens the RocksDB handle and
flushes its write buffers), to measure their trade-off of memory against CPU.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any

from _common import ROOT, print_table, verdict

TARGET = 1.1
CHILD = """
import json, resource, sys, tempfile, time
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, sys.argv[1] + "/benchmarks")
from _common import synthetic_articles, tune_as_the_command_line
tune_as_the_command_line()  # malloc arenas and BLAS threads, as `claimgraph ingest` sets them
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._pipeline import ingest
import claimgraph.graph.store._backend as backend
n, real = int(sys.argv[2]), sys.argv[3] == "real"
if int(sys.argv[4]):
    backend.REOPEN_EVERY = int(sys.argv[4])
if int(sys.argv[5]):
    backend.FLUSH_EVERY = int(sys.argv[5])
extractor = None if real else "tests.test_parallel:stub_extract"
samples = []
points = {max(1, k * n // 10) for k in range(1, 11)}
top_rss = [0]
low_rss = [1 << 40]

def status_kib(*keys):
    with open("/proc/self/status") as fh:
        found = {l.split(":")[0]: int(l.split()[1]) for l in fh if l.split(":")[0] in keys}
    return [found[k] for k in keys]

def sample(done, report):
    rss, hwm = status_kib("VmRSS", "VmHWM")
    top_rss[0] = max(top_rss[0], rss)
    low_rss[0] = min(low_rss[0], rss)
    if done in points:
        samples.append((top_rss[0], hwm, low_rss[0]))
        top_rss[0], low_rss[0] = 0, 1 << 40

with tempfile.TemporaryDirectory() as tmp, KnowledgeGraph.open(tmp + "/store") as kg:
    t = time.perf_counter()
    report = ingest(kg, synthetic_articles(n), extractor=extractor, progress=sample)
    secs = time.perf_counter() - t
    reopened = getattr(kg.backend, "reopened", 0)
usage = resource.getrusage(resource.RUSAGE_SELF)
peak, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
print(json.dumps({"n": n, "stored": report.stored, "peak_kib": peak, "seconds": secs, "cpu": cpu,
                  "rss_kib": [s[0] for s in samples], "hwm_kib": [s[1] for s in samples],
                  "low_kib": [s[2] for s in samples],
                  "reopened": reopened}))
"""


def run(n: int, real: bool, reopen_every: int = 0, flush_every: int = 0) -> dict[str, Any]:
    """Ingest ``n`` articles in a fresh process; its figures.

    Args:
        n: how many articles.
        real: extract with spaCy instead of the stub.
        reopen_every: if not 0, reopen the store's RocksDB handle after this many writes instead
            of ``REOPEN_EVERY``.
        flush_every: if not 0, flush RocksDB's write buffers after this many writes instead of
            ``FLUSH_EVERY``.
    """
    mode = "real" if real else "stub"
    cmd = [
        sys.executable,
        "-c",
        CHILD,
        str(ROOT),
        str(n),
        mode,
        str(reopen_every),
        str(flush_every),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10_000)
    ap.add_argument("--real", action="store_true", help="extract with spaCy")
    ap.add_argument(
        "--reopen-every",
        type=int,
        default=0,
        help="reopen the store after this many writes (default: claimgraph's REOPEN_EVERY)",
    )
    ap.add_argument(
        "--flush-every",
        type=int,
        default=0,
        help="flush the write buffers after this many writes (default: claimgraph's FLUSH_EVERY)",
    )
    args = ap.parse_args()
    small = run(args.small, args.real, args.reopen_every, args.flush_every)
    large = run(args.large, args.real, args.reopen_every, args.flush_every)
    rows = [
        [
            f"{int(r['n']):,}",
            r["stored"],
            r["peak_kib"] / 1024,
            r["seconds"],
            r["cpu"],
            1000 * r["cpu"] / int(r["n"]),
            r["reopened"],
        ]
        for r in (small, large)
    ]
    print_table(
        f"peak RSS per batch ({'spaCy' if args.real else 'stub'} extraction, on-disk store)",
        ["articles", "stored", "peak MiB", "seconds", "CPU s", "CPU ms/article", "reopened"],
        rows,
    )
    width = max(len(r["rss_kib"]) for r in (small, large))
    for key, title in (
        ("rss_kib", "largest resident set (VmRSS, MiB) after any article of each tenth"),
        ("low_kib", "smallest resident set (VmRSS, MiB) in each tenth: the floor after a flush"),
        ("hwm_kib", "its high-water mark so far (VmHWM, MiB): the peaks between the samples"),
    ):
        print_table(
            title,
            ["articles", *[f"{k}0%" for k in range(1, width + 1)]],
            [
                [f"{int(r['n']):,}", *[kib / 1024 for kib in r[key]]] + [""] * (width - len(r[key]))
                for r in (small, large)
            ],
        )
    ratio = large["peak_kib"] / small["peak_kib"]
    print_table(
        "target",
        ["measure", "ratio", "target", "verdict"],
        [["peak(large) / peak(small)", ratio, f"<= {TARGET}", verdict(ratio <= TARGET)]],
    )


if __name__ == "__main__":
    main()
