"""Keeping a store's name index and running totals: per write, at a rebuild, after a crash.

:func:`plan_for` gives the lines one write of an article adds to and removes from the index
graphs (:mod:`._indexing`), computed in Python from the article's own lines and, for a
replacement or a removal, the stored version's; the only reads are look-ups by IRI (the
tallies touched, the other names of the entities the old version names). :func:`rebuild`
recomputes both graphs from a scan of the data graphs, one graph at a time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from rdflib import URIRef

from claimgraph.errors import IndexMissingError
from claimgraph.graph.store._backend import Backend, OxigraphBackend
from claimgraph.graph.store._contribution import Contribution, Tally, contribution
from claimgraph.graph.store._indexcache import IndexCache
from claimgraph.graph.store._indexing import (
    INDEX_VERSION,
    NAMES_GRAPH,
    TOTALS_GRAPH,
    IndexWrite,
    data_ops,
    key_lines,
    parse_tally,
    plan_write,
    tally_key,
    tally_line,
    tally_predicate,
    touched_tallies,
    version_line,
)
from claimgraph.graph.store._payload import GraphPayload
from claimgraph.graph.store._results import QueryResult
from claimgraph.ontology.namespaces import CGG
from claimgraph.queries._namekeys import fold


class KnowledgeGraph(Protocol):
    """What this module needs of :class:`~claimgraph.graph.store._kg.KnowledgeGraph` (named so
    that the store's modules do not import each other in a cycle)."""

    backend: Backend
    indexed: bool

    @property
    def location(self) -> str: ...

    def sparql(self, query: str) -> QueryResult: ...


__all__ = [
    "IndexCounts",
    "index_counts",
    "index_version",
    "plan_for",
    "rebuild",
    "require_index",
]

_CG = "https://w3id.org/claimgraph/ns#"
_META = str(CGG["meta"])


@dataclass(frozen=True)
class IndexCounts:
    """The sizes of a store's name index and totals (see :meth:`KnowledgeGraph.rebuild_indexes`).

    Attributes:
        name_keys: the name index's entries (one per entity and key).
        tallies: the running totals (per speaker, outlet and the store, per act).
        graphs: the data graphs whose numbers of triples, claims, agents and observations
            are kept.
    """

    name_keys: int
    tallies: int
    graphs: int

    def as_dict(self) -> dict[str, int]:
        """The counts as a dictionary."""
        return dict(self.__dict__)


# ---------------------------------------------------------------------- one write
def plan_for(
    kg: KnowledgeGraph, iri: URIRef, payload: GraphPayload | None, *, old: bool
) -> IndexWrite | None:
    """The index lines for writing ``payload`` as graph ``iri`` (``None``: dropping it);
    ``None`` for a store that holds data but no index (:func:`rebuild` builds it whole)."""
    mark = False
    if not kg.indexed:
        if index_version(kg) == INDEX_VERSION:
            kg.indexed = True
        elif _holds_data(kg):
            return None
        else:
            mark = True  # an empty store: its index starts complete with this graph
            cache = _cache(kg)
            if cache is not None:
                cache.clear()
                cache.complete = True  # and this writer sees everything written to it
    new = contribution(str(iri), payload.nquads.decode("utf-8")) if payload is not None else None
    before = contribution(str(iri), _graph_text(kg, str(iri))) if old else None
    kept = _names_elsewhere(kg, iri) if before is not None and before.names else []
    # a replacement may lower counts: every stored line of its tallies is read and removed
    current, stale = _read_tallies(kg, touched_tallies(before, new), fresh=old)
    filed = _filed_names(kg, new.names) if new is not None and not mark else []
    return plan_write(
        before,
        new,
        current,
        kept_names=kept,
        indexed_names=filed,
        stale=stale,
        mark_version=mark,
    )


def _filed_names(
    kg: KnowledgeGraph, names: list[tuple[str, str, str]]
) -> list[tuple[str, str, str]]:
    """The names whose whole folded form is filed for their entity already (on the embedded
    store, by look-up). In a complete index that means every key of the name is filed: each
    key of a name that is itself a key of another name is a key of that name too."""
    backend, cache = kg.backend, _cache(kg)
    if not isinstance(backend, OxigraphBackend) or cache is None:
        return []
    store, graph = backend.store, ox.NamedNode(str(NAMES_GRAPH))
    filed = []
    for name in names:
        known = cache.is_filed(name)
        if known is None:
            entity, kind, text = name
            key, predicate = ox.Literal(fold(text)), ox.NamedNode(_CG + kind)
            found = store.quads_for_pattern(ox.NamedNode(entity), predicate, key, graph)
            known = next(found, None) is not None
        if known:
            filed.append(name)
    return filed


def _graph_text(kg: KnowledgeGraph, graph: str) -> str:
    """A stored graph as N-Triples."""
    return kg.backend.dump("application/n-triples", URIRef(graph)).decode("utf-8")


def _read_tallies(
    kg: KnowledgeGraph, tallies: list[Tally], *, fresh: bool = False
) -> tuple[dict[Tally, tuple[int, int]], list[str]]:
    """``tally -> (claims, articles)`` for those of ``tallies`` that are stored, and the stored
    lines of theirs that are superseded (smaller counts): from the writer's cache
    (:mod:`._indexcache`) where it knows them (not with ``fresh``), else looked up by key IRI."""
    cache = _cache(kg)
    out: dict[Tally, tuple[int, int]] = {}
    missing = []
    for tally in tallies:
        known = cache.tally(tally) if cache is not None and not fresh else ...
        if known is ...:
            missing.append(tally)
        elif known is not None:
            out[tally] = known
    stale: list[str] = []
    if missing:
        found, stale = _look_up_tallies(kg, missing)
        out.update((t, found[t]) for t in missing if t in found)
        if cache is not None:
            cache.learn(found, filed=(), dropped=())
            cache.learn({t: None for t in missing if t not in found}, filed=(), dropped=())
    return out, stale


def _look_up_tallies(
    kg: KnowledgeGraph, tallies: list[Tally]
) -> tuple[dict[Tally, tuple[int, int]], list[str]]:
    """Every stored tally of the kinds and keys of ``tallies`` (one look-up per key) with its
    largest counts, and the lines with smaller ones."""
    pairs = sorted({(t[0], tally_key(t)) for t in tallies})
    found: dict[Tally, tuple[int, int]] = {}
    lines: dict[Tally, list[tuple[int, int]]] = {}
    for start in range(0, len(pairs), 200):
        values = " ".join(
            f"(<{k}> <{tally_predicate(kind)}>)" for kind, k in pairs[start : start + 200]
        )
        res = kg.sparql(
            f"SELECT ?k ?p ?v WHERE {{ GRAPH <{TOTALS_GRAPH}> {{ VALUES (?k ?p) {{ {values} }} "
            "?k ?p ?v } }"
        )
        for row in res.rows:
            kind = str(row[1])[len(_CG) : -len("Tally")]
            tally, counts = parse_tally(kind, str(row[0]), str(row[2]))
            lines.setdefault(tally, []).append(counts)
    stale = []
    for tally, all_counts in lines.items():
        found[tally] = max(all_counts)
        stale += [tally_line(tally, *c) for c in all_counts if c != found[tally]]
    return found, stale


def _cache(kg: KnowledgeGraph) -> IndexCache | None:
    """The writer's cache of the index (embedded stores only: a remote store may have other
    writers)."""
    return getattr(kg.backend, "index_cache", None)


def _names_elsewhere(kg: KnowledgeGraph, iri: URIRef) -> list[tuple[str, str, str]]:
    """The names, in other graphs, of the entities named in graph ``iri``."""
    res = kg.sparql(
        f"""SELECT DISTINCT ?e ?p ?name WHERE {{
          {{ SELECT DISTINCT ?e WHERE {{ GRAPH {iri.n3()} {{
               ?e schema:name|schema:alternateName ?any }} }} }}
          VALUES ?p {{ schema:name schema:alternateName }}
          GRAPH ?h {{ ?e ?p ?name }}
          FILTER (?h != {iri.n3()} && STRSTARTS(STR(?h), "{CGG}"))
        }}"""
    )
    return [
        (str(e), "nameKey" if str(p).endswith("/name") else "aliasKey", str(name))
        for e, p, name in res.rows
        if isinstance(e, URIRef) and p is not None and name is not None
    ]


# ---------------------------------------------------------------------- state
def index_version(kg: KnowledgeGraph) -> int | None:
    """The version of the store's name index and totals, or ``None`` when it has none."""
    t = f"<{TOTALS_GRAPH}>"
    res = kg.sparql(f"SELECT ?v WHERE {{ GRAPH {t} {{ {t} cg:indexVersion ?v }} }}")
    versions = [int(str(r[0])) for r in res.rows if r[0] is not None]
    return max(versions) if versions else None


def _holds_data(kg: KnowledgeGraph) -> bool:
    """Whether any of claimgraph's data graphs holds a triple."""
    res = kg.sparql(f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (STRSTARTS(STR(?g), "{CGG}")) }}')
    return bool(res.boolean)


