"""Re-ingest: the same article again changes nothing; a changed version replaces its named graph and
leaves nothing of the old version anywhere (including shared agents only the old version named).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._pipeline import ingest
from claimgraph.loaders._iris import agent_iri
from claimgraph.records import Article, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

NORTHSTAR = str(agent_iri("Northstar Holdings", "Organization"))
QUINN = str(agent_iri("Ada Quinn", "Person"))
BLUEWAVE = str(agent_iri("Bluewave", "Organization"))


def fake_extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Stand-in extractor: the hand-made harbour extraction of each article's own text."""
    return (harbour_extraction(a.id, a.text) for a in articles)


@pytest.fixture(autouse=True)
def _no_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", fake_extract)


def without_ownership(ex: Extraction) -> Extraction:
    """``ex`` without Bluewave, Northstar Holdings and the ownership between them."""
    drop = {"bluewave", "northstar"}
    return dataclasses.replace(
        ex, entities=[e for e in ex.entities if e.key not in drop], ownerships=[]
    )


def quads(kg: KnowledgeGraph) -> set[str]:
    """Every quad in the store as an N-Quads string."""
    data = kg.serialize(format="nquads")
    assert data is not None
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}


def fresh(*extractions: Extraction) -> set[str]:
    """The quads of a new store holding only ``extractions``."""
    with KnowledgeGraph.memory() as kg:
        for ex in extractions:
            kg.add(ex)
        return quads(kg)


def test_same_article_again_changes_nothing(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        first = kg.add(harbour_extraction())
        before, stats = quads(kg), kg.stats()
        again = kg.add(harbour_extraction())
        assert (first.status, again.status) == ("added", "unchanged")
        assert first.triples == again.triples
        assert quads(kg) == before
        assert kg.stats() == stats
    with KnowledgeGraph.open(tmp_path / "store") as kg:  # and after reopening
        assert kg.add(harbour_extraction()).status == "unchanged"
        assert quads(kg) == before


def test_same_files_ingested_twice_change_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "".join(
            json.dumps({"id": f"a{n}", "text": f"{HARBOUR_TEXT}\nNote {n}."}) + "\n"
            for n in range(5)
        )
    )
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        first = ingest(kg, [corpus])
        before = quads(kg)
        second = ingest(kg, [corpus])
        assert quads(kg) == before
    assert (first.added, first.unchanged) == (5, 0)
    assert (second.added, second.replaced, second.unchanged) == (0, 0, 5)


def test_changed_version_replaces_the_graph_with_no_orphans() -> None:
    old = harbour_extraction("a")  # names Northstar Holdings, which no other article names
    new = without_ownership(harbour_extraction("a", HARBOUR_TEXT + "\nUpdated at noon."))
    other = without_ownership(harbour_extraction("b", HARBOUR_TEXT + "\nAnother story."))
    with KnowledgeGraph.memory() as kg:
        kg.add(old)
        kg.add(other)
        assert any(NORTHSTAR in q for q in quads(kg))
        result = kg.add(new)
        after = quads(kg)
        assert result.status == "replaced"
        assert kg.articles() == ["a", "b"]
        assert all(r.conforms for r in kg.validate().values())
    assert after == fresh(other, new)  # exactly as if the old version had never been stored
    assert not any(NORTHSTAR in q for q in after)  # the shared agent only "a" v1 named is gone
    assert any(QUINN in q for q in after)  # the agent both still name stays
    assert not any(BLUEWAVE in q for q in after)


def test_changed_metadata_alone_replaces_the_graph() -> None:
    ex = harbour_extraction("a")
    renamed = dataclasses.replace(
        ex, article=dataclasses.replace(ex.article, publisher="Other Wire")
    )
    with KnowledgeGraph.memory() as kg:
        kg.add(ex)
        assert kg.add(renamed).status == "replaced"
        assert quads(kg) == fresh(renamed)


def test_back_to_the_first_version_restores_the_first_store() -> None:
    v1 = harbour_extraction("a")
    v2 = without_ownership(harbour_extraction("a", HARBOUR_TEXT + "\nv2"))
    with KnowledgeGraph.memory() as kg:
        kg.add(v1)
        first = quads(kg)
        kg.add(v2)
        assert kg.add(v1).status == "replaced"
        assert quads(kg) == first


def test_removing_an_article_leaves_nothing_of_it() -> None:
    a = harbour_extraction("a")
    b = without_ownership(harbour_extraction("b", HARBOUR_TEXT + "\nB."))
    with KnowledgeGraph.memory() as kg:
        kg.add(a)
        kg.add(b)
        assert kg.remove("a") is True
        assert kg.remove("a") is False
        assert quads(kg) == fresh(b)


def test_cli_ingest_twice_reports_unchanged_and_exits_0(tmp_path: Path) -> None:
    article = tmp_path / "harbour.txt"
    article.write_text("---\nid: harbour\n---\n" + HARBOUR_TEXT, encoding="utf-8")
    args = ["ingest", str(article), "--store", str(tmp_path / "store"), "--no-curated"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "1 added" in first.stdout
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0, second.output
    assert "0 added, 0 replaced, 1 unchanged; 0 rejected" in second.stdout
    article.write_text("---\nid: harbour\n---\n" + HARBOUR_TEXT + "\nA correction.")
    third = CliRunner().invoke(app, args)
    assert third.exit_code == 0, third.output
    assert "0 added, 1 replaced" in third.stdout
