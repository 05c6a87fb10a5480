"""Queries that start from what they are given: the name index, the running totals, templates
and the ``act`` parameter (issue 24). Every graph here is written by the test."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimgraph.errors import IndexMissingError, QueryError
from claimgraph.graph.store._indexing import INDEX_VERSION, NAMES_GRAPH, TOTALS_GRAPH
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.queries import load_query
from claimgraph.queries._namekeys import fold, lookup_key, name_keys
from claimgraph.queries._template import render_blocks
from claimgraph.records import Extraction
from tests.builders import harbour_extraction
from tests.test_queries_builders import (
    acts_extraction,
    courier_extraction,
    load_three,
    times_extraction,
)

Start = Callable[..., str]


@pytest.fixture
def three() -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.memory() as kg:
        yield load_three(kg)


def index_quads(kg: KnowledgeGraph) -> set[tuple[str, str, str, str]]:
    res = kg.sparql(
        f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ <{NAMES_GRAPH}> <{TOTALS_GRAPH}> }} "
        "GRAPH ?g { ?s ?p ?o } }"
    )
    return {tuple(t.n3() for t in row) for row in res.rows}  # type: ignore[misc, union-attr]


def keys_of(kg: KnowledgeGraph, entity: str) -> set[str]:
    res = kg.sparql(
        f"SELECT ?k WHERE {{ GRAPH <{NAMES_GRAPH}> {{ <{entity}> cg:nameKey|cg:aliasKey ?k }} }}"
    )
    return {str(r[0]) for r in res.rows}


def renamed(ex: Extraction, key: str, name: str) -> Extraction:
    entities = [dataclasses.replace(e, name=name) if e.key == key else e for e in ex.entities]
    return dataclasses.replace(ex, entities=entities)


QUINN = "https://w3id.org/claimgraph/id/person/ada-quinn"


# ---------------------------------------------------------------- name keys
def test_fold_ignores_case_accents_and_spacing() -> None:
    assert fold("  Zoë \t ÅSE  ") == "zoe ase"
    assert fold("STRASSE") == fold("straße")


def test_keys_are_starts_of_words_and_the_whole_name() -> None:
    keys = name_keys("Simon Bailey (NSPCC)")
    assert {"simon", "bailey", "simon bailey", "nspcc", "b", "simon bail"} <= keys
    assert "imon" not in keys and "ailey" not in keys
    long = "A" + "b" * 60
    assert fold(long) in name_keys(long)  # the whole name even past the key length


def test_lookup_key_says_when_the_index_cannot_answer() -> None:
    assert lookup_key(" Bailey ") == "bailey"
    assert lookup_key("") is None and lookup_key("x" * 41) is None


# ---------------------------------------------------------------- templates
def test_blocks_are_kept_by_the_parameters_given() -> None:
    text = "a\n#if x y=2\nb\n#if !z\nc\n#end\n#else\nd\n#end\ne"
    assert render_blocks(text, {"x": "1", "y": "2"}) == "a\nb\nc\ne"
    assert render_blocks(text, {"x": "1", "y": "3"}) == "a\nd\ne"
    assert render_blocks(text, {"x": "1", "y": "2", "z": "0"}) == "a\nb\ne"
    with pytest.raises(QueryError, match="not closed"):
        render_blocks("#if x\na", {})
    with pytest.raises(QueryError, match="without #if"):
        render_blocks("a\n#end", {})


def test_render_starts_from_the_given_article_and_index_keys() -> None:
    q = load_query("who-said-what")
    text, binds = q.render({"article": "times-1", "speaker": "Zoë"})
    assert "cgi:names" in text and "CONTAINS" not in text
    assert str(binds["speakerKey"]) == "zoe"
    assert str(binds["g"]).startswith("https://w3id.org/claimgraph/graph/article/times-1-")
    text, binds = q.render({"speaker": "zoe", "match": "substring"})
    assert "cgi:names" not in text and "CONTAINS(LCASE(STR(?speakerName))" in text
    assert "speakerKey" not in binds and "speaker" in binds
    plain, binds = q.render({})
    assert "?actConcept = ?actClass" in plain and "?since" not in plain
    assert set(binds) == {"actClass"}


def test_bad_choice_names_the_value_and_the_choices(three: KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match=r"act='speeches' is not a valid act"):
        three.query("said-by", speaker="quinn", act="speeches")
    with pytest.raises(QueryError, match="match='fuzzy'"):
        three.query("roles", entity="quinn", match="fuzzy")


# ---------------------------------------------------------------- the index answers
def test_word_starts_match_and_substrings_need_match_substring(three: KnowledgeGraph) -> None:
    assert len(three.query("said-by", speaker="ADA Q")) == 5
    assert len(three.query("said-by", speaker="uinn")) == 0
    assert len(three.query("said-by", speaker="uinn", match="substring")) == 5
    accented = three.query("roles", entity="Pört Authority").to_dicts()
    assert {r["personName"] for r in accented} == {"Ada Quinn"}


def test_replace_and_remove_keep_the_index_right() -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction("a-1"))
        kg.add(harbour_extraction("a-2"))
        assert "quinn" in keys_of(kg, QUINN)
        # a-1 now calls her by another alias only: a-2 still gives the old names
        kg.add(renamed(harbour_extraction("a-1"), "quinn", "Ada Quinn"))
        kg.remove("a-2")
        assert kg.query("said-by", speaker="quinn").to_dicts() != []
        kg.remove("a-1")
        assert keys_of(kg, QUINN) == set()
        assert len(kg.query("said-by", speaker="ada")) == 0


def test_a_renamed_entity_is_found_by_its_new_name_only() -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction("a-1"))
        port = "https://w3id.org/claimgraph/id/org/port-authority"
        assert "port authority" in keys_of(kg, port)
        ex = harbour_extraction("a-1")
        entities = [
            dataclasses.replace(e, name="Harbour Board", aliases=[])
            if e.name == "Port Authority"
            else e
            for e in ex.entities
        ]
        assert kg.add(dataclasses.replace(ex, entities=entities)).status == "replaced"
        assert keys_of(kg, port) == set()
        assert {r["organisationName"] for r in kg.query("roles", entity="harbour b").to_dicts()}
        assert kg.query("roles", entity="port auth").to_dicts() == []


# ---------------------------------------------------------------- running totals
def test_totals_follow_adds_replaces_and_removals() -> None:
    with KnowledgeGraph.memory() as kg:
        for ex in (harbour_extraction("h-1"), times_extraction(), courier_extraction()):
            kg.add(ex, validate=False)
        kg.add(harbour_extraction("h-2"))
        kg.add(renamed(times_extraction(), "quinn", "Ada M. Quinn"), validate=False)
        kg.remove("h-1")
        incremental = index_quads(kg)
        kg.rebuild_indexes()
        assert incremental == index_quads(kg)
        ranking = {r["speakerName"]: r["claims"] for r in kg.query("speakers").to_dicts()}
        claims = [r["speakerName"] for r in kg.query("who-said-what").to_dicts()]
        assert ranking == {name: claims.count(name) for name in set(claims)}
        assert ranking["Ada M. Quinn"] == 1 and ranking["Ada Quinn"] > 1


def test_speakers_ranking_comes_from_totals(three: KnowledgeGraph) -> None:
    rows = three.query("speakers").to_dicts()
    assert (rows[0]["speakerName"], rows[0]["claims"], rows[0]["articles"]) == ("Ada Quinn", 5, 3)
    three.backend.run_update(f"DROP GRAPH <{TOTALS_GRAPH}>")
    assert three.query("speakers").to_dicts() == []  # not recounted from the claims
    three.rebuild_indexes()
    assert three.query("speakers").to_dicts() == rows


def test_graph_stats_come_from_totals(three: KnowledgeGraph) -> None:
    stats = {r["article"]: r for r in three.query("graph-stats", kind="article").to_dicts()}
    assert stats["times-1"]["triples"] == three.graph_size("times-1")
    meta = three.query("graph-stats", kind="meta").to_dicts()
    assert [m["triples"] for m in meta] == [6]


def test_index_graphs_are_not_exported(three: KnowledgeGraph) -> None:
    data = three.serialize(format="nquads")
    assert data is not None and b"claimgraph/index/" not in data
    assert index_quads(three)


# ---------------------------------------------------------------- acts
def test_act_parameter_selects_claims_by_act() -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(acts_extraction())
        every = kg.query("who-said-what", act="all").to_dicts()
        intention = kg.query("who-said-what", act="intention").to_dicts()
        speech = kg.query("who-said-what").to_dicts()  # the default: speech
        assert len(every) == 2 and len(intention) == 1 and len(speech) == 1
        assert intention[0] not in speech
        assert kg.query("who-said-what", act="perception").to_dicts() == []
        ranked = kg.query("speakers", act="all").to_dicts()
        assert [(r["speakerName"], r["claims"]) for r in ranked] == [("Ada Lund", 2)]
        assert [r["claims"] for r in kg.query("speakers", act="intention").to_dicts()] == [1]
        assert len(kg.query("said-by", speaker="lund", act="intention")) == 1


def test_a_speaker_spelled_two_ways_counts_under_each_spelling_where_used() -> None:
    # "Ada Quinn" and "ADA QUINN" are one speaker IRI: each row counts the claims made under
    # its spelling, so the rows add up to the speaker's claims (none counted twice)
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction("a-1"))
        kg.add(renamed(harbour_extraction("a-2"), "quinn", "ADA QUINN"))
        found = kg.sparql("SELECT ?w WHERE { GRAPH ?g { ?c cg:speaker ?w } }")
        speakers = {r[0] for r in found.rows}
        ranked = {
            r["speakerName"]: (r["claims"], r["articles"])
            for r in kg.query("speakers", act="all").to_dicts()
        }
        said = len(kg.query("said-by", speaker="quinn", act="all"))
    assert len([w for w in speakers if str(w).endswith("/ada-quinn")]) == 1
    assert ranked["Ada Quinn"] == ranked["ADA QUINN"] == (said // 2, 1)


# ---------------------------------------------------------------- stores without an index
def drop_index(kg: KnowledgeGraph) -> None:
    kg.backend.run_update(f"DROP GRAPH <{NAMES_GRAPH}> ; DROP GRAPH <{TOTALS_GRAPH}>")


def test_a_store_without_an_index_says_so_and_is_rebuilt(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as kg:
        load_three(kg)
        assert kg.index_version() == INDEX_VERSION
        before = kg.query("speakers").to_dicts()
        drop_index(kg)  # as a store written before the index existed
    with KnowledgeGraph.open(location) as kg:
        assert kg.index_version() is None
        with pytest.raises(IndexMissingError, match="claimgraph index"):
            kg.query("speakers")
        with pytest.raises(IndexMissingError, match="no name index"):
            kg.query("said-by", speaker="quinn")
        assert len(kg.query("said-by", speaker="uinn", match="substring")) == 5  # no index
        kg.add(acts_extraction())  # an unindexed store stays unindexed: no partial totals
        assert kg.index_version() is None and index_quads(kg) == set()
        counts = kg.rebuild_indexes()
        assert counts.name_keys > 0 and counts.graphs == 4 and counts.tallies > 0
        assert kg.index_version() == INDEX_VERSION
        after = kg.query("speakers", act="speech").to_dicts()
    assert [r for r in after if r["speakerName"] != "Ada Lund"] == before


def test_an_empty_store_needs_no_rebuild() -> None:
    with KnowledgeGraph.memory() as kg:
        assert kg.query("speakers").to_dicts() == []
        kg.add(acts_extraction())
        assert kg.index_version() == INDEX_VERSION
        kg.remove("acts-1")
        assert kg.query("speakers").to_dicts() == []
        assert kg.index_version() == INDEX_VERSION


def test_index_command_rebuilds_and_prints_counts(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from claimgraph.cli import app

    location = tmp_path / "store"
    with KnowledgeGraph.open(location) as kg:
        load_three(kg)
        drop_index(kg)
    runner = CliRunner()
    failed = runner.invoke(app, ["query", "speakers", "--store", str(location)])
    assert failed.exit_code != 0 and "claimgraph index --store" in failed.output
    done = runner.invoke(app, ["index", "--store", str(location), "--json"])
    assert done.exit_code == 0, done.output
    counts = json.loads(done.output)
    assert counts["graphs"] == 3 and counts["name_keys"] > 0 and counts["tallies"] > 0
    ranked = runner.invoke(app, ["query", "speakers", "--store", str(location), "-f", "json"])
    assert ranked.exit_code == 0 and "Ada Quinn" in ranked.output


def test_speakers_at_an_organisation_count_each_claim_once(three: KnowledgeGraph) -> None:
    by_index = three.query("speakers", organisation="port").to_dicts()
    by_substring = three.query("speakers", organisation="port", match="substring").to_dicts()
    everyone = {r["speakerName"]: r["claims"] for r in three.query("speakers").to_dicts()}
    assert by_index == by_substring and by_index
    assert all(r["claims"] == everyone[r["speakerName"]] for r in by_index)


# ---------------------------------------------------------------- the write path
def test_a_crash_before_superseded_totals_are_removed_changes_no_answer(tmp_path: Path) -> None:
    clean, location = tmp_path / "clean", tmp_path / "store"
    with KnowledgeGraph.open(clean) as kg:
        for i in (1, 2, 3):
            kg.add(harbour_extraction(f"h-{i}"))
        kg.backend.remove_superseded()  # type: ignore[attr-defined]
        expected = index_quads(kg)
        ranking = kg.query("speakers", act="all").to_dicts()
    with KnowledgeGraph.open(location) as kg:
        kg.add(harbour_extraction("h-1"))
        kg.add(harbour_extraction("h-2"))
        assert kg.backend.superseded  # type: ignore[attr-defined]
        kg.backend.superseded = []  # type: ignore[attr-defined]  # as a process killed now
    with KnowledgeGraph.memory() as two:
        two.add(harbour_extraction("h-1"))
        two.add(harbour_extraction("h-2"))
        two.backend.remove_superseded()  # type: ignore[attr-defined]
        settled = index_quads(two)
    with KnowledgeGraph.open(location, read_only=True) as ro:
        stale = index_quads(ro)
        assert stale > settled  # h-1's counts are still there beside h-2's
        assert ro.query("speakers", act="all").to_dicts()[0]["claims"] == 6  # not 3 + 6
    with KnowledgeGraph.open(location) as kg:
        kg.add(harbour_extraction("h-3"))  # finds the stale lines of the tallies it writes
    with KnowledgeGraph.open(location, read_only=True) as ro:
        assert ro.query("speakers", act="all").to_dicts() == ranking
        assert index_quads(ro) == expected


def test_a_new_article_is_one_load_and_no_update(monkeypatch: pytest.MonkeyPatch) -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction("h-1"))
        calls: list[str] = []
        store = kg.backend.store  # type: ignore[attr-defined]

        class Watched:
            def __getattr__(self, name: str) -> object:
                return getattr(store, name)

            def load(self, *args: object, **kwargs: object) -> None:
                calls.append("load")
                store.load(*args, **kwargs)

            def update(self, text: str) -> None:
                calls.append("update")
                store.update(text)

        monkeypatch.setattr(type(kg.backend), "store", property(lambda self: Watched()))
        kg.add(harbour_extraction("h-2"))
        monkeypatch.undo()
        assert calls == ["load"]  # the article, its metadata, its keys and its totals
        assert kg.query("speakers", act="all").to_dicts()[0]["claims"] == 6
        kg.backend.remove_superseded()  # type: ignore[attr-defined]
        incremental = index_quads(kg)
        kg.rebuild_indexes()
        assert incremental == index_quads(kg)
