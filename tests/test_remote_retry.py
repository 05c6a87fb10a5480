"""The remote store's retry policy and transport failures, on httpx's MockTransport.

Each test scripts what the "server" does, request by request (an answer, or an httpx transport
error), and checks what the client sent, how long it waited and the typed error it ended in.
"""

from __future__ import annotations

import httpx
import pytest

from claimgraph.errors import StoreError, StoreUnavailableError
from claimgraph.graph.store._http import HttpClient, RetryPolicy, Transient
from claimgraph.graph.store._kg import META_GRAPH, KnowledgeGraph
from claimgraph.graph.store._remote import RemoteBackend
from tests.conftest import free_port

URL = "http://store.test:7878"
Step = int | tuple[int, dict[str, str]] | type[Exception]


def _scripted(steps: list[Step]) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """A transport that plays ``steps`` (a status, a status with headers, or an httpx error to
    raise), then answers 200 to every request."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        step = steps.pop(0) if steps else 200
        if isinstance(step, type):
            raise step("scripted failure", request=request)  # type: ignore[call-arg]
        status, headers = step if isinstance(step, tuple) else (step, {})
        return httpx.Response(status, headers=headers, content=b"busy" if status >= 300 else b"ok")

    return httpx.MockTransport(answer), seen


def _client(steps: list[Step], **kwargs: object) -> tuple[HttpClient, list[httpx.Request]]:
    transport, seen = _scripted(steps)
    return HttpClient(URL, transport=transport, **kwargs), seen  # type: ignore[arg-type]


def _get(client: HttpClient) -> bytes:
    return client.request(URL + "/query", data=None, content_type=None, accept="*/*")


def test_busy_and_broken_answers_are_retried_with_doubling_waits() -> None:
    waits: list[float] = []
    steps: list[Step] = [503, httpx.RemoteProtocolError, 429, httpx.ReadError, 502, 504]
    client, seen = _client(steps, retries=6, retry_wait=0.25, sleep=waits.append)
    assert _get(client) == b"ok"
    assert len(seen) == 7 and waits == [0.25, 0.5, 1.0, 2.0, 4.0, 8.0]


def test_retry_after_is_obeyed_and_capped() -> None:
    waits: list[float] = []
    busy = (503, {"Retry-After": "45"})
    client, seen = _client([busy, (429, {"Retry-After": "2"}), busy], retries=2, sleep=waits.append)
    with pytest.raises(StoreUnavailableError) as info:
        _get(client)
    assert waits == [30.0, 2.0]  # Retry-After 45 s, capped at 30
    assert "HTTP 503" in str(info.value) and "3 attempt(s)" in str(info.value)
    assert len(seen) == 3


def test_a_refusal_or_a_server_error_is_not_retried() -> None:
    for status in (400, 401, 404, 500):
        waits: list[float] = []
        client, seen = _client([status], sleep=waits.append)
        with pytest.raises(StoreError) as info:
            _get(client)
        assert not isinstance(info.value, StoreUnavailableError)
        assert info.value.status == status and f"HTTP {status}" in str(info.value)
        assert len(seen) == 1 and waits == []


def test_a_refused_connection_fails_at_once_until_the_server_has_answered() -> None:
    waits: list[float] = []
    client, seen = _client([httpx.ConnectError], sleep=waits.append)
    with pytest.raises(StoreError, match="cannot reach SPARQL endpoint") as info:
        _get(client)
    assert not isinstance(info.value, StoreUnavailableError) and waits == []
    client, seen = _client([200, httpx.ConnectError, httpx.ConnectError], sleep=waits.append)
    assert _get(client) == _get(client) == b"ok"  # a restart in the middle of a batch
    assert len(seen) == 4 and waits == [0.5, 1.0]


def test_a_real_wrong_url_fails_at_once() -> None:
    waits: list[float] = []
    client = HttpClient(f"http://127.0.0.1:{free_port()}", sleep=waits.append)
    with pytest.raises(StoreError) as info:
        client.request(client.url + "/query", data=None, content_type=None, accept="*/*")
    assert "cannot reach" in str(info.value) and waits == []
    assert not isinstance(info.value, StoreUnavailableError)


def test_a_timeout_is_not_retried() -> None:
    client, seen = _client([httpx.ReadTimeout], timeout=1.5)
    with pytest.raises(StoreError, match=r"gave no answer within 1\.5 s") as info:
        _get(client)
    assert not isinstance(info.value, StoreUnavailableError) and len(seen) == 1


def test_a_redirect_is_reported_not_followed() -> None:
    moved = (308, {"Location": "https://elsewhere.example.org/sparql"})
    transport, seen = _scripted([moved])
    backend = RemoteBackend(
        "http://ann:pw@store.test:7878", meta_graph=META_GRAPH, transport=transport
    )
    with KnowledgeGraph(backend) as kg, pytest.raises(StoreError) as info:
        kg.stats()
    text = str(info.value)
    assert "HTTP 308" in text and "https://elsewhere.example.org/sparql" in text
    assert "give that URL instead" in text and len(seen) == 1


def test_a_batch_write_goes_through_after_passing_failures() -> None:
    transport, seen = _scripted([503, httpx.RemoteProtocolError])
    backend = RemoteBackend(URL, meta_graph=META_GRAPH, transport=transport, retry_wait=0.01)
    backend.replace_meta(META_GRAPH, [])  # one update request, sent three times
    assert [r.url.path for r in seen] == ["/update"] * 3
    assert {r.headers["Content-Type"] for r in seen} == {"application/sparql-update"}
    assert len({r.content for r in seen}) == 1  # the same body each time


def test_the_policy_runs_any_request() -> None:
    waits: list[float] = []
    policy = RetryPolicy(retries=1, wait=0.1, sleep=waits.append)
    calls: list[int] = []

    def fails_always() -> bytes:
        calls.append(1)
        raise Transient("answered HTTP 503")

    with pytest.raises(StoreUnavailableError, match="2 attempt"):
        policy.run(fails_always, URL)
    assert len(calls) == 2 and waits == [0.1]
    assert RetryPolicy(retries=0).run(lambda: "fine", URL) == "fine"
