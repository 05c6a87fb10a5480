"""AWS credentials of IAM Identity Center (SSO) profiles, from the login ``aws sso login`` cached.

A profile with ``sso_session`` (its ``[sso-session NAME]`` holding ``sso_region`` and
``sso_start_url``) or the older ``sso_start_url`` names an account and a role; the token that
``aws sso login`` wrote to ``~/.aws/sso/cache/SHA1.json`` (SHA-1 of the session name, else of
the start URL) buys that role's credentials from the portal
(``portal.sso.REGION.amazonaws.com``, else ``$AWS_ENDPOINT_URL_SSO``). claimgraph does not log
in nor refresh the token: when it has expired, the message says to run ``aws sso login``.
"""

from __future__ import annotations

import hashlib
import urllib.parse
from collections.abc import Mapping
from datetime import UTC, datetime

from claimgraph.errors import StoreError
from claimgraph.graph.store._awsconfig import AwsFiles, Profile, expand_home
from claimgraph.graph.store._awsfetch import (
    SERVICE_TIMEOUT,
    Unreachable,
    fetch,
    parse_json,
    parse_time,
)
from claimgraph.graph.store._sigv4 import AwsCredentials

__all__ = ["from_sso"]


def from_sso(profile: Profile, files: AwsFiles, environ: Mapping[str, str]) -> AwsCredentials:
    """The role credentials of an IAM Identity Center (SSO) profile, from its cached login.

    Raises:
        StoreError: a setting is missing, there is no cached login or it has expired (run
            ``aws sso login``), or the portal refused.
    """
    session = profile.get("sso_session")
    settings: dict[str, str] = dict(profile.values)
    if session is not None:
        found = files.sso_sessions.get(session)
        if found is None:
            raise StoreError(
                f"{profile.where('sso_session')} names the sso-session {session!r}, which is "
                f"not in {files.config_file}: add an [sso-session {session}] section"
            )
        settings = {**found, **settings}
    missing = [k for k in ("sso_account_id", "sso_role_name", "sso_region") if not settings.get(k)]
    if missing:
        raise StoreError(f"{profile.where('sso_role_name')} lacks {', '.join(missing)}")
    login = f"aws sso login --profile {profile.name}"
    token = _sso_token(session or settings.get("sso_start_url", ""), environ, login)
    region = settings["sso_region"]
    base = environ.get("AWS_ENDPOINT_URL_SSO") or f"https://portal.sso.{region}.amazonaws.com"
    query = urllib.parse.urlencode(
        {"account_id": settings["sso_account_id"], "role_name": settings["sso_role_name"]}
    )
    url = f"{base.rstrip('/')}/federation/credentials?{query}"
    what = f"the SSO role {settings['sso_role_name']} of account {settings['sso_account_id']}"
    try:
        status, body = fetch(
            "GET", url, headers={"x-amz-sso_bearer_token": token}, timeout=SERVICE_TIMEOUT
        )
    except Unreachable as exc:
        raise StoreError(f"cannot get {what}: the SSO portal could not be reached: {exc}") from exc
    if status in (401, 403):
        raise StoreError(f"the SSO portal refused {what} ({status}): run {login}")
    if status != 200:
        raise StoreError(f"the SSO portal answered {status} for {what}: {body[:200]!r}")
    creds = parse_json(body, "the SSO portal").get("roleCredentials") or {}
    expires = creds.get("expiration")
    return AwsCredentials(
        str(creds.get("accessKeyId", "")),
        str(creds.get("secretAccessKey", "")),
        creds.get("sessionToken") or None,
        f"{what} ({profile.where('sso_role_name')})",
        datetime.fromtimestamp(expires / 1000, UTC) if isinstance(expires, int | float) else None,
    )


def _sso_token(key: str, environ: Mapping[str, str], login: str) -> str:
    """The access token ``aws sso login`` cached for a session name or a start URL."""
    name = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest() + ".json"
    path = expand_home(f"~/.aws/sso/cache/{name}", environ)
    try:
        with open(path, encoding="utf-8") as stream:
            cached = parse_json(stream.read().encode("utf-8"), path)
    except FileNotFoundError as exc:
        raise StoreError(f"there is no cached SSO login for {key!r} ({path}): run {login}") from exc
    except OSError as exc:
        raise StoreError(f"cannot read the cached SSO login {path}: {exc}") from exc
    expires = parse_time(cached.get("expiresAt"))
    token = cached.get("accessToken")
    if not isinstance(token, str) or not token or expires is None:
        raise StoreError(
            f"the cached SSO login {path} has no accessToken and expiresAt: run {login}"
        )
    if expires <= datetime.now(UTC):
        raise StoreError(
            f"the SSO login for {key!r} expired at {expires:%Y-%m-%d %H:%M} UTC: run {login}"
        )
    return token
