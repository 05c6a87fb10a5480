"""Reading a store: SPARQL, named queries, listings, validation and serialisation.

:class:`StoreReader` is the half of :class:`~claimgraph.graph.store._kg.KnowledgeGraph` that
reads; the store itself (opening, writing, the index) is in :mod:`claimgraph.graph.store._kg`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from rdflib import Dataset, Graph
from rdflib.term import Node

from claimgraph.errors import QueryError
from claimgraph.graph.shacl._validation import ValidationReport, validate_graph
from claimgraph.graph.store._backend import Backend
from claimgraph.graph.store._bounded import DEFAULT_SERVICE_TIMEOUT, run_bounded
from claimgraph.graph.store._formats import RdfFormat, write_output
from claimgraph.graph.store._indexer import require_index
from claimgraph.graph.store._results import QueryResult
from claimgraph.loaders._iris import article_graph_iri
from claimgraph.ontology.namespaces import CGG, bind_prefixes
from claimgraph.queries._binding import bind_values
from claimgraph.queries._service import check_no_service

__all__ = ["META_GRAPH", "Stats", "StoreReader"]

META_GRAPH = CGG["meta"]

_PREFIXES = """PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX cgg: <https://w3id.org/claimgraph/graph/>
PREFIX cgi: <https://w3id.org/claimgraph/index/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@dataclass(frozen=True)
class Stats:
    """Counts over the store."""

    quads: int
    graphs: int
    articles: int
    claims: int
    agents: int
    observations: int

    def as_dict(self) -> dict[str, int]:
        """The counts as a dictionary."""
        return dict(self.__dict__)


