"""Extraction, mapping and validation time on pathological run-on text (issue 23, item 3).

A text of ``Name said "x"`` repeated with no full stop is one sentence to the parser. Before
sentences were cut at a bound (:mod:`claimgraph.extraction._bound`) the work grew with the
square of its length (9.6 KB 6 s, 38 KB 45 s, 96 KB 322 s and 4.9 GB). This prints the time of
each stage for 10, 40 and 100 KB, and the same for ordinary prose with full stops, so that the
two can be compared: near-linear growth means about 4x and 10x the 10 KB time.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/pathological.py [--sizes 10,40,100]
"""

from __future__ import annotations

import argparse
import time

from claimgraph.extraction._api import extract, load_nlp
from claimgraph.graph.shacl._validation import validate_lines
from claimgraph.loaders._mapping import article_lines
from claimgraph.records import Article

TEXTS = {
    "run-on": 'Smith said "x" ',
    "prose": "Mayor Ann Lee said the bridge would reopen on Monday after repairs. ",
}


def one(kind: str, kb: int) -> str:
    unit = TEXTS[kind]
    text = (unit * (kb * 1024 // len(unit) + 1))[: kb * 1024]
    t0 = time.perf_counter()
    ex = extract(Article(id=f"{kind}-{kb}", text=text))
    t1 = time.perf_counter()
    _, lines = article_lines(ex)
    t2 = time.perf_counter()
    report = validate_lines(lines)
    t3 = time.perf_counter()
    return (
        f"{kind:7} {kb:4} KB  extract {t1 - t0:6.2f} s  map {t2 - t1:5.2f} s  "
        f"validate {t3 - t2:5.2f} s  total {t3 - t0:6.2f} s  claims {len(ex.claims):5}  "
        f"conforms {report.conforms}  notes {len(ex.notes)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,40,100", help="sizes in KB, comma-separated")
    args = parser.parse_args()
    load_nlp()
    for kind in TEXTS:
        for kb in (int(s) for s in args.sizes.split(",")):
            print(one(kind, kb), flush=True)


if __name__ == "__main__":
    main()
