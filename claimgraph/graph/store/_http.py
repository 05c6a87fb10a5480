"""The HTTP client of remote stores: httpx, with credentials, retries and the errors they end in.

One :class:`httpx.Client` keeps connections open (the Oxigraph server slows down when each update
comes on a new connection: ``benchmarks/remote_store.py``) and uses the proxies of
``HTTP(S)_PROXY``/``NO_PROXY``; redirects are reported, not followed. Passing failures
(:class:`Transient`: HTTP 429/502/503/504, a broken connection, a refused one once the server
has answered) are retried by a :class:`RetryPolicy`, then end in a StoreUnavailableError; every
request can be repeated safely. No answer within ``timeout`` fails at once (a slow query would
only run again). ``docs/remote-stores.md`` is the user's guide.

Example:
    >>> client = HttpClient("http://editor:s3cret@localhost:7878")
    >>> client.url, client.credentials
    ('http://localhost:7878', Credentials(user='editor', origin='the store URL'))
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import httpx

from claimgraph.errors import StoreError, StoreUnavailableError
from claimgraph.graph.store._httpauth import (
    AUTH_HINT,
    Credentials,
    LoginAuth,
    find_credentials,
    offered_schemes,
    split_userinfo,
)
from claimgraph.graph.store._httpaws import NEPTUNE_HINT, find_signer, is_neptune, wants_sigv4

__all__ = ["DEFAULT_TIMEOUT", "HttpClient", "RetryPolicy", "Transient", "resolve_timeout"]

DEFAULT_TIMEOUT = 120.0  # seconds to wait for an answer
TIMEOUT_VAR = "CLAIMGRAPH_STORE_TIMEOUT"
RETRY_STATUS = frozenset({429, 502, 503, 504})  # the server is busy, restarting or behind a proxy
MAX_RETRY_AFTER = 30.0  # the longest Retry-After claimgraph waits, in seconds
T = TypeVar("T")


class Transient(Exception):
    """A failure worth one more try; ``wait`` is what the server asked for, if it did."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


@dataclass
class RetryPolicy:
    """How often (``retries`` more times) and after how long (``wait`` seconds, doubled each
    time) a request that met a :class:`Transient` failure is sent again; ``sleep`` waits."""

    retries: int = 4
    wait: float = 0.5
    sleep: Callable[[float], None] = time.sleep

    def run(self, send: Callable[[], T], url: str) -> T:
        """What ``send`` returns, called again through passing failures.

        Raises:
            StoreUnavailableError: ``send`` kept failing after the retries.
        """
        wait, started, attempts = self.wait, time.monotonic(), max(0, self.retries) + 1
        for _ in range(1, attempts):
            try:
                return send()
            except Transient as exc:
                self.sleep(min(exc.wait, MAX_RETRY_AFTER) if exc.wait is not None else wait)
                wait *= 2
        try:
            return send()
        except Transient as exc:
            raise StoreUnavailableError(
                f"SPARQL endpoint {url}: {exc} ({attempts} attempt(s) over "
                f"{time.monotonic() - started:.1f} s); check that the server is up, then run again"
            ) from exc


def resolve_timeout(timeout: float | None, *, environ: Mapping[str, str] | None = None) -> float:
    """The timeout to use: ``timeout``, else ``CLAIMGRAPH_STORE_TIMEOUT``, else 120 s.

    Raises:
        StoreError: the value is not a positive number of seconds.

    Example:
        >>> resolve_timeout(None, environ={"CLAIMGRAPH_STORE_TIMEOUT": "600"})
        600.0
    """
    raw = (os.environ if environ is None else environ).get(TIMEOUT_VAR)
    origin, value = ("timeout", timeout) if timeout is not None or not raw else (TIMEOUT_VAR, raw)
    try:
        seconds = DEFAULT_TIMEOUT if value is None else float(value)
    except ValueError:
        raise StoreError(
            f"{origin}={value!r} is not a number of seconds; set it to e.g. 300"
        ) from None
    if not (seconds > 0 and math.isfinite(seconds)):
        raise StoreError(f"{origin} {value!r} is not a positive number of seconds; give e.g. 300")
    return seconds


