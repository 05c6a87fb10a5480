"""Amazon Neptune's IAM authentication for remote stores: requests signed with AWS SigV4.

A Neptune cluster with IAM database authentication answers 403 to any request not signed with
AWS Signature Version 4 for the service ``neptune-db``. Signing is asked for with
``auth="aws-sigv4"`` (Python) or ``CLAIMGRAPH_STORE_AUTH=aws-sigv4`` (the environment, for the
command line). The credentials are found as the AWS CLI finds them
(:mod:`claimgraph.graph.store._awscreds`: the environment, a profile of ``~/.aws/credentials`` or
``~/.aws/config`` with keys, an assumed role, SSO or a ``credential_process``, a web identity,
the ECS/EKS container endpoint, the EC2 instance's role); temporary ones are fetched again
before they expire. The region comes from the Neptune host name, else ``AWS_REGION``, else the
profile's ``region``. Every request, retries included, is signed afresh: a signature is valid
for a few minutes only.

Example:
    >>> signer = find_signer(
    ...     "https://db.cluster-c1x2.eu-west-1.neptune.amazonaws.com:8182/sparql",
    ...     environ={"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"},
    ... )
    >>> signer.region, signer.credentials.access_key
    ('eu-west-1', 'AKIDEXAMPLE')
"""

from __future__ import annotations

import os
import re
import urllib.parse
from collections.abc import Callable, Mapping
from functools import partial

from claimgraph.errors import StoreError
from claimgraph.graph.store._awscreds import Renewing, find_aws_credentials, profile_region
from claimgraph.graph.store._sigv4 import AwsCredentials, region_for, sign

__all__ = ["AUTH_VAR", "SIGV4", "AwsSigner", "find_signer", "is_neptune", "wants_sigv4"]

AUTH_VAR = "CLAIMGRAPH_STORE_AUTH"
SIGV4 = "aws-sigv4"
SERVICE = "neptune-db"
_NEPTUNE = re.compile(r"\.neptune\.amazonaws\.com(?:\.cn)?$")
NEPTUNE_HINT = (
    f"a Neptune cluster with IAM authentication needs signed requests: set {AUTH_VAR}={SIGV4} "
    "(or auth='aws-sigv4') with AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
    "or AWS_PROFILE, or a role of the machine)"
)


class AwsSigner:
    """Signs each request of a remote store for Neptune.

    Args:
        credentials: whose key signs (temporary ones are renewed through ``renew``).
        region: the region signed for.
        service: the service signed for (``neptune-db``).
        renew: finds new credentials when these are about to expire.

    Attributes:
        region: the region signed for.
        service: the service signed for.
    """

    def __init__(
        self,
        credentials: AwsCredentials,
        region: str,
        service: str = SERVICE,
        *,
        renew: Callable[[], AwsCredentials | None] | None = None,
    ) -> None:
        self._credentials = Renewing(credentials, renew or (lambda: None))
        self.region = region
        self.service = service

    @property
    def credentials(self) -> AwsCredentials:
        """The credentials that sign now (renewed when they expire within 5 minutes)."""
        return self._credentials.current()

    def headers(
        self, method: str, url: str, headers: Mapping[str, str], body: bytes | None
    ) -> dict[str, str]:
        """The headers that sign this request (``Authorization``, ``X-Amz-Date``...)."""
        return sign(
            method,
            url,
            headers=headers,
            body=body,
            credentials=self.credentials,
            region=self.region,
            service=self.service,
        )

    def describe(self) -> str:
        """Who signs, in words, for messages (never the secret)."""
        where = f" from {self.credentials.source}" if self.credentials.source else ""
        return f"access key {self.credentials.access_key}{where}, region {self.region}"


def is_neptune(url: str) -> bool:
    """Whether ``url`` is an Amazon Neptune endpoint (by its host name)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    return _NEPTUNE.search(host.rstrip(".")) is not None


def wants_sigv4(auth: object, *, environ: Mapping[str, str] | None = None) -> bool:
    """Whether requests are to be signed: ``auth="aws-sigv4"``, or ``CLAIMGRAPH_STORE_AUTH``.

    Raises:
        StoreError: ``auth`` or the variable holds a value claimgraph does not know.
    """
    if isinstance(auth, str):
        if auth.strip().lower() == SIGV4:
            return True
        raise StoreError(f"auth={auth!r} is not known: give (user, password) or {SIGV4!r}")
    if auth is not None:
        return False  # (user, password)
    env = os.environ if environ is None else environ
    raw = env.get(AUTH_VAR, "").strip()
    if not raw:
        return False
    if raw.lower() == SIGV4:
        return True
    raise StoreError(f"{AUTH_VAR}={raw!r} is not known: the one value it takes is {SIGV4!r}")


def find_signer(url: str, *, environ: Mapping[str, str] | None = None) -> AwsSigner:
    """The signer for ``url``: the AWS credentials found and the endpoint's region.

    Raises:
        StoreError: no AWS credentials were found, or the region cannot be told.
    """
    env = os.environ if environ is None else environ
    host = urllib.parse.urlsplit(url).netloc.rpartition("@")[2]
    region = region_for(host, environ=env) or profile_region(environ=env)
    renew = partial(find_aws_credentials, environ=env, region=region)
    credentials = renew()
    if credentials is None:
        raise StoreError(
            f"signed requests ({SIGV4}) were asked for, but no AWS credentials were found: set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary "
            "ones), or AWS_PROFILE for a profile of ~/.aws/credentials or ~/.aws/config "
            "(keys, role_arn, sso_session or credential_process), or run on a machine with a "
            "role (EC2, ECS, EKS)"
        )
    if region is None:
        raise StoreError(
            f"cannot tell the AWS region of {host!r} (not a *.neptune.amazonaws.com name): "
            "set AWS_REGION, e.g. AWS_REGION=us-east-1"
        )
    return AwsSigner(credentials, region, renew=renew)
