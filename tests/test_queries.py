"""Every named query on a small three-article graph built by the test, asserting real rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rdflib import Literal

from claimgraph.errors import QueryError
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.queries import list_queries, load_query, run_query
from tests.test_queries_builders import load_three

EXPECTED_QUERIES = {
    "articles",
    "beliefs-and-intentions",
    "claims-mentioning",
    "class-counts",
    "conflicting-figures",
    "corroborated-figures",
    "corroborated-relations",
    "entity-profile",
    "graph-stats",
    "ownership",
    "relay-chains",
    "roles",
    "said-by",
    "speakers",
    "statistics",
    "weak-attribution",
    "who-said-what",
}


@pytest.fixture(scope="module")
def store() -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.memory() as kg:
        yield load_three(kg)


def rows(kg: KnowledgeGraph, name: str, **params: Any) -> list[dict[str, Any]]:
    return kg.query(name, **params).to_dicts()


def test_catalogue_has_every_query_with_a_header() -> None:
    queries = {q.name: q for q in list_queries()}
    assert set(queries) == EXPECTED_QUERIES
    for q in queries.values():
        assert q.description, q.name
        for p in q.params:
            assert p.type in {"string", "date", "integer", "decimal", "iri", "act"}, (q.name, p)
            assert p.doc, (q.name, p.name)


def test_who_said_what_all_claims(store: KnowledgeGraph) -> None:
    result = rows(store, "who-said-what")
    assert len(result) == 9
    assert {r["article"] for r in result} == {"harbour-1", "times-1", "courier-1"}
    direct = [r for r in result if r["text"].startswith('"We cannot')]
    assert direct == [
        {
            "speakerName": "Ada Quinn",
            "cue": "said",
            "text": '"We cannot keep dredging at this pace,"',
            "article": "harbour-1",
            "outletName": "Coast Wire",
            "date": "2024-03-03",
            "claim": direct[0]["claim"],
        }
    ]


def test_who_said_what_filters(store: KnowledgeGraph) -> None:
    assert {r["speakerName"] for r in rows(store, "who-said-what", speaker="OFFIC")} == {
        "officials"
    }
    by_org = rows(store, "who-said-what", organisation="port auth")
    assert {r["speakerName"] for r in by_org} == {"Ada Quinn"} and len(by_org) == 5
    assert {r["article"] for r in rows(store, "who-said-what", article="times-1")} == {"times-1"}
    assert {r["outletName"] for r in rows(store, "who-said-what", outlet="courier")} == {
        "Bay Courier"
    }
    march = rows(store, "who-said-what", since="2024-03-04", until="2024-03-31")
    assert {r["article"] for r in march} == {"times-1"}
    assert rows(store, "who-said-what", since="2025-01-01") == []


def test_said_by_gives_everything_a_speaker_said(store: KnowledgeGraph) -> None:
    result = rows(store, "said-by", speaker="quinn")
    assert len(result) == 5
    assert {r["speakerName"] for r in result} == {"Ada Quinn"}
    kinds = {r["text"]: (r["kind"], r["cue"]) for r in result}
    assert kinds['"We cannot keep dredging at this pace,"'] == ("direct", "said")
    assert kinds["1,350 ships used the channel in 2023"] == ("indirect", "said")
    assert all(r["evidence"] for r in result)


def test_claims_mentioning(store: KnowledgeGraph) -> None:
    result = rows(store, "claims-mentioning", entity="northstar")
    assert {(r["speakerName"], r["article"]) for r in result} == {
        ("Ada Quinn", "harbour-1"),
        ("Harbour Times", "times-1"),
    }


def test_ownership_is_transitive_with_evidence(store: KnowledgeGraph) -> None:
    result = rows(store, "ownership", entity="ferrygo")
    pairs = {(r["ownerName"], r["ownedName"], r["viaName"], r["direct"]) for r in result}
    assert pairs == {
        ("Bluewave", "FerryGo", "Bluewave", True),
        ("Northstar Holdings", "FerryGo", "Bluewave", False),
    }
    assert {r["article"] for r in result} == {"times-1"}
    assert all("owns the FerryGo app" in r["evidence"] for r in result)
    direct = rows(store, "ownership", entity="northstar")
    bluewave = [r for r in direct if r["ownedName"] == "Bluewave"]
    assert sorted(r["article"] for r in bluewave) == ["harbour-1", "times-1"]


def test_roles(store: KnowledgeGraph) -> None:
    result = rows(store, "roles", entity="quinn")
    assert {(r["roleName"], r["organisationName"], r["article"]) for r in result} == {
        ("head of safety", "Port Authority", "harbour-1"),
        ("head of safety", "Port Authority", "times-1"),
    }
    assert rows(store, "roles", entity="nobody") == []


def test_relay_chains(store: KnowledgeGraph) -> None:
    result = rows(store, "relay-chains")
    assert [(r["originalPublisher"], r["relayedBy"], r["speakerName"]) for r in result] == [
        ("Daily Ledger", "Coast Wire", "Ada Quinn")
    ]
    assert result[0]["text"].startswith("1,200 ships")
    assert rows(store, "relay-chains", outlet="harbour times") == []


def test_statistics(store: KnowledgeGraph) -> None:
    result = rows(store, "statistics", about="ships")
    assert sorted((r["article"], r["value"], r["period"]) for r in result) == [
        ("courier-1", 1200.0, "2023"),
        ("harbour-1", 1200.0, "2023"),
        ("times-1", 1350.0, "2023"),
    ]
    harbour = next(r for r in result if r["article"] == "harbour-1")
    assert (harbour["comparedTo"], harbour["comparedPeriod"], harbour["surface"]) == (
        900.0,
        "2020",
        "1,200",
    )
    assert {r["speakerName"] for r in result} == {"Ada Quinn"}


def test_corroborated_relations(store: KnowledgeGraph) -> None:
    result = rows(store, "corroborated-relations")
    got = {(r["relation"], r["subjectName"], r["objectName"], r["sources"]) for r in result}
    assert got == {
        ("owns", "Northstar Holdings", "Bluewave", 2),
        ("role: head of safety", "Ada Quinn", "Port Authority", 2),
    }
    owns = next(r for r in result if r["relation"] == "owns")
    assert set(owns["outlets"].split("; ")) == {"Coast Wire", "Harbour Times"}
    # Bluewave owns FerryGo is said only once: not corroborated.
    assert all(r["objectName"] != "FerryGo" for r in result)


def test_corroborated_figures(store: KnowledgeGraph) -> None:
    result = rows(store, "corroborated-figures")
    assert len(result) == 1
    r = result[0]
    assert (r["measure"], r["period"], r["value"], r["sources"]) == (
        "ships used the channel",
        "2023",
        1200.0,
        2,
    )
    assert set(r["articles"].split("; ")) == {"harbour-1", "courier-1"}


def test_conflicting_figures(store: KnowledgeGraph) -> None:
    result = rows(store, "conflicting-figures", about="channel")
    got = {(r["value"], r["otherValue"], r["article"], r["otherArticle"]) for r in result}
    assert got == {
        (1200.0, 1350.0, "harbour-1", "times-1"),
        (1200.0, 1350.0, "courier-1", "times-1"),
    }
    assert rows(store, "conflicting-figures", about="fares") == []


def test_entity_profile(store: KnowledgeGraph) -> None:
    result = rows(store, "entity-profile", entity="Bluewave")
    aspects = {(r["aspect"], r["detail"], r["article"]) for r in result}
    assert ("type", "Organization", None) in aspects
    assert ("owns", "FerryGo", "times-1") in aspects
    assert ("owned by", "Northstar Holdings", "harbour-1") in aspects
    assert ("owned by", "Northstar Holdings", "times-1") in aspects
    assert {a for a, _, _ in aspects} >= {"type", "owns", "owned by", "mentioned in", "mention"}
    quinn = rows(store, "entity-profile", entity="quinn")
    assert sum(r["aspect"] == "said" for r in quinn) == 5
    assert ("alias", "Quinn") in {(r["aspect"], r["detail"]) for r in quinn}


def test_weak_attribution(store: KnowledgeGraph) -> None:
    result = rows(store, "weak-attribution")
    got = {(r["reason"], r["speakerName"], r["article"]) for r in result}
    assert got == {
        ("authorial voice", "Coast Wire", "harbour-1"),
        ("authorial voice", "Harbour Times", "times-1"),
        ("relayed from another outlet", "Ada Quinn", "harbour-1"),
        ("unnamed source", "officials", "harbour-1"),
        ("unnamed source", "a spokesperson", "times-1"),
    }
    assert len(rows(store, "weak-attribution", article="courier-1")) == 0


def test_articles(store: KnowledgeGraph) -> None:
    result = rows(store, "articles")
    assert [(r["article"], r["outletName"], r["claims"]) for r in result] == [
        ("harbour-1", "Coast Wire", 5),
        ("times-1", "Harbour Times", 3),
        ("courier-1", "Bay Courier", 1),
    ]
    assert result[0]["credits"] == "Daily Ledger"


def test_speakers(store: KnowledgeGraph) -> None:
    result = rows(store, "speakers")
    assert (result[0]["speakerName"], result[0]["claims"], result[0]["articles"]) == (
        "Ada Quinn",
        5,
        3,
    )
    assert result[0]["roles"] == "head of safety at Port Authority"
    assert [r["speakerName"] for r in rows(store, "speakers", organisation="port")] == ["Ada Quinn"]


def test_graph_stats_and_class_counts(store: KnowledgeGraph) -> None:
    result = rows(store, "graph-stats", kind="article")
    by_article = {r["article"]: (r["claims"], r["observations"]) for r in result}
    assert by_article == {"harbour-1": (5, 1), "times-1": (3, 1), "courier-1": (1, 1)}
    assert sum(r["triples"] for r in rows(store, "graph-stats")) == store.stats().quads
    counts = {
        r["class"]: r["instances"] for r in rows(store, "class-counts", prefix="https://w3id")
    }
    assert counts["https://w3id.org/claimgraph/ns#Claim"] == 9
    assert counts["https://w3id.org/claimgraph/ns#RelayedClaim"] == 1
    assert all(c.startswith("https://w3id") for c in counts)


def test_parameters_are_bound_as_terms_not_pasted(store: KnowledgeGraph) -> None:
    hostile = 'x")) } UNION { ?claim ?p ?o } #'
    assert rows(store, "who-said-what", speaker=hostile) == []
    assert rows(store, "said-by", speaker=Literal("QUINN")) != []


def test_parameter_errors_name_the_bad_value(store: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"'2024-13-01'.*YYYY-MM-DD"):
        store.query("who-said-what", since="2024-13-01")
    with pytest.raises(QueryError, match="no parameter 'who'"):
        store.query("who-said-what", who="x")
    with pytest.raises(QueryError, match="needs parameter 'speaker'"):
        store.query("said-by")
    with pytest.raises(QueryError, match="no named query 'nope'"):
        load_query("nope")


def test_run_query_accepts_sparql_with_bindings(store: KnowledgeGraph) -> None:
    result = run_query(store, "SELECT ?a WHERE { ?a schema:identifier ?id }", id=Literal("times-1"))
    assert len(result) == 1


def test_weak_attribution_lists_claims_with_no_cue() -> None:
    import dataclasses

    from tests.builders import harbour_extraction

    ex = harbour_extraction("nocue-1")
    ex.claims[1] = dataclasses.replace(ex.claims[1], cue=None, cue_lemma=None)
    with KnowledgeGraph.memory() as kg:
        kg.add(ex)
        got = {(r["reason"], r["text"]) for r in rows(kg, "weak-attribution")}
    assert ("no attribution cue", '"We cannot keep dredging at this pace,"') in got
    assert sum(1 for reason, _ in got if reason == "no attribution cue") == 1
