"""AWS Signature Version 4: signed requests for an Amazon Neptune endpoint with IAM auth.

A Neptune cluster with IAM database authentication refuses every request that is not signed
with the caller's AWS credentials for the service ``neptune-db``. This module finds those
credentials (:func:`find_aws_credentials`), the region of an endpoint (:func:`region_for`) and
computes the headers that sign one request (:func:`sign`), as the AWS reference "Create a signed
AWS API request" describes; the HTTP client adds them to the request it sends.

Choices the specification leaves open:
    * the URL given to :func:`sign` is the one sent on the wire (already percent-encoded); each
      path segment of it is percent-encoded once more, which is the double encoding that every
      service but S3 expects (a ``%`` in the path is signed as ``%25``). The AWS test suite
      writes its request paths unencoded (``/example space/``), so they are encoded once;
    * the path is normalised (empty and ``.`` segments dropped, ``..`` removes the segment
      before it), as for every service but S3;
    * in the query, ``+`` is a plus sign, not a space (it is signed as ``%2B``), as the AWS
      test suite (``get-query-plus``) has it;
    * ``X-Amz-Content-Sha256`` is not added: Neptune does not ask for it (S3 does) and the body's
      hash is signed either way, as the last line of the canonical request;
    * a session token is signed (``x-amz-security-token`` is in the signed headers).

Example:
    >>> from datetime import UTC, datetime
    >>> creds = AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    >>> when = datetime(2015, 8, 30, 12, 36, tzinfo=UTC)
    >>> added = sign("GET", "https://example.amazonaws.com/", headers={}, body=None,
    ...              credentials=creds, region="us-east-1", service="service", now=when)
    >>> sorted(added)
    ['Authorization', 'X-Amz-Date']
    >>> print(added["Authorization"].replace(", ", ",\\n"))
    AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,
    SignedHeaders=host;x-amz-date,
    Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31
"""

from __future__ import annotations

import configparser
import hashlib
import hmac
import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from claimgraph.errors import StoreError

__all__ = ["AwsCredentials", "find_aws_credentials", "region_for", "sign"]

_ALGORITHM = "AWS4-HMAC-SHA256"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SET_BY_SIGN = {"authorization", "x-amz-date", "x-amz-security-token"}
_NEPTUNE_HOST = re.compile(r"\.([a-z]{2}(?:-[a-z]+)+-\d+)\.neptune\.amazonaws\.com(?:\.cn)?$")
_FILE_HINT = (
    "each profile is a header line with its name in square brackets, then "
    "aws_access_key_id = ... and aws_secret_access_key = ... lines"
)


@dataclass(frozen=True, repr=False)
class AwsCredentials:
    """An AWS access key, as a request is signed with it.

    Attributes:
        access_key: the access key id (``AKIA...``, or ``ASIA...`` for temporary ones).
        secret_key: the secret access key.
        session_token: the session token of temporary credentials, else ``None``.
        source: where they were found, in words (for messages; never the secret itself).
    """

    access_key: str
    secret_key: str
    session_token: str | None = None
    source: str = ""

    def __repr__(self) -> str:
        token = ", session_token=<hidden>" if self.session_token is not None else ""
        return (
            f"AwsCredentials(access_key={self.access_key!r}, secret_key=<hidden>{token}, "
            f"source={self.source!r})"
        )


