"""The statistics, conflicting-figures, roles and ownership queries on graphs extracted from
articles written for these tests, whose figures carry scales and currencies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from spacy.language import Language

from claimgraph.extraction import extract
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.records import Article

ARTICLES = {
    "gazette-1": (
        "The Finance Minister, Rhona Keil, said the Tarrow bridge will cost £450m over ten years. "
        "Transport officials said 40 per cent of commuters use the crossing."
    ),
    "ledger-1": (
        "Opposition MP Dev Tulloch said the Tarrow bridge will cost £3bn over ten years. "
        "Halden Group, which owns a 49% stake in Mirrow Ports, declined to comment."
    ),
}


@pytest.fixture(scope="module")
def store(nlp: Language) -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.memory() as kg:
        for key, text in ARTICLES.items():
            kg.add(extract(Article(id=key, text=text, publisher=key.title()), nlp=nlp))
        yield kg


def rows(kg: KnowledgeGraph, name: str, **params: Any) -> list[dict[str, Any]]:
    return kg.query(name, **params).to_dicts()


def test_statistics_give_values_with_their_scale_and_currency(store: KnowledgeGraph) -> None:
    got = {(r["article"], r["value"], r["unit"], r["surface"]) for r in rows(store, "statistics")}
    assert ("gazette-1", 450e6, "GBP", "£450m") in got
    assert ("ledger-1", 3e9, "GBP", "£3bn") in got
    assert ("gazette-1", 40.0, "percent", "40 per cent") in got


def test_conflicting_figures_compare_scaled_values(store: KnowledgeGraph) -> None:
    result = rows(store, "conflicting-figures", about="bridge")
    got = {
        (r["unit"], r["value"], r["otherValue"], r["article"], r["otherArticle"]) for r in result
    }
    assert got == {("GBP", 450e6, 3e9, "gazette-1", "ledger-1")}


def test_ownership_with_its_share(store: KnowledgeGraph) -> None:
    result = rows(store, "ownership", entity="Mirrow")
    assert [(r["ownerName"], r["ownedName"], r["share"]) for r in result] == [
        ("Halden Group", "Mirrow Ports", 49.0)
    ]


def test_every_article_validates(store: KnowledgeGraph) -> None:
    assert all(r.conforms for r in store.validate().values())
