"""How the named queries' time grows with the store: 1k, 10k and 100k synthetic articles on disk.

Run: ``.venv/bin/python benchmarks/query_scale.py [--sizes 1000,10000,100000] [--runs 3]``

Each store holds copies of the hand-made harbour extraction (``tests/builders.py``, ~354 triples
and 7 claims an article) whose people, organisations, outlets and places are drawn from pools
with Zipf-like frequencies (a few very frequent, a long tail), so 100k articles are ~35M quads.
Articles ``syn-0`` and ``syn-1`` name a set of probe entities found nowhere else (a speaker with
10 claims, an organisation that owns and is owned, ...), so the questions about them have the
same answer at every size. The N-Quads are bulk-loaded with pyoxigraph and the name index and
totals are then built by :meth:`KnowledgeGraph.rebuild_indexes`; stores are cached under
``--cache`` (default ``/tmp/cg-qscale``) and reused.

For each named query it prints the rows and the best time of ``--runs`` at each size, and the
growth factor (largest size / 1k) for the questions whose answer does not grow. Targets (issue
24): one article's claims, one speaker's claims, one entity's profile, roles and ownership each
<= 100 ms and <= 2x their 1k time at 100k articles; rankings and statistics <= 1 s. Queries whose
answer grows with the archive are listed for information. Each query is capped at ``--timeout``
seconds (its warm-up and runs together).
"""

from __future__ import annotations

import argparse
import bisect
import multiprocessing
import queue
import random
import shutil
import time
from collections.abc import Callable, Iterator
from itertools import accumulate
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from _common import Template, print_table, timed, verdict

from claimgraph.graph.store._indexing import INDEX_VERSION
from claimgraph.graph.store._kg import META_GRAPH, KnowledgeGraph
from claimgraph.loaders._iris import slug
from claimgraph.ontology.namespaces import CG

_SYLLABLES = ["ba", "ko", "ri", "ste", "lun", "mor", "da", "vi", "nel", "tor"]
_FIRST = ["Ada", "Ben", "Cara", "Dev", "Elin", "Femi", "Gus", "Hana", "Ivo", "Jo", "Kit", "Lena"]
PROBE = {"person": "Ada Zephyrine", "holding": "Zephyr Holdings", "owned": "Zephyrwave"}

# (label, query, parameters, kind): "fixed" questions have the same answer at every size,
# "ranking" questions are answered from running totals, "grows" ones grow with the archive
QUERIES: list[tuple[str, str, dict[str, str], str]] = [
    ("one article's claims", "who-said-what", {"article": "syn-1"}, "fixed"),
    ("one speaker's claims", "said-by", {"speaker": "zephyrine"}, "fixed"),
    ("one speaker's claims (who-said-what)", "who-said-what", {"speaker": "ada zeph"}, "fixed"),
    ("entity profile", "entity-profile", {"entity": "zephyrwave"}, "fixed"),
    ("roles of a person", "roles", {"entity": "zephyrine"}, "fixed"),
    ("ownership of an entity", "ownership", {"entity": "zephyrwave"}, "fixed"),
    ("claims mentioning an entity", "claims-mentioning", {"entity": "zephyr holdings"}, "fixed"),
    ("figures of a speaker", "statistics", {"speaker": "zephyrine"}, "fixed"),
    ("weak attribution in one article", "weak-attribution", {"article": "syn-1"}, "fixed"),
    ("speakers ranked", "speakers", {}, "ranking"),
    ("speakers ranked, all acts", "speakers", {"act": "all"}, "ranking"),
    ("speakers at an organisation", "speakers", {"organisation": "authority"}, "ranking"),
    ("graph statistics (curated)", "graph-stats", {"kind": "curated"}, "ranking"),
    ("graph statistics (all graphs)", "graph-stats", {}, "ranking"),
    ("said-by, substring match", "said-by", {"speaker": "zephyrin", "match": "substring"}, "grows"),
    ("articles", "articles", {}, "grows"),
    ("relay chains", "relay-chains", {}, "grows"),
    ("class counts", "class-counts", {}, "grows"),
    ("corroborated figures", "corroborated-figures", {}, "grows"),
    ("corroborated relations", "corroborated-relations", {}, "grows"),
    ("conflicting figures", "conflicting-figures", {"about": "ships"}, "grows"),
]


