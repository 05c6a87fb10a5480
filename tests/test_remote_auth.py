"""Remote stores behind HTTP authentication and through passing failures, on the wire.

A real Oxigraph server sits behind :class:`tests.authproxy.AuthProxy`, which demands Basic, Digest
or a bearer token (and checks them itself), or fails requests on purpose; claimgraph's requests
go through httpx. The retry policy, request by request, is ``tests/test_remote_retry.py``'s.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimgraph.errors import StoreError, StoreUnavailableError
from claimgraph.graph.store._http import (
    DEFAULT_TIMEOUT,
    HttpClient,
    find_credentials,
    resolve_timeout,
    split_userinfo,
)
from claimgraph.graph.store._kg import META_GRAPH, KnowledgeGraph
from claimgraph.graph.store._remote import RemoteBackend
from claimgraph.ingestion._pipeline import ingest
from claimgraph.records import Article
from tests.authproxy import AuthProxy, Rules
from tests.builders import HARBOUR_TEXT, harbour_extraction
from tests.conftest import free_port

Start = Callable[..., str]
STUB = "tests.test_parallel:stub_extract"
SECRET = "p@ss:w0rd"  # characters that must be escaped in a URL
QUOTED = "p%40ss%3Aw0rd"


@pytest.fixture
def upstream(oxigraph_server: Start) -> str:
    return oxigraph_server()


@pytest.fixture
def proxy(upstream: str) -> Iterator[AuthProxy]:
    with AuthProxy(upstream) as p:
        yield p


def _with_user(url: str, user: str = "ann", password: str = QUOTED) -> str:
    return url.replace("http://", f"http://{user}:{password}@")


def _lines(data: bytes | None) -> set[str]:
    assert data
    return {line for line in data.decode("utf-8").splitlines() if line.strip()}


def _articles(upstream: str) -> list[str]:
    with KnowledgeGraph.open(upstream) as kg:
        return kg.articles()


# ---------------------------------------------------------------- credentials, pure
def test_split_userinfo_unquotes_and_strips() -> None:
    bare, creds = split_userinfo(f"https://ann:{QUOTED}@db.example.org:8443/ds/sparql?x=1")
    assert bare == "https://db.example.org:8443/ds/sparql?x=1"
    assert creds is not None and (creds.user, creds.password) == ("ann", SECRET)
    assert SECRET not in repr(creds)
    assert split_userinfo("http://h:7878/query") == ("http://h:7878/query", None)


def test_find_credentials_order_and_half_given(tmp_path: Path) -> None:
    rc = tmp_path / "netrc"
    rc.write_text("machine db.example.org login nina password n3tpw\n", encoding="utf-8")
    rc.chmod(0o600)
    url = "https://db.example.org/sparql"
    from_rc = find_credentials(url, environ={}, netrc_file=str(rc))
    assert from_rc is not None and (from_rc.user, from_rc.password) == ("nina", "n3tpw")
    assert find_credentials("https://other.example.org/", environ={}, netrc_file=str(rc)) is None
    env = {"CLAIMGRAPH_STORE_USER": "eve", "CLAIMGRAPH_STORE_PASSWORD": "pw"}
    from_env = find_credentials(url, environ=env, netrc_file=str(rc))
    assert from_env is not None and from_env.user == "eve"
    token = find_credentials(url, environ={**env, "CLAIMGRAPH_STORE_TOKEN": "t0k"})
    assert token is not None and token.token == "t0k" and token.user is None
    with pytest.raises(StoreError, match="CLAIMGRAPH_STORE_PASSWORD is not"):
        find_credentials(url, environ={"CLAIMGRAPH_STORE_USER": "eve"})
    bad = tmp_path / "bad-netrc"
    bad.write_text("machine\n", encoding="utf-8")
    with pytest.raises(StoreError, match="bad-netrc"):
        find_credentials(url, environ={}, netrc_file=str(bad))


def test_auth_is_refused_for_local_stores(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="remote stores"):
        KnowledgeGraph.open(tmp_path / "store", auth=("ann", "pw"))


def test_auth_may_be_any_pair() -> None:
    client = HttpClient("http://127.0.0.1:7878", auth=["ann", "pw"])  # type: ignore[arg-type]
    assert client.credentials is not None and client.credentials.user == "ann"
    assert client.credentials.origin == "auth="


def test_different_credentials_in_two_urls_are_refused() -> None:
    with pytest.raises(StoreError, match="different user:password"):
        RemoteBackend(
            "http://a:1@h:7878/query", meta_graph=META_GRAPH, update_url="http://b:2@h:7878/u"
        )


# ---------------------------------------------------------------- against the server
def test_without_credentials_the_error_says_how_to_give_them(proxy: AuthProxy) -> None:
    proxy.rules = Rules(scheme="basic", user="ann", password=SECRET)
    with KnowledgeGraph.open(proxy.url) as kg, pytest.raises(StoreError) as info:
        kg.add(harbour_extraction("locked"))
    text = str(info.value)
    assert "HTTP 401" in text and "no credentials were given" in text
    assert "CLAIMGRAPH_STORE_USER" in text and ".netrc" in text
    assert not isinstance(info.value, StoreUnavailableError)  # refused, not down: no retries
    assert [s.answer for s in proxy.seen] == [401]


def test_basic_from_the_url_is_sent_with_every_request(proxy: AuthProxy, upstream: str) -> None:
    proxy.rules = Rules(scheme="basic", user="ann", password=SECRET)
    with KnowledgeGraph.open(_with_user(proxy.url)) as kg:
        assert kg.add(harbour_extraction("basic-1")).status == "added"
        assert kg.stats().articles == 1
        assert kg.location == proxy.url  # the password is not kept in the location
        with pytest.raises(StoreError) as info:
            kg.sparql("SELECT ?x WHERE { ?x ?y }")  # a server error quotes the URL, not the secret
    assert proxy.url in str(info.value) and SECRET not in str(info.value)
    assert QUOTED not in str(info.value)
    # nothing is sent before the server asks; once it asked, Basic goes with every request
    first, second, *rest = proxy.seen
    assert (first.authorization, first.answer) == (None, 401)
    assert second.authorization and second.authorization.startswith("Basic ")
    assert rest and all(s.authorization == second.authorization for s in rest)
    assert [s.answer for s in proxy.seen].count(401) == 1
    assert _articles(upstream) == ["basic-1"]


def test_wrong_password_names_where_it_came_from(proxy: AuthProxy, upstream: str) -> None:
    proxy.rules = Rules(scheme="basic", user="ann", password=SECRET)
    kg = KnowledgeGraph.open(proxy.url, auth=("ann", "guess"))
    with kg, pytest.raises(StoreError) as info:
        kg.add(harbour_extraction("wrong"))
    assert "credentials from auth= were refused" in str(info.value)
    assert "guess" not in str(info.value)
    assert _articles(upstream) == []


def test_digest_from_the_environment(
    proxy: AuthProxy, upstream: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy.rules = Rules(scheme="digest", user="ann", password=SECRET)
    monkeypatch.setenv("CLAIMGRAPH_STORE_USER", "ann")
    monkeypatch.setenv("CLAIMGRAPH_STORE_PASSWORD", SECRET)
    with KnowledgeGraph.open(proxy.url) as kg, KnowledgeGraph.memory() as local:
        ex = harbour_extraction("digest-1")
        assert kg.add(ex).status == local.add(ex).status == "added"
        assert kg.add(ex).status == "unchanged"
        assert _lines(kg.serialize(format="nquads")) == _lines(local.serialize(format="nquads"))
    # one challenge; then Digest from the start of every request, a new count each time
    assert [s.answer for s in proxy.seen].count(401) == 1 and proxy.seen[0].answer == 401
    digest = proxy.seen[1:]
    assert digest and all((s.authorization or "").startswith("Digest ") for s in digest)
    assert len({s.authorization for s in digest}) == len(digest)
    assert all(s.answer in (200, 204) for s in digest)
    assert not any(SECRET in (s.authorization or "") for s in proxy.seen)
    assert _articles(upstream) == ["digest-1"]


@pytest.mark.parametrize(
    ("algorithm", "qop"),
    [("SHA-256", True), ("MD5-sess", True), ("SHA-256-sess", True), ("MD5", False)],
)
def test_digest_variants_and_an_expired_nonce(
    proxy: AuthProxy, upstream: str, algorithm: str, qop: bool
) -> None:
    proxy.rules = Rules(scheme="digest", user="ann", password=SECRET, algorithm=algorithm, qop=qop)
    with KnowledgeGraph.open(proxy.url, auth=("ann", SECRET)) as kg:
        assert kg.add(harbour_extraction("variant-1")).status == "added"
        proxy.expire_nonce()
        before = len(proxy.seen)
        assert kg.add(harbour_extraction("variant-2")).status == "added"
    after = [s.answer for s in proxy.seen[before:]]
    assert after[:2] == [401, 200] and 401 not in after[2:]  # one stale answer, then the new nonce
    assert _articles(upstream) == ["variant-1", "variant-2"]


def test_wrong_digest_password_is_refused_without_looping(proxy: AuthProxy, upstream: str) -> None:
    proxy.rules = Rules(scheme="digest", user="ann", password=SECRET)
    kg = KnowledgeGraph.open(_with_user(proxy.url, password="guess"))
    with kg, pytest.raises(StoreError, match="credentials from the store URL were refused"):
        kg.add(harbour_extraction("nope"))
    assert [s.answer for s in proxy.seen] == [401, 401]
    assert _articles(upstream) == []


def test_a_scheme_claimgraph_does_not_send_is_named(proxy: AuthProxy) -> None:
    proxy.rules = Rules(scheme="bearer", token="t")
    kg = KnowledgeGraph.open(proxy.url, auth=("ann", "pw"))
    with kg, pytest.raises(StoreError, match="asks for bearer, which claimgraph does not send"):
        kg.stats()


def test_bearer_token_from_the_environment(
    proxy: AuthProxy, upstream: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy.rules = Rules(scheme="bearer", token="t0ken-42")
    monkeypatch.setenv("CLAIMGRAPH_STORE_TOKEN", "t0ken-42")
    with KnowledgeGraph.open(proxy.url) as kg:
        assert kg.add(harbour_extraction("token-1")).status == "added"
    assert {s.authorization for s in proxy.seen} == {"Bearer t0ken-42"}
    monkeypatch.setenv("CLAIMGRAPH_STORE_TOKEN", "stale")
    with KnowledgeGraph.open(proxy.url) as kg, pytest.raises(StoreError, match="refused"):
        kg.stats()
    assert _articles(upstream) == ["token-1"]


def test_netrc_entry(
    proxy: AuthProxy, upstream: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy.rules = Rules(scheme="basic", user="nina", password="n3t pw")
    rc = tmp_path / "netrc"
    rc.write_text('machine 127.0.0.1 login nina password "n3t pw"\n', encoding="utf-8")
    rc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(rc))
    with KnowledgeGraph.open(proxy.url) as kg:
        assert kg.add(harbour_extraction("netrc-1")).status == "added"
    assert _articles(upstream) == ["netrc-1"]


def test_cli_ingest_query_and_export_behind_digest(
    proxy: AuthProxy, upstream: str, tmp_path: Path
) -> None:
    from claimgraph.cli import app

    proxy.rules = Rules(scheme="digest", user="ann", password=SECRET)
    (tmp_path / "one.txt").write_text(HARBOUR_TEXT, encoding="utf-8")
    store = _with_user(proxy.url)
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), "--store", store])
    assert res.exit_code in (0, 1), res.output  # 1: the extractor rejected it
    res = runner.invoke(app, ["stats", "--store", store, "--json"])
    assert res.exit_code == 0 and '"articles": ' in res.output, res.output
    out = tmp_path / "all.nq"
    res = runner.invoke(app, ["export", "--store", store, "--output", str(out)])
    assert res.exit_code == 0, res.output
    with KnowledgeGraph.open(upstream) as kg:
        assert _lines(out.read_bytes()) == _lines(kg.serialize(format="nquads"))
    denied = runner.invoke(app, ["stats", "--store", proxy.url])
    assert denied.exit_code == 2 and "401" in denied.output
    assert QUOTED not in res.output + denied.output


# ---------------------------------------------------------------- passing failures
def test_connections_are_kept_open(upstream: str) -> None:
    with AuthProxy(upstream, keep_alive=True) as p, KnowledgeGraph.open(p.url) as kg:
        for i in range(3):
            assert kg.add(harbour_extraction(f"kept-{i}", HARBOUR_TEXT + " " * i)).status == "added"
        assert kg.stats().articles == 3
        assert len(p.seen) >= 7 and len({s.client for s in p.seen}) == 1  # one connection


def test_a_server_without_direct_updates_gets_forms(proxy: AuthProxy, upstream: str) -> None:
    proxy.rules = Rules(no_direct_update=True)
    with KnowledgeGraph.open(proxy.url) as kg:
        for i in range(2):
            assert kg.add(harbour_extraction(f"form-{i}", HARBOUR_TEXT + " " * i)).status == "added"
    updates = [s for s in proxy.seen if s.path == "/update"]
    assert [(s.content_type, s.answer) for s in updates] == [
        ("application/sparql-update", 415),
        ("application/x-www-form-urlencoded", 204),
        ("application/x-www-form-urlencoded", 204),
    ]
    assert _articles(upstream) == ["form-0", "form-1"]


def test_an_http_proxy_from_the_environment_is_used(
    proxy: AuthProxy, upstream: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("http_proxy", proxy.url)
    with KnowledgeGraph.open(upstream) as kg:
        assert kg.add(harbour_extraction("via-proxy")).status == "added"
        assert kg.stats().articles == 1
    assert proxy.seen and all(s.proxied for s in proxy.seen)
    monkeypatch.delenv("http_proxy")
    assert _articles(upstream) == ["via-proxy"]


def test_a_restarting_server_is_waited_for(upstream: str) -> None:
    port = free_port()
    first = AuthProxy(upstream, port=port).start()
    backend = RemoteBackend(first.url, meta_graph=META_GRAPH, retries=6, retry_wait=0.1)
    with KnowledgeGraph(backend) as kg:
        assert kg.add(harbour_extraction("before")).status == "added"
        first.stop()  # the server goes away: connections are refused
        second = AuthProxy(upstream, port=port)
        timer = threading.Timer(0.3, second.start)
        timer.start()
        try:
            assert kg.add(harbour_extraction("after")).status == "added"
        finally:
            timer.join()
            second.stop()
    assert _articles(upstream) == ["after", "before"]


def _batch(n: int) -> list[Article]:
    return [Article(id=f"batch-{i}", text=HARBOUR_TEXT + " " * i) for i in range(n)]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_batch_stops_when_the_store_goes_away_and_a_rerun_goes_on(
    proxy: AuthProxy, upstream: str, workers: int
) -> None:
    proxy.rules = Rules(retry_after="0")
    backend = RemoteBackend(proxy.url, meta_graph=META_GRAPH, retries=2, retry_wait=0.01)
    with KnowledgeGraph(backend) as kg:
        assert kg.add(harbour_extraction("batch-0", HARBOUR_TEXT)).status == "added"
        # one look-up of the first block's input digests; batch-0, stored without one: a
        # look-up and its digest written (unchanged); then 3 x (look-up, look-up of the
        # tallies it touches, update)
        proxy.rules.fail_after = proxy.passed + 1 + 2 + 3 * 3
        started = time.monotonic()
        with pytest.raises(StoreUnavailableError) as info:
            ingest(kg, _batch(40), extractor=STUB, workers=workers)
        report = info.value.report
        assert report is not None
        assert (report.added, report.unchanged, report.rejected) == (3, 1, [])
        assert "stopped after storing 4 article(s)" in str(info.value)
        assert time.monotonic() - started < 60  # it stopped; it did not try all 40
        stored = _articles(upstream)
        assert len(stored) == 4 and "batch-4" not in stored
        proxy.rules.fail_after = None
        again = ingest(kg, _batch(40), extractor=STUB, workers=workers)
    assert (again.added, again.unchanged, again.rejected) == (36, 4, [])
    assert len(_articles(upstream)) == 40


def test_cli_reports_the_stopped_batch(proxy: AuthProxy, tmp_path: Path) -> None:
    from claimgraph.cli import app

    texts = [
        HARBOUR_TEXT,
        'Mayor Lena Ortiz said the bridge would reopen in May. "We are on schedule," Ortiz said.',
        "Bluewave, which is owned by Northstar Holdings, said ferries would run on Sunday.",
    ]
    for name, text in zip(("a-first", "b-second", "c-third"), texts, strict=True):
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    proxy.rules = Rules(fail_after=None, retry_after="0")
    rejects = tmp_path / "rejects.jsonl"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(tmp_path), "--store", proxy.url, "--no-curated"])
    assert res.exit_code in (0, 1), res.output
    stored_before = res.output
    proxy.rules.fail_after = proxy.passed  # the store goes away for the next batch
    res = runner.invoke(
        app,
        ["ingest", str(tmp_path), "--store", proxy.url, "--no-curated", "--rejects", str(rejects)],
    )
    assert res.exit_code == 2, res.output
    assert "stored 0 article(s)" in res.output and "the batch stopped" in res.output
    assert "HTTP 503" in res.output and rejects.exists()
    assert "stored" in stored_before


# ---------------------------------------------------------------- timeouts
@contextlib.contextmanager
def _silent_server() -> Iterator[tuple[str, list[socket.socket]]]:
    """A server that takes connections and reads requests, and never answers."""
    sock = socket.create_server(("127.0.0.1", 0))
    sock.settimeout(0.05)
    taken: list[socket.socket] = []
    stop = threading.Event()

    def take() -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                taken.append(sock.accept()[0])

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", taken
    finally:
        stop.set()
        thread.join()
        for conn in taken:
            conn.close()
        sock.close()


def _ask(url: str, **kwargs: Any) -> StoreError:
    with (
        pytest.raises(StoreError) as info,
        KnowledgeGraph.open(url, read_only=True, **kwargs) as kg,
    ):
        kg.stats()
    return info.value


def test_a_silent_server_times_out_once_not_retried() -> None:
    with _silent_server() as (url, taken):
        started = time.monotonic()
        exc = _ask(url, timeout=0.3)
        waited = time.monotonic() - started
    assert "gave no answer within 0.3 s" in str(exc)
    assert len(taken) == 1 and waited < 30  # one connection: a timeout is not sent again


def test_the_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_STORE_TIMEOUT", "0.25")
    with _silent_server() as (url, _):
        assert "within 0.25 s" in str(_ask(url))
        assert "within 0.2 s" in str(_ask(url, timeout=0.2))  # the argument wins


@pytest.mark.parametrize("bad", [0, -1.0, float("inf"), float("nan")])
def test_a_timeout_that_is_not_a_positive_number_is_refused(bad: float) -> None:
    with pytest.raises(StoreError, match="not a positive number of seconds"):
        resolve_timeout(bad)


def test_a_bad_timeout_variable_is_named() -> None:
    with pytest.raises(StoreError, match=r"CLAIMGRAPH_STORE_TIMEOUT='soon' is not a number"):
        resolve_timeout(None, environ={"CLAIMGRAPH_STORE_TIMEOUT": "soon"})
    assert resolve_timeout(None, environ={}) == DEFAULT_TIMEOUT
    assert resolve_timeout(None, environ={"CLAIMGRAPH_STORE_TIMEOUT": ""}) == DEFAULT_TIMEOUT


def test_cli_timeout_option(tmp_path: Path) -> None:
    from claimgraph.cli import app

    runner = CliRunner()
    with _silent_server() as (url, _):
        res = runner.invoke(app, ["stats", "--store", url, "--timeout", "0.3"])
    assert res.exit_code == 2 and "no answer within 0.3 s" in res.output, res.output
    res = runner.invoke(app, ["stats", "--store", str(tmp_path / "s"), "--timeout", "5"])
    assert res.exit_code == 2 and "timeout is for remote stores" in res.output, res.output
