"""AWS Signature Version 4: signed requests for an Amazon Neptune endpoint with IAM auth.

A Neptune cluster with IAM database authentication refuses every request that is not signed
with the caller's AWS credentials for the service ``neptune-db``. This module tells the region
of an endpoint (:func:`region_for`) and computes the headers that sign one request
(:func:`sign`), as the AWS reference "Create a signed AWS API request" describes; the HTTP
client adds them to the request it sends. :mod:`claimgraph.graph.store._awscreds` finds the
credentials.

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

import hashlib
import hmac
import os
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

__all__ = ["AwsCredentials", "region_for", "sign"]

_ALGORITHM = "AWS4-HMAC-SHA256"
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SET_BY_SIGN = {"authorization", "x-amz-date", "x-amz-security-token"}
_NEPTUNE_HOST = re.compile(r"\.([a-z]{2}(?:-[a-z]+)+-\d+)\.neptune\.amazonaws\.com(?:\.cn)?$")


@dataclass(frozen=True, repr=False)
class AwsCredentials:
    """An AWS access key, as a request is signed with it.

    Attributes:
        access_key: the access key id (``AKIA...``, or ``ASIA...`` for temporary ones).
        secret_key: the secret access key.
        session_token: the session token of temporary credentials, else ``None``.
        source: where they were found, in words (for messages; never the secret itself).
        expires: when temporary credentials stop working (UTC), ``None`` when not told.
    """

    access_key: str
    secret_key: str
    session_token: str | None = None
    source: str = ""
    expires: datetime | None = None

    def __repr__(self) -> str:
        token = ", session_token=<hidden>" if self.session_token is not None else ""
        return (
            f"AwsCredentials(access_key={self.access_key!r}, secret_key=<hidden>{token}, "
            f"source={self.source!r})"
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
