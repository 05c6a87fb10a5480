"""Where AWS credentials come from: the shared files, roles, SSO, processes, containers, EC2.

The endpoints (STS, the SSO portal, the ECS/EKS container endpoint, the EC2 metadata service)
are played by :class:`tests.awsfake.FakeAws` on localhost, reached through the AWS variables
that move them (``AWS_ENDPOINT_URL_STS``, ``AWS_EC2_METADATA_SERVICE_ENDPOINT``...). STS checks
the signature of AssumeRole with claimgraph's ``sign()``, recomputed from what arrived.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from claimgraph.errors import StoreError
from claimgraph.graph.store._awscreds import Renewing, find_aws_credentials
from claimgraph.graph.store._httpaws import find_signer
from claimgraph.graph.store._sigv4 import AwsCredentials, sign
from tests.awsfake import Asked, FakeAws

BASE = AwsCredentials("AKIABASE", "base-secret")
SOON = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0)
STAMP = SOON.strftime("%Y-%m-%dT%H:%M:%SZ")


def _env(tmp_path: Path, config: str = "", credentials: str = "", **more: str) -> dict[str, str]:
    """A bare environment: its own home, these two shared files, no instance role."""
    (tmp_path / "config").write_text(config, encoding="utf-8")
    (tmp_path / "credentials").write_text(credentials, encoding="utf-8")
    return {
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        **more,
    }


def _sts_xml(key: str, secret: str, token: str, action: str = "AssumeRole") -> bytes:
    return (
        f'<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
        f"<{action}Result><Credentials><AccessKeyId>{key}</AccessKeyId>"
        f"<SecretAccessKey>{secret}</SecretAccessKey><SessionToken>{token}</SessionToken>"
        f"<Expiration>{STAMP}</Expiration></Credentials></{action}Result></{action}Response>"
    ).encode()


def _form(asked: Asked) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(asked.body.decode()))


def _signed_by(asked: Asked, url: str, creds: AwsCredentials, region: str) -> bool:
    """Whether ``asked`` carries ``creds``' valid SigV4 signature for STS in ``region``."""
    found = re.search(r"SignedHeaders=([^,]+)", asked.headers.get("authorization", ""))
    if found is None:
        return False
    names = found.group(1).split(";")
    signed = {n: asked.headers[n] for n in names if n not in ("x-amz-date", "x-amz-security-token")}
    when = datetime.strptime(asked.headers["x-amz-date"], "%Y%m%dT%H%M%SZ")
    again = sign(
        asked.method,
        url.rstrip("/") + asked.path,
        headers=signed,
        body=asked.body,
        credentials=creds,
        region=region,
        service="sts",
        now=when,
    )
    return again["Authorization"] == asked.headers["authorization"]


# ---- the shared files ----------------------------------------------------------------------


def test_keys_in_the_config_file_and_its_region(tmp_path: Path) -> None:
    config = "[profile dev]\nregion = eu-north-1\naws_access_key_id = AKIADEV\n"
    config += "aws_secret_access_key = dev-secret\n"
    env = _env(tmp_path, config, AWS_PROFILE="dev")
    found = find_aws_credentials(environ=env)
    assert found is not None and (found.access_key, found.secret_key) == ("AKIADEV", "dev-secret")
    assert found.source == f"profile 'dev' in {tmp_path / 'config'}"
    signer = find_signer("http://127.0.0.1:8182/sparql", environ=env)  # a tunnel: no region in it
    assert signer.region == "eu-north-1"


def test_the_credentials_file_wins_over_the_config_file(tmp_path: Path) -> None:
    config = "[default]\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n"
    creds = "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = k\n"
    found = find_aws_credentials(environ=_env(tmp_path, config, creds))
    assert found is not None and found.access_key == "AKIACREDS"


def test_a_named_profile_in_neither_file_names_both(tmp_path: Path) -> None:
    env = _env(tmp_path, "[profile a]\nregion = x\n", AWS_PROFILE="prod")
    with pytest.raises(StoreError) as caught:
        find_aws_credentials(environ=env)
    message = str(caught.value)
    assert "'prod'" in message and str(tmp_path / "config") in message
    assert "aws configure --profile prod" in message


