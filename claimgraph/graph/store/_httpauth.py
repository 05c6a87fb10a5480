"""Who a remote store's client says it is: credentials, where they are found, and HTTP auth.

Found, the first wins: ``auth=(user, password)``; ``user:password@`` in the URL (taken out
before any request); ``CLAIMGRAPH_STORE_TOKEN`` (a bearer token), else ``CLAIMGRAPH_STORE_USER``
and ``CLAIMGRAPH_STORE_PASSWORD``; ``~/.netrc`` (or ``$NETRC``). A user and password are sent
only in the scheme the server's first challenge asks for (httpx's Basic or Digest), then with
every request, so a password never goes as Basic to a server that asked for Digest.
"""

from __future__ import annotations

import netrc
import os
import urllib.parse
from collections.abc import Generator, Mapping
from dataclasses import dataclass, field

import httpx

from claimgraph.errors import StoreError

__all__ = ["AUTH_HINT", "Credentials", "LoginAuth", "find_credentials", "split_userinfo"]

ENV_USER = "CLAIMGRAPH_STORE_USER"
ENV_PASSWORD = "CLAIMGRAPH_STORE_PASSWORD"
ENV_TOKEN = "CLAIMGRAPH_STORE_TOKEN"
AUTH_HINT = (
    f"give credentials as user:password@ in the store URL, in {ENV_USER} and {ENV_PASSWORD} "
    f"(or a token in {ENV_TOKEN}), or in a ~/.netrc entry for the host"
)


@dataclass(frozen=True)
class Credentials:
    """Who the client says it is: a ``user`` and ``password``, or a bearer ``token``; ``origin``
    says where they were found (for messages, which never show the secret)."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    origin: str = ""


def split_userinfo(url: str) -> tuple[str, Credentials | None]:
    """The URL without ``user:password@``, and the credentials it held (``None`` if none).

    Example:
        >>> split_userinfo("https://ann:p%40ss@db.example.org/sparql")
        ('https://db.example.org/sparql', Credentials(user='ann', origin='the store URL'))
    """
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = (urllib.parse.unquote(p) for p in userinfo.partition(":"))
    bare = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return bare, Credentials(user, password, origin="the store URL")


def find_credentials(
    url: str, *, environ: Mapping[str, str] | None = None, netrc_file: str | None = None
) -> Credentials | None:
    """Credentials for ``url`` (already without userinfo) from the environment or ``.netrc``
    (``netrc_file``, else ``$NETRC``, else ``~/.netrc``).

    Raises:
        StoreError: ``CLAIMGRAPH_STORE_USER`` is set without a password, or the netrc file
            cannot be read.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_TOKEN):
        return Credentials(token=env[ENV_TOKEN], origin=ENV_TOKEN)
    if env.get(ENV_USER):
        if ENV_PASSWORD not in env:
            raise StoreError(f"{ENV_USER} is set but {ENV_PASSWORD} is not: set both, or neither")
        return Credentials(env[ENV_USER], env[ENV_PASSWORD], origin=ENV_USER)
    file = os.path.expanduser(netrc_file or env.get("NETRC") or "~/.netrc")
    if not os.path.isfile(file):
        return None
    try:
        entry = netrc.netrc(file).authenticators(urllib.parse.urlsplit(url).hostname or "")
    except (netrc.NetrcParseError, OSError) as exc:
        raise StoreError(f"cannot read the netrc file {file!r}: {exc}") from exc
    return Credentials(entry[0], entry[2] or "", origin=file) if entry else None


def offered_schemes(response: httpx.Response) -> set[str]:
    """The auth schemes a response's ``WWW-Authenticate`` headers offer, in lower case."""
    found = (h.strip().partition(" ")[0] for h in response.headers.get_list("www-authenticate"))
    return {scheme.lower() for scheme in found if scheme}


class LoginAuth(httpx.Auth):
    """A user and password, sent as Basic or Digest once the server has said which."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self.scheme: str | None = None  # "basic" or "digest", once a challenge chose it

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.scheme is not None:
            yield from (self._digest if self.scheme == "digest" else self._basic).auth_flow(request)
            return
        response = yield request
        offered = offered_schemes(response) if response.status_code == 401 else set()
        if "digest" in offered:
            self.scheme = "digest"
            flow = self._digest.auth_flow(request)
            next(flow)  # the request sent without credentials: hand DigestAuth its answer
            try:
                retry = flow.send(response)
            except StopIteration:
                return
            yield retry
        elif "basic" in offered:
            self.scheme = "basic"
            yield from self._basic.auth_flow(request)
