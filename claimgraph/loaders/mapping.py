"""Mapping of extraction records to RDF: one article's records become one named graph.

This module and :mod:`claimgraph.loaders.iris` are the only places that mint IRIs. The graph of an
article is self-contained: it types every agent it mentions, so it can be validated on its own
(validation cost does not depend on the size of the store).

Example:
    >>> from claimgraph.loaders.article import Article
    >>> from claimgraph.loaders.records import Claim, Entity, Extraction
    >>> art = Article(id="doc", text="Ann Lee said rain is coming.", publisher="Daily")
    >>> ex = Extraction(art, entities=[Entity("e1", "Ann Lee", "Person", [(0, 7)])],
    ...                 claims=[Claim("c1", [(13, 27)], "indirect", (8, 12), "say", "e1")])
    >>> g = article_graph(ex)
    >>> len(list(g.subjects(RDF.type, CG.Claim)))
    1
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SDO, XSD

from claimgraph.errors import InputError
from claimgraph.loaders.article import Article
from claimgraph.loaders.iris import agent_iri, article_graph_iri, article_iri, slug
from claimgraph.loaders.records import (
    Claim,
    Entity,
    Extraction,
    Observation,
    Ownership,
    Role,
    Span,
)
from claimgraph.ontology.namespaces import CG, OA, WD, bind_prefixes

__all__ = [
    "CLAIM_CLASSES",
    "ENTITY_CLASSES",
    "article_graph",
    "article_triples",
    "curated_graph",
    "entity_triples",
]

CLAIM_CLASSES: dict[str, URIRef] = {
    "direct": CG.DirectQuote,
    "indirect": CG.IndirectQuote,
    "mixed": CG.MixedQuote,
    "authorial": CG.AuthorialClaim,
}
ENTITY_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "Person": (SDO.Person, PROV.Agent),
    "Organization": (SDO.Organization, PROV.Agent),
    "NewsOutlet": (SDO.NewsMediaOrganization, SDO.Organization, PROV.Agent),
    "Platform": (CG.Platform, SDO.SoftwareApplication),
    "Place": (SDO.Place,),
    "UnnamedSource": (CG.UnnamedSource, PROV.Agent),
    "Other": (SDO.Thing,),
}
_CONTEXT = 32  # characters of prefix/suffix kept in a TextQuoteSelector
UNKNOWN_PUBLISHER = "unknown publisher"
UNNAMED_SPEAKER = "unidentified speaker"
_THING = (SDO.Thing,)


Triple = tuple[URIRef, URIRef, "URIRef | Literal"]
_INTEGER = XSD.integer
_SELECTOR_TYPES = (OA.SpecificResource, OA.TextPositionSelector, OA.TextQuoteSelector)
_HAS_SOURCE, _HAS_SELECTOR, _START, _END = OA.hasSource, OA.hasSelector, OA.start, OA.end
_EXACT, _PREFIX, _SUFFIX, _TYPE = OA.exact, OA.prefix, OA.suffix, RDF.type


class _Builder:
    """Accumulates the triples of one article's graph: a plain ordered set, no rdflib Graph."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.iri = article_iri(article.id)
        self.identifier = article_graph_iri(article.id)
        self.triples: dict[Triple, None] = {}  # insertion-ordered set
        self.names: dict[URIRef, Literal] = {}  # the first schema:name of each subject

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples[(s, p, o)] = None

    def entity(self, entity: Entity, iri: URIRef) -> None:
        """Add an entity's triples (see :func:`entity_triples`) and remember its name."""
        for triple in _entity_triples(entity, iri):
            self.triples[triple] = None
        self.names.setdefault(iri, Literal(entity.name))

    def text(self, s: URIRef, p: URIRef, value: str | None) -> None:
        if value:
            self.add(s, p, Literal(value))

    def selector(self, node: URIRef, span: Span) -> URIRef:
        """Add an ``oa:SpecificResource`` on the article with position and quote selectors."""
        start, end = span
        body = self.article.text
        sel = URIRef(f"{node}/selector")
        specific, position, quote = _SELECTOR_TYPES
        t = self.triples
        t[(node, _TYPE, specific)] = None
        t[(node, _HAS_SOURCE, self.iri)] = None
        t[(node, _HAS_SELECTOR, sel)] = None
        t[(sel, _TYPE, position)] = None
        t[(sel, _TYPE, quote)] = None
        t[(sel, _START, _integer(start))] = None
        t[(sel, _END, _integer(end))] = None
        t[(sel, _EXACT, Literal(body[start:end]))] = None
        t[(sel, _PREFIX, Literal(body[max(0, start - _CONTEXT) : start]))] = None
        t[(sel, _SUFFIX, Literal(body[end : end + _CONTEXT]))] = None
        return node