class HttpClient:
    """Sends the requests of one remote store, with its credentials and retries.

    Args:
        url: the store URL the user gave (``user:password@`` is taken out).
        others: the other endpoint URLs (update, GSP) the user gave, if any (see
            :attr:`others`, without ``user:password@``); the credentials apply to them too.
        auth: ``(user, password)``, or ``"aws-sigv4"`` to sign every request for Amazon Neptune;
            else found as :mod:`claimgraph.graph.store._httpauth` says.
        timeout: seconds to wait for each answer (see :func:`resolve_timeout`).
        retries: how many more times a request that met a passing failure is sent.
        retry_wait: seconds before the first retry (doubled for each next one).
        sleep: how to wait (tests pass a recorder).
        transport: the httpx transport (tests pass an :class:`httpx.MockTransport`).

    Raises:
        StoreError: credentials are half given or in two sets, signing was asked for without
            botocore, AWS credentials or a region, or the timeout is not a positive number.
    """

    def __init__(
        self,
        url: str,
        *,
        others: tuple[str | None, ...] = (),
        auth: tuple[str, str] | str | None = None,
        timeout: float | None = None,
        retries: int = 4,
        retry_wait: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url, in_url = split_userinfo(url)
        split = [split_userinfo(u) if u is not None else (None, None) for u in others]
        self.others: tuple[str | None, ...] = tuple(bare for bare, _ in split)
        in_urls = [c for c in (in_url, *(c for _, c in split)) if c is not None]
        if len({(c.user, c.password) for c in in_urls}) > 1:
            raise StoreError("the endpoint URLs hold different user:password@: give one set")
        if in_urls and wants_sigv4(auth):
            raise StoreError("the URL holds user:password@ and aws-sigv4 was asked for: give one")
        self.signer = find_signer(self.url) if wants_sigv4(auth) else None
        self.credentials: Credentials | None = None
        if self.signer is None and auth is not None and not isinstance(auth, str):
            self.credentials = Credentials(auth[0], auth[1], origin="auth=")  # any pair
        elif self.signer is None:
            self.credentials = in_urls[0] if in_urls else find_credentials(self.url)
        self.timeout = resolve_timeout(timeout)
        self.policy = RetryPolicy(retries=retries, wait=retry_wait, sleep=sleep)
        creds, headers = self.credentials, {}
        if creds is not None and creds.token is not None:
            headers["Authorization"] = f"Bearer {creds.token}"
        login = LoginAuth(creds.user, creds.password or "") if creds and creds.user else None
        self.client = httpx.Client(
            auth=self.signer or login, headers=headers, timeout=self.timeout, transport=transport
        )
        self._answered = False  # the server has answered this client at least once

    def request(
        self, url: str, *, data: bytes | None, content_type: str | None, accept: str
    ) -> bytes:
        """The body of the answer to a POST of ``data`` (a GET without), retried through
        passing failures.

        Raises:
            StoreUnavailableError: the server could not be reached, or kept failing, after the
                retries.
            StoreError: the server answered with an error (the message quotes the URL, the
                status and the start of the server's explanation), or not in time.
        """
        headers = {"Accept": accept} | ({"Content-Type": content_type} if content_type else {})
        method = "POST" if data is not None else "GET"
        return self.policy.run(lambda: self._once(method, url, data, headers), url)

    def _once(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> bytes:
        try:
            response = self.client.request(method, url, content=data, headers=headers)
        except httpx.TimeoutException as exc:
            raise StoreError(
                f"SPARQL endpoint {url} gave no answer within {self.timeout:g} s"
            ) from exc
        except httpx.ConnectError as exc:  # refused: a restart once the server has answered
            if self._answered:
                raise Transient(f"connection refused: {exc}") from exc
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {exc}") from exc
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise Transient(f"the connection broke: {exc!r}") from exc
        except httpx.TransportError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {exc!r}") from exc
        self._answered = True
        if response.status_code < 300:
            return response.content
        raise self._http_error(url, response)

    def close(self) -> None:
        """Close the connections kept open."""
        self.client.close()

    def _http_error(self, url: str, response: httpx.Response) -> Exception:
        code, detail = response.status_code, response.text.strip()[:500]
        status = f"HTTP {code} {response.reason_phrase}"
        if code in RETRY_STATUS:
            after = response.headers.get("Retry-After", "")  # seconds (a date is not read)
            wait = max(0.0, float(after)) if after.replace(".", "", 1).isdigit() else None
            return Transient(f"answered {status}", wait)
        if code in (401, 403) and self.signer is not None:
            message = (
                f"answered {status} to a request signed with {self.signer.describe()}: {detail}; "
                "check the key, its IAM policy (neptune-db:* actions on the cluster), the region "
                "and this machine's clock"
            )
        elif code in (401, 403):
            offered = offered_schemes(response)
            said = f" (it said: {detail[:200]})" if code == 403 and detail else ""
            hint = NEPTUNE_HINT if is_neptune(url) and not offered else AUTH_HINT
            message = f"answered {status}{said}: {self._refused(offered)}; {hint}"
        elif 300 <= code < 400:
            message = (
                f"answered {status}, to {response.headers.get('Location', '?')}: give that URL "
                "instead (redirects are not followed, so that a password is never sent on)"
            )
        else:
            message = f"answered {status}: {detail}"
        failed = StoreError(f"SPARQL endpoint {url} {message}")
        failed.status = code
        return failed

    def _refused(self, offered: set[str]) -> str:
        """Why a refusal cannot be answered, in words (for the error message)."""
        creds, names = self.credentials, ", ".join(sorted(offered))
        if creds is None:
            return "no credentials were given"
        if offered and not offered & ({"bearer"} if creds.token else {"basic", "digest"}):
            return f"the server asks for {names}, which claimgraph does not send"
        return f"the credentials from {creds.origin} were refused"
