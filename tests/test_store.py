"""The store: validated, transactional, idempotent writes; queries; serialisation; stats."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV

from claimgraph import KnowledgeGraph, ShapeViolationError
from claimgraph.errors import UnknownFormatError
from claimgraph.loaders._mapping import article_graph
from claimgraph.ontology.namespaces import CG
from claimgraph.records import Claim, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction


def _dump(kg: KnowledgeGraph) -> list[str]:
    data = kg.serialize(format="nquads")
    assert data is not None
    return sorted(data.decode().splitlines())


def test_add_writes_one_named_graph(kg: KnowledgeGraph, extraction: Extraction) -> None:
    result = kg.add(extraction)
    assert result.status == "added"
    assert kg.articles() == ["harbour-1"]
    stored = kg.article_graph("harbour-1")
    assert len(stored) == result.triples == len(article_graph(extraction))


def test_adding_the_same_article_twice_changes_nothing(
    kg: KnowledgeGraph, extraction: Extraction
) -> None:
    kg.add(extraction)
    before = _dump(kg)
    again = kg.add(harbour_extraction())
    assert again.status == "unchanged"
    assert _dump(kg) == before


def test_a_refused_graph_leaves_the_store_unchanged(
    kg: KnowledgeGraph, extraction: Extraction
) -> None:
    kg.add(extraction)
    before = _dump(kg)
    other = harbour_extraction("harbour-2")
    graph = article_graph(other)
    # break it: remove every speaker role
    graph.remove((None, PROV.hadRole, CG.SpeakerRole))
    with pytest.raises(ShapeViolationError) as info:
        kg.add(graph, article="harbour-2")
    assert info.value.article == "harbour-2"
    assert "speaker role" in str(info.value)
    assert _dump(kg) == before
    assert kg.articles() == ["harbour-1"]


def test_claim_whose_evidence_does_not_reproduce_its_text_is_refused(kg: KnowledgeGraph) -> None:
    ex = harbour_extraction()
    graph = article_graph(ex)
    from claimgraph.ontology.namespaces import OA

    sel = next(graph.subjects(OA.exact, None))
    graph.set((sel, OA.exact, __import__("rdflib").Literal("not in the article")))
    with pytest.raises(ShapeViolationError) as info:
        kg.add(graph, article=ex.article.id)
    assert "do not reproduce" in str(info.value)
    assert kg.stats().quads == 0


def test_a_changed_version_replaces_the_graph(kg: KnowledgeGraph) -> None:
    kg.add(harbour_extraction())
    text2 = HARBOUR_TEXT + " It opened in 1901."
    changed = harbour_extraction(text=text2)
    changed.claims[4] = dataclasses.replace(
        changed.claims[4], content=[(text2.index("The channel is"), len(text2))]
    )
    result = kg.add(changed)
    assert result.status == "replaced"
    texts = kg.query("who-said-what", speaker="Coast Wire").column("text")
    assert texts == ["The channel is the busiest in the region. It opened in 1901."]
    assert _dump(kg) == _dump(_fresh(changed))  # nothing of the old version is left


def _fresh(ex: Extraction) -> KnowledgeGraph:
    kg = KnowledgeGraph.memory()
    kg.add(ex)
    return kg


def test_on_disk_store_persists(tmp_path: Path, extraction: Extraction) -> None:
    with KnowledgeGraph.open(tmp_path / "s") as kg:
        kg.add(extraction)
        before = _dump(kg)
    with KnowledgeGraph.open(tmp_path / "s", read_only=True) as kg:
        assert _dump(kg) == before
        assert kg.articles() == ["harbour-1"]


def test_entities_share_iris_across_articles(kg: KnowledgeGraph) -> None:
    kg.add(harbour_extraction("a"))
    kg.add(harbour_extraction("b"))
    rows = kg.sparql(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p schema:name 'Ada Quinn' } }"
    )
    assert rows.rows[0][0].toPython() == 2  # type: ignore[union-attr]
    people = kg.sparql("SELECT DISTINCT ?p WHERE { ?p schema:name 'Ada Quinn' }")
    assert len(people) == 1


def test_no_blank_nodes_and_deterministic(extraction: Extraction) -> None:
    g1, g2 = article_graph(extraction), article_graph(harbour_extraction())
    assert sorted(g1) == sorted(g2)
    from rdflib import BNode

    assert not any(isinstance(t, BNode) for triple in g1 for t in triple)


def test_stats_count_what_was_added(kg: KnowledgeGraph, extraction: Extraction) -> None:
    kg.add(extraction)
    s = kg.stats()
    assert (s.articles, s.claims, s.observations) == (1, 5, 1)
    assert s.graphs == 2  # the article graph and the meta graph
    assert s.agents >= 5


def test_remove(kg: KnowledgeGraph, extraction: Extraction) -> None:
    kg.add(extraction)
    assert kg.remove("harbour-1")
    assert not kg.remove("harbour-1")
    assert kg.stats().quads == 0


@pytest.mark.parametrize("fmt", ["trig", "nquads", "jsonld"])
def test_dataset_formats_round_trip(kg: KnowledgeGraph, extraction: Extraction, fmt: str) -> None:
    kg.add(extraction)
    data = kg.serialize(format=fmt)
    assert data is not None
    ds = Dataset()
    ds.parse(data=data.decode(), format={"nquads": "nquads", "trig": "trig"}.get(fmt, "json-ld"))
    assert len(ds) == kg.stats().quads or sum(len(g) for g in ds.graphs()) == kg.stats().quads


def test_jsonld_uses_our_context(kg: KnowledgeGraph, extraction: Extraction) -> None:
    kg.add(extraction)
    doc = json.loads(kg.serialize(format="jsonld") or b"{}")
    assert doc["@context"]["cg"] == "https://w3id.org/claimgraph/ns#"


def test_turtle_of_one_article(tmp_path: Path, kg: KnowledgeGraph, extraction: Extraction) -> None:
    kg.add(extraction)
    out = tmp_path / "one.ttl"
    assert kg.serialize(out, article="harbour-1") is None
    g = Graph().parse(out, format="turtle")
    assert len(g) == len(article_graph(extraction))


def test_unknown_format_is_a_typed_error(kg: KnowledgeGraph) -> None:
    with pytest.raises(UnknownFormatError, match="xml2"):
        kg.serialize(format="xml2")


def test_validate_stored(kg: KnowledgeGraph, extraction: Extraction) -> None:
    kg.add(extraction)
    reports = kg.validate()
    assert list(reports) == ["harbour-1"]
    assert reports["harbour-1"].conforms


def test_rdflib_view(kg: KnowledgeGraph, extraction: Extraction) -> None:
    kg.add(extraction)
    ds = kg.dataset
    claims = set(ds.subjects(predicate=None, object=CG.Claim))
    assert len(claims) == 5
    assert all(isinstance(c, URIRef) for c in claims)


def test_claim_with_no_speaker_goes_to_an_unnamed_source(kg: KnowledgeGraph) -> None:
    ex = harbour_extraction()
    ex.claims[2] = Claim(
        key="c3",
        content=ex.claims[2].content,
        kind="indirect",
        cue=ex.claims[2].cue,
        cue_lemma="say",
        speaker=None,
    )
    kg.add(ex)
    rows = kg.sparql(
        "SELECT ?name WHERE { ?c cg:speaker ?s . ?s a cg:UnnamedSource ; schema:name ?name }"
    )
    assert {str(r[0]) for r in rows.rows} == {"unidentified speaker"}


def test_inconsistent_records_are_a_typed_error_and_a_batch_goes_on(
    kg: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph import InputError, ingest

    bad = harbour_extraction("bad")
    bad.claims[0] = dataclasses.replace(bad.claims[0], speaker="no-such-entity")
    with pytest.raises(InputError, match="no-such-entity"):
        article_graph(bad)
    outside = harbour_extraction("outside")
    outside.claims[0] = dataclasses.replace(outside.claims[0], content=[(10, 10_000)])
    with pytest.raises(InputError, match="outside the article text"):
        article_graph(outside)

    import claimgraph.ingestion._pipeline as pipeline

    good = harbour_extraction("good")
    monkeypatch.setattr(pipeline, "extract_articles", lambda articles, **_: iter([bad, good]))
    report = ingest(kg, [bad.article, good.article])
    assert report.added == 1 and kg.articles() == ["good"]
    assert [(r.input, r.kind) for r in report.rejected] == [("bad", "extraction")]
