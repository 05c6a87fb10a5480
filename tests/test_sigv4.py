"""AWS Signature Version 4: published test vectors, credential discovery, Neptune regions.

Every expected signature below is a published value, not one this code computed:

* ``JS``: aws/aws-sdk-js-v3, ``packages/signature-v4/src/suite.fixture.ts`` (the AWS SigV4
  test suite as the JavaScript SDK carries it);
* ``CRT``: awslabs/aws-c-auth, ``tests/aws-signing-test-suite/v4/<name>/header-signed-request.txt``;
* ``RS``: smithy-lang/smithy-rs,
  ``aws/rust-runtime/aws-sigv4/aws-signing-test-suite/v4/get-query-plus/header-signed-request.txt``;
* ``IAM``: the worked example of the AWS General Reference ("Create a canonical request" and
  "Calculate the signature" for IAM ``ListUsers``), signature
  5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7.

All use the suite's credentials, region ``us-east-1`` and time 2015-08-30T12:36:00Z.
"""

from __future__ import annotations

import os
import urllib.parse
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from claimgraph.errors import StoreError
from claimgraph.graph.store import _sigv4 as sigv4
from claimgraph.graph.store._awscreds import find_aws_credentials
from claimgraph.graph.store._sigv4 import AwsCredentials, region_for, sign

KEY = "AKIDEXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SUITE = AwsCredentials(KEY, SECRET)
WHEN = datetime(2015, 8, 30, 12, 36, tzinfo=UTC)
HOST = "https://example.amazonaws.com"
SCOPE = f"{KEY}/20150830/us-east-1/service/aws4_request"
STS_TOKEN = (  # post-sts-header-before (JS)
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfp"
    "SPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPky"
    "QDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz"
    "+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
)
CRT_TOKEN = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"
UNRESERVED = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
NONUNRESERVED = (
    "?"
    + urllib.parse.quote("@#$%^", safe="")
    + "=&"
    + urllib.parse.quote("+", safe="")
    + "="
    + urllib.parse.quote('/,?><`";:\\|][{}', safe="")
)
FORM = "application/x-www-form-urlencoded"