def require_index(kg: KnowledgeGraph) -> None:
    """Check that the store's name index and totals can answer a named query.

    Raises:
        IndexMissingError: the store holds data but no index of this version (written
            before the index existed, or bulk-loaded); nothing was run.
    """
    if kg.indexed:
        return
    version = index_version(kg)
    if version == INDEX_VERSION:
        kg.indexed = True
        return
    if _holds_data(kg):
        found = "no name index" if version is None else f"an index of version {version}"
        raise IndexMissingError(
            f"{kg.location}: the store has {found} (version {INDEX_VERSION} is "
            "needed by this query); build it once with `claimgraph index --store "
            f"{kg.location}` (KnowledgeGraph.rebuild_indexes)"
        )


# ---------------------------------------------------------------------- rebuild
def rebuild(kg: KnowledgeGraph) -> IndexCounts:
    """Recompute the name index and the totals from the data graphs (see
    :meth:`KnowledgeGraph.rebuild_indexes`); the version line is written last."""
    claims: Counter[Tally] = Counter()
    articles: Counter[Tally] = Counter()
    names: set[tuple[str, str, str]] = set()
    graph_lines: list[str] = []
    graphs = 0
    for c in _scan(kg):
        graphs += 1
        claims.update(c.tallies)
        articles.update(c.tallies.keys())
        names.update(c.names)
        graph_lines += c.graph_lines
    totals = [tally_line(t, claims[t], articles[t]) for t in sorted(claims)]
    keys = sorted(key_lines(names))
    kg.backend.run_update(f"DROP SILENT GRAPH <{NAMES_GRAPH}> ; DROP SILENT GRAPH <{TOTALS_GRAPH}>")
    _insert(kg, IndexWrite(add_names=keys, add_totals=totals + graph_lines))
    _insert(kg, IndexWrite(add_totals=[version_line()]))
    kg.indexed = True
    return IndexCounts(name_keys=len(keys), tallies=len(claims), graphs=graphs)