def word(n: int) -> str:
    """A made-up capitalised word for pool member ``n`` (distinct for distinct ``n``)."""
    digits = str(n)
    return "".join(_SYLLABLES[int(d)] for d in digits).capitalize() + _SYLLABLES[len(digits)]


class Zipf:
    """Ranks ``0..size-1`` drawn with probability proportional to ``1 / (rank + 1) ** s``."""

    def __init__(self, size: int, s: float = 1.05) -> None:
        self.cum = list(accumulate(1.0 / (r + 1) ** s for r in range(size)))

    def draw(self, rng: random.Random) -> int:
        return bisect.bisect_left(self.cum, rng.random() * self.cum[-1])


PERSONS, ORGS, OUTLETS, PLACES = Zipf(30000), Zipf(8000), Zipf(400), Zipf(2000)


def names_for(i: int) -> dict[str, str]:
    """The template's names and what article ``i`` calls them instead."""
    if i < 2:
        person, holding, owned = PROBE["person"], PROBE["holding"], PROBE["owned"]
        authority = "Zephyr Authority"
    else:
        rng = random.Random(i)
        p = PERSONS.draw(rng)
        person = f"{_FIRST[p % len(_FIRST)]} {word(p)}"
        holding = f"{word(ORGS.draw(rng))} Holdings"
        owned = word(100000 + ORGS.draw(rng))
        authority = f"{word(ORGS.draw(rng))} Authority"
    rng = random.Random(-i)
    return {
        "Ada Quinn": person,
        "Quinn": person.split()[-1],
        "Northstar Holdings": holding,
        "Northstar": holding.split()[0],
        "Bluewave": owned,
        "Port Authority": authority,
        "Coast Wire": f"{word(OUTLETS.draw(rng))} Wire",
        "Daily Ledger": f"{word(OUTLETS.draw(rng))} Ledger",
        "Riverton": word(200000 + PLACES.draw(rng)),
    }


def article_nquads(tmpl: Template, i: int) -> str:
    """N-Quads of synthetic article ``i`` and its metadata."""
    iri, text = tmpl.article(i)
    for old, new in names_for(i).items():
        if " " in old or old[0].isupper():
            text = text.replace(f"/{slug(old)}>", f"/{slug(new)}>")
        text = text.replace(old, new)
    body = "".join(f"{line} <{iri}> .\n" for line in text.split("\n"))
    return (
        body + f'<{iri}> <{CG.fingerprint}> "syn{i}" <{META_GRAPH}> .\n'
        f'<{iri}> <{CG.describes}> "syn-{i}" <{META_GRAPH}> .\n'
    )


def chunks(n: int, per: int = 2000) -> Iterator[bytes]:
    """The N-Quads of ``n`` articles, ``per`` articles a chunk."""
    tmpl = Template()
    for start in range(0, n, per):
        yield "".join(article_nquads(tmpl, i) for i in range(start, min(n, start + per))).encode()


def build(n: int, cache: Path) -> Path:
    """The on-disk store of ``n`` articles (built once, then reused)."""
    path = cache / f"store-{n}"
    done = path / "claimgraph-scale-complete"
    if done.exists():
        with KnowledgeGraph.open(path) as kg:
            if kg.index_version() != INDEX_VERSION:  # built with an older form of the index
                t = time.perf_counter()
                kg.rebuild_indexes()
                print(f"rebuilt the index of {n:,} articles in {time.perf_counter() - t:.0f} s")
        return path
    shutil.rmtree(path, ignore_errors=True)
    t = time.perf_counter()
    nq = cache / f"articles-{n}.nq"
    with nq.open("wb") as fh:
        for chunk in chunks(n):
            fh.write(chunk)
    t_gen = time.perf_counter() - t
    store = ox.Store(str(path))
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    nq.unlink()
    t_load = time.perf_counter() - t - t_gen
    with KnowledgeGraph.open(path) as kg:
        kg.rebuild_indexes()
    t_index = time.perf_counter() - t - t_gen - t_load
    done.write_text(f"{t_gen:.1f} {t_load:.1f} {t_index:.1f}\n")
    print(
        f"built {n:,} articles: N-Quads {t_gen:.0f} s, bulk load {t_load:.0f} s, "
        f"index and totals {t_index:.0f} s"
    )
    return path