@lru_cache(maxsize=100_000)
def _integer(n: int) -> Literal:
    return Literal(n, datatype=_INTEGER)


def entity_triples(graph: Graph, entity: Entity, iri: URIRef) -> None:
    """Add an entity's types, name, aliases and Wikidata link (no mentions) to ``graph``."""
    for triple in _entity_triples(entity, iri):
        graph.add(triple)


def _entity_triples(entity: Entity, iri: URIRef) -> list[Triple]:
    out: list[Triple] = [(iri, RDF.type, cls) for cls in ENTITY_CLASSES.get(entity.type, _THING)]
    out.append((iri, SDO.name, Literal(entity.name)))
    for alias in sorted(set(entity.aliases) - {entity.name}):
        out.append((iri, SDO.alternateName, Literal(alias)))
    if entity.wikidata:
        out.append((iri, SDO.sameAs, WD[entity.wikidata]))
    return out


def _agent(b: _Builder, name: str, etype: str) -> URIRef:
    iri = agent_iri(name, etype, article_id=b.article.id)
    b.entity(Entity(key="", name=name, type=etype), iri)  # type: ignore[arg-type]
    return iri


def _article(b: _Builder) -> URIRef:
    a = b.article
    publisher = _agent(b, a.publisher or UNKNOWN_PUBLISHER, "NewsOutlet")
    b.add(b.identifier, RDF.type, CG.ArticleGraph)
    b.add(b.identifier, CG.describes, b.iri)
    b.add(b.iri, RDF.type, SDO.NewsArticle)
    b.add(b.iri, SDO.identifier, Literal(a.id))
    b.add(b.iri, SDO.articleBody, Literal(a.text))
    b.add(b.iri, SDO.publisher, publisher)
    b.add(b.iri, CG.fingerprint, Literal(a.fingerprint))
    b.text(b.iri, SDO.datePublished, a.date)
    b.text(b.iri, SDO.headline, a.title)
    if a.url:
        b.add(b.iri, SDO.url, Literal(a.url, datatype=XSD.anyURI))
    if a.dateline:
        b.add(b.iri, SDO.locationCreated, _agent(b, a.dateline, "Place"))
    for outlet in a.credits:
        b.add(b.iri, SDO.isBasedOn, _upstream(b, _agent(b, outlet, "NewsOutlet"), outlet))
    return publisher


def _upstream(b: _Builder, outlet: URIRef, name: str) -> URIRef:
    """The upstream report by ``outlet`` that this article relays."""
    up = URIRef(f"{b.iri}/upstream/{slug(name)}")
    b.add(up, RDF.type, SDO.NewsArticle)
    b.add(up, SDO.publisher, outlet)
    return up


def _entities(b: _Builder, ex: Extraction) -> dict[str, URIRef]:
    iris: dict[str, URIRef] = {}
    for e in ex.entities:
        iri = agent_iri(e.name, e.type, article_id=b.article.id)
        iris[e.key] = iri
        b.entity(e, iri)
        for start, end in sorted(set(e.mentions)):
            m = b.selector(URIRef(f"{b.iri}/mention/{start}-{end}"), (start, end))
            b.add(iri, CG.mention, m)
    return iris


def _attribution(b: _Builder, claim: URIRef, agent: URIRef, role: URIRef, name: str) -> None:
    q = URIRef(f"{claim}/attribution/{name}")
    b.add(claim, PROV.qualifiedAttribution, q)
    b.add(q, RDF.type, PROV.Attribution)
    b.add(q, PROV.agent, agent)
    b.add(q, PROV.hadRole, role)


