"""Amazon Neptune's IAM authentication: every request signed with AWS SigV4.

A real Oxigraph server sits behind :class:`tests.authproxy.AuthProxy`, which refuses any request
whose signature does not match what arrived (method, path, query, headers, body), or whose date,
scope or session token is wrong, with a 403 as Neptune answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.errors import StoreError
from claimgraph.graph.export._export import export_graph
from claimgraph.graph.store._httpaws import is_neptune, wants_sigv4
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.authproxy import AuthProxy, Rules
from tests.awsfake import Asked, FakeAws
from tests.builders import HARBOUR_TEXT, harbour_extraction

Start = Callable[..., str]
KEY, SECRET, TOKEN = "AKIDTESTKEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYTESTKEY", "FwoGZXIvYXdzEXAMPLE"


@pytest.fixture
def upstream(oxigraph_server: Start) -> str:
    return oxigraph_server()


@pytest.fixture
def neptune(upstream: str) -> Iterator[AuthProxy]:
    rules = Rules(scheme="aws-sigv4", user=KEY, password=SECRET, region="eu-west-1")
    with AuthProxy(upstream, rules, keep_alive=True) as p:
        yield p


def _ok(answer: int | str) -> bool:
    return isinstance(answer, int) and 200 <= answer < 300


def _keys(monkeypatch: pytest.MonkeyPatch, secret: str = SECRET) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    monkeypatch.setenv("AWS_REGION", "eu-west-1")


def test_signed_add_query_and_export(
    neptune: AuthProxy, upstream: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _keys(monkeypatch)
    with KnowledgeGraph.open(neptune.url, auth="aws-sigv4") as kg:
        assert kg.add(harbour_extraction("signed-1")).status == "added"
        assert kg.add(harbour_extraction("signed-1")).status == "unchanged"
        speakers = {r["speakerName"] for r in kg.query("who-said-what").to_dicts()}
        one = export_graph(kg, format="nquads", article="signed-1")  # GSP, ?graph= in the URL
    assert speakers and one
    assert neptune.seen and all(_ok(s.answer) for s in neptune.seen), neptune.seen
    assert all((s.authorization or "").startswith("AWS4-HMAC-SHA256 ") for s in neptune.seen)
    assert {s.method for s in neptune.seen} == {"GET", "POST"}
    with KnowledgeGraph.open(upstream) as direct:
        assert direct.articles() == ["signed-1"]


def test_unsigned_requests_are_refused_as_neptune_does(neptune: AuthProxy) -> None:
    with pytest.raises(StoreError, match="403") as info, KnowledgeGraph.open(neptune.url) as kg:
        kg.stats()
    assert neptune.seen[0].authorization is None and "Missing Authentication Token" in str(
        info.value
    )


def test_a_wrong_secret_is_named_by_its_key_not_shown(
    neptune: AuthProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    _keys(monkeypatch, secret="not-the-secret")
    opened = KnowledgeGraph.open(neptune.url, auth="aws-sigv4")
    with pytest.raises(StoreError) as info, opened as kg:
        kg.stats()
    text = str(info.value)
    assert "403" in text and KEY in text and "AWS_ACCESS_KEY_ID" in text and "eu-west-1" in text
    assert "does not match" in text and "not-the-secret" not in text
    assert len(neptune.seen) == 1  # a refusal is not retried


def test_retries_are_signed(neptune: AuthProxy, monkeypatch: pytest.MonkeyPatch) -> None:
    _keys(monkeypatch)
    neptune.rules.fail = [503, 503]
    backend_kg = KnowledgeGraph.open(neptune.url, auth="aws-sigv4")
    backend_kg.backend.http.retry_wait = 0.01  # type: ignore[attr-defined]
    with backend_kg as kg:
        assert kg.stats().articles == 0
    assert [s.answer for s in neptune.seen[:3]] == [503, 503, 200]  # the third one verified
    assert all((s.authorization or "").startswith("AWS4-HMAC-SHA256 ") for s in neptune.seen)


def test_cli_with_a_profile_and_a_session_token(
    neptune: AuthProxy, upstream: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from claimgraph.cli import app

    neptune.rules.token = TOKEN
    creds = tmp_path / "credentials"
    creds.write_text(
        f"[default]\naws_access_key_id = OTHER\naws_secret_access_key = x\n\n"
        f"[newsroom]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n"
        f"aws_session_token = {TOKEN}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(creds))
    monkeypatch.setenv("AWS_PROFILE", "newsroom")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("CLAIMGRAPH_STORE_AUTH", "aws-sigv4")
    (tmp_path / "one.txt").write_text(HARBOUR_TEXT, encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(
        app, ["ingest", str(tmp_path / "one.txt"), "--store", neptune.url, "--no-curated"]
    )
    assert res.exit_code in (0, 1), res.output  # 1: the extractor rejected it
    res = runner.invoke(app, ["stats", "--store", neptune.url, "--json"])
    assert res.exit_code == 0 and '"articles": 1' in res.output, res.output
    assert all(_ok(s.answer) for s in neptune.seen)
    monkeypatch.setenv("AWS_PROFILE", "default")  # a key the server does not know
    res = runner.invoke(app, ["stats", "--store", neptune.url])
    assert res.exit_code == 2 and "OTHER" in res.output and "'default'" in res.output


def test_signing_without_credentials_or_region_says_what_to_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = "http://127.0.0.1:7878"
    with pytest.raises(StoreError, match=r"no AWS credentials were found.*AWS_ACCESS_KEY_ID"):
        KnowledgeGraph.open(url, auth="aws-sigv4")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    with pytest.raises(StoreError, match=r"region of '127\.0\.0\.1:7878'.*set AWS_REGION"):
        KnowledgeGraph.open(url, auth="aws-sigv4")
    kg = KnowledgeGraph.open(
        "https://db.cluster-ro-ab12.ap-south-1.neptune.amazonaws.com:8182/sparql", auth="aws-sigv4"
    )
    assert kg.backend.http.signer.region == "ap-south-1"  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="give one login"):
        KnowledgeGraph.open("http://ann:pw@127.0.0.1:7878", auth="aws-sigv4")


def test_unknown_auth_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(StoreError, match="auth='aws' is not known"):
        wants_sigv4("aws")
    monkeypatch.setenv("CLAIMGRAPH_STORE_AUTH", "iam")
    with pytest.raises(StoreError, match="CLAIMGRAPH_STORE_AUTH='iam' is not known"):
        KnowledgeGraph.open("http://127.0.0.1:7878")
    assert wants_sigv4(("ann", "pw")) is False


def test_neptune_hosts_are_recognised() -> None:
    assert is_neptune("https://db.cluster-c1.us-east-1.neptune.amazonaws.com:8182/sparql")
    assert is_neptune("https://i-1.c1.cn-north-1.neptune.amazonaws.com.cn:8182/sparql")
    assert not is_neptune("https://neptune.amazonaws.com.evil.example/sparql")
    assert not is_neptune("http://127.0.0.1:7878")


def test_a_refused_unsigned_request_to_neptune_says_how_to_sign() -> None:
    from email.message import Message

    from claimgraph.graph.store._http import HttpClient
    from claimgraph.graph.store._httpconn import Answer

    url = "https://db.cluster-c1.us-east-1.neptune.amazonaws.com:8182/sparql"
    client = HttpClient(url)
    body = b'{"code":"AccessDeniedException","detailedMessage":"Missing Authentication Token"}'
    exc = client._http_error(url, Answer(403, "Forbidden", Message(), body), [])
    text = str(exc)
    assert "Missing Authentication Token" in text and "CLAIMGRAPH_STORE_AUTH=aws-sigv4" in text


def test_container_credentials_sign_and_are_renewed_before_they_expire(
    neptune: AuthProxy, upstream: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on ECS: no keys anywhere but the task's endpoint, whose first keys are about to expire
    (the proxy does not know them); claimgraph asks again before signing with them."""
    neptune.rules.token = TOKEN
    now = datetime.now(UTC)

    def answer(asked: Asked) -> tuple[int, bytes]:
        fresh = len(container.asked) > 1
        expires = now + (timedelta(hours=6) if fresh else timedelta(minutes=3))
        body = {
            "AccessKeyId": KEY if fresh else "ASIAOLDKEY",
            "SecretAccessKey": SECRET if fresh else "old-secret",
            "Token": TOKEN if fresh else "old-token",
            "Expiration": f"{expires:%Y-%m-%dT%H:%M:%SZ}",
        }
        return 200, json.dumps(body).encode()

    with FakeAws(answer) as container:
        monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", container.url + "/creds")
        monkeypatch.setenv("AWS_REGION", "eu-west-1")
        with KnowledgeGraph.open(neptune.url, auth="aws-sigv4") as kg:
            assert kg.backend.http.signer.credentials.access_key == KEY  # type: ignore[attr-defined]
            assert kg.add(harbour_extraction("from-the-task")).status == "added"
            assert kg.articles() == ["from-the-task"]
    assert len(container.asked) == 2  # renewed once, then good for six hours
    assert neptune.seen and all(_ok(s.answer) for s in neptune.seen), neptune.seen
    with KnowledgeGraph.open(upstream) as direct:
        assert direct.articles() == ["from-the-task"]
