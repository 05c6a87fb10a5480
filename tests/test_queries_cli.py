"""The ``query``, ``queries``, ``export`` and ``view`` commands on an on-disk store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.test_queries_builders import load_three

runner = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> str:
    path = tmp_path / "store"
    with KnowledgeGraph.open(path) as kg:
        load_three(kg)
    return str(path)


def test_queries_lists_names_and_parameters() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0
    for text in ("who-said-what", "conflicting-figures", "organisation", "since"):
        assert text in result.output


def test_named_query_with_params_as_json(store: str) -> None:
    result = runner.invoke(
        app, ["query", "said-by", "-p", "speaker=quinn", "--format", "json", "-s", store]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 5 and {r["speakerName"] for r in rows} == {"Ada Quinn"}


def test_query_formats(store: str) -> None:
    out = runner.invoke(app, ["query", "relay-chains", "--format", "csv", "-s", store]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["originalPublisher"] for r in rows] == ["Daily Ledger"]
    srj = runner.invoke(app, ["query", "roles", "--format", "sparql-json", "-s", store]).stdout
    assert len(json.loads(srj)["results"]["bindings"]) == 2
    table = runner.invoke(app, ["query", "roles", "-s", store])
    assert table.exit_code == 0 and "safety" in table.stdout and "Ada Quinn" in table.stdout


def test_sparql_from_file_and_stdin(store: str, tmp_path: Path) -> None:
    q = "SELECT ?id WHERE { ?a schema:identifier ?id } ORDER BY ?id"
    (tmp_path / "q.rq").write_text(q)
    from_file = runner.invoke(
        app, ["query", "--sparql", str(tmp_path / "q.rq"), "-f", "csv", "-s", store]
    )
    assert from_file.stdout.split() == ["id", "courier-1", "harbour-1", "times-1"]
    from_stdin = runner.invoke(app, ["query", "--sparql", "-", "-f", "csv", "-s", store], input=q)
    assert from_stdin.stdout == from_file.stdout


def test_query_errors_exit_2_with_a_message(store: str) -> None:
    bad = runner.invoke(app, ["query", "said-by", "-p", "who=x", "-s", store])
    assert bad.exit_code == 2 and "no parameter 'who'" in bad.output
    fmt = runner.invoke(app, ["query", "roles", "--format", "xml", "-s", store])
    assert fmt.exit_code == 2 and "'xml'" in fmt.output


def test_export_command_formats_and_restrictions(store: str, tmp_path: Path) -> None:
    out = tmp_path / "g.gexf"
    result = runner.invoke(app, ["export", "-o", str(out), "-s", store, "--entity", "FerryGo"])
    assert result.exit_code == 0, result.output
    g = nx.read_gexf(out, version="1.3")
    assert "platform/ferrygo" in g and "place/riverton" not in g
    stdout = runner.invoke(
        app, ["export", "-o", "-", "--to", "d3", "-s", store, "--article", "courier-1"]
    )
    assert {n.get("article_id") for n in json.loads(stdout.stdout)["nodes"]} >= {"courier-1"}
    trig = runner.invoke(app, ["export", "-o", "-", "-s", store])
    assert trig.exit_code == 0 and "cgg:meta {" in trig.stdout  # our prefixes, declared
    assert "@prefix cgg: <https://w3id.org/claimgraph/graph/> ." in trig.stdout
    q = runner.invoke(
        app, ["export", "-o", "-", "--to", "mermaid", "-s", store, "--query", "relay-chains"]
    )
    assert q.exit_code == 0 and "Daily Ledger" in q.stdout
    bad = runner.invoke(app, ["export", "-o", str(tmp_path / "g.xyz"), "-s", store])
    assert bad.exit_code == 2 and "graphml" in bad.output


def test_view_command_writes_one_offline_file(store: str, tmp_path: Path) -> None:
    out = tmp_path / "graph.html"
    result = runner.invoke(app, ["view", "-o", str(out), "-s", store])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert 'data-testid="shown-count"' in html and "<script src" not in html