def test_a_profile_with_only_a_region_goes_on_down_the_chain(tmp_path: Path) -> None:
    env = _env(tmp_path, "[default]\nregion = eu-west-3\n")
    assert find_aws_credentials(environ=env) is None


# ---- credential_process --------------------------------------------------------------------


def _process(tmp_path: Path, body: str, code: int = 0) -> str:
    script = tmp_path / "creds.py"
    script.write_text(
        f"import sys\nsys.stderr.write('it went wrong\\n')\nprint({body!r})\nsys.exit({code})\n",
        encoding="utf-8",
    )
    return f"[default]\ncredential_process = {sys.executable} {script}\n"


def test_credential_process_prints_temporary_credentials(tmp_path: Path) -> None:
    printed = {
        "Version": 1,
        "AccessKeyId": "ASIAPROC",
        "SecretAccessKey": "proc-secret",
        "SessionToken": "proc-token",
        "Expiration": STAMP,
    }
    env = _env(tmp_path, _process(tmp_path, json.dumps(printed)))
    found = find_aws_credentials(environ=env)
    assert found is not None
    assert (found.access_key, found.session_token, found.expires) == (
        "ASIAPROC",
        "proc-token",
        SOON,
    )
    assert found.source.startswith("the credential_process of profile 'default' in ")


@pytest.mark.parametrize(
    ("printed", "code", "said"),
    [
        ("{}", 3, r"exited with 3: it went wrong"),
        ("not json", 0, r"not JSON: 'not json"),
        ('{"AccessKeyId": "A", "SecretAccessKey": "B"}', 0, r'without "Version": 1'),
        ('{"Version": 1, "AccessKeyId": "A"}', 0, r"no AccessKeyId and SecretAccessKey"),
    ],
)
def test_a_failing_credential_process_is_named(
    tmp_path: Path, printed: str, code: int, said: str
) -> None:
    env = _env(tmp_path, _process(tmp_path, printed, code))
    with pytest.raises(StoreError, match=said) as caught:
        find_aws_credentials(environ=env)
    assert "profile 'default'" in str(caught.value)


# ---- assumed roles -------------------------------------------------------------------------


ROLE = "arn:aws:iam::123456789012:role/neptune-reader"


def _sts(tmp_path: Path, config: str, **more: str) -> tuple[FakeAws, dict[str, str]]:
    def answer(asked: Asked) -> tuple[int, bytes]:
        form = _form(asked)
        if form.get("Action") == "AssumeRoleWithWebIdentity":
            ok = (
                form.get("WebIdentityToken") == "oidc-token"
                and "authorization" not in asked.headers
            )
            if ok:
                return 200, _sts_xml("ASIAWEB", "web-secret", "web-token", form["Action"])
        elif _signed_by(asked, fake.url, BASE, "eu-west-1") and form.get("RoleArn") == ROLE:
            return 200, _sts_xml("ASIAROLE", "role-secret", "role-token")
        error = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not authorized"
        return 403, (error + "</Message></Error></ErrorResponse>").encode()

    fake = FakeAws(answer)
    creds = "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n"
    return fake, _env(tmp_path, config, creds, **more)


def test_a_role_assumed_with_a_source_profile(tmp_path: Path) -> None:
    config = f"[profile reader]\nrole_arn = {ROLE}\nsource_profile = base\nregion = eu-west-1\n"
    config += "role_session_name = nightly-ingest\nexternal_id = ext-1\n"
    fake, env = _sts(tmp_path, config, AWS_PROFILE="reader")
    with fake:
        env["AWS_ENDPOINT_URL_STS"] = fake.url
        found = find_aws_credentials(environ=env)
    assert found is not None
    assert (found.access_key, found.session_token, found.expires) == (
        "ASIAROLE",
        "role-token",
        SOON,
    )
    assert ROLE in found.source and "base" in found.source
    form = _form(fake.asked[0])
    assert form["RoleSessionName"] == "nightly-ingest" and form["ExternalId"] == "ext-1"
    assert form["Version"] == "2011-06-15"