class StoreReader:
    """The reading methods of a store of article graphs (see :class:`KnowledgeGraph`)."""

    backend: Backend
    indexed: bool

    @property
    def location(self) -> str:
        """Where the store lives (a directory, ``:memory:`` or a URL)."""
        return self.backend.location

    @property
    def dataset(self) -> Dataset:
        """An rdflib :class:`~rdflib.Dataset` view of the embedded store (read and write)."""
        store = getattr(self.backend, "store", None)
        if store is None:
            raise QueryError(
                f"{self.location}: an rdflib view is only available on embedded stores"
            )
        from oxrdflib import OxigraphStore

        ds = Dataset(store=OxigraphStore(store=store), default_union=True)
        bind_prefixes(ds)
        return ds

    def sparql(
        self,
        query: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        allow_service: bool = False,
        service_timeout: float = DEFAULT_SERVICE_TIMEOUT,
    ) -> QueryResult:
        """Run a SPARQL SELECT or ASK query over all graphs (union default graph).

        Args:
            query: the query text; the usual prefixes (schema, prov, oa, cg, cgg, rdf, rdfs,
                xsd) are predeclared.
            bindings: values for variables, bound as RDF terms (never pasted into the text).
            allow_service: let a ``SERVICE`` clause make the store send requests to other
                servers (refused by default: see :mod:`claimgraph.queries._service`).
            service_timeout: with ``allow_service``, the seconds a query with ``SERVICE`` may
                take before it is given up (a :class:`~claimgraph.errors.QueryError`).

        Raises:
            QueryError: the query has ``SERVICE`` and ``allow_service`` is off, or it timed out.
        """
        text = self._checked(query, bindings, allow_service)
        return run_bounded(
            lambda: self.backend.select(text, {}), text, allow_service, service_timeout
        )

    def construct(
        self,
        query: str,
        bindings: Mapping[str, Node] | None = None,
        *,
        allow_service: bool = False,
        service_timeout: float = DEFAULT_SERVICE_TIMEOUT,
    ) -> Graph:
        """Run a SPARQL CONSTRUCT or DESCRIBE query; returns an rdflib graph.

        ``allow_service`` and ``service_timeout`` are as for :meth:`sparql`.
        """
        text = self._checked(query, bindings, allow_service)
        return run_bounded(
            lambda: self.backend.construct(text, {}), text, allow_service, service_timeout
        )

    @staticmethod
    def _checked(query: str, bindings: Mapping[str, Node] | None, allow_service: bool) -> str:
        """The query text to run, with prefixes and bindings; ``SERVICE`` refused unless
        allowed."""
        if not allow_service:
            check_no_service(query)
        return _with_prefixes(bind_values(query, bindings or {}))

    def query(
        self,
        name_or_sparql: str,
        /,
        *,
        allow_service: bool = False,
        service_timeout: float = DEFAULT_SERVICE_TIMEOUT,
        **params: Any,
    ) -> QueryResult:
        """Run a named query (see ``claimgraph queries``) or a SPARQL text.

        Args:
            name_or_sparql: the name of a query shipped in :mod:`claimgraph.queries` or SPARQL.
            allow_service: as for :meth:`sparql`.
            service_timeout: as for :meth:`sparql`.
            **params: the named query's parameters, as Python values or rdflib terms.
        """
        from claimgraph.queries import run_query

        runner = _ServiceRunner(self, allow_service, service_timeout)
        return run_query(runner, name_or_sparql, **params)

    def articles(self) -> list[str]:
        """The ids of the articles in the store, sorted."""
        res = self.sparql(
            f"SELECT ?id WHERE {{ GRAPH <{META_GRAPH}> {{ ?g cg:describes ?id }} "
            f'FILTER(STRSTARTS(STR(?g), "{CGG}article/")) }} ORDER BY ?id'
        )
        return [str(r[0]) for r in res.rows]

    def article_graph(self, article_id: str) -> Graph:
        """The stored named graph of one article."""
        iri = article_graph_iri(article_id)
        return self.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")

    def validate(self, article_id: str | None = None) -> dict[str, ValidationReport]:
        """Validate stored article graphs again (all, or one). Returns a report per article."""
        ids = [article_id] if article_id is not None else self.articles()
        out = {}
        for aid in ids:
            g = self.article_graph(aid)
            out[aid] = validate_graph(g)
        return out

    def stats(self) -> Stats:
        """Counts of quads, graphs, articles, claims, agents and observations."""
        # claimgraph's graphs only: a shared SPARQL server holds others (Virtuoso its own)
        q = f"""SELECT (COALESCE(SUM(?n), 0) AS ?quads) (COUNT(?g) AS ?graphs) WHERE {{
            {{ SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g }}
            FILTER (STRSTARTS(STR(?g), "{CGG}"))
        }}"""
        quads, graphs = (int(t.toPython()) for t in self.sparql(q).rows[0])  # type: ignore[union-attr]

        def count(cls: str) -> int:
            r = self.sparql(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")
            return int(r.rows[0][0].toPython())  # type: ignore[union-attr]

        return Stats(
            quads=quads,
            graphs=graphs,
            articles=len(self.articles()),
            claims=count("cg:Claim"),
            agents=count("prov:Agent"),
            observations=count("schema:Observation"),
        )

    def serialize(
        self,
        output: str | Path | IO[bytes] | None = None,
        *,
        format: str | RdfFormat | None = None,
        article: str | None = None,
    ) -> bytes | None:
        """Serialise the store (or one article's graph): TriG, N-Quads, Turtle, N-Triples, JSON-LD.

        Args:
            output: a path or binary file to write to; ``None`` returns the bytes.
            format: a format name or :class:`RdfFormat`; by default from ``output``'s extension,
                else TriG.
            article: only this article's graph.
        """
        fmt = _resolve_format(output, format)
        graph_iri = article_graph_iri(article) if article is not None else None
        if fmt.name == "jsonld":
            from claimgraph.graph.store._jsonld import to_jsonld

            data = to_jsonld(self.backend.dump("application/n-quads", graph_iri), graph_iri)
        else:
            data = self.backend.dump(fmt.media_type, graph_iri)
        return write_output(data, output)


def _resolve_format(output: object, format: str | RdfFormat | None) -> RdfFormat:
    if isinstance(format, RdfFormat):
        return format
    if format is not None:
        return RdfFormat.from_name(format)
    if isinstance(output, (str, Path)):
        return RdfFormat.from_extension(str(output))
    return RdfFormat.from_name("trig")


@dataclass(frozen=True)
class _ServiceRunner:
    """Runs :func:`~claimgraph.queries.run_query`'s queries with a store's SERVICE options."""

    kg: StoreReader
    allow_service: bool
    service_timeout: float

    def sparql(self, query: str, bindings: Mapping[str, Node] | None = None, /) -> QueryResult:
        if "cgi:" in query:  # the named query reads the name index or the totals
            require_index(self.kg)
        return self.kg.sparql(
            query,
            bindings,
            allow_service=self.allow_service,
            service_timeout=self.service_timeout,
        )


def _with_prefixes(query: str) -> str:
    return _PREFIXES + query
