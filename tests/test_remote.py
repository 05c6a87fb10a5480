"""The remote back end against a real Oxigraph server, compared with the embedded store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.errors import StoreError
from claimgraph.graph.store._kg import META_GRAPH, KnowledgeGraph
from claimgraph.graph.store._remote import RemoteBackend, resolve_endpoints
from claimgraph.records import Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction
from tests.conftest import free_port

Start = Callable[..., str]


def _extractions() -> list[Extraction]:
    return [harbour_extraction(f"remote-{i}", HARBOUR_TEXT + " " * i) for i in range(3)]


def _nquads(kg: KnowledgeGraph, article: str | None = None) -> set[str]:
    data = kg.serialize(format="nquads", article=article)
    assert data is not None
    return {line for line in data.decode("utf-8").splitlines() if line.strip()}


@pytest.fixture
def pair(oxigraph_server: Start) -> Iterator[tuple[KnowledgeGraph, KnowledgeGraph]]:
    """The same articles in a remote (Oxigraph server) and an embedded store."""
    base = oxigraph_server()
    with KnowledgeGraph.open(base) as remote, KnowledgeGraph.memory() as local:
        for ex in _extractions():
            assert remote.add(ex).status == local.add(ex).status == "added"
        yield remote, local


def test_remote_equals_embedded_triple_for_triple(
    pair: tuple[KnowledgeGraph, KnowledgeGraph],
) -> None:
    remote, local = pair
    assert _nquads(remote) == _nquads(local)
    assert len(_nquads(remote)) > 100


def test_remote_queries_and_stats_match(pair: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    remote, local = pair
    r, e = remote.query("who-said-what"), local.query("who-said-what")
    assert r.vars == e.vars
    assert sorted(r.rows, key=str) == sorted(e.rows, key=str)
    assert len(r) > 0
    assert remote.stats() == local.stats()
    assert remote.articles() == local.articles() == [f"remote-{i}" for i in range(3)]


def test_remote_one_article_export_and_graph(pair: tuple[KnowledgeGraph, KnowledgeGraph]) -> None:
    remote, local = pair
    assert _nquads(remote, "remote-1") == _nquads(local, "remote-1")
    assert set(remote.article_graph("remote-1")) == set(local.article_graph("remote-1"))


def test_remote_readd_is_idempotent_and_replace_is_atomic(
    pair: tuple[KnowledgeGraph, KnowledgeGraph],
) -> None:
    remote, local = pair
    ex = _extractions()[0]
    assert remote.add(ex).status == "unchanged"
    changed = harbour_extraction("remote-0", HARBOUR_TEXT + " changed")
    assert remote.add(changed).status == local.add(changed).status == "replaced"
    assert _nquads(remote) == _nquads(local)
    assert remote.remove("remote-2") and local.remove("remote-2")
    assert _nquads(remote) == _nquads(local)


def test_explicit_query_and_update_urls(oxigraph_server: Start) -> None:
    base = oxigraph_server()
    with KnowledgeGraph.open(
        base + "/query", update_url=base + "/update", gsp_url=base + "/store"
    ) as kg:
        kg.add(harbour_extraction("explicit"))
        assert kg.articles() == ["explicit"]
    # no GSP: exports fall back to one CONSTRUCT per graph
    backend = RemoteBackend(base + "/query", meta_graph=META_GRAPH, update_url=base + "/update")
    backend.endpoints.gsp = None
    with KnowledgeGraph(backend) as kg, KnowledgeGraph.open(base) as gsp:
        assert _nquads(kg) == _nquads(gsp)


def test_cli_ingest_stats_against_server(oxigraph_server: Start, tmp_path: Path) -> None:
    from claimgraph.cli import app
    from tests.test_parallel import real_articles

    for art in real_articles()[:3]:
        (tmp_path / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
    files = sorted(str(f) for f in tmp_path.glob("*.txt"))
    base = oxigraph_server()
    runner = CliRunner()
    remote = runner.invoke(app, ["ingest", *files, "--store", base, "--workers", "2"])
    local = runner.invoke(app, ["ingest", *files, "--store", str(tmp_path / "store")])
    # the extractor may reject an article: both runs must then agree on that too
    assert remote.exit_code == local.exit_code, remote.output + local.output
    assert remote.output.count("rejected") == local.output.count("rejected")
    with KnowledgeGraph.open(base) as kg, KnowledgeGraph.open(tmp_path / "store") as emb:
        assert _nquads(kg) == _nquads(emb)
        stored = len(kg.articles())
        assert stored >= 2 and stored == len(emb.articles())
    res = runner.invoke(app, ["stats", "--store", base, "--json"])
    assert res.exit_code == 0, res.output
    assert f'"articles": {stored}' in res.output


def test_resolve_endpoints() -> None:
    e = resolve_endpoints("http://h:7878/")
    assert (e.query, e.update, e.gsp) == (
        "http://h:7878/query",
        "http://h:7878/update",
        "http://h:7878/store",
    )
    f = resolve_endpoints("http://h:3030/ds/sparql", gsp_url="http://h:3030/ds/data")
    assert (f.query, f.update, f.gsp) == (
        "http://h:3030/ds/sparql",
        "http://h:3030/ds/sparql",
        "http://h:3030/ds/data",
    )
    with pytest.raises(StoreError, match="ftp://x"):
        resolve_endpoints("ftp://x")


def test_unreachable_server_is_a_store_error() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with KnowledgeGraph.open(url) as kg, pytest.raises(StoreError) as info:
        kg.stats()
    assert url in str(info.value) and "cannot reach" in str(info.value)


def test_server_error_quotes_url_and_status(oxigraph_server: Start) -> None:
    base = oxigraph_server()
    with KnowledgeGraph.open(base) as kg, pytest.raises(StoreError) as info:
        kg.sparql("SELECT ?x WHERE { ?x ?y }")
    assert base + "/query" in str(info.value) and "HTTP 400" in str(info.value)


def test_read_only_remote_refuses_writes(oxigraph_server: Start) -> None:
    base = oxigraph_server()
    with KnowledgeGraph.open(base, read_only=True) as kg, pytest.raises(StoreError) as info:
        kg.add(harbour_extraction("ro"))
    assert "read-only" in str(info.value)


def test_a_long_graph_goes_in_several_insert_operations_of_one_update() -> None:
    from rdflib import URIRef

    from claimgraph.graph.store._backend import INSERT_CHUNK, _update_text

    lines = [f'<urn:x:s{i}> <urn:x:p> "{i}"' for i in range(2 * INSERT_CHUNK + 1)]
    text = _update_text(URIRef("urn:x:g"), lines, URIRef("urn:x:meta"), ['<urn:x:g> <urn:x:m> "1"'])
    ops = text.split(" ;\n")
    assert [op.split(" {")[0] for op in ops] == ["DROP SILENT GRAPH <urn:x:g>", "DELETE WHERE"] + [
        "INSERT DATA"
    ] * 4
    assert sum(op.count('"') for op in ops[2:5]) == 2 * len(lines)  # every triple, once
    store = KnowledgeGraph.memory()  # the same text is one valid SPARQL update
    store.backend.store.update(text)  # type: ignore[attr-defined]
    assert len(store.backend.store) == len(lines) + 1  # type: ignore[attr-defined]


def test_a_rerun_skips_what_the_server_holds(
    oxigraph_server: Start, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_resume import check_resume_on

    log = tmp_path / "extracted.log"
    monkeypatch.setenv("CLAIMGRAPH_TEST_LOG", str(log))
    with KnowledgeGraph.open(oxigraph_server()) as kg:
        check_resume_on(kg, log, "oxserver")
