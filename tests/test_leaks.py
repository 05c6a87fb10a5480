"""Leaks and injection (issue 23, items 9 and 11-14).

SERVICE is refused unless allowed with a timeout (9); every IRI, datatype IRI and language tag
bound into a query is checked first (11); raw N-Triples lines (internal since the API has one
``add``: ``_add_nt_lines``) are parsed before validation, so the validator sees the triples the
store stores (12); the fast validator reports what pyshacl reports on blank nodes and invalid
IRIs, and the store refuses invalid IRIs with a typed error (13); an article graph cannot bring
its own schema or describe another article (14)."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SH, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import QueryError, ShapeViolationError, StoreError
from claimgraph.graph.shacl._validation import validate_graph, validate_lines
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.loaders._mapping import article_graph, article_lines
from claimgraph.loaders._ntwrite import nt_lines
from claimgraph.ontology.namespaces import CG, CGG, OA, PROV
from claimgraph.queries._service import find_service
from tests.builders import harbour_extraction

SDO = Namespace("https://schema.org/")


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
    with recording_endpoint() as found:
        yield found


@contextmanager
def recording_endpoint() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL endpoint on 127.0.0.1: its URL, and the paths of the requests it gets."""
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


# ---------------------------------------------- item 12: raw lines (internal: the API has one add)
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
CLAIM = "<https://w3id.org/claimgraph/ns#Claim>"


def _claim_without_evidence() -> tuple[str, list[str], str]:
    """The harbour graph's lines with one claim's evidence removed, and that claim's type line."""
    iri, lines = article_lines(harbour_extraction())
    claim = next(line.split(" ")[0] for line in lines if line.endswith(f"{TYPE} {CLAIM}"))
    broken = [x for x in lines if not (x.startswith(claim + " ") and "#evidence>" in x)]
    assert not validate_lines(broken).conforms
    return str(iri), broken, f"{claim} {TYPE} {CLAIM}"


@pytest.mark.parametrize(
    "spell",
    [
        lambda line: line.replace("#type>", "#\\u0074ype>"),  # an escape for "t"
        lambda line: line.replace(" ", "  "),  # two spaces between terms
        lambda line: line.replace(" ", "\t"),  # a tab (was an untyped ValueError)
        lambda line: line.replace(CLAIM, "<https://w3id.org/claimgraph/ns#\\U00000043laim>"),
    ],
    ids=["escape", "two-spaces", "tab", "long-escape"],
)
def test_add_lines_validates_the_triples_the_store_stores(spell: Callable[[str], str]) -> None:
    iri, lines, type_line = _claim_without_evidence()
    spelt = [spell(x) if x == type_line else x for x in lines]
    with KnowledgeGraph.memory() as kg:
        with pytest.raises(ShapeViolationError, match="must have evidence"):
            kg._add_nt_lines(iri, spelt, article="harbour-1")
        assert kg.stats().quads == 0


def test_add_lines_refuses_a_comment_or_junk_with_the_line_number() -> None:
    iri, lines = article_lines(harbour_extraction())
    with KnowledgeGraph.memory() as kg:
        for junk in (f"{lines[3]} # a note", f"{lines[3]} .", "not a triple"):
            bad = [*lines[:3], junk, *lines[4:]]
            with pytest.raises(StoreError, match=r"line 4 .*not a valid N-Triples triple"):
                kg._add_nt_lines(str(iri), bad, article="harbour-1")
        assert kg.stats().quads == 0


def test_add_lines_in_another_spelling_stores_the_same_graph() -> None:
    iri, lines = article_lines(harbour_extraction())
    spelt = [x.replace(" ", " \t ", 1) for x in reversed(lines)]
    with KnowledgeGraph.memory() as plain, KnowledgeGraph.memory() as other:
        plain.add(harbour_extraction())
        assert other._add_nt_lines(str(iri), spelt, article="harbour-1").status == "added"
        assert plain.serialize(format="nquads") == other.serialize(format="nquads")


# ---------------------------------------------------------------------- item 13: fast validator
def _renamed(graph: Graph, old: Node, new: Node) -> Graph:
    out = Graph(identifier=graph.identifier)
    for s, p, o in graph:
        out.add((new if s == old else s, p, new if o == old else o))
    return out


def _broken_texts(graph: Graph) -> Graph:
    """Every claim text replaced and every span moved: SPARQL constraints fail on each."""
    out = Graph(identifier=graph.identifier)
    for s, p, o in graph:
        if p == SDO.text:
            o = Literal("words that are not in the article")
        elif p == OA.start:
            o = Literal(int(o) + 1)
        out.add((s, p, o))
    return out


def _pairs(graph: Graph, engine: str) -> set[tuple[str, str]]:
    return {(v.focus, v.component) for v in validate_graph(graph, engine=engine).violations}


def _renamings() -> list[tuple[str, str, Node]]:
    return [
        ("claim", "bnode", BNode("claim1")),
        ("evidence", "bnode", BNode("span1")),
        ("selector", "bnode", BNode("sel1")),
        ("claim", "space", URIRef("https://example.org/a claim")),
        ("evidence", "relative", URIRef("spans/1")),
    ]


@pytest.mark.parametrize(("what", "kind", "new"), _renamings())
@pytest.mark.parametrize("broken", [False, True], ids=["whole", "broken"])
def test_fast_validator_reports_like_pyshacl(what: str, kind: str, new: Node, broken: bool) -> None:
    graph = article_graph(harbour_extraction())
    claim = next(graph.subjects(RDF.type, CG.Claim))
    evidence = next(graph.objects(claim, CG.evidence))
    node = {"claim": claim, "evidence": evidence}.get(what)
    if node is None:
        node = next(graph.objects(evidence, OA.hasSelector))
    graph = _renamed(graph, node, new)
    if broken:
        graph = _broken_texts(graph)
    fast = _pairs(graph, "fast")
    assert fast == _pairs(graph, "pyshacl")
    assert bool(fast) == broken
    if broken and what != "selector":
        assert (str(new), str(SH.SPARQLConstraintComponent)) in fast


