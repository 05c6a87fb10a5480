"""What a process costs before its first article: the command line and an ingestion worker.

``.venv/bin/python benchmarks/startup.py --repeat 5``

Each figure is the median of ``--repeat`` fresh interpreters (a cold process is the point: what a
user waits for when typing a command, and what ``ingest --workers N`` pays before the first
article). Rows:

* ``import claimgraph`` (public names load on first use), ``claimgraph --help`` and
  ``claimgraph queries`` (the command line imports the library inside each command), wall time
  of the whole process;
* a worker's start-up, by phase, in a fresh process: importing
  ``claimgraph.ingestion._parallel`` (what the
  worker runs), importing the extractor (spaCy), loading the model, and the warm-up article
  (lexicons, curated data, compiled shapes), then a second article for comparison;
* a :class:`~claimgraph.ingestion._parallel.WorkerPool` of 1 and of 2 workers started from this
  process:
  spawn to ready, as ``ingest --workers N`` pays it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import print_table

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PHASES = """
import time
t0 = time.perf_counter()
import claimgraph.ingestion._parallel as p
t1 = time.perf_counter()
import claimgraph.extraction as e
t2 = time.perf_counter()
e.load_nlp()
t3 = time.perf_counter()
p.prepare_chunk([p.WARM_UP], validate=True)
t4 = time.perf_counter()
p.prepare_chunk([p.WARM_UP], validate=True)
t5 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
"""
POOL = """
import sys, time
from claimgraph.ingestion._parallel import WorkerPool
t0 = time.perf_counter()
with WorkerPool(int(sys.argv[1])) as pool:
    pool.start()
    print(time.perf_counter() - t0)
"""


def wall(cmd: list[str]) -> float:
    """Seconds a command takes, start to exit."""
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def output(cmd: list[str]) -> list[float]:
    """The numbers a command prints."""
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return [float(x) for x in done.stdout.split()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5, help="fresh processes per figure")
    args = ap.parse_args()
    py, cli = sys.executable, str(BIN / "claimgraph")
    med = statistics.median

    commands = {
        "python -c pass (the interpreter alone)": [py, "-c", "pass"],
        "import claimgraph": [py, "-c", "import claimgraph"],
        "claimgraph --help": [cli, "--help"],
        "claimgraph queries": [cli, "queries"],
    }
    rows = [[name, med(wall(cmd) for _ in range(args.repeat))] for name, cmd in commands.items()]
    print_table("command line, wall seconds (median)", ["process", "s"], rows)

    phases = [output([py, "-c", PHASES]) for _ in range(args.repeat)]
    names = [
        "import claimgraph.ingestion._parallel",
        "import the extractor (spaCy)",
        "load the model",
        "warm-up article",
        "a second article",
    ]
    rows = [[n, med(p[i] for p in phases)] for i, n in enumerate(names)]
    rows.append(["before the first article", med(sum(p[:4]) for p in phases)])
    print_table("a worker's start-up in a fresh process, seconds (median)", ["phase", "s"], rows)

    rows = [
        [n, med(output([py, "-c", POOL, str(n)])[0] for _ in range(args.repeat))] for n in (1, 2)
    ]
    print_table(
        "WorkerPool(n).start(): spawn to every worker ready, seconds (median)",
        ["workers", "s"],
        rows,
    )


if __name__ == "__main__":
    main()
