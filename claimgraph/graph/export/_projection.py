"""The property-graph projection: the RDF graph as one networkx ``MultiDiGraph``.

Entities, claims, articles and observations become nodes; what connects them (speaker, article,
mentions, relays, roles, ownership) becomes edges; literals are folded into node and edge
attributes. Every attribute value is a ``str``, ``int`` or ``float`` (never ``None``, a list or a
bool), and each key always has the same type, so every graph file format can carry them.

Node ids are short and stable: the IRI without the ``https://w3id.org/claimgraph/id/`` base
(``person/ada-quinn``); the full IRI is the ``iri`` attribute.

Example:
    >>> from claimgraph.graph.store._kg import KnowledgeGraph
    >>> with KnowledgeGraph.memory() as kg:
    ...     project(kg).number_of_nodes()
    0
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SDO
from rdflib.term import Node

from claimgraph.errors import InputError
from claimgraph.ontology.namespaces import CG, CGID, OA

if TYPE_CHECKING:
    from claimgraph.graph.store._kg import KnowledgeGraph

__all__ = ["ATTR_TYPES", "node_id", "project", "project_rdf", "restrict_to_entity"]

Attr = str | int | float
ATTR_TYPES: dict[str, type] = {
    "evidence_start": int,
    "evidence_end": int,
    "mentions": int,
    "relayed": int,
    "value": float,
    "compared_to": float,
}
"""Attributes that are numbers; every other attribute is a string."""

_ENTITY_TYPES: tuple[tuple[URIRef, str], ...] = (
    (SDO.NewsMediaOrganization, "NewsOutlet"),
    (CG.UnnamedSource, "UnnamedSource"),
    (CG.Platform, "Platform"),
    (SDO.Person, "Person"),
    (SDO.Organization, "Organization"),
    (SDO.Place, "Place"),
)
_CLAIM_TYPES: tuple[tuple[URIRef, str], ...] = (
    (CG.DirectQuote, "DirectQuote"),
    (CG.IndirectQuote, "IndirectQuote"),
    (CG.MixedQuote, "MixedQuote"),
    (CG.AuthorialClaim, "AuthorialClaim"),
)
_ACT = URIRef(f"{CG._NS}act")
"""``cg:act``: what kind of act a claim reports (cg:Speech, cg:Thought, ...), when present."""
_LABEL_LIMIT = 60
_CONSTRUCT = re.compile(
    r"^\s*(?:(?:PREFIX|BASE)[^\n]*\n\s*|#[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)\b", re.I
)


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(set(nodes), key=str)


def node_id(iri: Node) -> str:
    """The short stable node id of an IRI (the IRI without claimgraph's resource base)."""
    text = str(iri)
    return text[len(str(CGID)) :] if text.startswith(str(CGID)) else text


def _local(term: Node) -> str:
    """The local name of an IRI (after the last ``#`` or ``/``)."""
    return re.split(r"[#/]", str(term))[-1]


def _short(text: str, limit: int = _LABEL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _Projector:
    """Builds the ``MultiDiGraph`` of one rdflib graph."""

    def __init__(self, rdf: Graph) -> None:
        self.rdf = rdf
        self.g: nx.MultiDiGraph = nx.MultiDiGraph()

    def str_of(self, s: Node, p: URIRef) -> str | None:
        value = self.rdf.value(s, p)
        return None if value is None else str(value)

    def exact(self, s: Node, p: URIRef) -> str | None:
        """The ``oa:exact`` text of the selector behind ``s p``."""
        target = self.rdf.value(s, p)
        if target is None:
            return None
        sel = self.rdf.value(target, OA.hasSelector)
        return None if sel is None else self.str_of(sel, OA.exact)

    def name(self, s: Node) -> str:
        return self.str_of(s, SDO.name) or node_id(s)

    def article_id(self, article: Node | None) -> str | None:
        return None if article is None else self.str_of(article, SDO.identifier)

    def add_node(self, iri: Node, kind: str, **attrs: Attr | None) -> str:
        nid = node_id(iri)
        clean = {k: v for k, v in attrs.items() if v is not None and v != ""}
        self.g.add_node(nid, kind=kind, iri=str(iri), **clean)
        return nid

    def add_edge(
        self, src: Node, dst: Node, relation: str, key: str | None = None, **attrs: Attr | None
    ) -> None:
        a, b = node_id(src), node_id(dst)
        if a not in self.g or b not in self.g:
            return
        clean = {k: v for k, v in attrs.items() if v is not None and v != ""}
        self.g.add_edge(a, b, key=key or relation, relation=relation, **clean)

    # ------------------------------------------------------------------ nodes
    def articles(self) -> None:
        for art in _sorted(set(self.rdf.subjects(RDF.type, SDO.NewsArticle))):
            aid = self.article_id(art)
            if aid is None:  # an upstream report known only by its publisher
                continue
            publisher = self.rdf.value(art, SDO.publisher)
            place = self.rdf.value(art, SDO.locationCreated)
            self.add_node(
                art,
                "article",
                type="NewsArticle",
                label=self.str_of(art, SDO.headline) or aid,
                article_id=aid,
                publisher=None if publisher is None else self.name(publisher),
                date=self.str_of(art, SDO.datePublished),
                headline=self.str_of(art, SDO.headline),
                url=self.str_of(art, SDO.url),
                dateline=None if place is None else self.name(place),
                body=self.str_of(art, SDO.articleBody),
            )

    def entities(self) -> None:
        named = set(self.rdf.subjects(SDO.name, None))
        skip = set(self.rdf.subjects(RDF.type, SDO.NewsArticle)) | set(
            self.rdf.subjects(RDF.type, CG.Claim)
        )
        for e in _sorted(named - skip):
            types = set(self.rdf.objects(e, RDF.type))
            etype = next((label for cls, label in _ENTITY_TYPES if cls in types), "Thing")
            aliases = sorted(str(a) for a in self.rdf.objects(e, SDO.alternateName))
            same = sorted(str(s) for s in self.rdf.objects(e, SDO.sameAs))
            self.add_node(
                e,
                "entity",
                type=etype,
                label=self.name(e),
                aliases="; ".join(aliases),
                wikidata="; ".join(same),
                mentions=len(set(self.rdf.objects(e, CG.mention))),
            )

    def claims(self) -> None:
        for c in _sorted(set(self.rdf.subjects(RDF.type, CG.Claim))):
            types = set(self.rdf.objects(c, RDF.type))
            ctype = next((label for cls, label in _CLAIM_TYPES if cls in types), "Claim")
            spans = self.spans(c)
            speaker = self.rdf.value(c, CG.speaker)
            original = self.rdf.value(c, CG.originalPublisher)
            text = self.str_of(c, SDO.text) or ""
            act = self.rdf.value(c, _ACT)
            self.add_node(
                c,
                "claim",
                type=ctype,
                label=_short(text),
                text=text,
                cue=self.exact(c, CG.cue),
                cue_lemma=self.str_of(c, CG.cueLemma),
                act=None if act is None else _local(act),
                speaker=None if speaker is None else self.name(speaker),
                article_id=self.article_id(self.rdf.value(c, SDO.appearance)),
                relayed=int(CG.RelayedClaim in types),
                original_publisher=None if original is None else self.name(original),
                spans=";".join(f"{s}-{e}" for s, e in spans),
                evidence_start=spans[0][0] if spans else None,
                evidence_end=spans[-1][1] if spans else None,
                evidence=" … ".join(self.selector_texts(c, CG.evidence)),
            )

    def spans(self, s: Node) -> list[tuple[int, int]]:
        out = []
        for ev in self.rdf.objects(s, CG.evidence):
            sel = self.rdf.value(ev, OA.hasSelector)
            start, end = self.rdf.value(sel, OA.start), self.rdf.value(sel, OA.end)
            if isinstance(start, Literal) and isinstance(end, Literal):
                out.append((int(start.toPython()), int(end.toPython())))
        return sorted(out)

    def selector_texts(self, s: Node, p: URIRef) -> list[str]:
        pairs = []
        for target in self.rdf.objects(s, p):
            sel = self.rdf.value(target, OA.hasSelector)
            start = self.rdf.value(sel, OA.start)
            exact = self.rdf.value(sel, OA.exact)
            if exact is not None:
                pairs.append(
                    (int(start.toPython()) if isinstance(start, Literal) else 0, str(exact))
                )
        return [text for _, text in sorted(pairs)]

    def observations(self) -> None:
        for o in _sorted(set(self.rdf.subjects(RDF.type, SDO.Observation))):
            value = self.rdf.value(o, SDO.value)
            compared = self.rdf.value(o, CG.comparedTo)
            measure = self.str_of(o, CG.measure) or ""
            number = float(value.toPython()) if isinstance(value, Literal) else None
            self.add_node(
                o,
                "observation",
                type="Observation",
                label=_short(f"{self.exact(o, CG.surfaceForm) or number} {measure}"),
                value=number,
                measure=measure,
                unit=self.str_of(o, CG.unit),
                qualifier=self.str_of(o, CG.qualifier),
                period=self.str_of(o, CG.period),
                compared_to=float(compared.toPython()) if isinstance(compared, Literal) else None,
                compared_period=self.str_of(o, CG.comparedPeriod),
                surface=self.exact(o, CG.surfaceForm),
            )

    # ------------------------------------------------------------------ edges
    def claim_edges(self) -> None:
        for c in _sorted(set(self.rdf.subjects(RDF.type, CG.Claim))):
            for p, relation in (
                (CG.speaker, "said_by"),
                (SDO.appearance, "appears_in"),
                (CG.mentions, "mentions"),
                (CG.relayedBy, "relayed_by"),
                (CG.originalPublisher, "originally_published_by"),
            ):
                for o in _sorted(self.rdf.objects(c, p)):
                    self.add_edge(c, o, relation)
        for o in _sorted(set(self.rdf.subjects(RDF.type, SDO.Observation))):
            for claim in self.rdf.objects(o, CG.statedIn):
                self.add_edge(o, claim, "stated_in")

    def article_edges(self) -> None:
        for art in _sorted(set(self.rdf.subjects(RDF.type, SDO.NewsArticle))):
            for pub in self.rdf.objects(art, SDO.publisher):
                self.add_edge(art, pub, "published_by")
            for place in self.rdf.objects(art, SDO.locationCreated):
                self.add_edge(art, place, "dateline")
            for up in _sorted(self.rdf.objects(art, SDO.isBasedOn)):
                for outlet in self.rdf.objects(up, SDO.publisher):
                    self.add_edge(art, outlet, "based_on")

    def provenance(self, st: Node) -> dict[str, Attr | None]:
        """Where a role or ownership statement comes from: its article or curated source."""
        ev = self.rdf.value(st, CG.evidence)
        source = None if ev is None else self.rdf.value(ev, OA.hasSource)
        return {
            "article_id": self.article_id(source),
            "evidence": self.exact(st, CG.evidence),
            "source": self.str_of(st, CG.curatedSource),
        }

    def relation_edges(self) -> None:
        for st in _sorted(set(self.rdf.subjects(RDF.type, CG.OwnershipStatement))):
            owner, owned = self.rdf.value(st, CG.owner), self.rdf.value(st, CG.owned)
            if owner is not None and owned is not None:
                key = f"owns:{node_id(st)}"
                self.add_edge(owner, owned, "owns", key=key, **self.provenance(st))
        for role in _sorted(set(self.rdf.subjects(RDF.type, SDO.OrganizationRole))):
            org = self.rdf.value(role, SDO.memberOf)
            title = self.str_of(role, SDO.roleName)
            for person in self.rdf.subjects(SDO.memberOf, role):
                if org is not None:
                    attrs = self.provenance(role)
                    key = f"holds_role:{node_id(role)}"
                    self.add_edge(person, org, "holds_role", key=key, role=title, **attrs)

    def build(self) -> nx.MultiDiGraph:
        self.articles()
        self.entities()
        self.claims()
        self.observations()
        self.claim_edges()
        self.article_edges()
        self.relation_edges()
        return self.g


def project_rdf(rdf: Graph) -> nx.MultiDiGraph:
    """Project an rdflib graph (triples of one or many article graphs) to a ``MultiDiGraph``."""
    return _Projector(rdf).build()


def project(
    kg: KnowledgeGraph,
    *,
    article: str | None = None,
    entity: str | None = None,
    query: str | None = None,
    background: bool = False,
) -> nx.MultiDiGraph:
    """Project the store, or a part of it, to a networkx ``MultiDiGraph``.

    Background facts that no article touches (the curated table of platforms and owners) are left
    out unless ``background`` is true: a part of the graph is kept only if it is connected to an
    article.

    Args:
        kg: the store.
        article: only this article's graph (its id).
        entity: only this entity's neighbourhood (its node id, IRI or name): everything within
            two steps, e.g. its claims and the articles and entities those claims link to.
        query: only a query's result: a named query or SPARQL. A CONSTRUCT query's graph is
            projected; for a SELECT query, the nodes whose IRIs appear in the rows and their
            immediate neighbours.
        background: keep parts of the graph that are not connected to any article.

    Raises:
        InputError: the article or entity is not in the store, or the query names no node.
    """
    if article is not None:
        if article not in kg.articles():
            raise InputError(
                article,
                "no article with this id in the store; `claimgraph query articles` lists them",
            )
        rdf = kg.article_graph(article)
    elif query is not None and _CONSTRUCT.match(query):
        rdf = kg.construct(query)
    else:
        rdf = kg.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    graph = project_rdf(rdf)
    if not background:
        graph = connected_to_articles(graph)
    if query is not None and not _CONSTRUCT.match(query):
        graph = _restrict_to_query(kg, graph, query)
    if entity is not None:
        graph = restrict_to_entity(graph, entity)
    return graph


def connected_to_articles(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The parts of ``graph`` connected to an article node (all of it if it has no article)."""
    articles = [n for n, kind in graph.nodes(data="kind") if kind == "article"]
    if not articles:
        return graph
    keep: set[str] = set()
    for component in nx.weakly_connected_components(graph):
        if any(a in component for a in articles):
            keep |= component
    return graph.subgraph(keep).copy()


def _find(graph: nx.MultiDiGraph, entity: str) -> str:
    if entity in graph:
        return entity
    for nid, data in graph.nodes(data=True):
        if entity in (data.get("iri"), data.get("label")):
            return str(nid)
    folded = entity.casefold()
    for nid, data in graph.nodes(data=True):
        if data.get("kind") == "entity" and str(data.get("label", "")).casefold() == folded:
            return str(nid)
    raise InputError(
        entity,
        "no entity with this name, IRI or node id in the graph; "
        "`claimgraph query entity-profile -p entity=PART` finds names",
    )


def restrict_to_entity(graph: nx.MultiDiGraph, entity: str, radius: int = 2) -> nx.MultiDiGraph:
    """The subgraph within ``radius`` steps (in either direction) of an entity.

    Raises:
        InputError: no node has that id, IRI or name.
    """
    start = _find(graph, entity)
    near = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), start, radius)
    return graph.subgraph(near).copy()


def _restrict_to_query(kg: KnowledgeGraph, graph: nx.MultiDiGraph, query: str) -> nx.MultiDiGraph:
    result = kg.query(query)
    named = {node_id(t) for row in result.rows for t in row if isinstance(t, URIRef)}
    hits = named & set(graph.nodes)
    if not hits:
        raise InputError(
            _short(query, 40), "the query's rows name no node of the graph; project its IRIs"
        )
    keep = set(hits)
    for nid in hits:
        keep.update(graph.successors(nid))
        keep.update(graph.predecessors(nid))
    return graph.subgraph(keep).copy()


def iter_attr_types(graph: nx.MultiDiGraph) -> Iterable[tuple[str, type]]:
    """Every (attribute, Python type) pair used on the graph's nodes and edges."""
    for _, data in graph.nodes(data=True):
        yield from ((k, type(v)) for k, v in data.items())
    for _, _, data in graph.edges(data=True):
        yield from ((k, type(v)) for k, v in data.items())