def _claim(
    b: _Builder,
    c: Claim,
    iris: dict[str, URIRef],
    publisher: URIRef,
    mentions: list[tuple[Span, URIRef]],
) -> URIRef:
    spans = sorted(c.content)
    node = URIRef(f"{b.iri}/claim/{spans[0][0]}-{spans[-1][1]}")
    body = b.article.text
    b.add(node, RDF.type, CG.Claim)
    b.add(node, RDF.type, CLAIM_CLASSES[c.kind])
    b.add(node, SDO.text, Literal(" … ".join(body[s:e] for s, e in spans)))
    b.add(node, SDO.appearance, b.iri)
    for i, span in enumerate(spans):
        b.add(node, CG.evidence, b.selector(URIRef(f"{node}/evidence/{i}"), span))
    if c.cue is not None:
        b.add(node, CG.cue, b.selector(URIRef(f"{node}/cue"), c.cue))
    b.text(node, CG.cueLemma, c.cue_lemma)
    if c.source_span is not None:
        b.add(node, CG.speakerMention, b.selector(URIRef(f"{node}/source"), c.source_span))
    if c.kind == "authorial":
        speaker = publisher
    elif c.speaker is not None:
        speaker = iris[c.speaker]
    else:
        speaker = _agent(b, UNNAMED_SPEAKER, "UnnamedSource")
    b.add(node, PROV.wasAttributedTo, speaker)
    b.add(node, CG.speaker, speaker)
    _attribution(b, node, speaker, CG.SpeakerRole, "speaker")
    if c.reported_by is not None:
        outlet = iris[c.reported_by]
        b.add(node, RDF.type, CG.RelayedClaim)
        b.add(node, CG.relayedBy, publisher)
        b.add(node, CG.originalPublisher, outlet)
        upstream = _upstream(b, outlet, _name(outlet, b))
        b.add(node, PROV.wasDerivedFrom, upstream)
        b.add(b.iri, SDO.isBasedOn, upstream)
        _attribution(b, node, publisher, CG.RelayerRole, "relayer")
        _attribution(b, node, outlet, CG.OriginalPublisherRole, "original-publisher")
    for (s, e), entity in mentions:
        if any(s >= cs and e <= ce for cs, ce in spans) and entity != speaker:
            b.add(node, CG.mentions, entity)
    return node


def _name(iri: URIRef, b: _Builder) -> str:
    value = b.names.get(iri)
    return str(value) if value is not None else str(iri).rsplit("/", 1)[-1]


def _role(b: _Builder, r: Role, iris: dict[str, URIRef]) -> None:
    person, org = iris[r.person], iris[r.organization]
    node = URIRef(f"{b.iri}/role/{slug(_name(person, b))}/{slug(_name(org, b))}/{slug(r.title)}")
    b.add(node, RDF.type, SDO.OrganizationRole)
    b.add(node, SDO.roleName, Literal(r.title))
    b.add(person, SDO.memberOf, node)
    b.add(node, SDO.memberOf, org)
    _support(b, node, r.evidence, r.source)


def _ownership(b: _Builder, o: Ownership, iris: dict[str, URIRef]) -> None:
    owner, owned = iris[o.owner], iris[o.owned]
    node = URIRef(f"{b.iri}/ownership/{slug(_name(owner, b))}/{slug(_name(owned, b))}")
    b.add(node, RDF.type, CG.OwnershipStatement)
    b.add(node, CG.owner, owner)
    b.add(node, CG.owned, owned)
    b.add(owner, SDO.owns, owned)
    if (owned, RDF.type, SDO.Organization) in b.triples:
        b.add(owned, SDO.parentOrganization, owner)
    _support(b, node, o.evidence, o.source)


def _support(b: _Builder, node: URIRef, evidence: Span | None, source: str | None) -> None:
    if evidence is not None:
        b.add(node, CG.evidence, b.selector(URIRef(f"{node}/evidence/0"), evidence))
    if source:
        b.add(node, CG.curatedSource, Literal(source))


def _observation(b: _Builder, o: Observation, claims: dict[str, URIRef]) -> None:
    claim = claims[o.claim]
    node = URIRef(f"{claim}/observation/{o.span[0]}-{o.span[1]}")
    b.add(node, RDF.type, SDO.Observation)
    b.add(node, SDO.value, Literal(o.value, datatype=XSD.double))
    b.add(node, CG.measure, Literal(o.measure))
    b.add(node, CG.statedIn, claim)
    b.add(node, CG.surfaceForm, b.selector(URIRef(f"{node}/surface"), o.span))
    b.text(node, CG.unit, o.unit)
    b.text(node, CG.qualifier, o.qualifier)
    b.text(node, CG.period, o.period)
    b.text(node, CG.comparedPeriod, o.compared_period)
    if o.compared_to is not None:
        b.add(node, CG.comparedTo, Literal(o.compared_to, datatype=XSD.double))


