"""Mapping of extraction records to RDF: one article's records become one named graph.

This module and :mod:`claimgraph.loaders._iris` are the only places that mint IRIs. The graph of an
article is self-contained: it types every agent it mentions, so it can be validated on its own
(validation cost does not depend on the size of the store).

Example:
    >>> from claimgraph.records import Article
    >>> from claimgraph.records import Claim, Entity, Extraction
    >>> art = Article(id="doc", text="Ann Lee said rain is coming.", publisher="Daily")
    >>> ann = Entity(key="e1", name="Ann Lee", type="Person", mentions=[(0, 7)])
    >>> said = Claim(key="c1", content=[(13, 27)], kind="indirect", cue=(8, 12), cue_lemma="say",
    ...              speaker="e1")
    >>> ex = Extraction(article=art, entities=[ann], claims=[said])
    >>> g = article_graph(ex)
    >>> len(list(g.subjects(RDF.type, CG.Claim)))
    1
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from types import SimpleNamespace

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SDO, XSD
from rdflib.term import Node

from claimgraph.errors import InputError
from claimgraph.loaders import _ntwrite as nt
from claimgraph.loaders._iris import agent_iri, article_graph_iri, article_iri, slug
from claimgraph.loaders._oxterms import from_ox
from claimgraph.ontology.namespaces import CG, OA, WD, bind_prefixes
from claimgraph.records import (
    Article,
    Claim,
    Entity,
    Extraction,
    Observation,
    Ownership,
    Role,
    Span,
)

__all__ = [
    "ACT_CONCEPTS",
    "CLAIM_CLASSES",
    "ENTITY_CLASSES",
    "article_graph",
    "article_lines",
    "curated_graph",
    "entity_triples",
]

CLAIM_CLASSES: dict[str, URIRef] = {
    "direct": CG.DirectQuote,
    "indirect": CG.IndirectQuote,
    "mixed": CG.MixedQuote,
    "authorial": CG.AuthorialClaim,
}
ACT_CONCEPTS: dict[str, URIRef] = {
    "speech": CG.Speech,
    "thought": CG.Thought,
    "intention": CG.Intention,
    "evidence": CG.Evidence,
    "perception": CG.Perception,
}
"""The concept of ``cg:AttributionAct`` for each :data:`~claimgraph.records.ACTS` value."""
ENTITY_CLASSES: dict[str, tuple[URIRef, ...]] = {
    "Person": (SDO.Person, PROV.Agent),
    "Organization": (SDO.Organization, PROV.Agent),
    "NewsOutlet": (SDO.NewsMediaOrganization, SDO.Organization, PROV.Agent),
    "Platform": (CG.Platform, SDO.SoftwareApplication),
    "Place": (SDO.Place,),
    "UnnamedSource": (CG.UnnamedSource, PROV.Agent),
    "Other": (SDO.Thing,),
}
_IRI_SAFE = re.compile(r"[A-Za-z0-9._~-]+")  # unreserved IRI characters (RFC 3987)
_CONTEXT = 32  # characters of prefix/suffix kept in a TextQuoteSelector
UNKNOWN_PUBLISHER = "unknown publisher"
UNNAMED_SPEAKER = "unidentified speaker"
_THING = (SDO.Thing,)

_SELECTOR_TYPES = (OA.SpecificResource, OA.TextPositionSelector, OA.TextQuoteSelector)
_XSD_STRING = str(XSD.string)


@cache
def _p(term: str) -> str:
    """The N-Triples text of a vocabulary IRI (each made once)."""
    return nt.iri(term)


def _predicates(*names: str) -> SimpleNamespace:
    """N-Triples texts of vocabulary terms by ``prefix_local`` name (``_P.oa_hasSource``), made
    once: looking a term up on an rdflib namespace builds a new IRI object each time."""
    spaces = {"rdf": RDF, "sdo": SDO, "cg": CG, "oa": OA, "prov": PROV}
    terms = {}
    for name in names:
        prefix, local = name.split("_", 1)
        terms[name] = nt.iri(getattr(spaces[prefix], local))
    return SimpleNamespace(**terms)


_P = _predicates(
    "cg_acquiredIn",
    "cg_act",
    "cg_change",
    "cg_comparedPeriod",
    "cg_comparedTo",
    "cg_comparedWith",
    "cg_cue",
    "cg_cueLemma",
    "cg_curatedSource",
    "cg_describes",
    "cg_evidence",
    "cg_fingerprint",
    "cg_measure",
    "cg_mention",
    "cg_mentions",
    "cg_originalPublisher",
    "cg_owned",
    "cg_owner",
    "cg_period",
    "cg_qualifier",
    "cg_relayedBy",
    "cg_share",
    "cg_speaker",
    "cg_speakerMention",
    "cg_statedIn",
    "cg_surfaceForm",
    "cg_unit",
    "oa_end",
    "oa_exact",
    "oa_hasSelector",
    "oa_hasSource",
    "oa_prefix",
    "oa_start",
    "oa_suffix",
    "prov_agent",
    "sdo_maxValue",
    "prov_hadRole",
    "prov_qualifiedAttribution",
    "prov_wasAttributedTo",
    "prov_wasDerivedFrom",
    "rdf_type",
    "sdo_appearance",
    "sdo_articleBody",
    "sdo_datePublished",
    "sdo_headline",
    "sdo_identifier",
    "sdo_isBasedOn",
    "sdo_locationCreated",
    "sdo_memberOf",
    "sdo_owns",
    "sdo_parentOrganization",
    "sdo_publisher",
    "sdo_roleName",
    "sdo_text",
    "sdo_url",
    "sdo_value",
)


class _Builder:
    """Accumulates the N-Triples lines of one article's graph: an ordered set, no rdflib terms.

    Subjects and IRI objects are plain IRI strings; literal objects are N-Triples text.
    """

    def __init__(self, article: Article) -> None:
        self.article = article
        self.iri = str(article_iri(article.id))
        self.identifier = article_graph_iri(article.id)
        self.lines: dict[str, None] = {}  # insertion-ordered set
        self.names: dict[str, str] = {}  # the first schema:name of each subject
        # evidence spans of each role or ownership node: two records of one fact (the same
        # person, organisation and title) keep an evidence node each
        self.evidence: dict[str, list[Span]] = {}

    def link(self, s: str, p: str, o: str) -> None:
        """Add a triple whose object is an IRI (``p`` as N-Triples text, see :data:`_P`)."""
        self.lines[f"<{s}> {p} <{o}>"] = None

    def value(self, s: str, p: str, o: str) -> None:
        """Add a triple whose object is a literal's N-Triples text."""
        self.lines[f"<{s}> {p} {o}"] = None

    def has_link(self, s: str, p: str, o: str) -> bool:
        return f"<{s}> {p} <{o}>" in self.lines

    def entity(self, entity: Entity, iri: str) -> None:
        """Add an entity's types, name, aliases and Wikidata link and remember its name."""
        for line in _entity_lines(entity, iri):
            self.lines[line] = None
        self.names.setdefault(iri, entity.name)

    def text(self, s: str, p: str, value: str | None) -> None:
        if value:
            self.value(s, p, nt.string(value))

    def selector(self, node: str, span: Span) -> str:
        """Add an ``oa:SpecificResource`` on the article with position and quote selectors."""
        start, end = span
        body = self.article.text
        sel = f"{node}/selector"
        specific, position, quote = _SELECTOR_TYPES
        self.link(node, _P.rdf_type, specific)
        self.link(node, _P.oa_hasSource, self.iri)
        self.link(node, _P.oa_hasSelector, sel)
        self.link(sel, _P.rdf_type, position)
        self.link(sel, _P.rdf_type, quote)
        self.value(sel, _P.oa_start, nt.integer(start))
        self.value(sel, _P.oa_end, nt.integer(end))
        self.value(sel, _P.oa_exact, nt.string(body[start:end]))
        self.value(sel, _P.oa_prefix, nt.string(body[max(0, start - _CONTEXT) : start]))
        self.value(sel, _P.oa_suffix, nt.string(body[end : end + _CONTEXT]))
        return node


