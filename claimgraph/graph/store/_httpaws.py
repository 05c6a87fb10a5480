"""Amazon Neptune's IAM authentication (``auth="aws-sigv4"``): requests signed by botocore.

botocore (the ``neptune`` extra) finds the credentials as the AWS CLI does and renews temporary
ones; the region comes from the host name, else ``AWS_REGION``, else botocore's. Every request,
retries included, is signed afresh with ``SigV4Auth``. See ``docs/remote-stores.md``.

Example:
    >>> region_in_host("db.cluster-ro-c1x2.eu-west-1.neptune.amazonaws.com")
    'eu-west-1'
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Generator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from claimgraph.errors import StoreError

__all__ = ["NEPTUNE_HINT", "AwsSigner", "find_signer", "is_neptune", "wants_sigv4"]

AUTH_VAR = "CLAIMGRAPH_STORE_AUTH"
SIGV4 = "aws-sigv4"
SERVICE = "neptune-db"
_NEPTUNE = re.compile(r"\.neptune\.amazonaws\.com(?:\.cn)?$")
_REGION = re.compile(r"\.([a-z]{2}(?:-[a-z]+)+-\d+)\.neptune\.amazonaws\.com(?:\.cn)?$")
_SIGNED = ("Authorization", "X-Amz-Date", "X-Amz-Security-Token")
_EXTRA = "pip install 'claimgraph[neptune]'"
NEPTUNE_HINT = (
    f"a Neptune cluster with IAM authentication needs signed requests: set {AUTH_VAR}={SIGV4} "
    "(or auth='aws-sigv4') with AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
    f"or AWS_PROFILE, or a role of the machine), and {_EXTRA}"
)
_NO_CREDENTIALS = (
    f"{SIGV4} was asked for, but botocore found no AWS credentials: set AWS_ACCESS_KEY_ID and "
    "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE for a profile of ~/.aws/config "
    "or ~/.aws/credentials, or run on a machine with a role (EC2, ECS, EKS)"
)


@dataclass
class AwsSigner(httpx.Auth):
    """Signs each request with botocore's ``SigV4Auth``, as an :class:`httpx.Auth`: botocore
    ``credentials`` (refreshable ones renew themselves), the ``region`` and ``service`` signed
    for, and the AWS ``profile`` they came from, if one was named (for messages)."""

    credentials: Any
    region: str
    profile: str | None = None
    service: str = SERVICE
    requires_request_body = True

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.exceptions import BotoCoreError

        headers = {k: v for k, v in request.headers.items() if k in ("host", "content-type")}
        signed = AWSRequest(
            method=request.method, url=str(request.url), data=request.content, headers=headers
        )
        try:
            frozen = self.credentials.get_frozen_credentials()
            SigV4Auth(frozen, self.service, self.region).add_auth(signed)
        except BotoCoreError as exc:
            raise StoreError(f"cannot sign the request to {request.url} ({SIGV4}): {exc}") from exc
        for name in _SIGNED:
            if name in signed.headers:
                request.headers[name] = signed.headers[name]
        yield request

    def describe(self) -> str:
        """Who signs, in words, for messages (never the secret)."""
        key = self.credentials.get_frozen_credentials().access_key
        method = {"env": "AWS_ACCESS_KEY_ID"}.get(self.credentials.method, self.credentials.method)
        profile = f", profile {self.profile!r}" if self.profile else ""
        return f"access key {key} (from {method}{profile}), region {self.region}"


def is_neptune(url: str) -> bool:
    """Whether ``url`` is an Amazon Neptune endpoint (by its host name)."""
    return _NEPTUNE.search((urllib.parse.urlsplit(url).hostname or "").rstrip(".")) is not None


def region_in_host(host: str) -> str | None:
    """The region in a Neptune host name (``.com.cn`` in China too), else ``None``."""
    found = _REGION.search(host.rstrip("."))
    return found.group(1) if found is not None else None


def wants_sigv4(auth: object, *, environ: Mapping[str, str] | None = None) -> bool:
    """Whether requests are to be signed: ``auth="aws-sigv4"``, or ``CLAIMGRAPH_STORE_AUTH``
    (a StoreError when either holds another value)."""
    if auth is not None and not isinstance(auth, str):
        return False  # (user, password)
    env = os.environ if environ is None else environ
    name, raw = ("auth", auth) if auth is not None else (AUTH_VAR, env.get(AUTH_VAR, "").strip())
    if raw.strip().lower() == SIGV4 or (auth is None and not raw):
        return bool(raw)
    raise StoreError(f"{name}={raw!r} is not known: give (user, password) or {SIGV4!r}")


def find_signer(url: str) -> AwsSigner:
    """The signer for ``url``: botocore's credentials and the endpoint's region.

    Raises:
        StoreError: botocore is not installed, no AWS credentials were found (or botocore could
            not get them), or the region cannot be told.
    """
    try:
        from botocore.exceptions import BotoCoreError
        from botocore.session import Session
    except ImportError:
        raise StoreError(f"signed requests ({SIGV4}) for Neptune need botocore: {_EXTRA}") from None
    parts, session = urllib.parse.urlsplit(url), Session()
    region = region_in_host(parts.hostname or "") or os.environ.get("AWS_REGION")
    try:
        credentials = session.get_credentials()
        region = region or session.get_config_variable("region")
    except BotoCoreError as exc:
        raise StoreError(f"cannot get AWS credentials for {SIGV4}: {exc}") from exc
    if credentials is None:
        raise StoreError(_NO_CREDENTIALS)
    if not region:
        raise StoreError(
            f"cannot tell the AWS region of {parts.netloc!r} (not a *.neptune.amazonaws.com "
            "name): set AWS_REGION, e.g. AWS_REGION=us-east-1"
        )
    return AwsSigner(credentials, str(region), profile=session.profile)
