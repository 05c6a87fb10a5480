"""A remote SPARQL 1.1 store behind :class:`~claimgraph.graph.store._kg.KnowledgeGraph`.

:class:`RemoteBackend` speaks the SPARQL 1.1 Protocol (query and update) and, when it is given, the
Graph Store Protocol (GSP), over httpx. Credentials (HTTP Basic, Digest, a bearer token, or
Amazon Neptune's IAM signing) and retries through passing failures are
:mod:`claimgraph.graph.store._http`'s; ``docs/remote-stores.md`` is the user's guide.

Endpoints:
    * A **base URL** (``http://host:7878`` or ``http://host:7878/``) is taken to be an Oxigraph
      server: queries go to ``/query``, updates to ``/update`` and GSP requests to ``/store``.
    * A URL ending in ``/query`` (Oxigraph) gets ``/update`` and ``/store`` next to it.
    * Any other URL is the query endpoint itself (``http://h:3030/ds/sparql`` for Fuseki);
      updates go to ``update_url`` (by default the same URL, which the SPARQL 1.1 Protocol allows
      and Fuseki accepts) and exports use ``gsp_url`` when given (``http://h:3030/ds/data``), else
      one ``CONSTRUCT`` per named graph.

The endpoint must answer queries over the **union of its named graphs** as its default graph,
because every article lives in its own named graph: start Oxigraph with
``--union-default-graph``, set ``tdb2:unionDefaultGraph true`` on a Fuseki TDB2 dataset; GraphDB,
Virtuoso and Amazon Neptune query the union by default.

Atomicity: replacing an article is **one** update request
(``DROP SILENT GRAPH <g> ; DELETE WHERE {...meta...} ; INSERT DATA {...}``). Oxigraph, Fuseki
(TDB2), GraphDB and Neptune run each update request in one transaction, so readers see the old
graph or the new one, never a mix, and a failed request changes nothing. Virtuoso applies a request
atomically only when its transaction mode is enabled (``log_enable`` 1, the default for SPARQL
over HTTP); in autocommit row-by-row mode a failure can leave a partial graph.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.errors import QueryError, StoreError
from claimgraph.graph.store._backend import OxigraphBackend, _update_text, meta_update_text
from claimgraph.graph.store._http import HttpClient
from claimgraph.graph.store._indexing import IndexWrite
from claimgraph.graph.store._payload import GraphPayload
from claimgraph.graph.store._results import QueryResult
from claimgraph.loaders._oxterms import triple_from_ox
from claimgraph.ontology.namespaces import CGG

__all__ = ["Endpoints", "RemoteBackend", "resolve_endpoints"]

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_FORM = "application/x-www-form-urlencoded"
_UPDATE = "application/sparql-update"
_UNSUPPORTED_MEDIA_TYPE = 415


@dataclass
class Endpoints:
    """The three URLs of a remote store: SPARQL ``query`` and ``update``, and the Graph Store
    Protocol's ``gsp`` (``None``: exports then use ``CONSTRUCT``)."""

    query: str
    update: str
    gsp: str | None


