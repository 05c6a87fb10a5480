"""Leaks and injection (issue 23, items 9 and 11): SERVICE is refused unless allowed with a
timeout, and every IRI, datatype IRI and language tag bound into a query is checked first."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import QueryError
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.queries._service import find_service
from tests.builders import harbour_extraction


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Records every request; answers an empty SPARQL result."""

    seen: list[str]

    def do_POST(self) -> None:
        self.seen.append(self.path)
        row = b'{"x":{"type":"literal","value":"far"}}'
        body = b'{"head":{"vars":["x"]},"results":{"bindings":[' + row + b"]}}"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def remote() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL endpoint on 127.0.0.1 that records the requests it gets."""
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    server.shutdown()
    server.server_close()


@pytest.fixture()
def silent() -> Iterator[str]:
    """An endpoint that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    sock.close()


def _service(url: str) -> str:
    return f"SELECT ?x WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"


# ---------------------------------------------------------------------- item 9: SERVICE
def test_service_is_refused_by_default_and_nothing_is_sent(
    remote: tuple[str, list[str]],
) -> None:
    url, seen = remote
    with KnowledgeGraph.memory() as kg:
        for run in (kg.sparql, kg.query):
            with pytest.raises(QueryError, match=r"SERVICE clause .*refused by default"):
                run(_service(url))
        with pytest.raises(QueryError, match="SERVICE"):
            kg.construct(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ service silent <{url}> {{ ?s ?p ?o }} }}"
            )
    assert seen == []


def test_service_allowed_explicitly_reaches_the_endpoint(remote: tuple[str, list[str]]) -> None:
    url, seen = remote
    with KnowledgeGraph.memory() as kg:
        res = kg.sparql(_service(url), allow_service=True, service_timeout=20)
    assert [str(r[0]) for r in res.rows] == ["far"]
    assert seen == ["/sparql"]


def test_service_that_never_answers_times_out(silent: str) -> None:
    with KnowledgeGraph.memory() as kg, pytest.raises(QueryError, match="did not finish within"):
        kg.sparql(_service(silent), allow_service=True, service_timeout=1)


def test_service_that_refuses_is_a_typed_error() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with KnowledgeGraph.memory() as kg, pytest.raises(QueryError, match="failed while running"):
        kg.sparql(_service(f"http://127.0.0.1:{port}/x"), allow_service=True, service_timeout=20)


def test_cli_query_refuses_service(tmp_path: Path, remote: tuple[str, list[str]]) -> None:
    url, seen = remote
    store = tmp_path / "store"
    with KnowledgeGraph.open(store) as kg:
        kg.add(harbour_extraction())
    rq = tmp_path / "q.rq"
    rq.write_text(_service(url), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["query", "--sparql", str(rq), "--store", str(store)])
    assert res.exit_code == 2 and "SERVICE" in res.output and "--allow-service" in res.output
    assert seen == []
    args = ["query", "--sparql", str(rq), "--store", str(store), "--format", "csv"]
    res = runner.invoke(app, [*args, "--allow-service", "--service-timeout", "20"])
    assert res.exit_code == 0, res.output
    assert "far" in res.output and seen == ["/sparql"]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?service WHERE { ?service <http://example.org/SERVICE> 'SERVICE <x> {}' }",
        "PREFIX service: <http://example.org/> SELECT * WHERE { ?s service:service ?o }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://example.org/> { }",
        'SELECT * WHERE { ?s ?p """a "quoted" SERVICE <x> { }""" }',
    ],
)
def test_service_in_names_strings_and_comments_is_not_a_clause(text: str) -> None:
    assert find_service(text) is None
    with KnowledgeGraph.memory() as kg:
        kg.sparql(text)  # runs


# ---------------------------------------------------------------------- item 11: bound terms
HOSTILE_IRIS = [
    'http://example.org/x> ) ("") } #',
    "http://example.org/a b",
    "relative/iri",
    "http://example.org/x>",
]


@pytest.mark.parametrize("iri", HOSTILE_IRIS)
def test_datatype_iri_of_a_parameter_cannot_change_the_query(iri: str) -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction())
        assert kg.query("said-by", speaker="nobody at all").rows == ()
        with pytest.raises(QueryError, match="datatype IRI"):
            kg.query("said-by", speaker=Literal("nobody", datatype=URIRef(iri)))


@pytest.mark.parametrize("iri", HOSTILE_IRIS)
def test_iri_parameter_is_checked(iri: str) -> None:
    with KnowledgeGraph.memory() as kg, pytest.raises(QueryError, match="the IRI"):
        kg.sparql("SELECT ?o WHERE { ?s ?p ?o }", {"s": URIRef(iri)})


def test_language_tag_of_a_parameter_is_checked() -> None:
    bad = Literal("x", lang="en")
    object.__setattr__(bad, "_language", "en ) } UNION { ?s ?p ?o } #")  # past rdflib's check
    with KnowledgeGraph.memory() as kg, pytest.raises(QueryError, match="language tag"):
        kg.sparql("SELECT ?o WHERE { ?s ?p ?o }", {"o": bad})


def test_valid_terms_still_bind() -> None:
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction())
        res = kg.sparql(
            "SELECT ?o WHERE { ?s ?p ?o }",
            {"o": Literal("nothing like this", lang="en-GB"), "s": URIRef("https://ex.org/a")},
        )
        assert res.rows == ()