def _entity_lines(entity: Entity, iri: str) -> list[str]:
    s = nt.iri(iri)
    out = [f"{s} {_p(RDF.type)} {_p(cls)}" for cls in ENTITY_CLASSES.get(entity.type, _THING)]
    out.append(f"{s} {_p(SDO.name)} {nt.string(entity.name)}")
    for alias in sorted(set(entity.aliases) - {entity.name}):
        out.append(f"{s} {_p(SDO.alternateName)} {nt.string(alias)}")
    if entity.wikidata:
        out.append(f"{s} {_p(SDO.sameAs)} {nt.iri(WD[entity.wikidata])}")
    return out


def entity_triples(graph: Graph, entity: Entity, iri: URIRef) -> None:
    """Add an entity's types, name, aliases and Wikidata link (no mentions) to ``graph``."""
    for triple in _parse(_entity_lines(entity, str(iri))):
        graph.add(triple)


def _agent(b: _Builder, name: str, etype: str) -> str:
    iri = str(agent_iri(name, etype, article_id=b.article.id))
    b.entity(Entity(key="", name=name, type=etype), iri)  # type: ignore[arg-type]
    return iri


def _article(b: _Builder) -> str:
    a = b.article
    publisher = _agent(b, a.publisher or UNKNOWN_PUBLISHER, "NewsOutlet")
    graph = str(b.identifier)
    b.link(graph, _P.rdf_type, CG.ArticleGraph)
    b.link(graph, _P.cg_describes, b.iri)
    b.link(b.iri, _P.rdf_type, SDO.NewsArticle)
    b.value(b.iri, _P.sdo_identifier, nt.string(a.id))
    b.value(b.iri, _P.sdo_articleBody, nt.string(a.text))
    b.link(b.iri, _P.sdo_publisher, publisher)
    b.value(b.iri, _P.cg_fingerprint, nt.string(a.fingerprint))
    b.text(b.iri, _P.sdo_datePublished, a.date)
    b.text(b.iri, _P.sdo_headline, a.title)
    if a.url:
        b.value(b.iri, _P.sdo_url, nt.typed(a.url, XSD.anyURI))
    if a.dateline:
        b.link(b.iri, _P.sdo_locationCreated, _agent(b, a.dateline, "Place"))
    for outlet in a.credits:
        b.link(b.iri, _P.sdo_isBasedOn, _upstream(b, _agent(b, outlet, "NewsOutlet"), outlet))
    return publisher


