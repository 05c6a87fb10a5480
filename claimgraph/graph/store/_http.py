"""The HTTP client of remote stores: credentials, retries and the errors they end in.

Credentials (HTTP Basic, Digest or a bearer token) and where they are found are
:mod:`claimgraph.graph.store._httpauth`'s; Amazon Neptune's IAM signing (``auth="aws-sigv4"``) is
:mod:`claimgraph.graph.store._httpaws`'s; the connections, kept open from one request to the next,
are
:mod:`claimgraph.graph.store._httpconn`'s.

Retries: a request that meets a passing failure is sent again, up to ``retries`` more times,
waiting ``retry_wait`` seconds and twice as long each time after (or what the server's
``Retry-After`` asks, up to :data:`MAX_RETRY_AFTER`). Passing failures are HTTP 429, 502, 503 and
504, a connection reset or closed before the answer, and a refused connection once the server
has answered this client before (a server restarting in the middle of a batch; a wrong URL still
fails at once). Every request claimgraph sends can be repeated safely: queries read, and an
article's update replaces its whole graph. A request that gets no answer within ``timeout`` is
not repeated (a slow query would only be run again). The timeout is 120 s unless given, or set
in ``CLAIMGRAPH_STORE_TIMEOUT`` (seconds); see :func:`resolve_timeout`.

Example:
    >>> client = HttpClient("http://editor:s3cret@localhost:7878")
    >>> client.url, client.credentials
    ('http://localhost:7878', Credentials(user='editor', origin='the store URL'))
"""

from __future__ import annotations

import http.client
import math
import os
import time
import urllib.parse
from collections.abc import Callable, Mapping

from claimgraph.errors import StoreError, StoreUnavailableError
from claimgraph.graph.store._httpauth import (
    AUTH_HINT,
    Authenticator,
    Credentials,
    find_credentials,
    split_userinfo,
)
from claimgraph.graph.store._httpaws import (
    NEPTUNE_HINT,
    AwsSigner,
    find_signer,
    is_neptune,
    wants_sigv4,
)
from claimgraph.graph.store._httpconn import Answer, Connections, request_target

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_RETRY_AFTER",
    "RETRY_STATUS",
    "TIMEOUT_VAR",
    "HttpClient",
    "resolve_timeout",
]

RETRY_STATUS = frozenset({429, 502, 503, 504})  # the server is busy, restarting or behind a proxy
MAX_RETRY_AFTER = 30.0  # the longest Retry-After claimgraph waits, in seconds
DEFAULT_TIMEOUT = 120.0  # seconds to wait for an answer
TIMEOUT_VAR = "CLAIMGRAPH_STORE_TIMEOUT"


def resolve_timeout(timeout: float | None, *, environ: Mapping[str, str] | None = None) -> float:
    """The timeout to use: ``timeout``, else ``CLAIMGRAPH_STORE_TIMEOUT``, else 120 s.

    Raises:
        StoreError: the value is not a positive number of seconds.

    Example:
        >>> resolve_timeout(None, environ={"CLAIMGRAPH_STORE_TIMEOUT": "600"})
        600.0
    """
    env = os.environ if environ is None else environ
    origin, value = "timeout", timeout
    if value is None and env.get(TIMEOUT_VAR):
        origin, raw = TIMEOUT_VAR, env[TIMEOUT_VAR]
        try:
            value = float(raw)
        except ValueError:
            raise StoreError(
                f"{TIMEOUT_VAR}={raw!r} is not a number of seconds; set it to e.g. 300"
            ) from None
    if value is None:
        return DEFAULT_TIMEOUT
    if not (value > 0 and math.isfinite(value)):
        raise StoreError(f"{origin} {value!r} is not a positive number of seconds; give e.g. 300")
    return float(value)


