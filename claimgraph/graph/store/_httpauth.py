"""Who a remote store's client says it is: credentials, where they are found, and HTTP auth.

Credentials, the first found wins:
    1. ``auth=(user, password)`` given to :meth:`KnowledgeGraph.open
       <claimgraph.graph.store._kg.KnowledgeGraph.open>`;
    2. ``user:password@`` in the store URL (percent-escaped as URLs need); it is taken out of
       the URL before any request is made, and no message quotes it;
    3. the environment: ``CLAIMGRAPH_STORE_TOKEN`` (sent as ``Authorization: Bearer``), else
       ``CLAIMGRAPH_STORE_USER`` with ``CLAIMGRAPH_STORE_PASSWORD``;
    4. a ``machine`` entry for the endpoint's host in ``~/.netrc`` (or the file ``$NETRC``
       names), as curl and git read it.

A token goes with every request. A user and password are sent only in the scheme the server asks
for (as curl's ``--anyauth`` does): the first request that the server refuses with a challenge is
sent again with HTTP Basic or HTTP Digest (RFC 7616: MD5 or SHA-256, ``-sess`` or not, ``qop=auth``
or none), and every later request carries that scheme from the start, so a password never goes as
Basic to a server that asked for Digest and each request after the first is sent once.
"""

from __future__ import annotations

import base64
import hashlib
import netrc
import os
import secrets
import threading
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from claimgraph.errors import StoreError

__all__ = [
    "AUTH_HINT",
    "ENV_PASSWORD",
    "ENV_TOKEN",
    "ENV_USER",
    "Authenticator",
    "Credentials",
    "find_credentials",
    "split_userinfo",
]

ENV_USER = "CLAIMGRAPH_STORE_USER"
ENV_PASSWORD = "CLAIMGRAPH_STORE_PASSWORD"
ENV_TOKEN = "CLAIMGRAPH_STORE_TOKEN"
AUTH_HINT = (
    f"give credentials as user:password@ in the store URL, in {ENV_USER} and {ENV_PASSWORD} "
    f"(or a token in {ENV_TOKEN}), or in a ~/.netrc entry for the host"
)
_HASHES = {"MD5": "md5", "SHA-256": "sha256"}


@dataclass(frozen=True)
class Credentials:
    """Who the client says it is.

    Attributes:
        user: the user name (``None`` with a token).
        password: the password.
        token: a bearer token, sent as ``Authorization: Bearer``.
        origin: where they were found (for messages; never the secret itself).
    """

    user: str | None = None
    password: str | None = None
    token: str | None = None
    origin: str = ""

    def __repr__(self) -> str:
        who = f"user={self.user!r}" if self.user is not None else "token"
        return f"Credentials({who}, origin={self.origin!r})"


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
    user, _, password = userinfo.partition(":")
    bare = urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    creds = Credentials(
        urllib.parse.unquote(user), urllib.parse.unquote(password), origin="the store URL"
    )
    return bare, creds