def _scan(kg: KnowledgeGraph) -> Iterator[Contribution]:
    """The contribution of every data graph, one graph read at a time."""
    for graph in _data_graphs(kg):
        yield contribution(graph, _graph_text(kg, graph))


def _data_graphs(kg: KnowledgeGraph) -> list[str]:
    backend = kg.backend
    if isinstance(backend, OxigraphBackend):
        names: Iterable[str] = (
            g.value for g in backend.store.named_graphs() if isinstance(g, ox.NamedNode)
        )
    else:
        names = backend.graph_names()  # type: ignore[attr-defined]
    return sorted(g for g in names if g.startswith(str(CGG)) and g != _META)


def _insert(kg: KnowledgeGraph, lines: IndexWrite) -> None:
    """Add these lines: one load per 100k lines on the embedded store, else INSERT DATA."""
    backend = kg.backend
    if isinstance(backend, OxigraphBackend):
        for part in _parts(lines, 100_000):
            backend.load_nquads(part.add_nquads())
        return
    for op in data_ops("INSERT", lines.add_names, lines.add_totals):
        backend.run_update(op)


def _parts(lines: IndexWrite, size: int) -> Iterator[IndexWrite]:
    for i in range(0, max(len(lines.add_names), len(lines.add_totals)), size):
        yield IndexWrite(
            add_names=lines.add_names[i : i + size], add_totals=lines.add_totals[i : i + size]
        )


def index_counts(kg: KnowledgeGraph) -> IndexCounts:
    """The sizes of the name index and the totals."""

    def count(graph: URIRef, pattern: str) -> int:
        text = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ {pattern} }} }}"
        rows = kg.sparql(text).rows
        return int(str(rows[0][0])) if rows else 0

    return IndexCounts(
        name_keys=count(NAMES_GRAPH, "?s ?p ?o"),
        tallies=count(TOTALS_GRAPH, '?k ?p ?v FILTER (STRENDS(STR(?p), "Tally"))'),
        graphs=count(TOTALS_GRAPH, "?g cg:tripleCount ?c"),
    )