def _upstream(b: _Builder, outlet: str, name: str) -> str:
    """The upstream report by ``outlet`` that this article relays."""
    up = f"{b.iri}/upstream/{slug(name)}"
    b.link(up, _P.rdf_type, SDO.NewsArticle)
    b.link(up, _P.sdo_publisher, outlet)
    return up


def _entities(b: _Builder, ex: Extraction) -> dict[str, str]:
    iris: dict[str, str] = {}
    for e in ex.entities:
        iri = str(agent_iri(e.name, e.type, article_id=b.article.id))
        iris[e.key] = iri
        b.entity(e, iri)
        for start, end in sorted(set(e.mentions)):
            b.link(iri, _P.cg_mention, b.selector(f"{b.iri}/mention/{start}-{end}", (start, end)))
    return iris


def _attribution(b: _Builder, claim: str, agent: str, role: str, name: str) -> None:
    q = f"{claim}/attribution/{name}"
    b.link(claim, _P.prov_qualifiedAttribution, q)
    b.link(q, _P.rdf_type, PROV.Attribution)
    b.link(q, _P.prov_agent, agent)
    b.link(q, _P.prov_hadRole, role)


class _Mentions:
    """The entity mentions of an article, sorted by start, to find those inside a claim."""

    def __init__(self, mentions: Iterable[tuple[Span, str]]) -> None:
        self.items = sorted(mentions)
        self.starts = [start for (start, _), _ in self.items]

    def within(self, spans: list[Span]) -> list[str]:
        """The entities with a mention inside one of ``spans``, in mention order, once each."""
        found: dict[str, None] = {}
        for cs, ce in spans:
            for (_, end), entity in self.items[
                bisect_left(self.starts, cs) : bisect_right(self.starts, ce)
            ]:
                if end <= ce:
                    found[entity] = None
        return list(found)


def claim_nodes(article: str, claims: Iterable[Claim]) -> dict[str, str]:
    """The IRI of each claim (by key): ``<article>/claim/<start>-<end>`` of its outer bounds.

    Two claims of different spans with the same bounds ("The plan failed, Smith said, told
    reporters" as two pieces and as one) would share that IRI and merge into one node that
    the shapes refuse; the later one gets a hash of its spans after the bounds instead. Claims
    of the very same spans are one claim and share the IRI.
    """
    nodes: dict[str, str] = {}
    taken: dict[str, list[Span]] = {}
    for c in claims:
        spans = sorted(c.content)
        node = f"{article}/claim/{spans[0][0]}-{spans[-1][1]}"
        if taken.setdefault(node, spans) != spans:
            mark = ";".join(f"{s},{e}" for s, e in spans)
            node = f"{node}-{hashlib.sha256(mark.encode()).hexdigest()[:10]}"
            taken[node] = spans
        nodes[c.key] = node
    return nodes


