"""The shapes graph shipped in ``claimgraph/ontology/shapes.ttl``, parsed once per process.

Both engines read it: pyshacl (:mod:`._validation`) and the compiled one (:mod:`._compile`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from rdflib import Graph

__all__ = ["shapes_graph"]


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The shapes graph shipped in ``claimgraph/ontology/shapes.ttl`` (parsed once)."""
    text = resources.files("claimgraph.ontology").joinpath("shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")