def find_aws_credentials(
    *,
    environ: Mapping[str, str] | None = None,
    profile: str | None = None,
    credentials_file: str | None = None,
) -> AwsCredentials | None:
    """AWS credentials from the environment, else from the shared credentials file.

    The environment wins: ``AWS_ACCESS_KEY_ID`` with ``AWS_SECRET_ACCESS_KEY`` (and
    ``AWS_SESSION_TOKEN`` if set). Else the profile ``profile`` (else ``$AWS_PROFILE``, else
    ``default``) of the INI file ``credentials_file`` (else ``$AWS_SHARED_CREDENTIALS_FILE``,
    else ``~/.aws/credentials``). Profiles of ``~/.aws/config`` (SSO, assumed roles) are not read.

    Args:
        environ: the environment to read (default ``os.environ``).
        profile: the profile to read from the file.
        credentials_file: the shared credentials file.

    Returns:
        The credentials, or ``None`` when there are none (no variables, no file, no
        ``default`` profile).

    Raises:
        StoreError: only one of the two variables is set, the file cannot be read or parsed,
            a profile that was named is not in it, or the profile lacks a key.
    """
    env = os.environ if environ is None else environ
    key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if key and secret:
        token = env.get("AWS_SESSION_TOKEN") or None
        return AwsCredentials(key, secret, token, "the AWS_ACCESS_KEY_ID environment variable")
    if key or secret:
        have = "AWS_ACCESS_KEY_ID" if key else "AWS_SECRET_ACCESS_KEY"
        lack = "AWS_SECRET_ACCESS_KEY" if key else "AWS_ACCESS_KEY_ID"
        raise StoreError(f"{have} is set but {lack} is not: set both, or neither")
    named = profile or env.get("AWS_PROFILE") or None
    path = credentials_file or env.get("AWS_SHARED_CREDENTIALS_FILE") or "~/.aws/credentials"
    return _from_file(os.path.expanduser(path), named)


def _from_file(file: str, named: str | None) -> AwsCredentials | None:
    name = named or "default"
    if not os.path.isfile(file):
        if named is None:
            return None
        raise StoreError(
            f"AWS profile {name!r} was asked for, but there is no credentials file {file!r}: "
            "create it, or set AWS_SHARED_CREDENTIALS_FILE to the file that holds the profile"
        )
    section = _read_ini(file).get(name)
    if section is None:
        if named is None:
            return None
        raise StoreError(
            f"there is no AWS profile {name!r} in {file!r}: add it ({_FILE_HINT}), "
            "or set AWS_PROFILE to a profile that is there"
        )
    where = f"profile {name!r} in {file}"
    for option in ("aws_access_key_id", "aws_secret_access_key"):
        if not section.get(option):
            raise StoreError(f"{where} has no {option}: add an {option} = ... line to it")
    token = section.get("aws_session_token") or None
    return AwsCredentials(
        section["aws_access_key_id"], section["aws_secret_access_key"], token, where
    )