def _claim(
    b: _Builder,
    c: Claim,
    node: str,
    iris: dict[str, str],
    publisher: str,
    mentions: _Mentions,
) -> str:
    spans = sorted(c.content)
    body = b.article.text
    b.link(node, _P.rdf_type, CG.Claim)
    b.link(node, _P.rdf_type, CLAIM_CLASSES[c.kind])
    b.link(node, _P.cg_act, ACT_CONCEPTS[c.act])
    b.value(node, _P.sdo_text, nt.string(" … ".join(body[s:e] for s, e in spans)))
    b.link(node, _P.sdo_appearance, b.iri)
    for i, span in enumerate(spans):
        b.link(node, _P.cg_evidence, b.selector(f"{node}/evidence/{i}", span))
    if c.cue is not None:
        b.link(node, _P.cg_cue, b.selector(f"{node}/cue", c.cue))
    b.text(node, _P.cg_cueLemma, c.cue_lemma)
    if c.source_span is not None:
        b.link(node, _P.cg_speakerMention, b.selector(f"{node}/source", c.source_span))
    if c.kind == "authorial":
        speaker = publisher
    elif c.speaker is not None:
        speaker = iris[c.speaker]
    else:
        speaker = _agent(b, UNNAMED_SPEAKER, "UnnamedSource")
    b.link(node, _P.prov_wasAttributedTo, speaker)
    b.link(node, _P.cg_speaker, speaker)
    _attribution(b, node, speaker, CG.SpeakerRole, "speaker")
    if c.reported_by is not None:
        outlet = iris[c.reported_by]
        b.link(node, _P.rdf_type, CG.RelayedClaim)
        b.link(node, _P.cg_relayedBy, publisher)
        b.link(node, _P.cg_originalPublisher, outlet)
        upstream = _upstream(b, outlet, _name(outlet, b))
        b.link(node, _P.prov_wasDerivedFrom, upstream)
        b.link(b.iri, _P.sdo_isBasedOn, upstream)
        _attribution(b, node, publisher, CG.RelayerRole, "relayer")
        _attribution(b, node, outlet, CG.OriginalPublisherRole, "original-publisher")
    for entity in mentions.within(spans):
        if entity != speaker:
            b.link(node, _P.cg_mentions, entity)
    return node


def _name(iri: str, b: _Builder) -> str:
    return b.names.get(iri) or iri.rsplit("/", 1)[-1]


def _role(b: _Builder, r: Role, iris: dict[str, str]) -> None:
    """A role node (schema:OrganizationRole) between the person and the organisation; an office
    whose organisation the article does not name has its title (schema:roleName) only."""
    person = iris[r.person]
    org = iris[r.organization] if r.organization is not None else None
    at = slug(_name(org, b)) if org is not None else "-"
    node = f"{b.iri}/role/{slug(_name(person, b))}/{at}/{slug(r.title)}"
    b.link(node, _P.rdf_type, SDO.OrganizationRole)
    b.value(node, _P.sdo_roleName, nt.string(r.title))
    b.link(person, _P.sdo_memberOf, node)
    if org is not None:
        b.link(node, _P.sdo_memberOf, org)
    _support(b, node, r.evidence, r.source)


def _ownership(b: _Builder, o: Ownership, iris: dict[str, str]) -> None:
    owner, owned = iris[o.owner], iris[o.owned]
    node = f"{b.iri}/ownership/{slug(_name(owner, b))}/{slug(_name(owned, b))}"
    b.link(node, _P.rdf_type, CG.OwnershipStatement)
    b.link(node, _P.cg_owner, owner)
    b.link(node, _P.cg_owned, owned)
    b.link(owner, _P.sdo_owns, owned)
    if b.has_link(owned, _P.rdf_type, SDO.Organization):
        b.link(owned, _P.sdo_parentOrganization, owner)
    if o.share is not None:
        b.value(node, _P.cg_share, _double(o.share))
    b.text(node, _P.cg_acquiredIn, o.since)
    _support(b, node, o.evidence, o.source)


def _support(b: _Builder, node: str, evidence: Span | None, source: str | None) -> None:
    if evidence is not None:
        spans = b.evidence.setdefault(node, [])
        if evidence not in spans:  # the same fact stated again elsewhere: one more evidence node
            spans.append(evidence)
        i = spans.index(evidence)
        b.link(node, _P.cg_evidence, b.selector(f"{node}/evidence/{i}", evidence))
    if source:
        b.text(node, _P.cg_curatedSource, source)