class _Transient(Exception):
    """A failure worth one more try; ``wait`` is what the server asked for, if it did."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class HttpClient:
    """Sends the requests of one remote store, with its credentials and retries.

    Args:
        url: the store URL the user gave (``user:password@`` is taken out).
        others: the other endpoint URLs (update, GSP) the user gave, if any; taken out of
            ``user:password@`` the same way (see :attr:`others`), and the credentials apply to
            their hosts too.
        auth: ``(user, password)``, or ``"aws-sigv4"`` to sign every request for Amazon
            Neptune (see :mod:`claimgraph.graph.store._httpaws`); else found as the module doc says.
        timeout: seconds to wait for each answer (see :func:`resolve_timeout`).
        retries: how many more times a request that met a passing failure is sent.
        retry_wait: seconds before the first retry (doubled for each next one).
        sleep: how to wait (tests pass a recorder).

    Raises:
        StoreError: credentials are half given (see :func:`find_credentials`), signing was
            asked for without AWS credentials or a region, or the timeout is not a positive
            number.
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
    ) -> None:
        self.url, in_url = split_userinfo(url)
        split = [split_userinfo(u) if u is not None else (None, None) for u in others]
        self.others: tuple[str | None, ...] = tuple(bare for bare, _ in split)
        in_urls = [c for c in (in_url, *(c for _, c in split)) if c is not None]
        if len({(c.user, c.password) for c in in_urls}) > 1:
            raise StoreError("the endpoint URLs hold different user:password@: give one set")
        self.signer: AwsSigner | None = None
        self.credentials: Credentials | None = None
        if wants_sigv4(auth):
            if in_urls:
                raise StoreError(
                    "the URL holds user:password@ and signed requests (aws-sigv4) were asked "
                    "for: give one login"
                )
            self.signer = find_signer(self.url)
        elif auth is not None and not isinstance(auth, str):  # (user, password), any pair
            self.credentials = Credentials(auth[0], auth[1], origin="auth=")
        else:
            self.credentials = in_urls[0] if in_urls else find_credentials(self.url)
        self.auth = Authenticator(self.credentials)
        self.timeout = resolve_timeout(timeout)
        self.connections = Connections(timeout=self.timeout)
        self.retries = max(0, retries)
        self.retry_wait = retry_wait
        self._sleep = sleep
        self._answered = False  # the server has answered this client at least once

    # ------------------------------------------------------------------ requests
    def request(
        self, url: str, *, data: bytes | None, content_type: str | None, accept: str
    ) -> bytes:
        """The body of the answer to one request, retried through passing failures.

        Raises:
            StoreUnavailableError: the server could not be reached, or kept failing, after the
                retries.
            StoreError: the server answered with an error (the message quotes the URL, the
                status and the start of the server's explanation).
        """
        headers = {"Accept": accept}
        if content_type is not None:
            headers["Content-Type"] = content_type
        wait, started = self.retry_wait, time.monotonic()
        for attempt in range(self.retries + 1):
            try:
                body = self._authenticated(url, data, headers)
            except _Transient as exc:
                if attempt == self.retries:
                    spent = time.monotonic() - started
                    raise StoreUnavailableError(
                        f"SPARQL endpoint {url}: {exc} ({attempt + 1} attempt(s) over "
                        f"{spent:.1f} s); check that the server is up, then run again"
                    ) from exc
                self._sleep(min(exc.wait, MAX_RETRY_AFTER) if exc.wait is not None else wait)
                wait *= 2
            else:
                self._answered = True
                return body
        raise AssertionError("unreachable")  # pragma: no cover

    def _authenticated(self, url: str, data: bytes | None, headers: dict[str, str]) -> bytes:
        """One request, sent a second time if the server's challenge says how to log in."""
        method = "POST" if data is not None else "GET"
        selector = request_target(urllib.parse.urlsplit(url))
        for first in (True, False):
            sent = dict(headers)
            if (value := self.auth.header(method, selector)) is not None:
                sent["Authorization"] = value
            if self.signer is not None:  # signed afresh each time: a signature soon expires
                sent.update(self.signer.headers(method, url, sent, data))
            answer = self._once(method, url, data, sent)
            if answer.status < 300:
                return answer.body
            challenges = answer.headers.get_all("WWW-Authenticate") or []
            if answer.status == 401 and first and self.auth.learn(challenges):
                continue
            raise self._http_error(url, answer, challenges)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, url: str, data: bytes | None, headers: dict[str, str]) -> Answer:
        try:
            return self.connections.send(method, url, data, headers)
        except TimeoutError as exc:
            raise StoreError(
                f"SPARQL endpoint {url} gave no answer within {self.timeout:g} s"
            ) from exc
        except ConnectionRefusedError as exc:
            if self._answered:
                raise _Transient(f"connection refused: {exc}") from exc
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {exc}") from exc
        except (ConnectionError, http.client.HTTPException) as exc:
            raise _Transient(f"the connection broke: {exc!r}") from exc
        except OSError as exc:
            raise StoreError(f"cannot reach SPARQL endpoint {url}: {exc}") from exc

    def close(self) -> None:
        """Close the connections this thread keeps open."""
        self.connections.close()

    def _http_error(self, url: str, answer: Answer, challenges: list[str]) -> Exception:
        detail = answer.body.decode("utf-8", "replace").strip()[:500]
        code = answer.status
        status = f"HTTP {code} {answer.reason}"
        if code in RETRY_STATUS:
            self._answered = True
            return _Transient(f"answered {status}", _retry_after(answer.headers.get("Retry-After")))
        if code in (401, 403) and self.signer is not None:
            failed = StoreError(
                f"SPARQL endpoint {url} answered {status} to a request signed with "
                f"{self.signer.describe()}: {detail}; check the key, its IAM policy "
                "(neptune-db:* actions on the cluster), the region and this machine's clock"
            )
        elif code in (401, 403):
            why = self.auth.refused(challenges)
            said = f" (it said: {detail[:200]})" if code == 403 and detail else ""
            hint = NEPTUNE_HINT if is_neptune(url) and not challenges else AUTH_HINT
            failed = StoreError(f"SPARQL endpoint {url} answered {status}{said}: {why}; {hint}")
        elif 300 <= code < 400:
            where = answer.headers.get("Location", "?")
            failed = StoreError(
                f"SPARQL endpoint {url} answered {status}, to {where}: give that URL instead "
                "(claimgraph does not follow redirects, so that a password is never sent on)"
            )
        else:
            failed = StoreError(f"SPARQL endpoint {url} answered {status}: {detail}")
        failed.status = code
        return failed


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header given in seconds (dates are ignored)."""
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None
