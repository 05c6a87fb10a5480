"""``serve`` (issue 22, and issue 23 items 9 and 10): the query page offers our prefixes and named
queries and makes no request off the machine (checked in Debian chromium via playwright), the
server refuses SERVICE unless allowed, and SIGTERM, SIGINT or SIGHUP stops the Oxigraph server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.store._serve import Server, start_server
from claimgraph.queries import list_queries
from tests.conftest import free_port
from tests.test_leaks import recording_endpoint
from tests.test_queries_builders import load_three
from tests.test_view import ARGS, CHROMIUM

ROOT = Path(__file__).resolve().parents[1]
CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve") / "store"
    with KnowledgeGraph.open(path) as kg:
        load_three(kg)
    return path


@pytest.fixture()
def remote() -> Iterator[tuple[str, list[str]]]:
    """A SPARQL endpoint on 127.0.0.1 that records the requests it gets."""
    with recording_endpoint() as found:
        yield found


@pytest.fixture()
def server(store: Path) -> Iterator[Server]:
    with start_server(store, port=free_port()) as running:
        yield running


def _post(url: str, body: bytes, content_type: str) -> tuple[int, bytes]:
    req = urllib.request.Request(
        url,
        data=body,
        headers={"Content-Type": content_type, "Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


# ---------------------------------------------------------------------- the page
def test_page_offers_our_prefixes_and_every_named_query(server: Server) -> None:
    status, page = _get(server.url + "/")
    assert status == 200
    text = page.decode()
    for q in list_queries():
        assert f'<option value="{q.name}"' in text
    assert "prefix.cc" not in text and "lov.linkeddata" not in text
    status, body = _get(server.url + "/prefixes.json")
    found = json.loads(body)
    assert found["cg"] == "https://w3id.org/claimgraph/ns#"
    assert found["schema"] == "https://schema.org/" and found["prov"].startswith("http://")


def test_every_example_runs_on_the_server(server: Server) -> None:
    from claimgraph.graph.store._servepage import examples

    for example in examples():
        status, body = _post(
            server.query_url, example["query"].encode(), "application/sparql-query"
        )
        assert status == 200, (example["name"], body[:300])
        assert "results" in json.loads(body) or "boolean" in json.loads(body)


def test_query_page_in_browser_stays_on_the_machine(server: Server, tmp_path: Path) -> None:
    """Load the page, type a prefix (the look-up YASGUI sends to prefix.cc), pick an example
    and run it: every request goes to the server on 127.0.0.1."""
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(server.url + "/")
            page.wait_for_function("window.claimgraphReady === true", timeout=20_000)
            page.get_by_test_id("examples").select_option("speakers")
            assert "ranked" in page.get_by_test_id("description").inner_text()
            editor = "document.querySelector('.CodeMirror').CodeMirror.getValue()"
            assert "# name: speakers" in page.evaluate(editor)

            page.locator(".CodeMirror").click()
            page.keyboard.press("Control+Home")
            page.keyboard.press("Enter")
            page.keyboard.press("ArrowUp")
            page.keyboard.type("PREFIX pro")  # the prefix look-up
            hint = page.locator(".CodeMirror-hints")
            hint.wait_for(timeout=10_000)
            assert "prov: <http://www.w3.org/ns/prov#>" in hint.inner_text()
            page.keyboard.press("Enter")
            assert page.evaluate(editor).startswith("PREFIX prov: <http://www.w3.org/ns/prov#>")

            page.locator(".yasqe_queryButton").click()
            rows = page.locator(".yasr tbody tr")
            rows.first.wait_for(timeout=20_000)
            assert "Ada Quinn" in page.locator(".yasr tbody").inner_text()
            page.screenshot(path=str(tmp_path / "serve-query-page.png"))
        finally:
            browser.close()
    assert errors == []
    hosts = {urllib.parse.urlsplit(u).netloc for u in requests if not u.startswith("data:")}
    assert hosts == {urllib.parse.urlsplit(server.url).netloc}
    assert server.url + "/prefixes.json" in requests and server.query_url in requests


# ---------------------------------------------------------------------- SERVICE (item 9)
def test_server_refuses_service_in_every_form(
    server: Server, remote: tuple[str, list[str]]
) -> None:
    url, seen = remote
    q = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    form = urllib.parse.urlencode({"query": q}).encode()
    answers = [
        _post(server.query_url, q.encode(), "application/sparql-query"),
        _post(server.query_url, form, "application/x-www-form-urlencoded"),
        _get(server.query_url + "?" + urllib.parse.urlencode({"query": q})),
        _post(
            server.url + "/update",
            urllib.parse.urlencode(
                {"update": f"INSERT {{ ?s ?p ?o }} WHERE {{ {q[9:]} }}"}
            ).encode(),
            "application/x-www-form-urlencoded",
        ),
    ]
    for status, body in answers:
        assert status == 400 and b"SERVICE" in body and b"--allow-service" in body
    assert seen == []
    status, _ = _post(
        server.query_url, b"SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-query"
    )
    assert status == 200


def test_server_allows_service_when_told(store: Path, remote: tuple[str, list[str]]) -> None:
    url, seen = remote
    q = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?x }} }}"
    with start_server(store, port=free_port(), allow_service=True, service_timeout=10) as server:
        assert "--timeout-s" in server.process.args  # type: ignore[operator]
        status, body = _post(server.query_url, q.encode(), "application/sparql-query")
    assert status == 200, body
    assert seen == ["/sparql"]


# ---------------------------------------------------------------------- signals (item 10)
def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _listeners(port: int) -> list[int]:
    """The processes holding a listening TCP socket on ``port`` (read from ``/proc``)."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            cols = row.split()
            if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "0A":
                inodes.add(f"socket:[{cols[9]}]")
    pids = []
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in inodes for fd in fd_dir.iterdir()):
                pids.append(int(fd_dir.parent.name))
        except OSError:  # the process ended meanwhile
            continue
    return pids


