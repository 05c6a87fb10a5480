"""Kept-alive HTTP connections to a remote store, one per host and thread.

Every request of a batch goes over the same connection, which spares a TCP (and TLS) set-up per
request and, more, keeps a server that serves each connection in a thread of its own in one
thread: the Oxigraph server (0.5.13) answers SPARQL updates ever more slowly when each comes on
a new connection, 30 updates/s falling to 1.5 within 1,000 articles, and flat at ~55/s on one
connection (``benchmarks/remote_store.py``).

A connection the server closed while idle is noticed on the next request, which is sent again at
once on a new connection. A host reached through a proxy (``http_proxy``, ``https_proxy``,
``no_proxy``, as urllib reads them) is sent each request through urllib instead, a connection
each. Redirects are not followed; the caller reports them.
"""

from __future__ import annotations

import http.client
import ssl
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

__all__ = ["Answer", "Connections", "request_target"]

_Key = tuple[str, str, int]


@dataclass(frozen=True)
class Answer:
    """What the server answered: status, reason, headers and the whole body."""

    status: int
    reason: str
    headers: Message
    body: bytes


class _PerThread(threading.local):
    def __init__(self) -> None:
        self.connections: dict[_Key, http.client.HTTPConnection] = {}


class Connections:
    """HTTP connections kept open between requests, per host and per thread.

    Args:
        timeout: seconds to wait for connecting and for each read.
    """

    def __init__(self, *, timeout: float) -> None:
        self.timeout = timeout
        self._local = _PerThread()
        self._context: ssl.SSLContext | None = None
        self._proxies = urllib.request.getproxies()

    def send(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        """Send one request and read the whole answer.

        Raises:
            OSError: connecting or sending failed (``TimeoutError`` when there was no answer in
                time).
            http.client.HTTPException: the answer was cut short or not HTTP.
        """
        parts = urllib.parse.urlsplit(url)
        if self._proxied(parts):
            return self._via_urllib(method, url, body, headers)
        key = (parts.scheme, parts.hostname or "", parts.port or _default_port(parts.scheme))
        target = request_target(parts)
        conn = self._local.connections.get(key)
        if conn is not None:
            try:
                return self._exchange(key, conn, method, target, body, headers)
            except (ConnectionError, http.client.RemoteDisconnected):
                pass  # closed by the server while idle: once more, on a new connection
        return self._exchange(key, self._connect(key), method, target, body, headers)

    def close(self) -> None:
        """Close this thread's connections (others close when their thread ends)."""
        for conn in self._local.connections.values():
            conn.close()
        self._local.connections.clear()

    # ------------------------------------------------------------------ internals
    def _exchange(
        self,
        key: _Key,
        conn: http.client.HTTPConnection,
        method: str,
        target: str,
        body: bytes | None,
        headers: dict[str, str],
    ) -> Answer:
        try:
            conn.request(method, target, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except BaseException:
            conn.close()
            self._local.connections.pop(key, None)
            raise
        if resp.will_close:
            conn.close()
            self._local.connections.pop(key, None)
        return Answer(resp.status, resp.reason, resp.headers, data)

    def _connect(self, key: _Key) -> http.client.HTTPConnection:
        scheme, host, port = key
        conn: http.client.HTTPConnection
        if scheme == "https":
            if self._context is None:
                self._context = ssl.create_default_context()
            conn = http.client.HTTPSConnection(
                host, port, timeout=self.timeout, context=self._context
            )
        else:
            conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
        self._local.connections[key] = conn
        return conn

    def _proxied(self, parts: urllib.parse.SplitResult) -> bool:
        if parts.scheme not in self._proxies:
            return False
        return not urllib.request.proxy_bypass(parts.hostname or "")

    def _via_urllib(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> Answer:
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=self.timeout) as resp:
                return Answer(resp.status, resp.reason, resp.headers, resp.read())
        except urllib.error.HTTPError as exc:
            with exc:
                return Answer(exc.code, str(exc.reason), exc.headers, exc.read())
        except urllib.error.URLError as exc:
            reason = exc.reason
            raise reason if isinstance(reason, OSError) else OSError(str(reason)) from exc


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands redirects back as answers, as the kept-alive path does."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def request_target(parts: urllib.parse.SplitResult) -> str:
    """The request target of a URL (path and query): what is sent, and what Digest signs."""
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80
