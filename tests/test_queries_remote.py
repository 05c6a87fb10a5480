"""Every named query gives the same rows on the embedded store and on a real Oxigraph server."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.store._results import QueryResult
from claimgraph.queries import list_queries
from tests.conftest import free_port, oxigraph_binary, wait_http
from tests.test_queries_builders import acts_extraction, load_three

PARAMS: dict[str, dict[str, Any]] = {
    "said-by": {"speaker": "quinn"},
    "claims-mentioning": {"entity": "bluewave"},
    "entity-profile": {"entity": "Ada Quinn"},
    "who-said-what": {"organisation": "port", "since": "2024-03-01"},
    "ownership": {"entity": "ferrygo"},
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[KnowledgeGraph, str]]:
    """The three articles (and one with an intention) in an on-disk store, and an Oxigraph server
    over a copy of it."""
    location: Path = tmp_path_factory.mktemp("remote") / "store"
    with KnowledgeGraph.open(location) as kg:
        load_three(kg)
        kg.add(acts_extraction())  # a claim of another act than speech
    port = free_port()
    cmd = [oxigraph_binary(), "serve-read-only", "--location", str(location)]
    cmd += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http(url + "/")
        with KnowledgeGraph.open(location, read_only=True) as local:
            yield local, url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def canonical(result: QueryResult) -> list[tuple[str, ...]]:
    return sorted(tuple("" if t is None else t.n3() for t in row) for row in result.rows)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_query_same_rows_embedded_and_remote(
    name: str, stores: tuple[KnowledgeGraph, str]
) -> None:
    local, url = stores
    params = PARAMS.get(name, {})
    expected = local.query(name, **params)
    assert len(expected) > 0, f"{name} gives no rows on the test graph"
    with KnowledgeGraph.open(url) as remote:
        got = remote.query(name, **params)
    assert got.vars == expected.vars
    assert canonical(got) == canonical(expected)