def resolve_endpoints(
    url: str, *, update_url: str | None = None, gsp_url: str | None = None
) -> Endpoints:
    """Work out the query, update and GSP URLs from what the user gave (see the module doc).

    Raises:
        StoreError: ``url`` is not an ``http(s)://`` URL with a host.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{url!r} is not an http(s) URL of a SPARQL endpoint")
    path = parts.path.rstrip("/")
    if path == "" or path.endswith("/query"):
        root = urllib.parse.urlunsplit(
            (parts.scheme, parts.netloc, path[: -len("/query")] if path else "", "", "")
        )
        return Endpoints(
            root + "/query", update_url or root + "/update", gsp_url or root + "/store"
        )
    return Endpoints(url, update_url or url, gsp_url)


class RemoteBackend:
    """A SPARQL 1.1 endpoint as a claimgraph back end.

    Args:
        url: the endpoint (see the module doc for base URLs and explicit URLs).
        meta_graph: the named graph that holds per-article metadata.
        update_url: the update endpoint, if it is not derived from ``url``.
        gsp_url: the Graph Store Protocol endpoint, if it is not derived from ``url``.
        read_only: refuse writes.
        auth: ``(user, password)``, or ``"aws-sigv4"`` for Amazon Neptune's IAM signing; by
            default from the URL, the environment or ``~/.netrc`` (see
            :mod:`claimgraph.graph.store._http`).
        timeout: seconds to wait for each HTTP answer (by default ``CLAIMGRAPH_STORE_TIMEOUT``,
            else 120).
        retries: how many more times a request that met a passing failure is sent.
        retry_wait: seconds before the first retry (doubled for each next one).
        transport: the httpx transport (tests pass an :class:`httpx.MockTransport`).

    Attributes:
        location: the store URL, without any ``user:password@``.

    Raises:
        StoreError: the URL is not an http(s) URL, or credentials are half given.
    """

    def __init__(
        self,
        url: str,
        *,
        meta_graph: URIRef,
        update_url: str | None = None,
        gsp_url: str | None = None,
        read_only: bool = False,
        auth: tuple[str, str] | str | None = None,
        timeout: float | None = None,
        retries: int = 4,
        retry_wait: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.http = HttpClient(
            url,
            others=(update_url, gsp_url),
            auth=auth,
            timeout=timeout,
            retries=retries,
            retry_wait=retry_wait,
            transport=transport,
        )
        self.location = self.http.url
        self.meta_graph = meta_graph
        bare_update, bare_gsp = self.http.others
        self.endpoints = resolve_endpoints(self.location, update_url=bare_update, gsp_url=bare_gsp)
        self.read_only = read_only
        self._direct_update = True  # until the server answers 415 to it

    # ------------------------------------------------------------------ HTTP
    def _post_query(self, sparql: str, accept: str) -> bytes:
        data = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        return self.http.request(self.endpoints.query, data=data, content_type=_FORM, accept=accept)

    # ------------------------------------------------------------------ reading
    def select(self, sparql: str, bindings: Mapping[str, Node]) -> QueryResult:
        """Run a SELECT or ASK query remotely (SPARQL JSON results)."""
        _no_bindings(bindings)
        body = self._post_query(sparql, _RESULTS_JSON)
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise StoreError(
                f"SPARQL endpoint {self.endpoints.query} did not answer SPARQL JSON results: "
                f"{body[:200]!r}"
            ) from exc
        return parse_results_json(doc)

    def construct(self, sparql: str, bindings: Mapping[str, Node]) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query remotely (N-Triples)."""
        _no_bindings(bindings)
        return _graph_from_ntriples(self._post_query(sparql, _NTRIPLES), self.endpoints.query)

    def graph_names(self) -> list[str]:
        """The IRIs of claimgraph's named graphs on the server, sorted (a shared server holds
        others: Virtuoso its own system graphs, a team's Neptune other datasets)."""
        res = self.select(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER (STRSTARTS(STR(?g), "{CGG}")) }}',
            {},
        )
        return sorted(str(row[0]) for row in res.rows if isinstance(row[0], URIRef))

    def graph_ntriples(self, graph_iri: str) -> bytes:
        """One named graph as N-Triples (GSP GET when available, else ``CONSTRUCT``)."""
        if self.endpoints.gsp is not None:
            # %20, never "+", for a space: a "+" is read as a plus sign in SigV4 signing
            query = urllib.parse.urlencode({"graph": graph_iri}, quote_via=urllib.parse.quote)
            url = self.endpoints.gsp + "?" + query
            return self.http.request(url, data=None, content_type=None, accept=_NTRIPLES)
        sparql = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"
        return self._post_query(sparql, _NTRIPLES)

    def dump(self, media_type: str, graph_iri: URIRef | None) -> bytes:
        """The dataset (or one graph) in ``media_type``, fetched graph by graph.

        The graphs are gathered in a temporary in-memory Oxigraph store and written from there,
        so every format the embedded store writes is available.
        """
        local = OxigraphBackend(None, meta_graph=self.meta_graph)
        names = [str(graph_iri)] if graph_iri is not None else self.graph_names()
        for name in names:
            data = self.graph_ntriples(name)
            try:
                local.store.bulk_load(
                    data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name)
                )
            except SyntaxError as exc:
                raise StoreError(
                    f"SPARQL endpoint sent unreadable N-Triples for graph {name}: {exc}"
                ) from exc
        return local.dump(media_type, graph_iri)

    # ------------------------------------------------------------------ writing
    def replace_graph(
        self,
        payload: GraphPayload,
        meta: list[str],
        *,
        exists: bool = True,
        lenient: bool = False,
        extra: IndexWrite | None = None,
    ) -> None:
        """Replace a named graph and its metadata in one update request (the server checks
        the IRIs whatever ``lenient`` says), with ``extra``'s index and totals operations."""
        graph = URIRef(payload.graph)
        self._update(_update_text(graph, payload.lines(), self.meta_graph, meta, extra))

    def drop_graph(
        self, graph_iri: URIRef, meta: list[str], extra: IndexWrite | None = None
    ) -> None:
        """Remove a named graph and its metadata in one update request."""
        self._update(_update_text(graph_iri, [], self.meta_graph, [], extra))

    def run_update(self, text: str) -> None:
        """Run a SPARQL update request."""
        self._update(text)

    def replace_meta(self, graph_iri: URIRef, meta: list[str]) -> None:
        """Replace a graph's metadata in one update request."""
        self._update(meta_update_text(graph_iri, self.meta_graph, meta))

    def _update(self, text: str) -> None:
        """Send an update as the request body (``application/sparql-update``), which spares
        percent-encoding a whole article's graph on both sides; a server that answers 415 to it
        gets this and every later update as a form (``update=...``) instead."""
        if self.read_only:
            raise StoreError(f"{self.location} was opened read-only; nothing was written")
        url = self.endpoints.update
        if self._direct_update:
            try:
                self.http.request(
                    url, data=text.encode("utf-8"), content_type=_UPDATE, accept="*/*"
                )
                return
            except StoreError as exc:
                if exc.status != _UNSUPPORTED_MEDIA_TYPE:
                    raise
                self._direct_update = False
        data = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self.http.request(url, data=data, content_type=_FORM, accept="*/*")

    def close(self) -> None:
        """Close the connections kept open to the server."""
        self.http.close()


