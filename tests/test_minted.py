"""Article graphs from the mapping have only valid IRIs, so the store loads them unchecked."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InputError, StoreError
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.loaders._mapping import article_lines
from tests.builders import harbour_extraction


def _nquads(kg: KnowledgeGraph) -> list[str]:
    data = kg.serialize(format="nquads")
    assert data is not None
    return sorted(data.decode("utf-8").splitlines())


def test_wikidata_id_that_cannot_be_an_iri_is_refused_by_the_mapping() -> None:
    ex = harbour_extraction("wd-space")
    ex.entities[0].wikidata = "Q 42>"
    with pytest.raises(InputError, match=r"wikidata 'Q 42>' of .* cannot be part of an IRI"):
        article_lines(ex)


def test_minted_commit_stores_the_same_quads_as_a_checked_one() -> None:
    ex = harbour_extraction("minted")
    ex.entities[0].wikidata = "Q42"
    iri, lines = article_lines(ex)
    with KnowledgeGraph.memory() as checked, KnowledgeGraph.memory() as minted:
        assert checked._commit_lines(iri, lines, article="minted").status == "added"
        assert minted._commit_lines(iri, lines, article="minted", minted=True).status == "added"
        assert _nquads(checked) == _nquads(minted)
        assert any("wikidata.org/entity/Q42" in q for q in _nquads(minted))


def test_lines_from_elsewhere_are_checked_and_a_bad_iri_writes_nothing(tmp_path: Path) -> None:
    iri, lines = article_lines(harbour_extraction("good"))
    bad_iri, bad = article_lines(harbour_extraction("bad"))
    bad = [*bad, f"<{bad_iri}> <https://schema.org/sameAs> <https://example.org/a b>"]
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg._commit_lines(iri, lines, article="good")
        before = _nquads(kg)
        with pytest.raises(StoreError, match="nothing was changed"):
            kg._add_lines(bad_iri, sorted(bad), article="bad", validate=False)
        assert _nquads(kg) == before
