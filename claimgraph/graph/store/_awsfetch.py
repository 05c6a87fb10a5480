"""AWS credentials that come over HTTP: containers, EC2 instances and roles assumed through STS.

Each function asks one AWS service for temporary credentials, as the AWS SDKs do:

* :func:`from_container`: the endpoint of an ECS task or an EKS pod
  (``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`` or ``..._FULL_URI``, with
  ``AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)``);
* :func:`from_instance`: an EC2 instance's role, through the instance metadata service with a
  session token (IMDSv2; IMDSv1 when the token is refused with 404 or 405);
* :func:`assume_role` and :func:`assume_role_with_web_identity`: STS (``sts.REGION.amazonaws.com``,
  else ``$AWS_ENDPOINT_URL_STS``, else ``$AWS_ENDPOINT_URL``);

Endpoints follow the AWS variables that move them (``AWS_EC2_METADATA_SERVICE_ENDPOINT``,
``AWS_ENDPOINT_URL_STS``). The metadata service is asked with a short timeout
(``AWS_METADATA_SERVICE_TIMEOUT``, 1 s): off EC2 it does not answer.
"""

from __future__ import annotations

import ipaddress
import json
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from claimgraph.errors import StoreError
from claimgraph.graph.store._awsconfig import Profile, expand_home
from claimgraph.graph.store._sigv4 import AwsCredentials, sign

__all__ = [
    "SERVICE_TIMEOUT",
    "Unreachable",
    "assume_role",
    "assume_role_with_web_identity",
    "credentials_from_json",
    "fetch",
    "from_container",
    "from_instance",
    "parse_json",
    "parse_time",
    "sts_url",
]

STS_VERSION = "2011-06-15"
_ECS_HOST = "http://169.254.170.2"
_CONTAINER_HOSTS = {"169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"}
_IMDS = "http://169.254.169.254"
_IMDS_ROLES = "/latest/meta-data/iam/security-credentials/"
SERVICE_TIMEOUT = 10.0  # STS and the SSO portal


class Unreachable(Exception):
    """The endpoint did not answer (no connection, or no answer in time)."""


def fetch(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes | None = None,
    timeout: float,
    direct: bool = False,
) -> tuple[int, bytes]:
    """Send one request; the status and the body (an HTTP error is an answer too).

    Args:
        method: the HTTP method.
        url: where to.
        headers: the request's headers.
        body: the request's body.
        timeout: seconds to wait for connecting and for the answer.
        direct: never through a proxy (for the link-local metadata endpoints).

    Raises:
        Unreachable: no connection, or no answer in time.
    """
    handlers = [urllib.request.ProxyHandler({})] if direct else []
    opener = urllib.request.build_opener(*handlers)
    request = urllib.request.Request(url, data=body, headers=dict(headers or {}), method=method)
    try:
        with opener.open(request, timeout=timeout) as answer:
            return int(answer.status), bytes(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read() or b""
    except (urllib.error.URLError, OSError) as exc:
        raise Unreachable(f"{url}: {getattr(exc, 'reason', exc)}") from exc


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as UTC (``Z`` or an offset); ``None`` when there is none or it is bad."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def parse_json(body: bytes, what: str) -> dict[str, Any]:
    """The JSON object ``body`` holds.

    Raises:
        StoreError: it is not JSON, or not an object; the message names ``what`` answered it.
    """
    try:
        found = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"{what} answered something that is not JSON: {body[:120]!r}") from exc
    if not isinstance(found, dict):
        raise StoreError(f"{what} answered JSON that is not an object: {body[:120]!r}")
    return found


def credentials_from_json(found: Mapping[str, Any], what: str) -> AwsCredentials:
    """Credentials from the JSON of the container and instance endpoints or a credential_process.

    Args:
        found: the object with ``AccessKeyId``, ``SecretAccessKey``, ``Token`` (endpoints) or
            ``SessionToken`` (a process), and ``Expiration``.
        what: who gave it, in words: the credentials' ``source``, and the subject of errors.

    Raises:
        StoreError: ``AccessKeyId`` or ``SecretAccessKey`` is missing.
    """
    key, secret = found.get("AccessKeyId"), found.get("SecretAccessKey")
    if not isinstance(key, str) or not isinstance(secret, str) or not key or not secret:
        raise StoreError(f"{what} gave no AccessKeyId and SecretAccessKey")
    token = found.get("Token") or found.get("SessionToken") or None
    expires = found.get("Expiration")
    when = parse_time(expires) if isinstance(expires, str) else None
    return AwsCredentials(key, secret, token, what, when)