def _double(value: float) -> str:
    return nt.literal(Literal(value, datatype=XSD.double))


def _observation(b: _Builder, o: Observation, claims: dict[str, str]) -> None:
    claim = claims[o.claim]
    node = f"{claim}/observation/{o.span[0]}-{o.span[1]}"
    b.link(node, _P.rdf_type, SDO.Observation)
    b.value(node, _P.sdo_value, _double(o.value))
    b.value(node, _P.cg_measure, nt.string(o.measure))
    b.link(node, _P.cg_statedIn, claim)
    b.link(node, _P.cg_surfaceForm, b.selector(f"{node}/surface", o.span))
    b.text(node, _P.cg_unit, o.unit)
    b.text(node, _P.cg_qualifier, o.qualifier)
    b.text(node, _P.cg_period, o.period)
    b.text(node, _P.cg_comparedPeriod, o.compared_period)
    b.text(node, _P.cg_change, o.change)
    if o.compared_to is not None:
        b.value(node, _P.cg_comparedTo, _double(o.compared_to))
    if o.compared_span is not None:
        other = f"{claim}/observation/{o.compared_span[0]}-{o.compared_span[1]}"
        b.link(node, _P.cg_comparedWith, other)
    if o.upper is not None:
        b.value(node, _P.sdo_maxValue, _double(o.upper))


def _parse(lines: Iterable[str]) -> Iterator[tuple[Node, Node, Node]]:
    """rdflib triples of N-Triples lines (without the final dot); simple literals stay plain
    (``Literal("x")``, as they were made), not ``xsd:string``-typed."""
    data = "".join(f"{line} .\n" for line in lines).encode("utf-8")
    for t in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES):
        yield _term(t.subject), _term(t.predicate), _term(t.object)


def _term(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    node: Node = from_ox(term)
    return node


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
    iri, lines = article_lines(extraction)
    graph = Graph(identifier=iri)
    bind_prefixes(graph)
    graph.addN((s, p, o, graph) for s, p, o in _parse(lines))
    return graph


def article_lines(extraction: Extraction) -> tuple[URIRef, list[str]]:
    """Map one article's extraction to its named graph's IRI and N-Triples lines.

    The lines (sorted, without the final dot, no duplicates) are the graph of
    :func:`article_graph`, written as Oxigraph writes them: the ingestion path validates,
    fingerprints and stores them as they are, with no rdflib terms in between.

    Raises:
        InputError: as :func:`article_graph`.
    """
    try:
        b = _build(extraction)
    except KeyError as exc:
        raise InputError(
            extraction.article.id,
            f"inconsistent extraction records: unknown key, claim kind or act {exc.args[0]!r}",
        ) from exc
    return b.identifier, sorted(b.lines)


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


def _check_links(extraction: Extraction) -> None:
    """Every Wikidata id makes a valid IRI (so every IRI of an article graph is valid: the
    others are minted), whether or not it is a well-formed QID (the shapes check that)."""
    for e in extraction.entities:
        if e.wikidata and not _IRI_SAFE.fullmatch(e.wikidata):
            raise InputError(
                extraction.article.id,
                f"wikidata {e.wikidata!r} of {e.name!r} cannot be part of an IRI: "
                "give a Wikidata id such as 'Q42'",
            )


def _build(extraction: Extraction) -> _Builder:
    _check_spans(extraction)
    _check_links(extraction)
    b = _Builder(extraction.article)
    publisher = _article(b)
    iris = _entities(b, extraction)
    mentions = _Mentions((m, iris[e.key]) for e in extraction.entities for m in e.mentions)
    nodes = claim_nodes(b.iri, extraction.claims)
    claims = {
        c.key: _claim(b, c, nodes[c.key], iris, publisher, mentions) for c in extraction.claims
    }
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
        at = slug(r.organization) if r.organization is not None else "-"
        node = URIRef(f"{base}/role/{slug(r.person)}/{at}/{slug(r.title)}")
        g.add((node, RDF.type, SDO.OrganizationRole))
        g.add((node, SDO.roleName, Literal(r.title)))
        g.add((iris[r.person], SDO.memberOf, node))
        if r.organization is not None:
            g.add((node, SDO.memberOf, iris[r.organization]))
        if r.source:
            g.add((node, CG.curatedSource, Literal(r.source)))
    return g
