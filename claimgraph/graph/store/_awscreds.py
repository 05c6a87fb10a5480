"""Where the AWS credentials come from: the chain the AWS CLI and SDKs follow.

In order, the first that has credentials wins:

1. the environment: ``AWS_ACCESS_KEY_ID`` and ``AWS_SECRET_ACCESS_KEY`` (with
   ``AWS_SESSION_TOKEN``), unless a profile is given by argument;
2. the profile (``profile=``, else ``$AWS_PROFILE``, else ``default``) of the shared files
   (:mod:`.awsconfig`), in what it says:

   * ``role_arn``: a role assumed through STS, with the credentials of ``source_profile``,
     of ``credential_source`` (``Environment``, ``Ec2InstanceMetadata``, ``EcsContainer``) or
     of ``web_identity_token_file``;
   * ``sso_session`` or ``sso_start_url``: IAM Identity Center, from ``aws sso login``'s cache;
   * ``aws_access_key_id`` and ``aws_secret_access_key`` (with ``aws_session_token``);
   * ``credential_process``: a command that prints them as JSON (``Version`` 1);
3. a web identity: ``AWS_WEB_IDENTITY_TOKEN_FILE`` with ``AWS_ROLE_ARN`` (EKS, CI runners);
4. the container endpoint of an ECS task or an EKS pod;
5. the role of the EC2 instance (its metadata service).

Temporary credentials carry when they expire; :class:`Renewing` fetches new ones through the
same chain five minutes before, so a batch of many hours goes on signing.

Example:
    >>> env = {"AWS_ACCESS_KEY_ID": "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret"}
    >>> find_aws_credentials(environ=env).source
    'the AWS_ACCESS_KEY_ID environment variable'
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from claimgraph.errors import StoreError
from claimgraph.graph.store import _awsfetch as awsfetch
from claimgraph.graph.store import _awssso as awssso
from claimgraph.graph.store._awsconfig import AwsFiles, Profile
from claimgraph.graph.store._sigv4 import AwsCredentials

__all__ = ["Renewing", "find_aws_credentials", "profile_region"]

RENEW_BEFORE = timedelta(minutes=5)
_SOURCES = ("Environment", "Ec2InstanceMetadata", "EcsContainer")


def find_aws_credentials(
    *,
    environ: Mapping[str, str] | None = None,
    profile: str | None = None,
    credentials_file: str | None = None,
    config_file: str | None = None,
    region: str | None = None,
) -> AwsCredentials | None:
    """The AWS credentials of this machine and user, found as the AWS CLI finds them.

    Args:
        environ: the environment to read (default ``os.environ``).
        profile: the profile to use (else ``$AWS_PROFILE``, else ``default``). A profile given
            here is used over the environment's keys (as boto3's ``profile_name``); one named by
            ``$AWS_PROFILE`` is not (as the AWS CLI).
        credentials_file: the shared credentials file (else ``$AWS_SHARED_CREDENTIALS_FILE``,
            else ``~/.aws/credentials``).
        config_file: the shared config file (else ``$AWS_CONFIG_FILE``, else ``~/.aws/config``).
        region: the region STS is asked in, for an assumed role (else the profile's).

    Returns:
        The credentials, or ``None`` when no source has any.

    Raises:
        StoreError: a source is set up but wrong (half a key pair, a profile that was named
            but is in neither file, a role that STS refuses, a command that fails...); the
            message names the source and says how to mend it.
    """
    env = os.environ if environ is None else environ
    found = _from_environment(env) if profile is None else None
    if found is not None:
        return found
    files = AwsFiles.read(environ=env, credentials_file=credentials_file, config_file=config_file)
    named = profile or env.get("AWS_PROFILE") or None
    chosen = files.profile(named or "default")
    if chosen is None and named is not None:
        raise StoreError(
            f"there is no AWS profile {named!r} in {_described(files.credentials_file)} nor "
            f"{_described(files.config_file)}: add it (aws configure --profile {named}), or "
            "set AWS_PROFILE to a profile that is there"
        )
    if chosen is not None:
        look = _Lookup(files, env, region or chosen.get("region"))
        found = _from_profile(chosen, look, ())
        if found is not None:
            return found
    return (
        _from_web_identity(env, region)
        or awsfetch.from_container(env)
        or awsfetch.from_instance(env, chosen)
    )


def _described(file: str) -> str:
    return repr(file) if os.path.isfile(file) else f"{file!r} (no such file)"


def profile_region(
    *, environ: Mapping[str, str] | None = None, profile: str | None = None
) -> str | None:
    """The ``region`` of the profile in use (``profile=``, ``$AWS_PROFILE``, ``default``)."""
    env = os.environ if environ is None else environ
    chosen = AwsFiles.read(environ=env).profile(profile or env.get("AWS_PROFILE") or "default")
    return chosen.get("region") if chosen is not None else None


def _from_environment(env: Mapping[str, str]) -> AwsCredentials | None:
    key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if key and secret:
        token = env.get("AWS_SESSION_TOKEN") or None
        return AwsCredentials(key, secret, token, "the AWS_ACCESS_KEY_ID environment variable")
    if key or secret:
        have = "AWS_ACCESS_KEY_ID" if key else "AWS_SECRET_ACCESS_KEY"
        lack = "AWS_SECRET_ACCESS_KEY" if key else "AWS_ACCESS_KEY_ID"
        raise StoreError(f"{have} is set but {lack} is not: set both, or neither")
    return None


@dataclass(frozen=True)
class _Lookup:
    """What every step through the profiles reads: the files, the environment, STS's region."""

    files: AwsFiles
    env: Mapping[str, str]
    region: str | None


def _from_profile(
    profile: Profile,
    look: _Lookup,
    seen: tuple[str, ...],
) -> AwsCredentials | None:
    if profile.get("role_arn") is not None:
        return _assumed(profile, look, seen)
    if profile.get("sso_session") is not None or profile.get("sso_start_url") is not None:
        return awssso.from_sso(profile, look.files, look.env)
    found = _static(profile)
    if found is not None:
        return found
    if profile.get("credential_process") is not None:
        return _from_process(profile)
    return None


def _static(profile: Profile) -> AwsCredentials | None:
    key, secret = profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")
    if key is None and secret is None:
        return None
    for option in ("aws_access_key_id", "aws_secret_access_key"):
        if profile.get(option) is None:
            other = (
                "aws_secret_access_key" if option == "aws_access_key_id" else "aws_access_key_id"
            )
            raise StoreError(
                f"{profile.where(other)} has no {option}: add an {option} = ... line to it"
            )
    assert key is not None and secret is not None
    token = profile.get("aws_session_token")
    return AwsCredentials(key, secret, token, profile.where("aws_access_key_id"))


def _assumed(
    profile: Profile,
    look: _Lookup,
    seen: tuple[str, ...],
) -> AwsCredentials:
    role = profile.get("role_arn") or ""
    where = profile.where("role_arn")
    if profile.get("mfa_serial") is not None:
        raise StoreError(
            f"{where} asks for an MFA code (mfa_serial), which claimgraph cannot ask for: get "
            "temporary credentials first (aws sts assume-role ... --serial-number ... "
            "--token-code ...) and put them in the environment"
        )
    session = profile.get("role_session_name")
    token_file = profile.get("web_identity_token_file")
    if token_file is not None:
        return awsfetch.assume_role_with_web_identity(
            token_file=token_file,
            role_arn=role,
            session_name=session,
            region=look.region,
            environ=look.env,
        )
    base = _role_base(profile, look, seen)
    return awsfetch.assume_role(
        base,
        role_arn=role,
        session_name=session,
        region=look.region,
        environ=look.env,
        external_id=profile.get("external_id"),
        duration=profile.get("duration_seconds"),
    )


def _role_base(
    profile: Profile,
    look: _Lookup,
    seen: tuple[str, ...],
) -> AwsCredentials:
    """The credentials that ask STS for a profile's role."""
    where = profile.where("role_arn")
    source, named = profile.get("source_profile"), profile.get("credential_source")
    found: AwsCredentials | None = None
    if source is not None:
        if source in seen:
            chain = " -> ".join((*seen, profile.name, source))
            raise StoreError(f"the AWS profiles' source_profile settings loop: {chain}")
        files = look.files
        upstream = files.profile(source)
        if upstream is None:
            raise StoreError(
                f"{where} has source_profile = {source}, which is in neither "
                f"{files.credentials_file!r} nor {files.config_file!r}: add that profile"
            )
        if source == profile.name:
            found = _static(profile)
        else:
            found = _from_profile(upstream, look, (*seen, profile.name))
        what = f"its source_profile {source!r}"
    elif named is not None:
        if named not in _SOURCES:
            raise StoreError(
                f"{where} has credential_source = {named}, which is not known: give one of "
                + ", ".join(_SOURCES)
            )
        getters: dict[str, Callable[[], AwsCredentials | None]] = {
            "Environment": lambda: _from_environment(look.env),
            "Ec2InstanceMetadata": lambda: awsfetch.from_instance(look.env, profile),
            "EcsContainer": lambda: awsfetch.from_container(look.env),
        }
        found = getters[named]()
        what = f"its credential_source {named}"
    else:
        raise StoreError(
            f"{where} has a role_arn but says not whose credentials assume it: add "
            "source_profile, credential_source or web_identity_token_file"
        )
    if found is None:
        raise StoreError(f"{where} assumes its role with {what}, which has no credentials")
    return found


def _from_web_identity(env: Mapping[str, str], region: str | None) -> AwsCredentials | None:
    token_file, role = env.get("AWS_WEB_IDENTITY_TOKEN_FILE"), env.get("AWS_ROLE_ARN")
    if not token_file or not role:
        return None
    return awsfetch.assume_role_with_web_identity(
        token_file=token_file,
        role_arn=role,
        session_name=env.get("AWS_ROLE_SESSION_NAME") or None,
        region=region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION"),
        environ=env,
    )


def _from_process(profile: Profile) -> AwsCredentials:
    """Run the profile's ``credential_process`` and read the JSON it prints."""
    command = profile.get("credential_process") or ""
    where = profile.where("credential_process")
    try:
        done = subprocess.run(
            shlex.split(command), capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        raise StoreError(f"the credential_process of {where} ({command!r}) failed: {exc}") from exc
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()[-1:] or ["(nothing on stderr)"]
        raise StoreError(
            f"the credential_process of {where} ({command!r}) exited with "
            f"{done.returncode}: {said[0]}"
        )
    try:
        found = json.loads(done.stdout)
    except ValueError as exc:
        raise StoreError(
            f"the credential_process of {where} printed something that is not JSON: "
            f"{done.stdout[:120]!r}"
        ) from exc
    if not isinstance(found, dict) or found.get("Version") != 1:
        raise StoreError(
            f'the credential_process of {where} printed JSON without "Version": 1; it must '
            "print Version, AccessKeyId, SecretAccessKey (SessionToken, Expiration)"
        )
    return awsfetch.credentials_from_json(found, f"the credential_process of {where}")


class Renewing:
    """Credentials that are fetched again shortly before they expire.

    Args:
        first: the credentials found.
        renew: finds them again (the same chain, the same settings).
    """

    def __init__(self, first: AwsCredentials, renew: Callable[[], AwsCredentials | None]) -> None:
        self._current = first
        self._renew = renew
        self._lock = threading.Lock()

    def current(self, *, now: datetime | None = None) -> AwsCredentials:
        """The credentials to sign with now: fresh ones when these expire within 5 minutes.

        Raises:
            StoreError: they are about to expire and no source has credentials any more.
        """
        with self._lock:
            expires = self._current.expires
            if expires is not None and expires - (now or datetime.now(UTC)) <= RENEW_BEFORE:
                fresh = self._renew()
                if fresh is None:
                    raise StoreError(
                        f"the AWS credentials from {self._current.source} expire at "
                        f"{expires:%Y-%m-%d %H:%M:%S} UTC and no new ones were found"
                    )
                self._current = fresh
            return self._current
