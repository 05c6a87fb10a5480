"""A second SPARQL engine behind the remote store: a real Virtuoso server (open-source 7).

The same articles go into Virtuoso (through ``/sparql-auth``, HTTP Digest as user ``dba``) and
into an embedded store; the stats, every named query, and the exports must agree. The few ways
Virtuoso's answers differ from Oxigraph's, and that the comparison allows, are engine behaviour,
not claimgraph's: the order of a ``GROUP_CONCAT`` (undefined in SPARQL), an empty one (``""`` on
Virtuoso, unbound on Oxigraph), and booleans, which Virtuoso sends as ``xsd:integer`` 0 and 1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimgraph.errors import StoreError
from claimgraph.graph.export._export import export_graph
from claimgraph.graph.store._backend import INSERT_CHUNK
from claimgraph.graph.store._kg import KnowledgeGraph, add_curated
from claimgraph.graph.store._payload import GraphPayload
from claimgraph.graph.store._results import QueryResult
from claimgraph.queries import list_queries
from tests.builders import HARBOUR_TEXT, harbour_extraction

ARTICLES = ["harbour-a", "harbour-b", "harbour-c"]
PARAMS = {  # a value for each required parameter that finds something in the test articles
    "claims-mentioning": {"entity": "Bluewave"},
    "entity-profile": {"entity": "Bluewave"},
    "said-by": {"speaker": "Quinn"},
}


def _open(base: str, **kwargs: Any) -> KnowledgeGraph:
    return KnowledgeGraph.open(
        base + "/sparql-auth",
        update_url=base + "/sparql-auth",
        gsp_url=base + "/sparql-graph-crud-auth",
        auth=("dba", "dba"),
        **{"timeout": 60.0, **kwargs},  # a query Virtuoso cannot answer fails, not hangs
    )


@pytest.fixture(scope="module")
def stores(virtuoso_server: str) -> Iterator[tuple[KnowledgeGraph, KnowledgeGraph]]:
    remote, embedded = _open(virtuoso_server), KnowledgeGraph.memory()
    for kg in (remote, embedded):
        add_curated(kg)
        for aid in ARTICLES:
            assert kg.add(harbour_extraction(aid)).status == "added"
    yield remote, embedded
    remote.close()


def _value(v: Any) -> Any:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, str) and "; " in v:
        return "; ".join(sorted(v.split("; ")))
    return v


def _rows(result: QueryResult) -> list[tuple[tuple[str, Any], ...]]:
    rows = [tuple(sorted((k, _value(v)) for k, v in r.items())) for r in result.to_dicts()]
    return sorted(rows, key=repr)


def test_a_long_graph_is_written_in_one_request(
    stores: tuple[KnowledgeGraph, KnowledgeGraph],
) -> None:
    """Virtuoso refuses one INSERT DATA of ~5,000 triples; a long article's graph is sent as
    several in one request. The graph is not one of claimgraph's: the stats must ignore it."""
    remote, _ = stores
    iri, n = "urn:claimgraph-test:long", 6 * INSERT_CHUNK + 7
    lines = [f'<urn:claimgraph-test:s{i}> <urn:claimgraph-test:p> "line {i}"' for i in range(n)]
    remote.backend.replace_graph(GraphPayload.from_lines(iri, lines), [])
    count = remote.sparql(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    assert int(str(count.rows[0][0])) == n


def test_stats_and_articles_agree(stores: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    remote, embedded = stores
    assert remote.stats() == embedded.stats()  # Virtuoso's own system graphs are not counted
    assert remote.articles() == embedded.articles() == sorted(ARTICLES)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_named_query_agrees(stores: tuple[KnowledgeGraph, KnowledgeGraph], name: str) -> None:
    remote, embedded = stores
    params = PARAMS.get(name, {})
    expected = _rows(embedded.query(name, **params))
    assert _rows(remote.query(name, **params)) == expected


def test_the_test_articles_give_the_queries_something_to_find(
    stores: tuple[KnowledgeGraph, KnowledgeGraph],
) -> None:
    _, embedded = stores
    empty = [q.name for q in list_queries() if not embedded.query(q.name, **PARAMS.get(q.name, {}))]
    assert len(empty) <= 6, empty  # most queries compare real rows, not two empty answers


def test_exports_agree(stores: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    remote, embedded = stores

    def lines(data: bytes | None) -> set[str]:
        assert data
        return set(data.decode("utf-8").splitlines())

    assert lines(remote.serialize(format="nquads")) == lines(embedded.serialize(format="nquads"))
    one = lines(remote.serialize(format="nquads", article="harbour-b"))
    assert one == lines(embedded.serialize(format="nquads", article="harbour-b"))
    assert export_graph(remote, format="graphml") == export_graph(embedded, format="graphml")


def test_readding_and_validating(stores: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    remote, _ = stores
    assert remote.add(harbour_extraction("harbour-a")).status == "unchanged"
    reports = remote.validate()
    assert sorted(reports) == sorted(ARTICLES) and all(r.conforms for r in reports.values())


def test_updates_without_a_login_are_refused(virtuoso_server: str) -> None:
    kg = KnowledgeGraph.open(virtuoso_server + "/sparql")  # Virtuoso's anonymous endpoint
    with pytest.raises(StoreError) as info, kg:
        kg.add(harbour_extraction("anonymous"))
    assert "SPARQL endpoint" in str(info.value) and "/sparql" in str(info.value)
    with _open(virtuoso_server) as check:
        assert "anonymous" not in check.articles()


def test_cli_ingest_and_validate_with_the_login_in_the_url(
    virtuoso_server: str, tmp_path: Path
) -> None:
    from claimgraph.cli import app

    (tmp_path / "cli-1.txt").write_text(
        "---\nid: cli-1\npublisher: Harbour Times\n---\n" + HARBOUR_TEXT, encoding="utf-8"
    )
    url = virtuoso_server.replace("http://", "http://dba:dba@") + "/sparql-auth"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(tmp_path), "--store", url, "--no-curated"])
    assert res.exit_code == 0 and "1 added" in res.output, res.output
    res = runner.invoke(app, ["validate", "--store", url, "--article", "cli-1"])
    assert res.exit_code == 0 and "1 of 1" in res.output, res.output
    assert "dba:dba" not in res.output


def test_a_rerun_skips_what_virtuoso_holds(
    virtuoso_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_resume import check_resume_on

    log = tmp_path / "extracted.log"
    monkeypatch.setenv("CLAIMGRAPH_TEST_LOG", str(log))
    with _open(virtuoso_server) as kg:
        check_resume_on(kg, log, "virtuoso")