def from_container(environ: Mapping[str, str]) -> AwsCredentials | None:
    """The credentials of an ECS task or EKS pod, ``None`` when the variables are not set.

    Raises:
        StoreError: the full URI is not allowed (not HTTPS, nor a container or loopback host), or
            the endpoint refused or could not be reached.
    """
    relative = environ.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
    full = environ.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")
    if relative:
        url, var = _ECS_HOST + relative, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
    elif full:
        url, var = full, "AWS_CONTAINER_CREDENTIALS_FULL_URI"
        _check_container_url(url)
    else:
        return None
    headers = {"Accept": "application/json"}
    token_file = environ.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    if token_file:
        headers["Authorization"] = _read_token(token_file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")
    elif environ.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"):
        headers["Authorization"] = environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
    what = f"the container credentials endpoint {url} (from {var})"
    try:
        status, body = fetch("GET", url, headers=headers, timeout=2.0, direct=True)
    except Unreachable as exc:
        raise StoreError(f"{what} could not be reached: {exc}") from exc
    if status != 200:
        raise StoreError(f"{what} answered {status}: {body[:200].decode('utf-8', 'replace')}")
    return credentials_from_json(parse_json(body, what), what)


def _check_container_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" or host in _CONTAINER_HOSTS or _is_loopback(host):
        return
    raise StoreError(
        f"AWS_CONTAINER_CREDENTIALS_FULL_URI={url!r} is not allowed: it must be https, or http "
        "to a loopback address or the ECS/EKS container hosts (169.254.170.2, 169.254.170.23)"
    )


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read_token(path: str, var: str) -> str:
    try:
        with open(path, encoding="utf-8") as stream:
            return stream.read().strip()
    except OSError as exc:
        raise StoreError(f"cannot read {var}={path!r}: {exc.strerror or exc}") from exc


def from_instance(environ: Mapping[str, str], profile: Profile | None) -> AwsCredentials | None:
    """The credentials of the EC2 instance's role, ``None`` off EC2 or with no role.

    Skipped when ``AWS_EC2_METADATA_DISABLED=true``.

    Raises:
        StoreError: the metadata service answered, but not with credentials.
    """
    if environ.get("AWS_EC2_METADATA_DISABLED", "").strip().lower() == "true":
        return None
    base = (
        environ.get("AWS_EC2_METADATA_SERVICE_ENDPOINT")
        or (profile.get("ec2_metadata_service_endpoint") if profile else None)
        or _IMDS
    ).rstrip("/")
    timeout = _number(environ.get("AWS_METADATA_SERVICE_TIMEOUT"), 1.0)
    try:
        headers = _imds_token(base, timeout)
        if headers is None:
            return None
        status, body = fetch(
            "GET", base + _IMDS_ROLES, headers=headers, timeout=timeout, direct=True
        )
        names = body.decode("utf-8", "replace").split() if status == 200 else []
        role = names[0] if names else ""
        if not role:
            return None  # an instance without a role
        url = base + _IMDS_ROLES + urllib.parse.quote(role)
        status, body = fetch("GET", url, headers=headers, timeout=timeout, direct=True)
    except Unreachable:
        return None
    what = f"the EC2 instance metadata service {base} (role {role!r})"
    if status != 200:
        raise StoreError(f"{what} answered {status}")
    found = parse_json(body, what)
    if found.get("Code", "Success") != "Success":
        raise StoreError(f"{what} answered {found.get('Code')!r}: {found.get('Message', '')}")
    return credentials_from_json(found, what)


def _imds_token(base: str, timeout: float) -> dict[str, str] | None:
    """The IMDSv2 session header; ``{}`` for IMDSv1; ``None`` when the service is turned off."""
    ttl = {"X-aws-ec2-metadata-token-ttl-seconds": "21600"}
    status, body = fetch(
        "PUT", base + "/latest/api/token", headers=ttl, timeout=timeout, direct=True
    )
    if status == 200:
        return {"X-aws-ec2-metadata-token": body.decode("ascii", "replace").strip()}
    if status in (404, 405):
        return {}
    return None


def _number(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default


def sts_url(environ: Mapping[str, str], region: str | None) -> str:
    """STS's endpoint: ``$AWS_ENDPOINT_URL_STS``, ``$AWS_ENDPOINT_URL``, else the region's."""
    given = environ.get("AWS_ENDPOINT_URL_STS") or environ.get("AWS_ENDPOINT_URL")
    if given:
        return given.rstrip("/") + "/"
    if not region:
        return "https://sts.amazonaws.com/"
    suffix = ".amazonaws.com.cn" if region.startswith("cn-") else ".amazonaws.com"
    return f"https://sts.{region}{suffix}/"


def assume_role(
    base: AwsCredentials,
    *,
    role_arn: str,
    session_name: str | None,
    region: str | None,
    environ: Mapping[str, str],
    external_id: str | None = None,
    duration: str | None = None,
) -> AwsCredentials:
    """Temporary credentials of ``role_arn``, asked of STS with ``base``'s signature.

    Raises:
        StoreError: STS refused (its code and message are quoted) or could not be reached.
    """
    params = {"Action": "AssumeRole", "Version": STS_VERSION, "RoleArn": role_arn}
    params["RoleSessionName"] = session_name or f"claimgraph-{int(time.time())}"
    if external_id:
        params["ExternalId"] = external_id
    if duration:
        params["DurationSeconds"] = duration
    body = urllib.parse.urlencode(params).encode("ascii")
    url = sts_url(environ, region)
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    headers.update(
        sign(
            "POST",
            url,
            headers=headers,
            body=body,
            credentials=base,
            region=region or "us-east-1",
            service="sts",
        )
    )
    what = f"role {role_arn} (assumed with {base.source or 'access key ' + base.access_key})"
    return _sts(url, headers, body, what)


def assume_role_with_web_identity(
    *,
    token_file: str,
    role_arn: str,
    session_name: str | None,
    region: str | None,
    environ: Mapping[str, str],
) -> AwsCredentials:
    """Temporary credentials of ``role_arn`` for the OIDC token in ``token_file`` (EKS, CI).

    Raises:
        StoreError: the token file cannot be read, or STS refused or could not be reached.
    """
    token = _read_token(expand_home(token_file, environ), "the web identity token file")
    params = {
        "Action": "AssumeRoleWithWebIdentity",
        "Version": STS_VERSION,
        "RoleArn": role_arn,
        "RoleSessionName": session_name or f"claimgraph-{int(time.time())}",
        "WebIdentityToken": token,
    }
    body = urllib.parse.urlencode(params).encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    what = f"role {role_arn} (assumed with the web identity token {token_file})"
    return _sts(sts_url(environ, region), headers, body, what)


def _sts(url: str, headers: Mapping[str, str], body: bytes, what: str) -> AwsCredentials:
    try:
        status, answer = fetch("POST", url, headers=headers, body=body, timeout=SERVICE_TIMEOUT)
    except Unreachable as exc:
        raise StoreError(
            f"cannot get credentials for {what}: STS could not be reached: {exc}"
        ) from exc
    try:
        root = ET.fromstring(answer)
    except ET.ParseError as exc:
        raise StoreError(
            f"cannot get credentials for {what}: STS answered {status} with something "
            f"that is not XML: {answer[:160]!r}"
        ) from exc
    fields = {el.tag.rpartition("}")[2]: (el.text or "").strip() for el in root.iter()}
    if status != 200 or "AccessKeyId" not in fields:
        code, message = fields.get("Code", str(status)), fields.get("Message", "")
        raise StoreError(f"STS refused credentials for {what}: {code}: {message}")
    return AwsCredentials(
        fields["AccessKeyId"],
        fields.get("SecretAccessKey", ""),
        fields.get("SessionToken") or None,
        what,
        parse_time(fields.get("Expiration")),
    )
