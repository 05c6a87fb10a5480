"""The fast validation engine agrees with pyshacl, pair for pair, on broken and random graphs."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from claimgraph.graph.shacl._fast import ShapeEngineError, compile_shapes, fast_results
from claimgraph.graph.shacl._validation import focus_nodes, validate_graph
from claimgraph.loaders._mapping import article_graph
from claimgraph.loaders._ntwrite import nt_lines
from claimgraph.ontology.namespaces import OA
from tests.builders import harbour_extraction
from tests.test_shapes import BREAKS, SELECTOR

Edit = Callable[[Graph], None]


def _copy(base: Graph) -> Graph:
    g = Graph(identifier=base.identifier)
    for t in base:
        g.add(t)
    return g


def _both(g: Graph) -> tuple[set[tuple[Node, str]], set[tuple[Node, str]]]:
    fast = focus_nodes(validate_graph(g, engine="fast"))
    ref = focus_nodes(validate_graph(g, engine="pyshacl"))
    return fast, ref


def _end_before_start(g: Graph) -> None:
    g.set((SELECTOR, OA.end, Literal(0, datatype=XSD.integer)))


def _negative_start(g: Graph) -> None:
    g.set((SELECTOR, OA.start, Literal(-1, datatype=XSD.integer)))


def _string_offset(g: Graph) -> None:
    g.set((SELECTOR, OA.start, Literal("3")))


def _untyped_selector(g: Graph) -> None:
    g.remove((SELECTOR, RDF.type, None))


EXTRA: dict[str, Edit] = {
    "end before start": _end_before_start,
    "negative start": _negative_start,
    "offset as a string": _string_offset,
    "selector without types": _untyped_selector,
}


@pytest.fixture(scope="module")
def base() -> Graph:
    return article_graph(harbour_extraction())


def test_engines_agree_on_the_valid_graph(base: Graph) -> None:
    fast, ref = _both(base)
    assert fast == ref == set()


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_engines_agree_on_each_break(base: Graph, name: str) -> None:
    g = _copy(base)
    BREAKS[name][0](g)
    fast, ref = _both(g)
    assert ref, "the break must be caught by pyshacl"
    assert fast == ref


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_engines_agree_on_value_breaks(base: Graph, name: str) -> None:
    g = _copy(base)
    EXTRA[name](g)
    fast, ref = _both(g)
    assert ref
    assert fast == ref


@pytest.mark.parametrize("seed", range(12))
def test_engines_agree_on_random_deletions(base: Graph, seed: int) -> None:
    rng = random.Random(seed)
    g = _copy(base)
    triples = sorted(g, key=str)
    for t in rng.sample(triples, 3):
        g.remove(t)
    fast, ref = _both(g)
    assert fast == ref


def test_unsupported_features_are_refused() -> None:
    shapes = Graph()
    s = URIRef("https://example.org/S")
    shapes.add((s, RDF.type, SH.NodeShape))
    shapes.add((s, SH.targetClass, URIRef("https://example.org/C")))
    shapes.add((s, SH.closed, Literal(True)))
    with pytest.raises(ShapeEngineError, match="closed"):
        compile_shapes(shapes)


def test_custom_shapes_compile_and_run() -> None:
    shapes = Graph()
    s, p = URIRef("https://example.org/S"), URIRef("https://example.org/p")
    prop = URIRef("https://example.org/S-p")
    shapes.add((s, SH.targetNode, URIRef("https://example.org/x")))
    shapes.add((s, SH.property, prop))
    shapes.add((prop, SH.path, p))
    shapes.add((prop, SH.pattern, Literal("^a")))
    data = [(URIRef("https://example.org/x"), p, Literal("banana"))]
    results = fast_results(data, compile_shapes(shapes))
    assert [(str(r.focus), r.component) for r in results] == [
        ("https://example.org/x", str(SH) + "PatternConstraintComponent")
    ]


def test_unknown_engine_is_refused(base: Graph) -> None:
    with pytest.raises(ValueError, match="'jena'"):
        validate_graph(base, engine="jena")


def test_sparql_constraints_see_only_the_predicates_they_name() -> None:
    from claimgraph.graph.shacl._compile import _query_predicates

    head = "PREFIX ex: <https://example.org/>\n"
    got = _query_predicates(
        head + "SELECT $this WHERE { $this ex:a/ex:b ?x ; ^ex:c ?y . "
        "FILTER NOT EXISTS { ?g ex:d ?x } }"
    )
    assert got == {f"https://example.org/{p}" for p in "abcd"}
    assert _query_predicates(head + "SELECT $this WHERE { $this ?p ?o }") is None
    assert _query_predicates(head + "SELECT $this WHERE { $this !ex:a ?o }") is None
    assert (
        _query_predicates(head + "SELECT $this WHERE { $this ex:a ?o FILTER EXISTS { ?o ?q ?r } }")
        is None
    )


def test_a_sparql_constraint_on_any_predicate_sees_the_whole_graph() -> None:
    shapes = Graph().parse(
        format="turtle",
        data="""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:sparql [ a sh:SPARQLConstraint ;
  sh:select "SELECT $this WHERE { $this ?p ?o . FILTER (?o = 'bad') }" ] .
""",
    )
    ex = "https://example.org/"
    data = [
        (URIRef(ex + "n"), RDF.type, URIRef(ex + "T")),
        (URIRef(ex + "n"), URIRef(ex + "other"), Literal("bad")),
    ]
    compiled = compile_shapes(shapes)
    assert compiled.sparql_predicates() is None
    assert [r.focus for r in fast_results(data, compiled, lines=nt_lines(data))] == [
        URIRef(ex + "n")
    ]
