"""Deterministic IRIs: the same input always gives the same IRI, and no blank nodes are made.

Only :mod:`claimgraph.loaders._mapping` (and the curated mapping) call these.

Example:
    >>> str(agent_iri("Simon Bailey", "Person"))
    'https://w3id.org/claimgraph/id/person/simon-bailey'
    >>> article_iri("seed") == article_iri("seed")
    True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from claimgraph.ontology.namespaces import CGG, CGID

__all__ = ["agent_iri", "article_graph_iri", "article_iri", "article_key", "slug"]

_NON_WORD = re.compile(r"[^a-z0-9]+")
_TYPE_PATHS = {
    "Person": "person",
    "Organization": "org",
    "NewsOutlet": "org",
    "Platform": "platform",
    "Place": "place",
    "Other": "thing",
}


def slug(text: str, *, limit: int = 60) -> str:
    """A lower-case ASCII slug of ``text``; a hash when nothing ASCII is left.

    >>> slug("National Police Chiefs' Council")
    'national-police-chiefs-council'
    >>> slug("Zürich")
    'zurich'
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = _NON_WORD.sub("-", folded.lower().replace("'", "")).strip("-")[:limit].strip("-")
    return s or "h" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def article_key(article_id: str) -> str:
    """The path segment that names an article: a readable slug plus a hash of the exact id."""
    digest = hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:10]
    return f"{slug(article_id, limit=48)}-{digest}"


def article_iri(article_id: str) -> URIRef:
    """IRI of the article with this id."""
    return CGID[f"article/{article_key(article_id)}"]


def article_graph_iri(article_id: str) -> URIRef:
    """IRI of the named graph that holds everything the article asserts."""
    return CGG[f"article/{article_key(article_id)}"]


def agent_iri(name: str, entity_type: str, *, article_id: str | None = None) -> URIRef:
    """IRI of an entity, shared across articles for the same type and canonical name.

    Unnamed sources ("a source", "officials") are not the same agent in two articles, so their
    IRI is scoped to the article and ``article_id`` is required for them.
    """
    if entity_type == "UnnamedSource":
        if article_id is None:
            raise ValueError("an unnamed source's IRI needs the article id")
        return CGID[f"source/{article_key(article_id)}/{slug(name)}"]
    return CGID[f"{_TYPE_PATHS.get(entity_type, 'thing')}/{slug(name)}"]
