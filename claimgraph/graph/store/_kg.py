"""The :class:`KnowledgeGraph`: one store of article graphs, validated before they are written.

Example:
    >>> from claimgraph.records import Article
    >>> from claimgraph.records import Claim, Entity, Extraction
    >>> art = Article(id="doc", text="Ann Lee said rain is coming.", publisher="Daily")
    >>> ann = Entity(key="e1", name="Ann Lee", type="Person", mentions=[(0, 7)])
    >>> said = Claim(key="c1", content=[(13, 27)], kind="indirect", cue=(8, 12), cue_lemma="say",
    ...              speaker="e1")
    >>> ex = Extraction(article=art, entities=[ann], claims=[said])
    >>> with KnowledgeGraph.memory() as kg:
    ...     first = kg.add(ex)
    ...     again = kg.add(ex)
    ...     (first.status, again.status, kg.stats().articles)
    ('added', 'unchanged', 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal as Lit

from rdflib import Graph, Literal, URIRef

from claimgraph.errors import ShapeViolationError, StoreError
from claimgraph.graph.shacl._validation import validate_graph, validate_lines
from claimgraph.graph.store._backend import Backend, OxigraphBackend
from claimgraph.graph.store._indexer import (
    IndexCounts,
    index_counts,
    index_version,
    plan_for,
    rebuild,
    require_index,
)
from claimgraph.graph.store._kgread import META_GRAPH, Stats, StoreReader
from claimgraph.graph.store._ntparse import canonical_lines, triple_lines
from claimgraph.graph.store._payload import GraphPayload
from claimgraph.graph.store._scope import check_scope
from claimgraph.loaders._iris import article_graph_iri
from claimgraph.loaders._mapping import article_lines
from claimgraph.ontology.namespaces import CG, CGG
from claimgraph.records import Extraction

__all__ = ["AddResult", "IndexCounts", "KnowledgeGraph", "Stats", "add_curated"]

CURATED_GRAPH = CGG["curated"]


@dataclass(frozen=True)
class AddResult:
    """What adding one article did.

    Attributes:
        article: the article id.
        graph: the IRI of its named graph.
        status: ``added``, ``replaced`` (a changed version) or ``unchanged``.
        triples: the number of triples in its graph.
    """

    article: str
    graph: str
    status: Lit["added", "replaced", "unchanged"]
    triples: int


class KnowledgeGraph(StoreReader):
    """A store of article graphs.

    Use :meth:`open` for an on-disk store (the default) or :meth:`memory` for a throw-away one.
    Every article is validated against the SHACL shapes and written as its own named graph in one
    transaction, or not at all.

    Args:
        backend: the storage back end.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.indexed = False  # the store was seen to hold a complete name index and totals

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        location: str | Path,
        *,
        read_only: bool = False,
        update_url: str | None = None,
        gsp_url: str | None = None,
        auth: tuple[str, str] | str | None = None,
        timeout: float | None = None,
    ) -> KnowledgeGraph:
        """Open (or create) the store at ``location``.

        Args:
            location: a directory for the embedded Oxigraph store, ``":memory:"``, or the URL of
                a SPARQL 1.1 endpoint: an Oxigraph base URL (``http://host:7878``) or a query
                endpoint (``http://host:3030/ds/sparql``); see
                :mod:`claimgraph.graph.store._remote`.
            read_only: open for reading only; several processes may read one store.
            update_url: a remote store's SPARQL update endpoint, if not derived from the URL.
            gsp_url: a remote store's Graph Store Protocol endpoint, if not derived from the URL.
            auth: a remote store's ``(user, password)``; by default they come from
                ``user:password@`` in the URL, ``CLAIMGRAPH_STORE_USER`` and
                ``CLAIMGRAPH_STORE_PASSWORD`` (or a token in ``CLAIMGRAPH_STORE_TOKEN``), or
                ``~/.netrc`` (see :mod:`claimgraph.graph.store._http`). ``"aws-sigv4"`` signs every
                request for Amazon Neptune's IAM authentication (or set
                ``CLAIMGRAPH_STORE_AUTH=aws-sigv4``; see :mod:`claimgraph.graph.store._httpaws`).
            timeout: a remote store's seconds to wait for each answer; by default
                ``CLAIMGRAPH_STORE_TIMEOUT``, else 120.

        Raises:
            StoreInUseError: another process has the on-disk store open for writing.
            StoreError: the store cannot be opened.
        """
        loc = str(location)
        remote = loc.startswith(("http://", "https://"))
        for name, value in (("auth", auth), ("timeout", timeout)):
            if value is not None and not remote:
                raise StoreError(
                    f"{name} is for remote stores (http(s) URLs), not {loc!r}: leave it out"
                )
        if loc == ":memory:":
            return cls.memory()
        if remote:
            from claimgraph.graph.store._remote import RemoteBackend

            return cls(
                RemoteBackend(
                    loc,
                    meta_graph=META_GRAPH,
                    update_url=update_url,
                    gsp_url=gsp_url,
                    read_only=read_only,
                    auth=auth,
                    timeout=timeout,
                )
            )
        return cls(OxigraphBackend(Path(loc), read_only=read_only, meta_graph=META_GRAPH))

    @classmethod
    def memory(cls) -> KnowledgeGraph:
        """A new, empty in-memory store."""
        return cls(OxigraphBackend(None, meta_graph=META_GRAPH))

    def close(self) -> None:
        """Close the store (on-disk stores are flushed)."""
        self.backend.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(
        self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ------------------------------------------------------------------ writing
    def add(
        self,
        item: Extraction | Graph,
        /,
        *,
        article: str | None = None,
        validate: bool = True,
        input_digest: str | None = None,
    ) -> AddResult:
        """Validate and commit one article's graph: the one way to write to the store.

        Args:
            item: an extraction (the article and what was extracted from it), mapped to its
                named graph here; or an rdflib ``Graph`` built elsewhere, whose identifier is the
                article's named graph.
            article: the article id, for the store's metadata and for errors (an extraction
                carries its own; for a graph, its identifier by default).
            validate: check the graph against the shapes first.
            input_digest: what the graph was made from (see :mod:`claimgraph.ingestion._digest`),
                stored with it; :meth:`stored_input_digest` returns it.

        Raises:
            ShapeViolationError: the graph does not conform to the shapes; nothing was written.
        """
        if isinstance(item, Graph):
            return self._add_graph(item, article=article or str(item.identifier), validate=validate)
        iri, lines = article_lines(item)
        aid = article or item.article.id
        return self._add_lines(
            iri, lines, article=aid, validate=validate, minted=True, input_digest=input_digest
        )

    def _add_nt_lines(
        self, graph_iri: str, lines: list[str], *, article: str, validate: bool = True
    ) -> AddResult:
        """Validate and commit an article graph given as N-Triples lines (one triple each, no
        final dot).

        The lines are read by Oxigraph's N-Triples parser first and written back in canonical
        form (:mod:`claimgraph.graph.store._ntparse`), so the shapes check the same triples the
        store stores, however the lines spell them (escapes, spacing).

        Args:
            graph_iri: the article's named graph.
            lines: the graph's lines.
            article: the article id (for the store's metadata and for errors).
            validate: check the lines against the shapes first.

        Raises:
            StoreError: a line is not one valid N-Triples triple, or the lines name another
                article or graph (:mod:`claimgraph.graph.store._scope`); nothing was written.
            ShapeViolationError: the lines do not conform to the shapes; nothing was written.
        """
        canonical = canonical_lines(lines, article)
        check_scope(str(graph_iri), canonical, article, str(META_GRAPH))
        # every IRI was checked by the parser: the store need not check it again (minted)
        return self._add_lines(
            graph_iri, canonical, article=article, validate=validate, minted=True
        )

    def _add_lines(
        self,
        graph_iri: str,
        lines: list[str],
        *,
        article: str,
        validate: bool = True,
        minted: bool = False,
        input_digest: str | None = None,
    ) -> AddResult:
        """:meth:`_add_nt_lines` for lines claimgraph wrote itself (sorted, canonical, distinct)."""
        if validate:
            report = validate_lines(lines)
            if not report.conforms:
                raise ShapeViolationError(article, list(report.violations))
        return self._commit_lines(
            graph_iri, lines, article=article, minted=minted, input_digest=input_digest
        )

    def _add_graph(self, graph: Graph, *, article: str, validate: bool = True) -> AddResult:
        """Validate and commit an article graph built elsewhere (see :meth:`add`).

        Raises:
            StoreError: an IRI is not valid, or the graph names another article or graph
                (:mod:`claimgraph.graph.store._scope`); nothing was written.
            ShapeViolationError: the graph does not conform to the shapes; nothing was written.
        """
        iri = URIRef(str(graph.identifier))
        lines = triple_lines(graph, article)
        check_scope(str(iri), lines, article, str(META_GRAPH))
        if validate:
            report = validate_graph(graph)
            if not report.conforms:
                raise ShapeViolationError(article, list(report.violations))
        return self._commit_lines(iri, lines, article=article)

    def _commit_lines(
        self,
        graph_iri: str,
        lines: list[str],
        *,
        article: str,
        minted: bool = False,
        input_digest: str | None = None,
    ) -> AddResult:
        """Commit an article graph given as sorted N-Triples lines (no final dot), unvalidated.

        With ``minted=True`` (lines made by :func:`~claimgraph.loaders._mapping.article_lines`,
        every IRI minted by claimgraph or a checked Wikidata id) the embedded store loads a new
        graph without validating each IRI again, about twice as fast; otherwise an invalid IRI
        is a :class:`~claimgraph.errors.StoreError` and nothing is written. Use :meth:`add`
        to validate first. ``input_digest`` is as for :meth:`add`.
        """
        payload = GraphPayload.from_lines(graph_iri, lines)
        return self._commit_payload(
            payload, article=article, minted=minted, input_digest=input_digest
        )

    def _commit_payload(
        self,
        payload: GraphPayload,
        *,
        article: str,
        minted: bool = False,
        input_digest: str | None = None,
    ) -> AddResult:
        """Commit an article graph built as a :class:`~._payload.GraphPayload`.

        This is the single writer's step of parallel ingestion (``ingestion._parallel``):
        workers map, validate and build the payload, the driver commits it. An article whose
        stored fingerprint equals the payload's is left as it is (``unchanged``; only a new
        ``input_digest`` is recorded). ``minted`` is as for :meth:`_commit_lines`,
        ``input_digest`` as for :meth:`add`.
        """
        iri = URIRef(payload.graph)
        old, old_input = self._stored(iri)
        meta = _meta_lines(iri, payload.fingerprint, article, input_digest)
        if old == payload.fingerprint:
            if input_digest is not None and input_digest != old_input:
                self.backend.replace_meta(iri, meta)
            return AddResult(article, str(iri), "unchanged", payload.triples)
        extra = plan_for(self, iri, payload, old=old is not None)
        self.backend.replace_graph(
            payload, meta, exists=old is not None, lenient=minted, extra=extra
        )
        self.indexed = self.indexed or extra is not None  # written with its index
        return AddResult(article, str(iri), "replaced" if old else "added", payload.triples)

    def remove(self, article_id: str) -> bool:
        """Remove an article's graph. Returns whether it was there."""
        iri = article_graph_iri(article_id)
        if self._stored(iri)[0] is None:
            return False
        extra = plan_for(self, iri, None, old=True)
        self.backend.drop_graph(iri, [], extra)
        return True

    # ------------------------------------------------------------------ name index and totals
    def index_version(self) -> int | None:
        """The version of the store's name index and totals, or ``None`` when it has none."""
        return index_version(self)

    def require_index(self) -> None:
        """Check that the store's name index and totals can answer a named query.

        Raises:
            IndexMissingError: the store holds data but no index of this version (written
                before the index existed, or bulk-loaded); nothing was run.
        """
        require_index(self)

    def rebuild_indexes(self) -> IndexCounts:
        """Recompute the name index and the totals from the data graphs; returns their sizes.

        For stores written before the index existed, or filled by a bulk load that bypassed
        :meth:`add`; adding and removing articles keeps both up to date otherwise. Each data
        graph is read once and its contribution computed in Python
        (:mod:`claimgraph.graph.store._contribution`). The version mark is written last, so an
        interrupted rebuild leaves a store that still says it has no index.
        """
        return rebuild(self)

    def index_counts(self) -> IndexCounts:
        """The sizes of the name index and the totals."""
        return index_counts(self)

    def stored_input_digest(self, article_id: str) -> str | None:
        """The input digest stored with an article's graph (see :meth:`add`), if any.

        ``ingest`` skips an article whose input digest (:mod:`claimgraph.ingestion._digest`)
        equals this one: its stored graph is the one the same input would make.
        """
        return self._stored(article_graph_iri(article_id))[1]

    def stored_input_digests(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The input digests stored with these articles' graphs, by article id, in one query
        (articles without one are left out)."""
        by_iri = {str(article_graph_iri(a)): a for a in article_ids}
        if not by_iri:
            return {}
        values = " ".join(f"<{iri}>" for iri in by_iri)
        res = self.sparql(
            f"SELECT ?g ?i WHERE {{ GRAPH <{META_GRAPH}> {{ VALUES ?g {{ {values} }} "
            "?g cg:inputDigest ?i } }"
        )
        return {by_iri[str(g)]: str(i) for g, i in res.rows if g is not None and i is not None}

    def graph_size(self, article_id: str) -> int:
        """The number of triples in an article's graph (0 when it is not stored)."""
        iri = article_graph_iri(article_id)
        res = self.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
        return int(str(res.rows[0][0])) if res.rows else 0

    def _stored(self, graph_iri: URIRef) -> tuple[str | None, str | None]:
        """The fingerprint and the input digest stored with a graph (``None`` if absent)."""
        if isinstance(self.backend, OxigraphBackend):  # a look-up: no SPARQL to parse
            facts = self.backend.facts(str(graph_iri), str(META_GRAPH))
            return facts.get(str(CG.fingerprint)), facts.get(str(CG.inputDigest))
        g = graph_iri.n3()  # in the text: a VALUES binding would be joined after the OPTIONAL
        res = self.sparql(
            f"SELECT ?d ?i WHERE {{ GRAPH <{META_GRAPH}> {{ {g} cg:fingerprint ?d "
            f"OPTIONAL {{ {g} cg:inputDigest ?i }} }} }}"
        )
        if not res.rows:
            return None, None
        fingerprint, digest = res.rows[0][0], res.rows[0][1]
        return str(fingerprint), (str(digest) if digest is not None else None)


def _meta_lines(iri: URIRef, fingerprint: str, article: str, digest: str | None) -> list[str]:
    """The metadata graph's lines about an article graph."""
    meta = [
        f"<{iri}> <{CG.fingerprint}> {Literal(fingerprint).n3()}",
        f"<{iri}> <{CG.describes}> {Literal(article).n3()}",
    ]
    if digest is not None:
        meta.append(f"<{iri}> <{CG.inputDigest}> {Literal(digest).n3()}")
    return meta


def add_curated(kg: KnowledgeGraph, path: str | Path | None = None) -> AddResult:
    """Load curated facts (the shipped table, or a YAML/CSV file) into the ``curated`` graph.

    Raises:
        InputError: the file cannot be read or a fact has no source.
        ShapeViolationError: the curated graph does not conform to the shapes.
    """
    from claimgraph.loaders._curated import load_curated
    from claimgraph.loaders._mapping import curated_graph

    facts = load_curated(path)
    graph = curated_graph(facts.entities, facts.ownerships, facts.roles)
    return kg.add(graph, article="curated")
