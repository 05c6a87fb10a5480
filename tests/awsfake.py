"""A local HTTP server that plays the AWS endpoints credentials come from, for the tests.

Each test gives it a function that answers a request; it records every request it was sent
(method, path with query, headers, body), so a test can check what claimgraph asked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Asked:
    """One request as it arrived."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, bytes]
Answerer = Callable[[Asked], Answer]


@dataclass
class FakeAws:
    """Serves ``answer`` on 127.0.0.1 while in a ``with`` block.

    Attributes:
        answer: what to answer a request.
        asked: the requests, in order.
    """

    answer: Answerer
    asked: list[Asked] = field(default_factory=list)

    def __enter__(self) -> FakeAws:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _any(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                asked = Asked(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(size),
                )
                fake.asked.append(asked)
                status, body = fake.answer(asked)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_PUT = do_POST = _any

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"
