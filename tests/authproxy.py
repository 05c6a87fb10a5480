"""A reverse proxy for tests: puts HTTP authentication and failures in front of a real server.

The proxy forwards every request it lets through to the upstream server (a real Oxigraph server
in the tests) and answers with what that server answered. It can demand HTTP Basic, Digest, a
bearer token or, as Amazon Neptune with IAM authentication does, an AWS SigV4 signature (checked
on the request as received: the method, path, query, headers and body on the wire), answer the
next requests with an error status, or close their connection without an answer, and it records
every request it received.

The SigV4 check recomputes the signature from what arrived with botocore's ``SigV4Auth`` (the
canonical request of the headers the client says it signed, at the time it says it signed), so it
proves that the client signs exactly what it sends, with the key and region the test expects.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

REALM = "claimgraph-test"
_SIGV4 = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<day>\d{8})/(?P<region>[^/]+)/"
    r"(?P<service>[^/]+)/aws4_request, SignedHeaders=(?P<names>[a-z0-9;-]+), "
    r"Signature=(?P<signature>[0-9a-f]{64})"
)


@dataclass
class Seen:
    """One request the proxy received."""

    method: str
    path: str
    authorization: str | None
    answer: int | str = 0  # the status sent back, or "dropped"
    client: int = 0  # the client's port: one per connection
    content_type: str | None = None
    proxied: bool = False  # asked as a forward proxy (an absolute URL as the target)


@dataclass
class Rules:
    """What the proxy demands and does."""

    scheme: str | None = None  # None, "basic", "digest", "bearer" or "aws-sigv4"
    user: str = ""  # aws-sigv4: the access key
    password: str = ""  # aws-sigv4: the secret key
    token: str = ""  # aws-sigv4: the session token, if one is required
    region: str = "us-east-1"  # aws-sigv4: the region signed for
    fail: list[int | str] = field(default_factory=list)  # next answers: a status or "drop"
    fail_after: int | None = None  # answer 503 to every request once this many got through
    retry_after: str | None = None  # the Retry-After header sent with a 429/503
    algorithm: str = "MD5"  # Digest: MD5, SHA-256, or either with -sess
    qop: bool = True  # Digest: offer qop="auth" (else the RFC 2069 form)
    location: str = ""  # the Location header sent with a 3xx in ``fail``
    no_direct_update: bool = False  # answer 415 to a body of type application/sparql-update


def _hash(algorithm: str, text: str) -> str:
    name = "sha256" if algorithm.upper().startswith("SHA-256") else "md5"
    return hashlib.new(name, text.encode()).hexdigest()


class AuthProxy:
    """Run with ``with AuthProxy(upstream) as proxy:``; ``proxy.url`` is its base URL."""

    def __init__(
        self, upstream: str, rules: Rules | None = None, *, port: int = 0, keep_alive: bool = False
    ) -> None:
        self.upstream = upstream.rstrip("/")
        self.rules = rules or Rules()
        self.seen: list[Seen] = []
        self.passed = 0  # requests forwarded to the upstream server
        self.nonce = secrets.token_hex(8)
        self.stale: set[str] = set()  # nonces that expired (answered with stale=true)
        self._lock = threading.Lock()
        self._port = port
        self.keep_alive = keep_alive  # HTTP/1.1, connections kept open; else one per request
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> AuthProxy:
        handler = _KeepAliveHandler if self.keep_alive else _Handler
        server = ThreadingHTTPServer(("127.0.0.1", self._port), handler)
        server.daemon_threads = True
        server.proxy = self  # type: ignore[attr-defined]
        self._port = int(server.server_address[1])
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> AuthProxy:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ decisions
    def next_failure(self) -> int | str | None:
        with self._lock:
            if self.rules.fail:
                return self.rules.fail.pop(0)
            if self.rules.fail_after is not None and self.passed >= self.rules.fail_after:
                return 503
            return None

    def expire_nonce(self) -> None:
        """Give Digest clients a new nonce: the old one is answered 401 with stale=true."""
        self.stale.add(self.nonce)
        self.nonce = secrets.token_hex(8)

    def challenge(self, stale: bool = False) -> str:
        if self.rules.scheme == "digest":
            qop = ', qop="auth"' if self.rules.qop else ""
            tail = ", stale=true" if stale else ""
            return (
                f'Digest realm="{REALM}", nonce="{self.nonce}"{qop}, '
                f'algorithm={self.rules.algorithm}, opaque="op4que"{tail}'
            )
        if self.rules.scheme == "bearer":
            return f'Bearer realm="{REALM}"'
        return f'Basic realm="{REALM}"'

    def authorised(self, method: str, header: str | None) -> bool:
        r = self.rules
        if r.scheme is None:
            return True
        if header is None:
            return False
        kind, _, value = header.partition(" ")
        if r.scheme == "bearer":
            return kind == "Bearer" and value == r.token
        if r.scheme == "basic":
            expected = base64.b64encode(f"{r.user}:{r.password}".encode()).decode()
            return kind == "Basic" and value == expected
        if kind != "Digest":
            return False
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(value))
        if fields.get("username") != r.user or fields.get("nonce") != self.nonce:
            return False
        if fields.get("opaque") != "op4que" or fields.get("algorithm") != r.algorithm:
            return False
        alg = r.algorithm

        def h(text: str) -> str:
            return _hash(alg, text)

        ha1 = h(f"{r.user}:{REALM}:{r.password}")
        if alg.upper().endswith("-SESS"):
            ha1 = h(f"{ha1}:{self.nonce}:{fields.get('cnonce', '')}")
        ha2 = h(f"{method}:{fields.get('uri', '')}")
        if r.qop:
            nc, cnonce = fields.get("nc", ""), fields.get("cnonce", "")
            expected = h(f"{ha1}:{self.nonce}:{nc}:{cnonce}:auth:{ha2}")
        else:
            expected = h(f"{ha1}:{self.nonce}:{ha2}")
        return fields.get("response") == expected

    def aws_refusal(self, method: str, path: str, headers: Message, body: bytes) -> str | None:
        """Why a request is not validly signed for ``neptune-db`` (``None``: it is)."""
        r = self.rules
        found = _SIGV4.fullmatch(headers.get("Authorization") or "")
        if found is None:
            return "Missing Authentication Token"
        stamp = headers.get("X-Amz-Date") or ""
        try:
            when = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:
            return f"bad X-Amz-Date {stamp!r}"
        if abs((datetime.now(UTC) - when).total_seconds()) > 300:
            return "Signature expired"
        scope = (found["key"], found["day"], found["region"], found["service"])
        if scope != (r.user, stamp[:8], r.region, "neptune-db"):
            return f"wrong credential scope {scope}"
        names = found["names"].split(";")
        if "host" not in names or "x-amz-date" not in names:
            return "host and x-amz-date must be signed"
        if (headers.get("X-Amz-Security-Token") or "") != r.token:
            return "wrong or missing session token"
        if (
            _signature(r, method, f"http://{headers.get('Host')}{path}", headers, body, names)
            != (found["signature"])
        ):
            return "The request signature we calculated does not match the signature you provided"
        return None

    def is_stale(self, header: str | None) -> bool:
        if not header or not header.startswith("Digest "):
            return False
        fields = urllib.request.parse_keqv_list(urllib.request.parse_http_list(header[7:]))
        return fields.get("nonce") in self.stale


def _signature(
    r: Rules, method: str, url: str, headers: Message, body: bytes, names: list[str]
) -> str:
    """The SigV4 signature of a request as received, by botocore, for the expected key."""
    request = AWSRequest(
        method=method, url=url, data=body, headers={n: headers.get(n, "") for n in names}
    )
    request.context["timestamp"] = headers.get("X-Amz-Date")
    signer = SigV4Auth(Credentials(r.user, r.password, r.token or None), "neptune-db", r.region)
    return str(
        signer.signature(signer.string_to_sign(request, signer.canonical_request(request)), request)
    )


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        proxy: AuthProxy = self.server.proxy  # type: ignore[attr-defined]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = Seen(self.command, self.path, self.headers.get("Authorization"))
        seen.client = int(self.client_address[1])
        seen.content_type = self.headers.get("Content-Type")
        if self.path.startswith("http://"):  # used as a forward proxy: keep the path
            seen.proxied = True
            parts = urllib.parse.urlsplit(self.path)
            self.path = parts.path + (f"?{parts.query}" if parts.query else "")
            seen.path = self.path
        proxy.seen.append(seen)
        failure = proxy.next_failure()
        if failure == "drop":
            seen.answer = "dropped"
            self.close_connection = True
            return  # the connection closes with no answer
        if isinstance(failure, int):
            extra = {"Retry-After": proxy.rules.retry_after} if proxy.rules.retry_after else {}
            if 300 <= failure < 400:
                extra = {"Location": proxy.rules.location}
            self._send(seen, failure, b"try again later", extra)
            return
        if proxy.rules.no_direct_update and seen.content_type == "application/sparql-update":
            self._send(seen, 415, b"send a form", {})
            return
        if proxy.rules.scheme == "aws-sigv4":
            refusal = proxy.aws_refusal(self.command, self.path, self.headers, body)
            if refusal is not None:
                message = {"code": "AccessDeniedException", "detailedMessage": refusal}
                self._send(seen, 403, json.dumps(message).encode(), {})
                return
        elif not proxy.authorised(self.command, seen.authorization):
            stale = proxy.is_stale(seen.authorization)
            challenge = {"WWW-Authenticate": proxy.challenge(stale)}
            self._send(seen, 401, b"who are you?", challenge)
            return
        self._forward(proxy, seen, body)

    def _forward(self, proxy: AuthProxy, seen: Seen, body: bytes) -> None:
        headers = {k: v for k, v in self.headers.items() if k in ("Accept", "Content-Type")}
        req = urllib.request.Request(
            proxy.upstream + self.path,
            data=body if self.command == "POST" else None,
            headers=headers,
            method=self.command,
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, data, ctype = resp.status, resp.read(), resp.headers.get("Content-Type")
        except urllib.error.HTTPError as exc:
            status, data, ctype = exc.code, exc.read(), exc.headers.get("Content-Type")
        with proxy._lock:
            proxy.passed += 1
        self._send(seen, status, data, {"Content-Type": ctype} if ctype else {})

    def _send(self, seen: Seen, status: int, data: bytes, headers: dict[str, str]) -> None:
        seen.answer = status
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _KeepAliveHandler(_Handler):
    protocol_version = "HTTP/1.1"
