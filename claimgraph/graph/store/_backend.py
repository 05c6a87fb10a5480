"""Storage back ends behind :class:`~claimgraph.graph.store._kg.KnowledgeGraph`.

A back end stores quads and answers SPARQL. :class:`OxigraphBackend` is the embedded Oxigraph
engine, on disk or in memory. A new article's graph, its metadata and its name index and totals
lines are one N-Quads load, which Oxigraph applies in one transaction: nothing is half-written.
The totals lines it supersedes (smaller counts of the same tallies, which readers ignore: they
take the largest, see :mod:`._indexing`) are removed in batches, by one small update every
:data:`FLUSH_EVERY` writes and at close; a crash leaves them, harmless, until a later write of
the same tallies or a rebuild removes them. A replacement or removal is a single SPARQL update
(one transaction): a reader (or a crash) sees either the old graph or the new one.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from claimgraph.errors import QueryError, StoreError, StoreInUseError
from claimgraph.graph.shacl._ntterms import NTriplesTerms, row_text
from claimgraph.graph.store._indexcache import IndexCache
from claimgraph.graph.store._indexing import INDEX, IndexWrite, data_ops
from claimgraph.graph.store._malloc import release_free_heap
from claimgraph.graph.store._payload import GraphPayload
from claimgraph.graph.store._results import QueryResult
from claimgraph.loaders._oxterms import to_ox, triple_from_ox

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no writer lock, so no reopening either
    fcntl = None  # type: ignore[assignment]

__all__ = ["Backend", "OxigraphBackend"]

# On-disk stores: flush RocksDB's write buffers after this many article writes. The buffers are
# the largest transient allocation of a batch (at 100 writes ~25 MiB above the steady state);
# 50 halves that for ~15% more compaction CPU (in RocksDB's background threads).
FLUSH_EVERY = 50

# On-disk stores: close and reopen the RocksDB handle after this many article writes. Oxigraph
# looks up every quad it inserts, and RocksDB keeps the blocks those look-ups read (block caches
# of 32 MiB for the quad indexes and 128 MiB for the strings, which pyoxigraph does not let us
# size) until the handle is closed; the larger the store, the more distinct blocks a write reads.
# Measured with a bare pyoxigraph loop doing our writes: malloc in use went from 17 MiB after 1k
# articles to 40 MiB after 10k without reopening, and back to ~15 MiB after each close whatever
# the store's size. A close and reopen took 0.07 s on average over a 10k-article batch.
REOPEN_EVERY = 500

# Name of the lock file a claimgraph writer holds in the store folder while it has the store
# open, including between closing and reopening the RocksDB handle (RocksDB's own LOCK is free
# then, and no other claimgraph writer may take the store in that gap).
WRITER_LOCK = "claimgraph-writer.lock"


class Backend(Protocol):
    """What a store must do. Implemented by the embedded and the remote back ends."""

    location: str

    def select(self, sparql: str, bindings: Mapping[str, Node]) -> QueryResult:
        """Run a SELECT or ASK query over the union of all graphs with variables pre-bound."""
        ...

    def construct(self, sparql: str, bindings: Mapping[str, Node]) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query over the union of all graphs."""
        ...

    def replace_graph(
        self,
        payload: GraphPayload,
        meta: list[str],
        *,
        exists: bool = True,
        lenient: bool = False,
        extra: IndexWrite | None = None,
    ) -> None:
        """Replace a named graph (``payload.graph``) and its metadata in one transaction.

        ``exists=False`` says the graph and its metadata are known to be absent (a new article),
        so a back end may skip removing them. ``lenient=True`` says every IRI in the payload is
        known to be valid, so a back end may skip checking them. ``extra`` holds the name index
        and totals lines to remove and add with the graph (:mod:`._indexing`); a back end writes
        them in the same transaction. The embedded store's load of a new graph only adds: a
        new graph only raises counts and readers take the largest, so the tally lines it
        supersedes are removed later in one batch (every ``FLUSH_EVERY`` writes, at close and
        before a replacement); until then they change no answer.
        """
        ...

    def drop_graph(
        self, graph_iri: URIRef, meta: list[str], extra: IndexWrite | None = None
    ) -> None:
        """Remove a named graph and its metadata in one transaction (``extra`` as above)."""
        ...

    def run_update(self, text: str) -> None:
        """Run a SPARQL update request (one transaction)."""
        ...

    def replace_meta(self, graph_iri: URIRef, meta: list[str]) -> None:
        """Replace a graph's metadata (``meta``: N-Triples lines, no final dot), not the graph."""
        ...

    def dump(self, media_type: str, graph_iri: URIRef | None) -> bytes:
        """The whole dataset (or one graph) in a format given by media type."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...


INSERT_CHUNK = 1000  # triples per INSERT DATA: Virtuoso's SPARQL parser gives up near 5,000


def _update_text(
    graph_iri: URIRef,
    lines: list[str],
    meta_graph: URIRef,
    meta: list[str],
    extra: IndexWrite | None = None,
) -> str:
    """One update request that replaces a graph and its metadata (with ``extra``'s operations
    before and after).

    The triples go in INSERT DATA operations of at most :data:`INSERT_CHUNK` each, all in the
    one request (Virtuoso refuses a single INSERT DATA of a long article: "SPARQL compiler ...
    memory exhausted").
    """
    ops = [
        *(extra.delete_ops() if extra else []),
        f"DROP SILENT GRAPH <{graph_iri}>",
        f"DELETE WHERE {{ GRAPH <{meta_graph}> {{ <{graph_iri}> ?p ?o }} }}",
    ]
    for start in range(0, len(lines), INSERT_CHUNK):
        body = " .\n".join(lines[start : start + INSERT_CHUNK])
        ops.append(f"INSERT DATA {{ GRAPH <{graph_iri}> {{ {body} . }} }}")
    if meta:
        metas = " .\n".join(meta)
        ops.append(f"INSERT DATA {{ GRAPH <{meta_graph}> {{ {metas} . }} }}")
    ops += extra.insert_ops() if extra else []
    return " ;\n".join(ops)


def meta_update_text(graph_iri: URIRef, meta_graph: URIRef, meta: list[str]) -> str:
    """One update request that replaces a graph's metadata and leaves the graph as it is."""
    body = " .\n".join(meta)
    return (
        f"DELETE WHERE {{ GRAPH <{meta_graph}> {{ <{graph_iri}> ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH <{meta_graph}> {{ {body} . }} }}"
    )


def _meta_nquads(meta_graph: URIRef, meta: list[str]) -> bytes:
    """N-Quads of metadata lines (N-Triples, no final dot) in the metadata graph."""
    m = f" <{meta_graph}> .\n"
    return "".join(line + m for line in meta).encode("utf-8")


_HELD_LOCKS: set[str] = set()  # store folders whose writer lock this process holds


class _WriterLock:
    """The lock a claimgraph writer holds on ``DIR/claimgraph-writer.lock`` while it writes.

    A POSIX record lock (``lockf``), like RocksDB's own ``LOCK``: it belongs to the process, is
    not inherited by child processes, and goes away when the process ends, however it ends.
    A process never opens the lock file twice (closing any descriptor of a file drops the
    process's locks on it), so a second writer in the same process is caught by
    :data:`_HELD_LOCKS`.
    """

    def __init__(self, path: Path, location: str) -> None:
        self.key = str(path.resolve())
        if self.key in _HELD_LOCKS:
            raise _open_error(location, OSError("lock hold by current process"))
        fd = os.open(path / WRITER_LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise
            raise StoreInUseError(
                f"store is in use: {location!r} is open for writing in another process "
                f"(it holds {WRITER_LOCK}). Wait for that process to finish or stop it; reading "
                "works meanwhile with a read-only open (read_only=True; `claimgraph query`, "
                "`stats` and `export` do that)."
            ) from exc
        self.fd: int | None = fd
        _HELD_LOCKS.add(self.key)

    def release(self) -> None:
        """Release the lock (closing the file releases it)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            _HELD_LOCKS.discard(self.key)


class OxigraphBackend:
    """The embedded Oxigraph engine: on disk when ``path`` is given, else in memory.

    An on-disk writer holds a lock file in the store folder (:data:`WRITER_LOCK`) and closes and
    reopens its RocksDB handle every :data:`REOPEN_EVERY` writes, which frees the blocks RocksDB
    has cached (see there). The handle is closed cleanly (buffers flushed, every committed write
    on disk) and reopened at the next use; the lock is held throughout, so no other claimgraph
    writer can take the store in between. A handle that something else still refers to (an
    rdflib view from :attr:`KnowledgeGraph.dataset`) is not reopened.

    Args:
        path: a directory for the on-disk store (created if missing), or ``None`` for memory.
        read_only: open an existing on-disk store for reading only (several readers may share it).
        meta_graph: the named graph that holds per-article metadata.
    """

    def __init__(self, path: Path | None, *, read_only: bool = False, meta_graph: URIRef) -> None:
        self.location = str(path) if path is not None else ":memory:"
        self.read_only = read_only
        self.meta_graph = meta_graph
        self.path = path
        self.reopened = 0  # how many times the handle was closed and reopened
        self.index_cache = IndexCache()  # what this writer knows of the index graphs
        self.superseded: list[str] = []  # totals lines to remove at the next batch
        self._writes = 0
        self._lock: _WriterLock | None = None
        self._store: ox.Store | None = None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = _open_read_only(path)
            else:
                path.mkdir(parents=True, exist_ok=True)
                if fcntl is not None:
                    self._lock = _WriterLock(path, self.location)
                self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:
            self._release_lock()
            raise _open_error(self.location, exc) from exc
        except BaseException:
            self._release_lock()
            raise

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store (reopened first if it was closed to free memory)."""
        if self._store is None:
            self._reopen()
        assert self._store is not None
        return self._store

    def _reopen(self) -> None:
        if self.path is None or self._lock is None or self._lock.fd is None:
            raise StoreError(f"{self.location}: the store is closed")
        try:
            self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as exc:
            raise StoreError(
                f"{self.location}: cannot reopen the store (closed after {self._writes} writes "
                f"to free memory; everything written before is stored): {exc}"
            ) from exc
        self.reopened += 1

    def _close_to_free_memory(self) -> None:
        """Close the RocksDB handle (it is reopened at the next use) if nothing else holds it."""
        if self._lock is None or sys.getrefcount(self._store) > 2:  # self._store and the argument
            return
        self._store = None  # the last reference: RocksDB closes (its memtables were just flushed)
        release_free_heap()

    def _release_lock(self) -> None:
        if self._lock is not None:
            self._lock.release()

    def select(self, sparql: str, bindings: Mapping[str, Node]) -> QueryResult:
        result = self._query(sparql, bindings)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult((), (), boolean=bool(result))
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT or ASK query, got a CONSTRUCT or DESCRIBE query")
        names = tuple(v.value for v in result.variables)
        with self._reading():
            rows = tuple(map(row_text, result))  # converted when read (see ntterms)
        terms = NTriplesTerms()
        return QueryResult.lazy(names, rows, terms.node, terms.value)

    def construct(self, sparql: str, bindings: Mapping[str, Node]) -> Graph:
        result = self._query(sparql, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        g = Graph()
        with self._reading():
            for t in result:
                g.add(triple_from_ox(t))
        return g

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Errors while reading a result (a SERVICE call that failed, say) as typed errors."""
        try:
            yield
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"{self.location}: the query failed while running: {exc}") from exc

    def _query(self, sparql: str, bindings: Mapping[str, Node]) -> object:
        subs: dict[ox.Variable, Any] = {ox.Variable(k): to_ox(v) for k, v in bindings.items()}
        try:
            return self.store.query(sparql, use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{self.location}: query failed: {exc}") from exc

    def replace_graph(
        self,
        payload: GraphPayload,
        meta: list[str],
        *,
        exists: bool = True,
        lenient: bool = False,
        extra: IndexWrite | None = None,
    ) -> None:
        if exists:
            self.remove_superseded()  # first: the update below reads and rewrites the tallies
            graph = URIRef(payload.graph)
            self._update(_update_text(graph, payload.lines(), self.meta_graph, meta, extra))
            self._learn(extra)
            return
        # one transactional load of the graph, its metadata and its index lines: no SPARQL to
        # parse, nothing to remove (a new graph only adds to the counts)
        data = payload.nquads + _meta_nquads(self.meta_graph, meta)
        if extra is not None:
            data += extra.add_nquads()
        self._write(lambda: self.store.load(data, format=ox.RdfFormat.N_QUADS, lenient=lenient))
        if extra is not None:
            self.superseded += extra.remove_totals  # a new graph removes no name key
        self._learn(extra)

    def remove_superseded(self) -> None:
        """Remove the totals lines that later writes superseded, in one update."""
        if not self.superseded:
            return
        lines, self.superseded = self.superseded, []
        self._run_write(lambda: self.store.update(" ;\n".join(data_ops("DELETE", [], lines))))

    def _learn(self, extra: IndexWrite | None) -> None:
        if extra is not None:
            self.index_cache.learn(extra.tally_values, filed=extra.filed, dropped=extra.dropped)

    def drop_graph(
        self, graph_iri: URIRef, meta: list[str], extra: IndexWrite | None = None
    ) -> None:
        self.remove_superseded()
        self._update(_update_text(graph_iri, [], self.meta_graph, [], extra))
        self._learn(extra)

    def run_update(self, text: str) -> None:
        """Run an update request (one transaction); the index cache is forgotten (the update
        may write the index graphs)."""
        self.index_cache.clear()
        self.remove_superseded()
        self._update(text)

    def load_nquads(self, data: bytes) -> None:
        """Add these N-Quads in one transaction (the index lines of a rebuild)."""
        self.index_cache.clear()
        self._write(lambda: self.store.load(data, format=ox.RdfFormat.N_QUADS))

    def replace_meta(self, graph_iri: URIRef, meta: list[str]) -> None:
        self._update(meta_update_text(graph_iri, self.meta_graph, meta))

    def _update(self, text: str) -> None:
        self._write(lambda: self.store.update(text))

    def _write(self, write: Callable[[], None]) -> None:
        try:
            self._run_write(write)
        except BaseException:
            self.index_cache.clear()  # part of a write may have happened: look it up again
            raise

        self._writes += 1
        if self._writes % FLUSH_EVERY == 0:
            self.remove_superseded()
        if self.path is None:
            return
        reopen = self._writes % REOPEN_EVERY == 0
        if reopen or self._writes % FLUSH_EVERY == 0:
            # without a flush now and then, RocksDB's write buffers grow with the batch
            try:
                self.store.flush()
            except OSError as exc:  # the write is committed (in RocksDB's log) all the same
                raise StoreError(f"{self.location}: flush failed after a write: {exc}") from exc
            release_free_heap()
        if reopen:
            self._close_to_free_memory()

    def _run_write(self, write: Callable[[], None]) -> None:
        try:
            write()
        except OSError as exc:
            raise StoreError(f"{self.location}: write failed, nothing was changed: {exc}") from exc
        except SyntaxError as exc:  # lines given to commit_lines that are not valid N-Triples
            raise StoreError(
                f"{self.location}: write refused, nothing was changed: the data is not valid "
                f"RDF ({exc.msg})"
            ) from exc

    def dump(self, media_type: str, graph_iri: URIRef | None) -> bytes:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise StoreError(f"{media_type!r} is not a format Oxigraph can write")
        if graph_iri is not None:
            data = self.store.dump(format=fmt, from_graph=ox.NamedNode(str(graph_iri)))
        elif fmt.supports_datasets:  # the data, not the index graphs derived from it
            data = ox.serialize((q for q in self.store if not _is_index(q)), format=fmt)
        else:
            triples = self.store.query(
                "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                f'FILTER (!STRSTARTS(STR(?g), "{INDEX}")) }}'
            )
            data = ox.serialize(triples, format=fmt)  # type: ignore[arg-type]
        assert data is not None
        return data

    def facts(self, subject: str, graph: str) -> dict[str, str]:
        """``predicate IRI -> object`` (its value; IRIs without brackets) of ``subject`` in
        ``graph``, by direct look-up (no SPARQL to parse); one object per predicate."""
        found = self.store.quads_for_pattern(ox.NamedNode(subject), None, None, ox.NamedNode(graph))
        return {q.predicate.value: q.object.value for q in found}  # type: ignore[union-attr]

    def count(self, graph_iri: URIRef | None = None) -> int:
        """Number of quads (in one graph, or in all)."""
        g = ox.NamedNode(str(graph_iri)) if graph_iri is not None else None
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, g))

    def close(self) -> None:
        try:
            if self._store is not None and not self.read_only:
                self.remove_superseded()
            if self._store is not None and self.path is not None and not self.read_only:
                self._store.flush()
        finally:
            self._store = None
            self._release_lock()


def _is_index(quad: ox.Quad) -> bool:
    """Whether a quad is in one of the index graphs (:mod:`._indexing`)."""
    g = quad.graph_name
    return isinstance(g, ox.NamedNode) and g.value.startswith(INDEX)


def _open_read_only(path: Path, attempts: int = 5) -> ox.Store:
    """Open an on-disk store read-only, retrying when a writer's compaction races the open.

    A read-only open reads the list of data files, then opens them; if a writer in another
    process compacts in between, a listed file is gone and RocksDB reports "Corruption ... No such
    file". The store is fine: opening again reads the new list.
    """
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as exc:
            racing = "Corruption" in str(exc) and (path / "CURRENT").exists()
            if not racing or attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _open_error(location: str, exc: OSError | RuntimeError) -> StoreError:
    """Turn the error of opening a store into a typed error that says what to do."""
    text = str(exc)
    errno_ = getattr(exc, "errno", None)
    if "lock hold by current process" in text:
        return StoreInUseError(
            f"store is in use: {location!r} is already open for writing in this process; "
            "close it first (KnowledgeGraph.close(), or use a `with` block)"
        )
    if "/LOCK" in text or "lock file" in text.lower() or errno_ == errno.EAGAIN:
        return StoreInUseError(
            f"store is in use: {location!r} is open for writing in another process ({text}). "
            "Wait for that process to finish or stop it; reading works meanwhile with a "
            "read-only open (read_only=True; `claimgraph query`, `stats` and `export` do that)."
        )
    if isinstance(exc, FileNotFoundError) or "No such file or directory" in text:
        return StoreError(
            f"no store at {location!r}: nothing has been ingested there yet; check --store, "
            "or create the store by ingesting articles into it"
        )
    if isinstance(exc, FileExistsError) or "not a directory" in text:
        return StoreError(
            f"cannot open store {location!r}: it is a file, not a store folder; "
            "give a folder path for --store"
        )
    return StoreError(f"cannot open store {location!r}: {text}")
