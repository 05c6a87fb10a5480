"""Ingestion into a remote store (a real Oxigraph server) against the embedded one, side by side.

Run: ``.venv/bin/python benchmarks/remote_store.py [--articles 200] [--rounds 3]``

Starts ``oxigraph serve`` on localhost (the binary the ``oxigraph`` package installs) in a
temporary folder, and ingests the same synthetic articles (the hand-made stub extraction, so
extraction costs next to nothing and the store is what is measured) three ways, in turns, round
after round, each way into a store of its own:

* the embedded in-memory store;
* the server, each article's update sent as the request body (``application/sparql-update``,
  what claimgraph sends);
* the server, each update sent as a form (``update=...``, percent-encoded: what claimgraph falls
  back to for a server that answers 415 to the other);
* the server, each request on a new connection (what claimgraph did before it kept connections
  open, and what it still does through an HTTP proxy).

Each server way has a server of its own (started together, at the beginning), so each sees its
own store and connections grow as one batch after another would. Printed: articles/s, and this
process's CPU per article (the writer's share: with ``--workers``
it competes with the workers for the cores). Then, per way, the same batch again, where every
article is skipped on its stored input digest (a look-up per 32 articles), and once more with
``reextract=True``, where every article is extracted and found unchanged (a fingerprint look-up
each). There is no target; the README quotes it.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import httpx
from _common import print_table, synthetic_articles

from claimgraph.graph.store._kg import META_GRAPH, KnowledgeGraph
from claimgraph.graph.store._remote import RemoteBackend
from claimgraph.ingestion._pipeline import ingest
from tests.conftest import free_port, oxigraph_binary

STUB = "tests.test_parallel:stub_extract"
BATCHES = {  # key: what every article must be, and the row's label
    "": ("added", "new articles"),
    "+": ("unchanged", "the same again (skipped)"),
    "reextract": ("unchanged", "again, reextract=True"),
}
WAYS = (
    "embedded",
    "server, update as body",
    "server, update as form",
    "server, a connection per request",
)


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """An Oxigraph server on a free port of 127.0.0.1, and its base URL, once it answers."""
    port = free_port()
    cmd = [oxigraph_binary(), "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen([*cmd, "--union-default-graph"], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    return proc, base


def open_way(way: str, base: str | None) -> KnowledgeGraph:
    """The store one way writes to."""
    if base is None:
        return KnowledgeGraph.memory()
    transport = None
    if way.endswith("per request"):  # no connection kept: each request on a new one
        transport = httpx.HTTPTransport(limits=httpx.Limits(max_keepalive_connections=0))
    backend = RemoteBackend(base, meta_graph=META_GRAPH, transport=transport)
    backend._direct_update = not way.endswith("form")  # the choice claimgraph makes on a 415
    return KnowledgeGraph(backend)


def run(
    kg: KnowledgeGraph, start: int, n: int, *, reextract: bool = False
) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, added, unchanged for one batch."""
    arts = list(synthetic_articles(n, start=start))
    wall, cpu = time.perf_counter(), time.process_time()
    report = ingest(kg, arts, extractor=STUB, reextract=reextract)
    return time.perf_counter() - wall, time.process_time() - cpu, report.added, report.unchanged


def main() -> None:
    """Run and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=200, help="articles per batch")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    n = args.articles
    totals: dict[str, list[float]] = {f"{w}{k}": [0.0, 0.0, 0] for w in WAYS for k in BATCHES}
    per_round: dict[str, list[float]] = {w: [] for w in WAYS}
    with tempfile.TemporaryDirectory() as tmp:
        servers = {w: start_server(Path(tmp) / str(i)) for i, w in enumerate(WAYS[1:])}
        try:
            stores = {w: open_way(w, servers[w][1] if w in servers else None) for w in WAYS}
            for r in range(args.rounds):
                for way in WAYS if r % 2 == 0 else tuple(reversed(WAYS)):
                    for key, (expect, _label) in BATCHES.items():
                        again = key == "reextract"
                        wall, cpu, added, unchanged = run(stores[way], r * n, n, reextract=again)
                        got = added if expect == "added" else unchanged
                        if got != n:
                            raise SystemExit(f"{way}: {got} of {n} {expect}")
                        t = totals[way + key]
                        t[0], t[1], t[2] = t[0] + wall, t[1] + cpu, t[2] + n
                        if key == "":
                            per_round[way].append(n / wall)
            for kg in stores.values():
                kg.close()
        finally:
            for proc, _ in servers.values():
                proc.terminate()
                proc.wait(timeout=10)
    rows: list[list[Any]] = []
    for way in WAYS:
        for key, (_expect, label) in BATCHES.items():
            wall, cpu, count = totals[way + key]
            rounds = ", ".join(f"{x:.0f}" for x in per_round[way]) if key == "" else ""
            rows.append([way, label, count / wall, rounds, 1000 * cpu / count])
    print_table(
        f"{n} articles per batch, {args.rounds} round(s), stub extraction",
        ["store", "batch", "articles/s", "per round", "CPU ms/article (this process)"],
        rows,
    )


if __name__ == "__main__":
    main()
