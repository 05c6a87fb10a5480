"""JSON-LD output framed by claimgraph's context (``ontology/context.jsonld``)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from rdflib import Dataset, URIRef

if TYPE_CHECKING:
    from claimgraph.graph.store._kg import KnowledgeGraph

__all__ = ["context", "to_jsonld"]


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The JSON-LD context shipped with the vocabulary."""
    text = resources.files("claimgraph.ontology").joinpath("context.jsonld").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)["@context"]
    return data


def to_jsonld(kg: KnowledgeGraph, graph_iri: URIRef | None) -> bytes:
    """Serialise the store, or one named graph, as JSON-LD with claimgraph's context."""
    nq = kg.backend.dump("application/n-quads", graph_iri)
    ds = Dataset()
    if graph_iri is not None:
        ds.graph(graph_iri).parse(data=nq.decode("utf-8"), format="nt")
    else:
        ds.parse(data=nq.decode("utf-8"), format="nquads")
    out = ds.serialize(format="json-ld", context=context(), auto_compact=True)
    return out.encode("utf-8") if isinstance(out, str) else out
