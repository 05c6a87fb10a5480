"""Query injection: parameter values are RDF terms, never query text; ``serve`` is read-only and
listens on localhost by default.

Every hostile value must give exactly the rows of a literal match (computed here in Python from
the unfiltered query), change nothing in the store, and raise nothing.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Literal
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.store._serve import server_command, start_server
from claimgraph.records import Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

NASTY_NAME = 'Ada "The Q" {Quinn} #1 O\'Brien'

HOSTILE = [
    '" ) } UNION { ?claim ?p ?o } #',
    '"} ; DELETE WHERE { ?s ?p ?o } ; SELECT * WHERE {"',
    'Quinn" . } DELETE WHERE { ?s ?p ?o } #',
    "'; DROP ALL ; #",
    "}}}} UNION {{{{",
    "Quinn\nDELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "x\r\n} #\n",
    '\\" UNION { ?a ?b ?c } #',
    '"""',
    "'''",
    "# everything after this is a comment",
    "FILTER(true) } UNION { ?claim a ?t",
    "<http://example.org/x>",
    "?speakerName",
    "\\u0022) } #",
    "quinn",
    '"the q"',
    "{quinn}",
    "#1 o'brien",
    NASTY_NAME,
]


def nasty_extraction() -> Extraction:
    """The harbour story with its main speaker renamed to a name full of quotes and braces."""
    ex = harbour_extraction("nasty", HARBOUR_TEXT + "\nA second copy.")
    entities = [
        dataclasses.replace(e, name=NASTY_NAME) if e.key == "quinn" else e for e in ex.entities
    ]
    return dataclasses.replace(ex, entities=entities)


def dump(kg: KnowledgeGraph) -> set[str]:
    """Every quad of the store, as N-Quads strings."""
    data = kg.serialize(format="nquads")
    assert data is not None
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}


def literal_match(rows: list[dict[str, Any]], value: str) -> list[dict[str, Any]]:
    """The rows whose speaker name contains ``value``, ignoring case (what the query promises)."""
    return [r for r in rows if value.lower() in str(r["speakerName"]).lower()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store with the harbour story and the nasty-name copy (closed again)."""
    path = tmp_path_factory.mktemp("inj") / "store"
    with KnowledgeGraph.open(path) as kg:
        kg.add(harbour_extraction())
        kg.add(nasty_extraction())
    return path


@pytest.fixture
def kg(store: Path) -> Iterator[KnowledgeGraph]:
    """The store, opened for writing (so an injected update would have effect)."""
    with KnowledgeGraph.open(store) as graph:
        yield graph


@pytest.mark.parametrize("value", HOSTILE)
def test_named_query_parameter_cannot_change_the_query(kg: KnowledgeGraph, value: str) -> None:
    before = dump(kg)
    everything = kg.query("who-said-what").to_dicts()
    got = kg.query("who-said-what", speaker=value).to_dicts()
    assert got == literal_match(everything, value)
    assert dump(kg) == before


def test_the_hostile_values_match_what_they_should(kg: KnowledgeGraph) -> None:
    everything = kg.query("who-said-what").to_dicts()
    assert len(everything) > 5
    assert len(kg.query("who-said-what", speaker=NASTY_NAME).to_dicts()) == 3
    assert len(kg.query("who-said-what", speaker='"the q"').to_dicts()) == 3
    assert kg.query("who-said-what", speaker='" ) } UNION { ?claim ?p ?o } #').rows == ()


@pytest.mark.parametrize("value", HOSTILE)
def test_bound_variable_is_an_exact_literal(kg: KnowledgeGraph, value: str) -> None:
    before = dump(kg)
    res = kg.sparql("SELECT ?who WHERE { ?who schema:name ?name }", {"name": Literal(value)})
    expected = 1 if value == NASTY_NAME else 0
    assert len(res.rows) == expected
    assert dump(kg) == before


@pytest.mark.parametrize("value", [HOSTILE[0], HOSTILE[2], HOSTILE[5], HOSTILE[8], NASTY_NAME])
def test_cli_param_cannot_change_the_query(store: Path, value: str) -> None:
    with KnowledgeGraph.open(store, read_only=True) as kg:
        before = dump(kg)
        expected = json.loads(kg.query("who-said-what", speaker=value).to_json())
        everything = kg.query("who-said-what").to_dicts()
    args = ["query", "who-said-what", "--param", f"speaker={value}", "--format", "json"]
    result = CliRunner().invoke(app, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    assert got == expected
    assert len(got) == len(literal_match(everything, value))
    with KnowledgeGraph.open(store, read_only=True) as kg:
        assert dump(kg) == before


def test_cli_parameter_names_are_checked(store: Path) -> None:
    result = CliRunner().invoke(
        app, ["query", "who-said-what", "--param", "speaker} UNION {?x=1", "--store", str(store)]
    )
    assert result.exit_code == 2
    assert "has no parameter" in result.stderr


def test_cli_query_refuses_an_update(store: Path, tmp_path: Path) -> None:
    update = tmp_path / "drop.rq"
    update.write_text("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }")
    with KnowledgeGraph.open(store, read_only=True) as kg:
        before = dump(kg)
    result = CliRunner().invoke(app, ["query", "--sparql", str(update), "--store", str(store)])
    assert result.exit_code == 2
    assert "error:" in result.stderr
    with KnowledgeGraph.open(store, read_only=True) as kg:
        assert dump(kg) == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of sockets listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        lines = Path(table).read_text().splitlines()[1:]
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # 0A = LISTEN
                found.add(address)
    return found


def test_serve_refuses_updates_and_listens_on_localhost_only(store: Path) -> None:
    port = _free_port()
    assert f"127.0.0.1:{port}" in server_command(store, port=port, binary="oxigraph")
    with KnowledgeGraph.open(store, read_only=True) as kg:
        before = dump(kg)
    with start_server(store, port=port) as server:
        assert server.url == f"http://127.0.0.1:{port}"
        assert server.warnings == []
        assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1, no other interface
        body = urllib.parse.urlencode({"update": "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"})
        for path in ("/update", "/query"):
            request = urllib.request.Request(
                server.url + path,
                data=body.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(request, timeout=10)
            assert 400 <= info.value.code < 500
        ask = urllib.parse.quote("ASK { ?s ?p ?o }")
        with urllib.request.urlopen(f"{server.query_url}?query={ask}", timeout=10) as response:
            assert json.loads(response.read())["boolean"] is True  # still all there
    with KnowledgeGraph.open(store, read_only=True) as kg:
        assert dump(kg) == before
