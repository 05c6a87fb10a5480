"""``serve``: the Oxigraph server started by the library on a store, queried, refusing updates."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.store._serve import exposure_warning, server_command, start_server
from claimgraph.ontology.namespaces import CG
from tests.conftest import free_port
from tests.test_queries_builders import load_three


def _post(url: str, body: str, content_type: str, accept: str = "*/*") -> tuple[int, bytes]:
    req = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": content_type, "Accept": accept}
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_serve_read_only_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with KnowledgeGraph.open(store) as kg:
        load_three(kg)
    with start_server(store, port=free_port()) as server:
        assert server.warnings == []
        assert server.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(server.url + "/", timeout=10) as resp:
            assert resp.status == 200 and b"<html" in resp.read().lower()  # the query page
        q = f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ ?c a <{CG.Claim}> }}"
        status, body = _post(
            server.query_url, q, "application/sparql-query", "application/sparql-results+json"
        )
        assert status == 200
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "9"
        status, _ = _post(server.url + "/update", "DROP ALL", "application/sparql-update")
        assert status >= 400
        status, body = _post(
            server.query_url, q, "application/sparql-query", "application/sparql-results+json"
        )
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "9"
    assert server.process.poll() is not None


def test_serve_command_and_warnings(tmp_path: Path) -> None:
    cmd = server_command(tmp_path, port=9999)
    assert cmd[1] == "serve-read-only" and "127.0.0.1:9999" in cmd
    assert server_command(tmp_path, writable=True, host="0.0.0.0")[1] == "serve"
    assert exposure_warning("127.0.0.1") is None
    warning = exposure_warning("0.0.0.0")
    assert warning is not None and "'0.0.0.0'" in warning
    with pytest.raises(InputError, match="no-such-store"):
        start_server(tmp_path / "no-such-store")
