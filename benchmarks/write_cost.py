"""What writing an article costs the store: N distinct article records added to a fresh on-disk
store, timed per article.

Run: ``PYTHONPATH=$PWD .venv/bin/python benchmarks/write_cost.py [--articles 2000] [--rounds 3]``

The records are copies of the hand-made harbour extraction (``tests/builders.py``: 6 entities,
5 claims, a role, an ownership, a figure; ~350 triples) whose person, organisations and outlets
are renamed from pools with Zipf-like frequencies (a few frequent, a long tail), so articles
share speakers as news does. Each is mapped to its N-Triples lines once, before the clock
starts; the clock covers only :meth:`KnowledgeGraph._commit_payload` (the look-up of the stored
version, the name index and totals, the write), which is the single writer's step of ingestion.
Each round writes every article to a new store under ``--dir``. It prints the best round's
milliseconds per article and the index's share of the store.

To compare with another checkout, run the same file with that checkout first on the path:
``PYTHONPATH=/work/main .venv/bin/python benchmarks/write_cost.py`` (the script puts its own
checkout last on ``sys.path``, only to find ``tests.builders``).
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import random
import shutil
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))

import claimgraph
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.store._payload import GraphPayload
from claimgraph.loaders._mapping import article_lines
from claimgraph.records import Extraction
from tests.builders import harbour_extraction

_SYLLABLES = ["ba", "ko", "ri", "ste", "lun", "mor", "da", "vi", "nel", "tor"]


def _word(n: int) -> str:
    return "".join(_SYLLABLES[int(d)] for d in str(n)).capitalize() + _SYLLABLES[len(str(n))]


class _Zipf:
    def __init__(self, size: int, s: float = 1.05) -> None:
        self.cum = list(accumulate(1.0 / (r + 1) ** s for r in range(size)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cum, rng.random() * self.cum[-1])


PEOPLE, ORGS, OUTLETS = _Zipf(3000), _Zipf(800), _Zipf(100)


def record(i: int) -> Extraction:
    """Synthetic article ``i``: the harbour extraction with its names drawn from the pools."""
    rng = random.Random(i)
    names = {
        "Ada Quinn": f"Ada {_word(PEOPLE.draw(rng))}",
        "Port Authority": f"{_word(ORGS.draw(rng))} Authority",
        "Northstar Holdings": f"{_word(ORGS.draw(rng))} Holdings",
        "Bluewave": _word(10000 + ORGS.draw(rng)),
        "Daily Ledger": f"{_word(OUTLETS.draw(rng))} Ledger",
    }
    ex = harbour_extraction(f"w-{i}")
    entities = [
        dataclasses.replace(e, name=names.get(e.name, e.name), aliases=[]) for e in ex.entities
    ]
    publisher = f"{_word(OUTLETS.draw(rng))} Wire"
    article = dataclasses.replace(ex.article, publisher=publisher)
    return dataclasses.replace(ex, article=article, entities=entities)


def write_round(payloads: list[tuple[str, GraphPayload]], folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (of every thread of the process, RocksDB's included) to commit
    every payload to a new store in ``folder``."""
    shutil.rmtree(folder, ignore_errors=True)
    with KnowledgeGraph.open(folder) as kg:
        start, cpu = time.perf_counter(), time.process_time()
        for aid, payload in payloads:
            kg._commit_payload(payload, article=aid, minted=True)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=None, help="where the stores go")
    args = parser.parse_args()
    payloads = []
    for i in range(args.articles):
        iri, lines = article_lines(record(i))
        payloads.append((f"w-{i}", GraphPayload.from_lines(str(iri), lines)))
    triples = sum(p.triples for _, p in payloads)
    base = args.dir or Path(tempfile.mkdtemp(prefix="cg-write-"))
    times = [write_round(payloads, base / f"round-{r}") for r in range(args.rounds)]
    n = args.articles
    print(f"claimgraph: {Path(claimgraph.__file__).parent}")
    print(f"articles: {n}, triples per article: {triples / n:.0f}")
    print("ms per article, each round: " + ", ".join(f"{t * 1000 / n:.2f}" for t, _ in times))
    print("CPU ms per article, each round: " + ", ".join(f"{c * 1000 / n:.2f}" for _, c in times))
    print(
        f"best: {min(t for t, _ in times) * 1000 / n:.2f} ms per article, "
        f"{min(c for _, c in times) * 1000 / n:.2f} CPU ms"
    )
    with KnowledgeGraph.open(base / f"round-{args.rounds - 1}", read_only=True) as kg:
        quads = sum(1 for _ in kg.backend.store)  # type: ignore[attr-defined]
        data = kg.stats().quads
    print(f"store: {quads} quads, of which data graphs {data} (index and totals {quads - data})")
    if args.dir is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
