"""The vocabulary: every term defined with a label and a comment; context and shapes agree."""

from __future__ import annotations

import json
from importlib import resources

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from claimgraph.ontology.namespaces import CG


def _load(name: str) -> str:
    return resources.files("claimgraph.ontology").joinpath(name).read_text("utf-8")


def test_every_term_has_label_and_comment() -> None:
    g = Graph().parse(data=_load("claimgraph.ttl"), format="turtle")
    for term in CG.__annotations__:
        iri = URIRef(str(CG._NS) + term)
        assert g.value(iri, RDFS.label) is not None, term
        assert g.value(iri, RDFS.comment) is not None, term


def test_a_typo_fails_loudly() -> None:
    with pytest.raises(AttributeError):
        _ = CG.Cliam


def test_shapes_use_only_defined_terms() -> None:
    shapes = Graph().parse(data=_load("shapes.ttl"), format="turtle")
    ns = str(CG._NS)
    ours = {str(t) for triple in shapes for t in triple if str(t).startswith(ns) and str(t) != ns}
    assert ours, "the shapes should refer to our vocabulary"
    for iri in ours:
        getattr(CG, iri[len(str(CG._NS)) :])  # raises on an undefined term


def test_jsonld_context_maps_our_namespace() -> None:
    ctx = json.loads(_load("context.jsonld"))["@context"]
    assert ctx["cg"] == str(CG._NS)
    assert ctx["schema"] == "https://schema.org/"
