"""The property-graph projection: nodes, edges, clean attribute types, restrictions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimgraph.errors import InputError
from claimgraph.graph.export._projection import ATTR_TYPES, iter_attr_types, node_id, project
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.test_queries_builders import load_three

QUINN = "person/ada-quinn"


@pytest.fixture(scope="module")
def store() -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.memory() as kg:
        yield load_three(kg)


def test_nodes_by_kind_and_stable_ids(store: KnowledgeGraph) -> None:
    g = project(store)
    kinds: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        kinds[d["kind"]] = kinds.get(d["kind"], 0) + 1
    assert kinds == {"article": 3, "claim": 9, "entity": 13, "observation": 3}
    assert g.nodes[QUINN]["label"] == "Ada Quinn"
    assert g.nodes[QUINN]["iri"] == "https://w3id.org/claimgraph/id/person/ada-quinn"
    assert node_id(g.nodes[QUINN]["iri"]) == QUINN
    assert set(project(store).nodes) == set(g.nodes)  # deterministic


def test_claim_attributes_and_edges(store: KnowledgeGraph) -> None:
    g = project(store)
    relayed = [n for n, d in g.nodes(data=True) if d.get("relayed") == 1]
    assert len(relayed) == 1
    c = g.nodes[relayed[0]]
    assert (c["speaker"], c["cue"], c["original_publisher"], c["article_id"]) == (
        "Ada Quinn",
        "said",
        "Daily Ledger",
        "harbour-1",
    )
    body = g.nodes[
        next(
            n
            for n, d in g.nodes(data=True)
            if d.get("article_id") == "harbour-1" and d["kind"] == "article"
        )
    ]["body"]
    assert body[c["evidence_start"] : c["evidence_end"]] == c["text"]
    out = {(d["relation"], v) for _, v, d in g.out_edges(relayed[0], data=True)}
    assert ("said_by", QUINN) in out
    assert ("relayed_by", "org/coast-wire") in out
    assert ("originally_published_by", "org/daily-ledger") in out


def test_relations_keep_their_article(store: KnowledgeGraph) -> None:
    g = project(store)
    owns = g.get_edge_data("org/northstar-holdings", "org/bluewave")
    assert sorted(d["article_id"] for d in owns.values()) == ["harbour-1", "times-1"]
    roles = g.get_edge_data(QUINN, "org/port-authority")
    assert {d["role"] for d in roles.values()} == {"head of safety"}


def test_attribute_values_are_plain_and_typed(store: KnowledgeGraph) -> None:
    g = project(store)
    seen: dict[str, set[type]] = {}
    for key, typ in iter_attr_types(g):
        seen.setdefault(key, set()).add(typ)
    for key, types in seen.items():
        assert types == {ATTR_TYPES.get(key, str)}, key


def test_restrictions(store: KnowledgeGraph) -> None:
    times = project(store, article="times-1")
    assert {d.get("article_id") for _, d in times.nodes(data=True) if d["kind"] == "claim"} == {
        "times-1"
    }
    around = project(store, entity="FerryGo")
    assert "platform/ferrygo" in around and "org/bluewave" in around
    assert "place/riverton" not in around
    relay = project(store, query="relay-chains")
    assert "org/daily-ledger" in relay and "place/bayport" not in relay
    construct = project(
        store,
        query="CONSTRUCT { ?s ?p ?o } WHERE { ?s a schema:Person ; ?p ?o }",
    )
    assert list(construct.nodes) == [QUINN]


def test_restriction_errors_quote_the_value(store: KnowledgeGraph) -> None:
    with pytest.raises(InputError, match="nope-article"):
        project(store, article="nope-article")
    with pytest.raises(InputError, match="Nobody Here"):
        project(store, entity="Nobody Here")


def test_background_facts_no_article_touches_are_left_out() -> None:
    from claimgraph.graph.export._projection import project
    from claimgraph.graph.store._kg import KnowledgeGraph, add_curated
    from tests.builders import harbour_extraction

    with KnowledgeGraph.memory() as kg:
        add_curated(kg)
        kg.add(harbour_extraction())
        default = project(kg)
        everything = project(kg, background=True)
    labels = {d.get("label") for _, d in default.nodes(data=True)}
    all_labels = {d.get("label") for _, d in everything.nodes(data=True)}
    assert "Ada Quinn" in labels
    assert "Periscope" not in labels  # curated only; no article mentions it
    assert "Periscope" in all_labels
    assert default.number_of_nodes() < everything.number_of_nodes()


def test_claim_act_when_present(store: KnowledgeGraph) -> None:
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from claimgraph.graph.export._projection import project_rdf
    from claimgraph.ontology.namespaces import CG

    rdf = store.article_graph("times-1")
    claims = sorted(rdf.subjects(RDF.type, CG.Claim), key=str)
    act = URIRef(f"{CG._NS}act")
    rdf.set((claims[0], act, URIRef(f"{CG._NS}Thought")))
    rdf.remove((claims[1], act, None))
    g = project_rdf(rdf)
    assert g.nodes[node_id(claims[0])]["act"] == "Thought"
    assert "act" not in g.nodes[node_id(claims[1])]  # absent, not ""
    assert all(g.nodes[node_id(c)]["act"] == "Speech" for c in claims[2:])