@pytest.mark.parametrize("iri", ["https://example.org/a claim", "claims/1"])
@pytest.mark.parametrize("validate", [True, False])
def test_invalid_iri_is_a_typed_refusal_when_committed(iri: str, validate: bool) -> None:
    graph = article_graph(harbour_extraction())
    claim = next(graph.subjects(RDF.type, CG.Claim))
    graph = _renamed(graph, claim, URIRef(iri))
    with KnowledgeGraph.memory() as kg:
        with pytest.raises(StoreError, match=f"{iri!r} is not a valid IRI"):
            kg.add(graph, article="harbour-1", validate=validate)
        assert kg.stats().quads == 0


def test_blank_node_claims_are_stored_when_they_conform() -> None:
    graph = article_graph(harbour_extraction())
    claim = next(graph.subjects(RDF.type, CG.Claim))
    with KnowledgeGraph.memory() as kg:
        assert kg.add(_renamed(graph, claim, BNode("c1")), article="harbour-1").triples
        assert kg.stats().claims == len(set(graph.subjects(RDF.type, CG.Claim)))


# ---------------------------------------------------------------------- item 14: own vocabulary
def _place_speaks() -> tuple[Graph, Node]:
    """The harbour graph with one speaker typed as a place instead of a person."""
    graph = article_graph(harbour_extraction())
    agent = next(o for o in graph.objects(None, PROV.agent) if (o, RDF.type, SDO.Person) in graph)
    graph.remove((agent, RDF.type, SDO.Person))
    graph.add((agent, RDF.type, SDO.Place))
    return graph, agent


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
@pytest.mark.parametrize(
    ("axiom", "component"),
    [
        ((SDO.Place, RDFS.subClassOf, SDO.Person), "MaxCountConstraintComponent"),
        ((SDO.Place, OWL.equivalentClass, SDO.Person), "MaxCountConstraintComponent"),
    ],
)
def test_an_article_graph_cannot_talk_the_shapes_round(
    engine: str, axiom: tuple[Node, Node, Node], component: str
) -> None:
    graph, _ = _place_speaks()
    assert not validate_graph(graph, engine=engine).conforms  # a place may not speak
    graph.add(axiom)
    report = validate_graph(graph, engine=engine)
    assert not report.conforms
    assert (str(SDO.Place), str(SH) + component) in {
        (v.focus, v.component) for v in report.violations
    }


def test_schema_statements_never_reach_the_union_graph() -> None:
    graph = article_graph(harbour_extraction())
    graph.add((SDO.Place, RDFS.subClassOf, SDO.Person))
    with KnowledgeGraph.memory() as kg:
        with pytest.raises(ShapeViolationError, match="rdfs:subClassOf"):
            kg.add(graph, article="harbour-1")
        assert not kg.sparql("ASK { ?a rdfs:subClassOf ?b }").boolean


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_an_article_graph_describes_only_its_own_article(engine: str) -> None:
    graph = article_graph(harbour_extraction())
    other = article_graph(harbour_extraction("other-1"))
    other_graph, other_article = next(other.subject_objects(CG.describes))
    own_graph = next(graph.subjects(CG.describes, None))
    for triple in (
        (other_graph, CG.describes, other_article),
        (own_graph, CG.describes, other_article),
    ):
        g = _renamed(graph, BNode("unused"), BNode("unused"))
        g.add(triple)
        for t in other.triples((other_article, None, None)):
            g.add(t)
        assert not validate_graph(g, engine=engine).conforms, triple


def test_the_store_keeps_a_graph_to_its_own_article() -> None:
    graph = article_graph(harbour_extraction())
    other = article_graph(harbour_extraction("other-1"))
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction("other-1"))
        before = kg.serialize(format="nquads")
        # another article's graph, under this article's id
        with pytest.raises(StoreError, match="another article's graph"):
            kg.add(other, article="harbour-1")
        # the metadata graph
        meta = Graph(identifier=CGG["meta"])
        meta.add((other.identifier, CG.describes, Literal("harbour-1")))
        with pytest.raises(StoreError, match="metadata graph"):
            kg.add(meta, article="harbour-1", validate=False)
        # the metadata graph named from inside an article graph
        claim = next(graph.subjects(RDF.type, CG.Claim))
        with pytest.raises(StoreError, match="metadata graph"):
            kg.add(_with(graph, (claim, SDO.about, CGG["meta"])), article="harbour-1")
        # a claim of this graph pointed at the other article, or at its graph
        for target in (next(other.objects(None, CG.describes)), other.identifier):
            bad = _with(graph, (claim, SDO.about, target))
            with pytest.raises(StoreError, match="belongs to another article"):
                kg.add(bad, article="harbour-1", validate=False)
            with pytest.raises(StoreError, match="belongs to another article"):
                kg._add_nt_lines(str(bad.identifier), nt_lines(bad), article="harbour-1")
        assert kg.serialize(format="nquads") == before
        assert kg.add(graph, article="harbour-1").status == "added"  # as it was made


def _with(graph: Graph, triple: tuple[Node, Node, Node]) -> Graph:
    out = Graph(identifier=graph.identifier)
    for t in graph:
        out.add(t)
    out.add(triple)
    return out