def _serves_store(port: int, store: Path) -> bool:
    """Whether a process started for ``store`` still listens on ``port``.

    Another program on the machine may take the port once the server has let it go, so a
    listener counts only when its command line names the store.
    """
    for pid in _listeners(port):
        try:
            if str(store).encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                return True
        except OSError:
            continue
    return False


def _children(pid: int) -> list[int]:
    """The processes ``pid``'s main thread started (the Oxigraph server is started there)."""
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _serve(store: Path, port: int) -> tuple[subprocess.Popen[bytes], int, int]:
    """``claimgraph serve`` as a process; returns it, its Oxigraph server's pid and port."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [CLAIMGRAPH, "serve", "--store", str(store)]
    proc = subprocess.Popen(
        [*cmd, "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 60
    while not _listening(port):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else b""
        assert time.monotonic() < deadline, "serve did not start"
        time.sleep(0.1)
    (child,) = _children(proc.pid)
    args = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
    backend = int(args[args.index(b"--bind") + 1].rsplit(b":", 1)[1])
    assert _listening(backend)
    assert _serves_store(port, store) and _serves_store(backend, store)
    return proc, child, backend


@contextmanager
def _serving(store: Path, port: int) -> Iterator[tuple[subprocess.Popen[bytes], int, int]]:
    """:func:`_serve`, and whatever a failed test leaves running is killed after it."""
    proc, child, backend = _serve(store, port)
    try:
        yield proc, child, backend
    finally:
        for pid in (proc.pid, child):
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_a_stop_signal_stops_the_oxigraph_server(store: Path, signum: int) -> None:
    port = free_port()
    with _serving(store, port) as (proc, child, backend):
        proc.send_signal(signum)
        assert proc.wait(timeout=30) == 0
        assert not _alive(child)
        assert not _serves_store(port, store) and not _serves_store(backend, store)


def test_killing_serve_outright_stops_the_oxigraph_server(store: Path) -> None:
    with _serving(store, free_port()) as (proc, child, backend):
        proc.kill()  # no handler runs: the kernel's parent-death signal stops the server
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(child)
        assert not _serves_store(backend, store)