def _no_bindings(bindings: Mapping[str, Node]) -> None:
    if bindings:
        raise QueryError("remote stores take parameters bound into the query text (VALUES)")


def _graph_from_ntriples(data: bytes, url: str) -> Graph:
    g = Graph()
    try:
        for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
            g.add(triple_from_ox(q.triple))
    except SyntaxError as exc:
        raise StoreError(f"SPARQL endpoint {url} sent unreadable N-Triples: {exc}") from exc
    return g


def term_from_json(value: Mapping[str, Any]) -> Node:
    """An rdflib term from one SPARQL JSON results binding (as the embedded store returns it).

    Raises:
        StoreError: the binding has an unknown type.
    """
    kind = value.get("type")
    text = str(value.get("value", ""))
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return Literal(text, lang=value["xml:lang"])
        return Literal(text, datatype=URIRef(value.get("datatype", str(XSD.string))))
    raise StoreError(f"unknown term type {kind!r} in SPARQL JSON results")


def parse_results_json(doc: Mapping[str, Any]) -> QueryResult:
    """A :class:`QueryResult` from a SPARQL 1.1 JSON results document."""
    if "boolean" in doc:
        return QueryResult((), (), boolean=bool(doc["boolean"]))
    names = tuple(doc.get("head", {}).get("vars", []))
    rows = tuple(
        tuple(term_from_json(b[n]) if n in b else None for n in names)
        for b in doc.get("results", {}).get("bindings", [])
    )
    return QueryResult(names, rows)