def find_credentials(
    url: str, *, environ: Mapping[str, str] | None = None, netrc_file: str | None = None
) -> Credentials | None:
    """Credentials for ``url`` (already without userinfo) from the environment or ``.netrc``.

    Args:
        url: the endpoint.
        environ: the environment to read (default ``os.environ``).
        netrc_file: the netrc file (default ``$NETRC``, else ``~/.netrc``).

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
    return _from_netrc(url, netrc_file or env.get("NETRC"))


def _from_netrc(url: str, path: str | None) -> Credentials | None:
    file = os.path.expanduser(path or "~/.netrc")
    if not os.path.isfile(file):
        return None
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        entry = netrc.netrc(file).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise StoreError(f"cannot read the netrc file {file!r}: {exc}") from exc
    if entry is None:
        return None
    login, _, password = entry
    return Credentials(login, password or "", origin=file)


def parse_challenges(headers: list[str]) -> dict[str, dict[str, str]]:
    """The challenges of ``WWW-Authenticate`` headers by scheme (lower case), with their params.

    Example:
        >>> parse_challenges(['Digest realm="db", nonce="n1", qop="auth"', 'Basic realm="db"'])
        {'digest': {'realm': 'db', 'nonce': 'n1', 'qop': 'auth'}, 'basic': {'realm': 'db'}}
    """
    found: dict[str, dict[str, str]] = {}
    for header in headers:
        scheme, _, rest = header.strip().partition(" ")
        items = urllib.request.parse_http_list(rest)
        found[scheme.lower()] = urllib.request.parse_keqv_list([i for i in items if "=" in i])
    return found


class Authenticator:
    """The ``Authorization`` header for each request, learnt from the server's challenges.

    Args:
        credentials: who to say the client is (``None``: nobody).

    Example:
        >>> auth = Authenticator(Credentials("ann", "pw"))
        >>> auth.header("GET", "/query") is None  # nothing is sent before the server asks
        True
        >>> auth.learn(['Basic realm="db"'])
        True
        >>> auth.header("GET", "/query")
        'Basic YW5uOnB3'
    """

    def __init__(self, credentials: Credentials | None) -> None:
        self.credentials = credentials
        self.scheme: str | None = None  # "basic" or "digest", once the server asked
        self._digest: dict[str, str] = {}
        self._count = 0
        self._lock = threading.Lock()

    def header(self, method: str, selector: str) -> str | None:
        """The ``Authorization`` value for a request, or ``None`` to send none."""
        creds = self.credentials
        if creds is None:
            return None
        if creds.token is not None:
            return f"Bearer {creds.token}"
        if self.scheme == "basic":
            raw = f"{creds.user}:{creds.password}".encode()
            return "Basic " + base64.b64encode(raw).decode("ascii")
        if self.scheme == "digest":
            return self._digest_header(method, selector)
        return None

    def learn(self, headers: list[str]) -> bool:
        """Take the server's challenges; whether sending the request again may now succeed.

        ``False`` when there is nothing to send (no user and password, a scheme claimgraph does
        not speak) or when the same credentials were already refused in the same scheme.
        """
        creds = self.credentials
        if creds is None or creds.user is None:
            return False
        offered = parse_challenges(headers)
        digest = offered.get("digest")
        if digest is not None and digest.get("algorithm", "MD5").upper() in _algorithms():
            # again after Digest was sent: only for a new nonce (the old one expired); the
            # caller sends a request at most twice, so a wrong password ends there
            retry = self.scheme != "digest" or digest.get("nonce") != self._digest.get("nonce")
            with self._lock:
                self.scheme, self._digest, self._count = "digest", digest, 0
            return retry
        if "basic" in offered and self.scheme != "basic":
            self.scheme = "basic"
            return True
        return False

    def refused(self, headers: list[str]) -> str:
        """Why a refusal cannot be answered, in words (for the error message)."""
        offered = sorted(parse_challenges(headers))
        creds = self.credentials
        if creds is None:
            return "no credentials were given"
        spoken = {"basic", "digest"} if creds.token is None else {"bearer"}
        if offered and not spoken & set(offered):
            return f"the server asks for {', '.join(offered)}, which claimgraph does not send"
        return f"the credentials from {creds.origin} were refused"

    def _digest_header(self, method: str, selector: str) -> str:
        creds, ch = self.credentials, self._digest
        assert creds is not None
        with self._lock:
            self._count += 1
            nc = f"{self._count:08x}"
        algorithm = ch.get("algorithm", "MD5")
        hash_name = _HASHES[algorithm.upper().removesuffix("-SESS")]

        def h(text: str) -> str:
            return hashlib.new(hash_name, text.encode("utf-8")).hexdigest()

        realm, nonce, cnonce = ch.get("realm", ""), ch.get("nonce", ""), secrets.token_hex(8)
        ha1 = h(f"{creds.user}:{realm}:{creds.password}")
        if algorithm.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{nonce}:{cnonce}")
        ha2 = h(f"{method}:{selector}")
        qops = [q.strip() for q in ch.get("qop", "").split(",") if q.strip()]
        parts = [f'username="{creds.user}"', f'realm="{realm}"', f'nonce="{nonce}"']
        parts += [f'uri="{selector}"', f"algorithm={algorithm}"]
        if "auth" in qops:
            response = h(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            parts += ["qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
        parts.append(f'response="{response}"')
        if "opaque" in ch:
            parts.append(f'opaque="{ch["opaque"]}"')
        return "Digest " + ", ".join(parts)


def _algorithms() -> set[str]:
    return {name for base in _HASHES for name in (base, f"{base}-SESS")}