def test_sts_refusing_quotes_its_code_and_the_role(tmp_path: Path) -> None:
    config = f"[profile reader]\nrole_arn = {ROLE}\nsource_profile = base\nregion = us-east-2\n"
    fake, env = _sts(tmp_path, config, AWS_PROFILE="reader")  # signed for the wrong region
    with fake, pytest.raises(StoreError, match=r"STS refused .*neptune-reader.*AccessDenied"):
        env["AWS_ENDPOINT_URL_STS"] = fake.url
        find_aws_credentials(environ=env)


def test_a_role_with_credential_source_environment(tmp_path: Path) -> None:
    config = f"[profile r]\nrole_arn = {ROLE}\ncredential_source = Environment\n"
    fake, env = _sts(tmp_path, config, AWS_REGION="eu-west-1")
    with fake:
        env["AWS_ENDPOINT_URL_STS"] = fake.url
        with pytest.raises(StoreError, match="credential_source Environment, which has no"):
            find_aws_credentials(environ=env, profile="r")
        env.update(AWS_ACCESS_KEY_ID="AKIABASE", AWS_SECRET_ACCESS_KEY="base-secret")
        assumed = find_aws_credentials(environ=env, profile="r", region="eu-west-1")
        plain = find_aws_credentials(environ={**env, "AWS_PROFILE": "r"})
    # a profile given by argument is used over the environment's keys, as boto3's profile_name=
    assert assumed is not None and assumed.access_key == "ASIAROLE"
    assert plain is not None and plain.access_key == "AKIABASE"  # AWS_PROFILE does not
    assert len(fake.asked) == 1 and _signed_by(fake.asked[0], fake.url, BASE, "eu-west-1")


@pytest.mark.parametrize(
    ("profile", "said"),
    [
        (
            "role_arn = R\nsource_profile = nowhere\n",
            "source_profile = nowhere, which is in neither",
        ),
        ("role_arn = R\n", "add source_profile, credential_source or web_identity_token_file"),
        ("role_arn = R\ncredential_source = Laptop\n", "credential_source = Laptop.*not known"),
        ("role_arn = R\nsource_profile = base\nmfa_serial = M\n", "MFA code"),
    ],
)
def test_a_role_set_up_wrong_says_what_to_add(tmp_path: Path, profile: str, said: str) -> None:
    fake, env = _sts(tmp_path, f"[profile r]\n{profile}", AWS_PROFILE="r")
    with fake, pytest.raises(StoreError, match=said):
        env["AWS_ENDPOINT_URL_STS"] = fake.url
        find_aws_credentials(environ=env)
    assert fake.asked == []


def test_source_profiles_that_loop_are_refused(tmp_path: Path) -> None:
    config = "[profile a]\nrole_arn = RA\nsource_profile = b\n"
    config += "[profile b]\nrole_arn = RB\nsource_profile = a\n"
    with pytest.raises(StoreError, match=r"loop: a -> b -> a"):
        find_aws_credentials(environ=_env(tmp_path, config, AWS_PROFILE="a"))


def test_a_web_identity_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "token").write_text("oidc-token\n", encoding="utf-8")
    fake, env = _sts(tmp_path, "", AWS_ROLE_ARN=ROLE, AWS_ROLE_SESSION_NAME="pod-1")
    env["AWS_WEB_IDENTITY_TOKEN_FILE"] = str(tmp_path / "token")
    with fake:
        env["AWS_ENDPOINT_URL_STS"] = fake.url
        found = find_aws_credentials(environ=env)
    assert found is not None and found.access_key == "ASIAWEB" and found.session_token
    assert _form(fake.asked[0])["RoleSessionName"] == "pod-1"


# ---- IAM Identity Center (SSO) -------------------------------------------------------------


def _sso_cache(home: Path, key: str, expires: datetime) -> None:
    cache = home / ".aws" / "sso" / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha1(key.encode()).hexdigest() + ".json"
    stamp = expires.strftime("%Y-%m-%dT%H:%M:%SZ")
    (cache / name).write_text(json.dumps({"accessToken": "sso-bearer", "expiresAt": stamp}))


