"""Amazon Neptune's IAM authentication: every request signed with AWS SigV4 by botocore.

A real Oxigraph server sits behind :class:`tests.authproxy.AuthProxy`, which refuses any request
whose signature does not match what arrived (method, path, query, headers, body), or whose date,
scope or session token is wrong, with a 403 as Neptune answers. The credentials come from
botocore's chain: the environment, a profile in a temporary ``~/.aws`` (``AWS_CONFIG_FILE``,
``AWS_SHARED_CREDENTIALS_FILE``), a ``credential_process``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from claimgraph.errors import StoreError
from claimgraph.graph.export._export import export_graph
from claimgraph.graph.store._http import HttpClient
from claimgraph.graph.store._httpaws import is_neptune, wants_sigv4
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.authproxy import AuthProxy, Rules
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
    backend_kg.backend.http.policy.wait = 0.01  # type: ignore[attr-defined]
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
    with pytest.raises(StoreError, match=r"botocore found no AWS credentials.*AWS_ACCESS_KEY_ID"):
        KnowledgeGraph.open(url, auth="aws-sigv4")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    with pytest.raises(StoreError, match=r"region of '127\.0\.0\.1:7878'.*set AWS_REGION"):
        KnowledgeGraph.open(url, auth="aws-sigv4")
    kg = KnowledgeGraph.open(
        "https://db.cluster-ro-ab12.ap-south-1.neptune.amazonaws.com:8182/sparql", auth="aws-sigv4"
    )
    assert kg.backend.http.signer.region == "ap-south-1"  # type: ignore[attr-defined]
    with pytest.raises(StoreError, match="give one"):
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
    url = "https://db.cluster-c1.us-east-1.neptune.amazonaws.com:8182/sparql"
    body = {"code": "AccessDeniedException", "detailedMessage": "Missing Authentication Token"}
    refuse = httpx.MockTransport(lambda request: httpx.Response(403, json=body))
    client = HttpClient(url, transport=refuse)
    with pytest.raises(StoreError) as info:
        client.request(url, data=None, content_type=None, accept="*/*")
    text = str(info.value)
    assert "Missing Authentication Token" in text and "CLAIMGRAPH_STORE_AUTH=aws-sigv4" in text


def _recorded() -> tuple[HttpClient, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"head": {"vars": []}, "results": {"bindings": []}})

    url = "https://db.cluster-c1.eu-west-1.neptune.amazonaws.com:8182/sparql"
    client = HttpClient(url, auth="aws-sigv4", transport=httpx.MockTransport(answer))
    return client, seen


def test_temporary_credentials_send_their_session_token(monkeypatch: pytest.MonkeyPatch) -> None:
    _keys(monkeypatch)
    monkeypatch.setenv("AWS_SESSION_TOKEN", TOKEN)
    client, seen = _recorded()
    client.request(
        client.url + "?graph=a%20b", data=b"query=ASK%7B%7D", content_type="x/y", accept="*/*"
    )
    (request,) = seen
    auth = request.headers["Authorization"]
    day = request.headers["X-Amz-Date"][:8]
    assert auth.startswith(f"AWS4-HMAC-SHA256 Credential={KEY}/{day}/eu-west-1/neptune-db/")
    assert "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token," in auth
    assert request.headers["X-Amz-Security-Token"] == TOKEN
    assert SECRET not in str(request.headers)


def test_long_term_keys_send_no_session_token(monkeypatch: pytest.MonkeyPatch) -> None:
    _keys(monkeypatch)
    client, seen = _recorded()
    client.request(client.url, data=None, content_type=None, accept="*/*")
    client.request(client.url, data=None, content_type=None, accept="*/*")
    assert all("X-Amz-Security-Token" not in r.headers for r in seen)
    assert all("SignedHeaders=host;x-amz-date," in r.headers["Authorization"] for r in seen)


def test_without_botocore_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _keys(monkeypatch)
    monkeypatch.setitem(sys.modules, "botocore.session", None)  # import fails as if not installed
    with pytest.raises(StoreError, match=r"pip install 'claimgraph\[neptune\]'"):
        KnowledgeGraph.open("http://127.0.0.1:7878", auth="aws-sigv4")


def test_an_unknown_profile_is_a_store_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "nowhere")
    with pytest.raises(StoreError, match="nowhere"):
        KnowledgeGraph.open("http://127.0.0.1:7878", auth="aws-sigv4")


PROCESS = """\
import json, pathlib, sys
from datetime import datetime, timedelta, timezone
count = pathlib.Path(sys.argv[1])
n = int(count.read_text()) + 1 if count.exists() else 1
count.write_text(str(n))
fresh = n > 1
expires = datetime.now(timezone.utc) + (timedelta(hours=6) if fresh else timedelta(minutes=3))
print(json.dumps({
    "Version": 1,
    "AccessKeyId": sys.argv[2] if fresh else "ASIAOLDKEY",
    "SecretAccessKey": sys.argv[3] if fresh else "old-secret",
    "SessionToken": sys.argv[4] if fresh else "old-token",
    "Expiration": expires.strftime("%Y-%m-%dT%H:%M:%SZ"),
}))
"""


def test_credential_process_signs_and_is_renewed_before_it_expires(
    neptune: AuthProxy, upstream: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A profile of a temporary ~/.aws/config whose credential_process first gives keys about
    to expire (the proxy does not know them): botocore asks again before signing with them."""
    neptune.rules.token = TOKEN
    script, count = tmp_path / "creds.py", tmp_path / "count"
    script.write_text(PROCESS, encoding="utf-8")
    config = tmp_path / "config"
    command = f"{sys.executable} {script} {count} {KEY} {SECRET} {TOKEN}"
    config.write_text(
        f"[profile newsroom]\ncredential_process = {command}\nregion = eu-west-1\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_PROFILE", "newsroom")
    with KnowledgeGraph.open(neptune.url, auth="aws-sigv4") as kg:
        assert kg.backend.http.signer.region == "eu-west-1"  # type: ignore[attr-defined]
        assert kg.add(harbour_extraction("from-the-process")).status == "added"
        assert kg.articles() == ["from-the-process"]
    assert count.read_text() == "2"  # renewed once, then good for six hours
    assert neptune.seen and all(_ok(s.answer) for s in neptune.seen), neptune.seen
    with KnowledgeGraph.open(upstream) as direct:
        assert direct.articles() == ["from-the-process"]