def _read_ini(file: str) -> dict[str, dict[str, str]]:
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(file, encoding="utf-8") as stream:
            text = stream.read()
        parser.read_string(text, source=file)
    except configparser.MissingSectionHeaderError as exc:
        raise _bad_line(file, text, exc.lineno, "comes before any profile") from exc
    except configparser.ParsingError as exc:
        raise _bad_line(file, text, exc.errors[0][0], "is not a key = value line") from exc
    except (configparser.Error, OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read the AWS credentials file {file!r}: {exc}") from exc
    return {name: dict(parser[name]) for name in parser.sections()}


def _bad_line(file: str, text: str, lineno: int, problem: str) -> StoreError:
    line = text.splitlines()[lineno - 1].strip()
    return StoreError(
        f"cannot read the AWS credentials file {file!r}: line {lineno} {line!r} {problem}; "
        f"{_FILE_HINT}"
    )


def region_for(host: str, *, environ: Mapping[str, str] | None = None) -> str | None:
    """The AWS region of a Neptune endpoint, else of the environment.

    Args:
        host: the endpoint's host name (a ``:port`` is ignored).
        environ: the environment to read (default ``os.environ``).

    Returns:
        The region in the host name (``<name>.cluster-<id>.<region>.neptune.amazonaws.com``,
        ``cluster-ro-`` for the readers, ``<instance>.<id>.<region>...``, ``.com.cn`` in
        China), else ``$AWS_REGION``, else ``$AWS_DEFAULT_REGION``, else ``None``.

    Example:
        >>> region_for("db.cluster-ro-c1x2.eu-west-1.neptune.amazonaws.com:8182")
        'eu-west-1'
    """
    name = urllib.parse.urlsplit(f"//{host}").hostname or ""
    found = _NEPTUNE_HOST.search(name.rstrip("."))
    if found is not None:
        return found.group(1)
    env = os.environ if environ is None else environ
    return env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None


def sign(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    body: bytes | None,
    credentials: AwsCredentials,
    region: str,
    service: str = "neptune-db",
    now: datetime | None = None,
) -> dict[str, str]:
    """The headers that sign a request with AWS Signature Version 4.

    Signed are ``host`` (from ``url``, with the port unless it is the scheme's default; a
    ``Host`` in ``headers`` wins), every header in ``headers`` and ``x-amz-date`` (and
    ``x-amz-security-token``). ``Authorization``, ``X-Amz-Date`` and ``X-Amz-Security-Token``
    in ``headers`` are left out: the values returned replace them.

    Args:
        method: the HTTP method.
        url: the URL as it is sent (percent-encoded).
        headers: the headers sent with the request, to be signed.
        body: the body (``None``: none).
        credentials: who signs.
        region: the region of the endpoint (see :func:`region_for`).
        service: the service signed for.
        now: the time of signing (default: now); a naive datetime is taken as UTC.

    Returns:
        ``Authorization`` and ``X-Amz-Date``, with ``X-Amz-Security-Token`` for temporary
        credentials: the headers to add to the request.
    """
    stamp = now or datetime.now(UTC)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    stamp = stamp.astimezone(UTC)
    amz_date, day = stamp.strftime("%Y%m%dT%H%M%SZ"), stamp.strftime("%Y%m%d")
    added = {"X-Amz-Date": amz_date}
    if credentials.session_token is not None:
        added["X-Amz-Security-Token"] = credentials.session_token
    parts = urllib.parse.urlsplit(url)
    signed = _canonical_headers(parts, headers, added)
    names = ";".join(signed)
    canonical = "\n".join(
        [
            method.upper(),
            _canonical_path(parts.path),
            _canonical_query(parts.query),
            "".join(f"{name}:{value}\n" for name, value in signed.items()),
            names,
            hashlib.sha256(body or b"").hexdigest(),
        ]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    to_sign = f"{_ALGORITHM}\n{amz_date}\n{scope}\n{digest}"
    signature = _hmac(_signing_key(credentials.secret_key, day, region, service), to_sign).hex()
    added["Authorization"] = (
        f"{_ALGORITHM} Credential={credentials.access_key}/{scope}, "
        f"SignedHeaders={names}, Signature={signature}"
    )
    return added


def _canonical_headers(
    parts: urllib.parse.SplitResult, headers: Mapping[str, str], added: Mapping[str, str]
) -> dict[str, str]:
    """Lower-cased names, sorted, to values trimmed with inner runs of spaces made one."""
    given = [(name.lower(), value) for name, value in headers.items()]
    given = [(name, value) for name, value in given if name not in _SET_BY_SIGN]
    found: dict[str, list[str]] = {}
    if all(name != "host" for name, _ in given):
        found["host"] = [_host(parts)]
    for name, value in [*given, *((name.lower(), value) for name, value in added.items())]:
        found.setdefault(name, []).append(re.sub(" +", " ", value.strip()))
    return {name: ",".join(found[name]) for name in sorted(found)}


def _host(parts: urllib.parse.SplitResult) -> str:
    hostport = parts.netloc.rpartition("@")[2]
    port = parts.port
    if port is not None and port == _DEFAULT_PORTS.get(parts.scheme.lower()):
        hostport = hostport[: hostport.rfind(":")]
    return hostport


def _canonical_path(path: str) -> str:
    """The path normalised, each segment percent-encoded (again) as RFC 3986 says."""
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if kept:
                kept.pop()
        elif segment not in ("", "."):
            kept.append(urllib.parse.quote(segment, safe=""))
    trailing = "/" if kept and path.endswith("/") else ""
    return "/" + "/".join(kept) + trailing


def _canonical_query(query: str) -> str:
    """Each name and value decoded then encoded per RFC 3986, sorted by name then value."""
    pairs = []
    for item in query.split("&"):
        if not item:
            continue
        name, _, value = item.partition("=")
        pairs.append((_encode(name), _encode(value)))
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def _encode(text: str) -> str:
    return urllib.parse.quote(urllib.parse.unquote_to_bytes(text), safe="")


def _signing_key(secret: str, day: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode("utf-8")
    for part in (day, region, service, "aws4_request"):
        key = _hmac(key, part)
    return key


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()
