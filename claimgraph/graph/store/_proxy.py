"""The front ``claimgraph serve`` puts before the Oxigraph server: our page, no SERVICE.

The Oxigraph server listens on a private port on 127.0.0.1; this front listens where the user
asked and passes every request on, except that it

- serves claimgraph's query page at ``/`` and the prefix look-up at ``/prefixes.json``
  (:mod:`claimgraph.graph.store._servepage`);
- refuses a query or update with a ``SERVICE`` clause (HTTP 400, a plain-text message), since
  it would make the server fetch any URL a visitor names (server-side request forgery), unless
  the server was started with ``allow_service`` (then the Oxigraph server's ``--timeout-s``
  bounds it).

Queries arrive as ``GET ?query=``, ``POST`` of ``application/sparql-query`` or of a form
(``query=`` / ``update=``), as the SPARQL 1.1 protocol allows; each is checked.
"""

from __future__ import annotations

import http.client
import http.server
import signal
import socket
import threading
import urllib.parse
from dataclasses import dataclass

from claimgraph.graph.store._servepage import page_html, prefixes_json
from claimgraph.queries._service import find_service

__all__ = ["Front", "start_front"]

_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class _Config:
    backend_host: str
    backend_port: int
    allow_service: bool
    timeout: float


class _Handler(http.server.BaseHTTPRequestHandler):
    config: _Config  # set on the subclass made for each front
    protocol_version = "HTTP/1.1"
    server_version = "claimgraph"

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self._answer(200, "text/html; charset=utf-8", page_html())
        elif path == "/prefixes.json":
            self._answer(200, "application/json", prefixes_json())
        else:
            self._pass(b"")

    def do_HEAD(self) -> None:
        self._pass(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._pass(self.rfile.read(length) if length > 0 else b"")

    do_PUT = do_POST
    do_DELETE = do_HEAD

    def _pass(self, body: bytes) -> None:
        """Check the request's query or update for SERVICE, then pass it to the server."""
        if not self.config.allow_service:
            texts = _sparql_texts(self.path, self.headers.get("Content-Type"), body)
            found = next((f for f in map(find_service, texts) if f is not None), None)
            if found is not None:
                message = (
                    f"this query has a SERVICE clause ({found!r}), which would make the server "
                    "send a request to that URL; claimgraph serve refuses SERVICE. Remove it, or "
                    "start the server with --allow-service --service-timeout SECONDS\n"
                )
                self._answer(400, "text/plain; charset=utf-8", message.encode())
                return
        self._forward(body)

    def _forward(self, body: bytes) -> None:
        c = self.config
        conn = http.client.HTTPConnection(c.backend_host, c.backend_port, timeout=c.timeout)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        try:
            conn.request(self.command, self.path, body=body or None, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as exc:
            self._answer(
                502, "text/plain; charset=utf-8", f"the store did not answer: {exc}\n".encode()
            )
            return
        finally:
            conn.close()
        self.send_response(resp.status, resp.reason)
        for k, v in resp.getheaders():
            if k.lower() not in _HOP:
                self.send_header(k, v)
        length = resp.getheader("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", length or str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _answer(self, status: int, media_type: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # the library never prints


def _sparql_texts(path: str, content_type: str | None, body: bytes) -> list[str]:
    """Every query or update a request carries (URL parameters, a SPARQL body, a form)."""
    fields = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
    texts = fields.get("query", []) + fields.get("update", [])
    media = (content_type or "").split(";")[0].strip().lower()
    if media == _FORM:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        texts += form.get("query", []) + form.get("update", [])
    elif media in ("application/sparql-query", "application/sparql-update"):
        texts.append(body.decode("utf-8", "replace"))
    return texts


def _serve(server: http.server.ThreadingHTTPServer) -> None:
    """Serve, with the stop signals blocked in this thread and the threads it starts, so that
    the kernel delivers them to the main thread, whose handlers stop the server."""
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP})
    server.serve_forever()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True


@dataclass
class Front:
    """A running front: its HTTP server and the thread that serves it."""

    server: http.server.ThreadingHTTPServer
    thread: threading.Thread

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def start_front(
    host: str,
    port: int,
    *,
    backend_port: int,
    allow_service: bool = False,
    timeout: float = 600.0,
) -> Front:
    """Listen on ``host:port`` and pass requests to the Oxigraph server on ``backend_port``.

    Raises:
        OSError: the address cannot be bound (in use, or not this machine's).
    """
    config = _Config("127.0.0.1", backend_port, allow_service, timeout)
    handler = type("Handler", (_Handler,), {"config": config})
    server_cls = type(
        "Server",
        (_Server,),
        {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET},
    )
    server = server_cls((host, port), handler)
    thread = threading.Thread(target=_serve, args=(server,), name="claimgraph-serve", daemon=True)
    thread.start()
    return Front(server, thread)
