"""JSON-LD output framed by claimgraph's context (``ontology/context.jsonld``)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from rdflib import Dataset, URIRef

__all__ = ["context", "to_jsonld"]


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The JSON-LD context shipped with the vocabulary."""
    text = resources.files("claimgraph.ontology").joinpath("context.jsonld").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)["@context"]
    return data


def to_jsonld(nq: bytes, graph_iri: URIRef | None) -> bytes:
    """JSON-LD with claimgraph's context, from the store's N-Quads (or one graph's N-Triples)."""
    ds = Dataset()
    if graph_iri is not None:
        ds.graph(graph_iri).parse(data=nq.decode("utf-8"), format="nt")
    else:
        ds.parse(data=nq.decode("utf-8"), format="nquads")
    out = ds.serialize(format="json-ld", context=context(), auto_compact=True)
    return out.encode("utf-8") if isinstance(out, str) else out