def best_of(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    """The best time of ``runs`` calls after one warm-up, and the last result."""
    _, out = timed(fn)
    times = []
    for _ in range(runs):
        t, out = timed(fn)
        times.append(t)
    return min(times), out


def capped(fn: Callable[[], int], runs: int, timeout: float) -> tuple[float, int] | None:
    """:func:`best_of` in a forked child; ``None`` when it takes longer than ``timeout``."""
    ctx = multiprocessing.get_context("fork")
    results: multiprocessing.Queue[tuple[float, int]] = ctx.Queue()
    child = ctx.Process(target=lambda: results.put(best_of(fn, runs)))
    child.start()
    try:
        out = results.get(timeout=timeout)
    except queue.Empty:
        child.terminate()
        child.join()
        return None
    child.join()
    return out


def measure(
    path: Path, runs: int, timeout: float, queries: list[tuple[str, str, dict[str, str], str]]
) -> list[tuple[float, int] | None]:
    """(seconds, rows) of each of ``queries`` (from :data:`QUERIES`) on the store at ``path``."""
    out: list[tuple[float, int] | None] = []
    with KnowledgeGraph.open(path, read_only=True) as kg:
        for _, name, params, kind in queries:

            def run(name: str = name, params: dict[str, str] = params) -> int:
                return len(kg.query(name, **params).to_dicts())

            got = capped(run, 1 if kind == "grows" else runs, timeout)
            out.append(got)
            shown = f"{got[0]:.3f} s, {got[1]} rows" if got else f"> {timeout:.0f} s"
            print(f"  {path.name}: {name} {params}: {shown}", flush=True)
    return out


def main() -> None:
    """Build (or reuse) the stores, time the queries and print the growth table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=30.0, help="cap per query (s)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cg-qscale"))
    ap.add_argument(
        "--kinds",
        default="fixed,ranking,grows",
        help="which questions: fixed (same answer at every size), ranking (rankings and "
        "statistics from the running totals), grows (answer grows with the archive)",
    )
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = set(args.kinds.split(","))
    queries = [q for q in QUERIES if q[3] in kinds]
    args.cache.mkdir(parents=True, exist_ok=True)
    results = {n: measure(build(n, args.cache), args.runs, args.timeout, queries) for n in sizes}
    header = ["question", "query"]
    for n in sizes:
        header += [f"rows {n // 1000}k", f"s {n // 1000}k"]
    header += ["growth", "target", "verdict"]
    rows = []
    for j, (label, name, _, kind) in enumerate(queries):
        cells: list[object] = [label, name]
        for n in sizes:
            got = results[n][j]
            cells += [got[1], got[0]] if got else ["-", f">{args.timeout:.0f}"]
        first, last = results[sizes[0]][j], results[sizes[-1]][j]
        growth = last[0] / first[0] if first and last else None
        cells.append(growth if growth is not None and kind == "fixed" else "-")
        cells += _target(kind, last, growth)
        rows.append(cells)
    print_table(f"named queries by store size (best of {args.runs}, seconds)", header, rows)


def _target(kind: str, last: tuple[float, int] | None, growth: float | None) -> list[object]:
    if kind == "grows" or last is None:
        return ["-", "-"]
    if kind == "ranking":
        return ["<= 1 s", verdict(last[0] <= 1.0)]
    ok = last[0] <= 0.1 and (growth is None or growth <= 2.0)
    return ["<= 0.1 s, <= 2x", verdict(ok)]


if __name__ == "__main__":
    main()