# name, method, path and query (as sent), headers, body, token, signed headers, signature
VECTORS = [
    ("get-vanilla", "GET", "/", {}, None, None, "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    ("get-vanilla-query-order-key-case", "GET", "/?Param2=value2&Param1=value1", {}, None, None,
     "host;x-amz-date", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    ("get-vanilla-query-unreserved", "GET", f"/?{UNRESERVED}={UNRESERVED}", {}, None, None,
     "host;x-amz-date", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
    ("get-vanilla-utf8-query", "GET", "/?%E1%88%B4=bar", {}, None, None, "host;x-amz-date",
     "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
    ("get-unreserved", "GET", f"/{UNRESERVED}", {}, None, None, "host;x-amz-date",
     "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
    ("get-utf8", "GET", "/\u1234", {}, None, None, "host;x-amz-date",
     "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
    ("get-header-value-trim", "GET", "/", {"My-Header1": "value1", "My-Header2": '"a   b   c"'},
     None, None, "host;my-header1;my-header2;x-amz-date",
     "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
    ("get-header-key-duplicate", "GET", "/",
     {"My-Header1": "value2", "my-header1": "value2", "MY-HEADER1": "value1"}, None, None,
     "host;my-header1;x-amz-date",
     "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
    ("post-vanilla", "POST", "/", {}, None, None, "host;x-amz-date",
     "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"),
    ("post-vanilla-query", "POST", "/?Param1=value1", {}, None, None, "host;x-amz-date",
     "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
    ("post-vanilla-query-nonunreserved", "POST", f"/{NONUNRESERVED}", {}, None, None,
     "host;x-amz-date", "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"),
    ("post-header-key-sort", "POST", "/", {"My-Header1": "value1"}, None, None,
     "host;my-header1;x-amz-date",
     "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
    ("post-header-value-case", "POST", "/", {"My-Header1": "VALUE1"}, None, None,
     "host;my-header1;x-amz-date",
     "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
    ("post-x-www-form-urlencoded", "POST", "/", {"Content-Type": FORM}, b"Param1=value1", None,
     "content-type;host;x-amz-date",
     "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    ("post-x-www-form-urlencoded-parameters", "POST", "/",
     {"Content-Type": f"{FORM}; charset=utf8"}, b"Param1=value1", None,
     "content-type;host;x-amz-date",
     "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
    ("post-sts-header-before", "POST", "/", {}, None, STS_TOKEN,
     "host;x-amz-date;x-amz-security-token",
     "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
    # CRT
    ("get-space", "GET", "/example space/", {}, None, None, "host;x-amz-date",
     "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741"),
    ("get-slashes-normalized", "GET", "//example//", {}, None, None, "host;x-amz-date",
     "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84"),
    ("get-slash-dot-slash-normalized", "GET", "/./", {}, None, None, "host;x-amz-date",
     "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    ("get-relative-relative-normalized", "GET", "/example1/example2/../..", {}, None, None,
     "host;x-amz-date", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"),
    ("get-vanilla-with-session-token", "GET", "/", {}, None, CRT_TOKEN,
     "host;x-amz-date;x-amz-security-token",
     "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8"),
    # RS
    ("get-query-plus", "GET", "/?c+d", {}, None, None, "host;x-amz-date",
     "ae684ce3aadc299e3ac7d9216fcc039c7edf40dea57cf5b3005821dd2f176654"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "target", "headers", "body", "token", "names", "signature"),
    [pytest.param(*v[1:], id=v[0]) for v in VECTORS],
)
def test_published_vectors(
    method: str,
    target: str,
    headers: dict[str, str],
    body: bytes | None,
    token: str | None,
    names: str,
    signature: str,
) -> None:
    creds = AwsCredentials(KEY, SECRET, token)
    added = sign(
        method,
        HOST + target,
        headers=headers,
        body=body,
        credentials=creds,
        region="us-east-1",
        service="service",
        now=WHEN,
    )
    expected = f"AWS4-HMAC-SHA256 Credential={SCOPE}, SignedHeaders={names}, Signature={signature}"
    assert added["Authorization"] == expected
    assert added["X-Amz-Date"] == "20150830T123600Z"
    assert added.get("X-Amz-Security-Token") == token
    assert set(added) <= {"Authorization", "X-Amz-Date", "X-Amz-Security-Token"}


def test_the_iam_list_users_example_of_the_aws_documentation() -> None:
    added = sign(
        "GET",
        "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        body=None,
        credentials=SUITE,
        region="us-east-1",
        service="iam",
        now=WHEN,
    )
    assert added["Authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        "SignedHeaders=content-type;host;x-amz-date, "
        "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    )


def _vanilla(
    url: str,
    *,
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    now: datetime = WHEN,
) -> str:
    """The Authorization of a GET signed with the suite's credentials, region and service."""
    added = sign(
        "GET",
        url,
        headers=headers or {},
        body=body,
        credentials=SUITE,
        region="us-east-1",
        service="service",
        now=now,
    )
    return added["Authorization"]


VANILLA = _vanilla(HOST + "/")


def test_the_default_port_is_not_signed_and_another_port_is() -> None:
    assert _vanilla("https://example.amazonaws.com:443/") == VANILLA
    assert _vanilla("http://example.amazonaws.com:80/") == VANILLA
    with_port = _vanilla("https://example.amazonaws.com:8182/")
    assert with_port != VANILLA
    assert with_port == _vanilla(HOST + "/", headers={"Host": "example.amazonaws.com:8182"})


def test_headers_that_sign_sets_are_replaced_not_signed_twice() -> None:
    stale = {"Authorization": "Basic x", "X-Amz-Date": "19990101T000000Z"}
    assert _vanilla(HOST + "/", headers=stale) == VANILLA


def test_the_time_is_taken_in_utc() -> None:
    elsewhere = WHEN.astimezone(timezone(timedelta(hours=-7)))
    assert _vanilla(HOST + "/", now=elsewhere) == VANILLA
    assert _vanilla(HOST + "/", now=WHEN.replace(tzinfo=None)) == VANILLA


def test_the_body_and_the_service_are_signed() -> None:
    assert _vanilla(HOST + "/", body=b"x") != VANILLA
    assert (
        "/us-east-1/neptune-db/aws4_request"
        in sign(
            "GET",
            HOST + "/",
            headers={},
            body=None,
            credentials=SUITE,
            region="us-east-1",
            now=WHEN,
        )["Authorization"]
    )


@pytest.mark.parametrize(
    ("path", "canonical"),
    [
        ("", "/"),
        ("/sparql", "/sparql"),
        ("/example space/", "/example%20space/"),
        # the path as sent is encoded again: what every service but S3 expects
        ("/example%20space/", "/example%2520space/"),
        ("/a/./b/../c//", "/a/c/"),
    ],
)
def test_the_canonical_path(path: str, canonical: str) -> None:
    assert sigv4._canonical_path(path) == canonical


@pytest.mark.parametrize(
    ("query", "canonical"),
    [
        ("", ""),
        ("b=2&a=1&a=0", "a=0&a=1&b=2"),
        ("flag&x=", "flag=&x="),
        ("q=a%20b&r=a+b", "q=a%20b&r=a%2Bb"),
        ("query=SELECT%20%3Fs%20WHERE%20%7B%7D", "query=SELECT%20%3Fs%20WHERE%20%7B%7D"),
        ("k=%7e%2a", "k=~%2A"),
    ],
)
def test_the_canonical_query(query: str, canonical: str) -> None:
    assert sigv4._canonical_query(query) == canonical


# credentials


def _bare(**more: str) -> dict[str, str]:
    """An environment with no config file and no instance role, plus ``more``."""
    return {"AWS_CONFIG_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true", **more}


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "credentials"
    path.write_text(text, encoding="utf-8")
    return str(path)


PROFILES = """\
[default]
aws_access_key_id = AKIADEFAULT
aws_secret_access_key = default-secret

[ci]
aws_access_key_id = ASIACI
aws_secret_access_key = ci-secret
aws_session_token = ci-token
"""


def test_the_environment_comes_first(tmp_path: Path) -> None:
    env = {"AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "env-secret"}
    found = find_aws_credentials(environ=env, credentials_file=_file(tmp_path, PROFILES))
    assert found == AwsCredentials(
        "AKIAENV", "env-secret", None, "the AWS_ACCESS_KEY_ID environment variable"
    )


def test_the_environment_with_a_session_token() -> None:
    env = {
        "AWS_ACCESS_KEY_ID": "ASIAENV",
        "AWS_SECRET_ACCESS_KEY": "env-secret",
        "AWS_SESSION_TOKEN": "env-token",
    }
    found = find_aws_credentials(environ=env, credentials_file="/nonexistent/credentials")
    assert found is not None
    assert (found.access_key, found.session_token) == ("ASIAENV", "env-token")


def test_half_the_environment_is_an_error() -> None:
    with pytest.raises(StoreError, match="AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY"):
        find_aws_credentials(environ={"AWS_ACCESS_KEY_ID": "AKIA"})


def test_the_default_profile_of_the_file(tmp_path: Path) -> None:
    file = _file(tmp_path, PROFILES)
    found = find_aws_credentials(environ=_bare(), credentials_file=file)
    assert found == AwsCredentials(
        "AKIADEFAULT", "default-secret", None, f"profile 'default' in {file}"
    )


def test_the_file_named_by_the_environment(tmp_path: Path) -> None:
    env = _bare(AWS_SHARED_CREDENTIALS_FILE=_file(tmp_path, PROFILES))
    found = find_aws_credentials(environ=env)
    assert found is not None and found.access_key == "AKIADEFAULT"


def test_aws_profile_picks_the_profile(tmp_path: Path) -> None:
    file = _file(tmp_path, PROFILES)
    found = find_aws_credentials(environ=_bare(AWS_PROFILE="ci"), credentials_file=file)
    assert found == AwsCredentials("ASIACI", "ci-secret", "ci-token", f"profile 'ci' in {file}")


def test_the_profile_argument_wins_over_aws_profile(tmp_path: Path) -> None:
    file = _file(tmp_path, PROFILES)
    found = find_aws_credentials(
        environ=_bare(AWS_PROFILE="ci"), profile="default", credentials_file=file
    )
    assert found is not None and found.access_key == "AKIADEFAULT"


def test_a_named_profile_that_is_missing_is_an_error(tmp_path: Path) -> None:
    file = _file(tmp_path, PROFILES)
    with pytest.raises(StoreError) as caught:
        find_aws_credentials(environ=_bare(), profile="prod", credentials_file=file)
    message = str(caught.value)
    assert "'prod'" in message and file in message and "AWS_PROFILE" in message


def test_a_named_profile_without_a_file_is_an_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "none")
    with pytest.raises(StoreError, match=r"'prod'.*none' \(no such file\)"):
        find_aws_credentials(environ=_bare(AWS_PROFILE="prod"), credentials_file=missing)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("aws_access_key_id = AKIA\n", "'aws_access_key_id = AKIA'"),
        ("[default]\nthis is not a pair\n", "'this is not a pair'"),
    ],
)
def test_a_malformed_file_is_an_error_that_quotes_the_line(
    tmp_path: Path, text: str, quoted: str
) -> None:
    file = _file(tmp_path, text)
    with pytest.raises(StoreError) as caught:
        find_aws_credentials(environ=_bare(), credentials_file=file)
    message = str(caught.value)
    assert file in message and quoted in message and "aws_secret_access_key" in message
    assert "[" not in message.replace(repr(file), "")  # no rich markup to swallow


def test_a_profile_without_its_secret_is_an_error(tmp_path: Path) -> None:
    file = _file(tmp_path, "[default]\naws_access_key_id = AKIA\n")
    with pytest.raises(StoreError, match=r"profile 'default' in .* has no aws_secret_access_key"):
        find_aws_credentials(environ=_bare(), credentials_file=file)


def test_nothing_found_is_none(tmp_path: Path) -> None:
    assert find_aws_credentials(environ=_bare(), credentials_file=str(tmp_path / "none")) is None
    other = _file(tmp_path, "[other]\naws_access_key_id = A\naws_secret_access_key = B\n")
    assert find_aws_credentials(environ=_bare(), credentials_file=other) is None


def test_repr_hides_the_secret_and_the_token() -> None:
    creds = AwsCredentials("ASIAKEY", "s3cr3t-value", "t0ken-value", "somewhere")
    for text in (repr(creds), str(creds), f"{creds}", repr([creds])):
        assert "s3cr3t-value" not in text and "t0ken-value" not in text
        assert "ASIAKEY" in text and "somewhere" in text


# regions


@pytest.mark.parametrize(
    ("host", "region"),
    [
        ("mydb.cluster-c1x2y3z4.us-east-1.neptune.amazonaws.com", "us-east-1"),
        ("mydb.cluster-ro-c1x2y3z4.eu-west-2.neptune.amazonaws.com", "eu-west-2"),
        ("mydb-instance-1.c1x2y3z4.ap-southeast-1.neptune.amazonaws.com", "ap-southeast-1"),
        ("mine.cluster-custom-c1x2y3z4.us-gov-west-1.neptune.amazonaws.com", "us-gov-west-1"),
        ("mydb.cluster-c1x2y3z4.cn-north-1.neptune.amazonaws.com.cn", "cn-north-1"),
        ("MyDB.Cluster-C1X2.US-West-2.Neptune.AmazonAWS.com:8182", "us-west-2"),
    ],
)
def test_the_region_of_a_neptune_host(host: str, region: str) -> None:
    assert region_for(host, environ={"AWS_REGION": "xx-elsewhere-1"}) == region


def test_the_region_falls_back_to_the_environment() -> None:
    env = {"AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "us-east-2"}
    assert region_for("localhost:8182", environ=env) == "eu-central-1"
    assert region_for("localhost", environ={"AWS_DEFAULT_REGION": "us-east-2"}) == "us-east-2"
    fake = "x.us-east-1.neptune.amazonaws.com.example.org"
    assert region_for(fake, environ=_bare()) is None
    assert region_for("localhost", environ=_bare()) is None