def article_graph(extraction: Extraction) -> Graph:
    """Map one article's extraction to its named graph.

    Args:
        extraction: the records of one article.

    Returns:
        An rdflib :class:`~rdflib.Graph` whose ``identifier`` is the article's named-graph IRI.

    Raises:
        InputError: a record refers to an entity or claim key the extraction does not define,
            has an unknown claim kind, or a span outside the article text.
    """
    iri, triples = article_triples(extraction)
    graph = Graph(identifier=iri)
    bind_prefixes(graph)
    graph.addN((s, p, o, graph) for s, p, o in triples)
    return graph


def article_triples(extraction: Extraction) -> tuple[URIRef, list[Triple]]:
    """Map one article's extraction to its named graph's IRI and triples, without an rdflib Graph.

    The triples are those of :func:`article_graph` (no duplicates), for the ingestion path that
    validates and writes them directly.

    Raises:
        InputError: as :func:`article_graph`.
    """
    try:
        b = _build(extraction)
    except KeyError as exc:
        raise InputError(
            extraction.article.id,
            f"inconsistent extraction records: unknown key or claim kind {exc.args[0]!r}",
        ) from exc
    return b.identifier, list(b.triples)


def _check_spans(extraction: Extraction) -> None:
    size = len(extraction.article.text)
    spans = [s for c in extraction.claims for s in c.content]
    spans += [s for e in extraction.entities for s in e.mentions]
    spans += [c.cue for c in extraction.claims if c.cue is not None]
    spans += [o.span for o in extraction.observations]
    spans += [r.evidence for r in extraction.roles if r.evidence is not None]
    spans += [o.evidence for o in extraction.ownerships if o.evidence is not None]
    for start, end in spans:
        if not 0 <= start < end <= size:
            raise InputError(
                extraction.article.id,
                f"span ({start}, {end}) is outside the article text (0, {size}) or empty",
            )


def _build(extraction: Extraction) -> _Builder:
    _check_spans(extraction)
    b = _Builder(extraction.article)
    publisher = _article(b)
    iris = _entities(b, extraction)
    mentions = [(m, iris[e.key]) for e in extraction.entities for m in e.mentions]
    claims = {c.key: _claim(b, c, iris, publisher, mentions) for c in extraction.claims}
    for r in extraction.roles:
        _role(b, r, iris)
    for o in extraction.ownerships:
        _ownership(b, o, iris)
    for obs in extraction.observations:
        _observation(b, obs, claims)
    return b


def curated_graph(
    entities: Iterable[Entity], ownerships: Iterable[Ownership], roles: Iterable[Role]
) -> Graph:
    """Map curated facts (each ownership and role with its ``source``) to the curated graph.

    Raises:
        KeyError: a statement refers to an entity key that is not among ``entities``.
    """
    from claimgraph.ontology.namespaces import CGG

    g = Graph(identifier=CGG["curated"])
    bind_prefixes(g)
    g.add((CGG["curated"], RDF.type, CG.CuratedGraph))
    iris: dict[str, URIRef] = {}
    for e in entities:
        iris[e.key] = agent_iri(e.name, e.type)
        entity_triples(g, e, iris[e.key])
    base = URIRef(str(CGG["curated"]))
    for o in ownerships:
        node = URIRef(f"{base}/ownership/{slug(o.owner)}/{slug(o.owned)}")
        owner, owned = iris[o.owner], iris[o.owned]
        g.add((node, RDF.type, CG.OwnershipStatement))
        g.add((node, CG.owner, owner))
        g.add((node, CG.owned, owned))
        g.add((owner, SDO.owns, owned))
        if (owned, RDF.type, SDO.Organization) in g:
            g.add((owned, SDO.parentOrganization, owner))
        if o.source:
            g.add((node, CG.curatedSource, Literal(o.source)))
    for r in roles:
        node = URIRef(f"{base}/role/{slug(r.person)}/{slug(r.organization)}/{slug(r.title)}")
        g.add((node, RDF.type, SDO.OrganizationRole))
        g.add((node, SDO.roleName, Literal(r.title)))
        g.add((iris[r.person], SDO.memberOf, node))
        g.add((node, SDO.memberOf, iris[r.organization]))
        if r.source:
            g.add((node, CG.curatedSource, Literal(r.source)))
    return g