def _portal() -> FakeAws:
    def answer(asked: Asked) -> tuple[int, bytes]:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(asked.path).query))
        if asked.headers.get("x-amz-sso_bearer_token") != "sso-bearer":
            return 401, b'{"message": "Session token not found or invalid"}'
        assert query == {"account_id": "123456789012", "role_name": "GraphReader"}
        creds = {
            "accessKeyId": "ASIASSO",
            "secretAccessKey": "sso-secret",
            "sessionToken": "sso-token",
            "expiration": int(SOON.timestamp() * 1000),
        }
        return 200, json.dumps({"roleCredentials": creds}).encode()

    return FakeAws(answer)


SSO_CONFIG = """\
[profile team]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = GraphReader
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
"""


def test_an_sso_profile_with_a_cached_login(tmp_path: Path) -> None:
    _sso_cache(tmp_path, "corp", SOON)
    with _portal() as portal:
        env = _env(tmp_path, SSO_CONFIG, AWS_PROFILE="team", AWS_ENDPOINT_URL_SSO=portal.url)
        found = find_aws_credentials(environ=env)
    assert found is not None
    assert (found.access_key, found.session_token, found.expires) == ("ASIASSO", "sso-token", SOON)
    assert portal.asked[0].path.startswith("/federation/credentials?")


def test_a_legacy_sso_profile_keys_its_cache_by_the_start_url(tmp_path: Path) -> None:
    url = "https://old.awsapps.com/start"
    config = f"[profile old]\nsso_start_url = {url}\nsso_region = us-east-1\n"
    config += "sso_account_id = 123456789012\nsso_role_name = GraphReader\n"
    _sso_cache(tmp_path, url, SOON)
    with _portal() as portal:
        env = _env(tmp_path, config, AWS_PROFILE="old", AWS_ENDPOINT_URL_SSO=portal.url)
        found = find_aws_credentials(environ=env)
    assert found is not None and found.access_key == "ASIASSO"


def test_an_sso_login_missing_or_expired_says_to_log_in(tmp_path: Path) -> None:
    env = _env(tmp_path, SSO_CONFIG, AWS_PROFILE="team", AWS_ENDPOINT_URL_SSO="http://127.0.0.1:9")
    with pytest.raises(StoreError, match=r"no cached SSO login.*aws sso login --profile team"):
        find_aws_credentials(environ=env)
    _sso_cache(tmp_path, "corp", datetime.now(UTC) - timedelta(minutes=1))
    with pytest.raises(StoreError, match=r"expired at .*aws sso login --profile team"):
        find_aws_credentials(environ=env)


def test_an_sso_profile_naming_a_missing_session(tmp_path: Path) -> None:
    config = SSO_CONFIG.replace("[sso-session corp]", "[sso-session other]")
    with pytest.raises(StoreError, match=r"sso-session 'corp'.*add an \[sso-session corp\]"):
        find_aws_credentials(environ=_env(tmp_path, config, AWS_PROFILE="team"))


# ---- containers (ECS, EKS Pod Identity) ----------------------------------------------------


def _container(token: str = "") -> FakeAws:
    def answer(asked: Asked) -> tuple[int, bytes]:
        if token and asked.headers.get("authorization") != token:
            return 403, b'{"message": "bad token"}'
        body = {
            "AccessKeyId": "ASIATASK",
            "SecretAccessKey": "task-secret",
            "Token": "task-token",
            "Expiration": STAMP,
        }
        return 200, json.dumps(body).encode()

    return FakeAws(answer)


