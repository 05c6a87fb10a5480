"""Namespace constants: our vocabulary as a :class:`rdflib.namespace.DefinedNamespace`.

A typo in a term (``CG.Cliam``) raises :class:`AttributeError` at import time of the caller, instead
of silently minting a new IRI.

Example:
    >>> str(CG.DirectQuote)
    'https://w3id.org/claimgraph/ns#DirectQuote'
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SDO, SH, SKOS, XSD, DefinedNamespace

__all__ = [
    "CG",
    "CGG",
    "CGID",
    "OA",
    "PROV",
    "RDF",
    "RDFS",
    "SDO",
    "SH",
    "SKOS",
    "WD",
    "XSD",
    "bind_prefixes",
]


class CG(DefinedNamespace):
    """The claimgraph vocabulary (``ontology/claimgraph.ttl`` defines each term)."""

    _NS = Namespace("https://w3id.org/claimgraph/ns#")
    _fail = True

    # classes
    Claim: URIRef
    DirectQuote: URIRef
    IndirectQuote: URIRef
    MixedQuote: URIRef
    AuthorialClaim: URIRef
    RelayedClaim: URIRef
    Platform: URIRef
    UnnamedSource: URIRef
    OwnershipStatement: URIRef
    ArticleGraph: URIRef
    CuratedGraph: URIRef
    # roles an agent plays in a claim's attribution (instances of prov:Role)
    SpeakerRole: URIRef
    RelayerRole: URIRef
    OriginalPublisherRole: URIRef
    # the attribution acts: a SKOS concept scheme and its concepts (the values of cg:act)
    AttributionAct: URIRef
    Speech: URIRef
    Thought: URIRef
    Intention: URIRef
    Evidence: URIRef
    Perception: URIRef
    # properties
    act: URIRef
    describes: URIRef
    evidence: URIRef
    cue: URIRef
    cueLemma: URIRef
    speaker: URIRef
    speakerMention: URIRef
    relayedBy: URIRef
    originalPublisher: URIRef
    mentions: URIRef
    mention: URIRef
    alias: URIRef
    fingerprint: URIRef
    inputDigest: URIRef
    owner: URIRef
    owned: URIRef
    curatedSource: URIRef
    statedIn: URIRef
    measure: URIRef
    unit: URIRef
    qualifier: URIRef
    period: URIRef
    comparedTo: URIRef
    comparedPeriod: URIRef
    comparedWith: URIRef
    change: URIRef
    share: URIRef
    acquiredIn: URIRef
    surfaceForm: URIRef
    sourceFile: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")
CGID = Namespace("https://w3id.org/claimgraph/id/")
"""Namespace of the resources claimgraph mints (articles, agents, claims)."""
CGG = Namespace("https://w3id.org/claimgraph/graph/")
"""Namespace of named graphs (one per article, plus ``curated`` and ``meta``)."""

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "cg": CG,
    "cgid": CGID,
    "cgg": CGG,
    "oa": OA,
    "prov": PROV,
    "schema": SDO,
    "wd": WD,
    "xsd": XSD,
    "rdfs": RDFS,
    "sh": SH,
    "skos": SKOS,
}


def bind_prefixes(graph: Graph) -> None:
    """Bind claimgraph's usual prefixes on an rdflib graph or dataset."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, str(ns if isinstance(ns, Namespace) else ns._NS), override=True)