def test_the_container_endpoint_with_its_token_file(tmp_path: Path) -> None:
    (tmp_path / "eks-token").write_text("pod-identity-token\n", encoding="utf-8")
    with _container("pod-identity-token") as fake:
        env = _env(
            tmp_path,
            AWS_CONTAINER_CREDENTIALS_FULL_URI=fake.url + "/v1/credentials",
            AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=str(tmp_path / "eks-token"),
        )
        found = find_aws_credentials(environ=env)
        env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = str(tmp_path / "missing")
        with pytest.raises(StoreError, match="cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"):
            find_aws_credentials(environ=env)
        del env["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]
        with pytest.raises(StoreError, match=r"container credentials endpoint .* answered 403"):
            find_aws_credentials(environ=env)
    assert found is not None and (found.access_key, found.expires) == ("ASIATASK", SOON)
    assert fake.asked[0].path == "/v1/credentials"


def test_a_container_uri_to_another_host_is_refused(tmp_path: Path) -> None:
    env = _env(tmp_path, AWS_CONTAINER_CREDENTIALS_FULL_URI="http://evil.example/creds")
    with pytest.raises(StoreError, match="is not allowed: it must be https"):
        find_aws_credentials(environ=env)


# ---- the EC2 instance's role ---------------------------------------------------------------


def _imds(*, v2: bool = True, role: str = "graph-role") -> FakeAws:
    def answer(asked: Asked) -> tuple[int, bytes]:
        if asked.path == "/latest/api/token":
            if not v2:
                return 405, b""
            assert asked.method == "PUT"
            assert asked.headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600"
            return 200, b"imds-session"
        if v2 and asked.headers.get("x-aws-ec2-metadata-token") != "imds-session":
            return 401, b""
        base = "/latest/meta-data/iam/security-credentials/"
        if asked.path == base:
            return (200, role.encode()) if role else (404, b"")
        if asked.path == base + role:
            body = {
                "Code": "Success",
                "AccessKeyId": "ASIAEC2",
                "SecretAccessKey": "ec2-secret",
                "Token": "ec2-token",
                "Expiration": STAMP,
            }
            return 200, json.dumps(body).encode()
        return 404, b""

    return FakeAws(answer)


@pytest.mark.parametrize("v2", [True, False])
def test_the_instance_role_through_the_metadata_service(tmp_path: Path, v2: bool) -> None:
    with _imds(v2=v2) as fake:
        env = _env(tmp_path, AWS_EC2_METADATA_SERVICE_ENDPOINT=fake.url)
        del env["AWS_EC2_METADATA_DISABLED"]
        found = find_aws_credentials(environ=env)
    assert found is not None and (found.access_key, found.session_token) == ("ASIAEC2", "ec2-token")
    assert "graph-role" in found.source
    assert [a.path for a in fake.asked][-1].endswith("/graph-role")


def test_an_instance_without_a_role_or_without_the_service_has_none(tmp_path: Path) -> None:
    with _imds(role="") as fake:
        env = _env(tmp_path, AWS_EC2_METADATA_SERVICE_ENDPOINT=fake.url)
        del env["AWS_EC2_METADATA_DISABLED"]
        assert find_aws_credentials(environ=env) is None
        env["AWS_EC2_METADATA_DISABLED"] = "true"
        seen = len(fake.asked)
        assert find_aws_credentials(environ=env) is None
        assert len(fake.asked) == seen  # not asked at all
    env = _env(tmp_path, AWS_EC2_METADATA_SERVICE_ENDPOINT=fake.url)  # now closed
    del env["AWS_EC2_METADATA_DISABLED"]
    assert find_aws_credentials(environ=env) is None


# ---- renewal -------------------------------------------------------------------------------


def test_temporary_credentials_are_renewed_five_minutes_before_they_expire() -> None:
    now = datetime.now(UTC)
    first = AwsCredentials("ASIAONE", "s1", "t1", "one", now + timedelta(minutes=10))
    second = AwsCredentials("ASIATWO", "s2", "t2", "two", now + timedelta(hours=1))
    calls: list[int] = []

    def renew() -> AwsCredentials:
        calls.append(1)
        return second

    held = Renewing(first, renew)
    assert held.current(now=now).access_key == "ASIAONE" and not calls
    assert held.current(now=now + timedelta(minutes=6)).access_key == "ASIATWO"
    assert held.current(now=now + timedelta(minutes=7)).access_key == "ASIATWO"
    assert len(calls) == 1
    lost = Renewing(first, lambda: None)
    with pytest.raises(StoreError, match=r"from one expire at .* no new ones were found"):
        lost.current(now=now + timedelta(minutes=9))
    static = Renewing(AwsCredentials("AKIA", "s"), renew)
    assert static.current(now=now + timedelta(days=400)).access_key == "AKIA"


def test_nothing_anywhere_is_none(tmp_path: Path) -> None:
    assert find_aws_credentials(environ=_env(tmp_path)) is None
    assert not os.path.exists(tmp_path / ".aws")
