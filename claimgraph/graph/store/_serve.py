"""Serving a store over HTTP with the Oxigraph server: SPARQL endpoint plus a YASGUI page.

The server is the ``oxigraph`` binary that the ``oxigraph`` package installs next to Python,
listening on a private port on 127.0.0.1. Before it, a front in this process
(:mod:`claimgraph.graph.store._proxy`) listens where asked (localhost unless told otherwise),
serves claimgraph's query page (:mod:`claimgraph.graph.store._servepage`: our prefixes, the
named queries as examples, nothing fetched off the machine) and refuses ``SERVICE`` unless
allowed. The server is read-only unless asked otherwise. A store directory must not be open by
another writer while it is served.

The Oxigraph server stops with the :class:`Server` (``stop``, or leaving its ``with`` block);
started from the main thread on Linux, it is also sent SIGTERM by the kernel if this process
dies without stopping it (``PR_SET_PDEATHSIG``), so it is never left orphaned.

Example:
    >>> server_command(Path("store"), port=7878)[-5:]
    ['--location', 'store', '--bind', '127.0.0.1:7878', '--union-default-graph']
"""

from __future__ import annotations

import ctypes
import math
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from claimgraph.errors import InputError, StoreError, StoreInUseError

if TYPE_CHECKING:  # the front (and rdflib, which its page needs) loads only when serving
    from claimgraph.graph.store._proxy import Front

__all__ = [
    "LOCAL_HOSTS",
    "Server",
    "exposure_warning",
    "oxigraph_binary",
    "server_command",
    "start_server",
]

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORT = 7878


def oxigraph_binary() -> str:
    """Path of the Oxigraph server binary (from the ``oxigraph`` package).

    Raises:
        StoreError: it is not installed.
    """
    exe = Path(sys.executable).with_name("oxigraph")
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreError(
            "the Oxigraph server binary is not installed; install the `oxigraph` package "
            "into this environment (pip install oxigraph)"
        )
    return found


def exposure_warning(host: str) -> str | None:
    """A warning when ``host`` makes the server reachable beyond this machine, else ``None``."""
    if host in LOCAL_HOSTS:
        return None
    return (
        f"binding to {host!r} exposes the SPARQL endpoint beyond this machine, without "
        "authentication; use --host 127.0.0.1 unless that is what you want"
    )


def server_command(
    store: Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    writable: bool = False,
    binary: str = "oxigraph",
    timeout: float | None = None,
) -> list[str]:
    """The command line that serves ``store`` (read-only unless ``writable``); ``timeout``
    bounds each query (and so each SERVICE call), in whole seconds rounded up."""
    sub = "serve" if writable else "serve-read-only"
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    cmd = [binary, sub, "--location", str(store), "--bind", bind, "--union-default-graph"]
    if timeout is not None:
        cmd += ["--timeout-s", str(max(1, math.ceil(timeout)))]
    return cmd


@dataclass
class Server:
    """A running Oxigraph server. Stop it with :meth:`stop` or use it as a context manager.

    Attributes:
        url: the base URL (the query page); the SPARQL endpoint is ``url + "/query"``.
        process: the Oxigraph server process.
        warnings: warnings about how it was started (e.g. exposed beyond localhost).
        backend_url: the Oxigraph server's own URL (127.0.0.1, a private port).
        front: the front that serves ``url``.
    """

    url: str
    process: subprocess.Popen[bytes]
    warnings: list[str] = field(default_factory=list)
    backend_url: str = ""
    front: Front | None = None

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return self.url + "/query"

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the front and the server (terminate, then kill if it does not exit in
        ``timeout`` s)."""
        front, self.front = self.front, None
        if front is not None:
            front.stop()
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(
        self, typ: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_server(
    store: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    writable: bool = False,
    timeout: float = 20.0,
    allow_service: bool = False,
    service_timeout: float = 30.0,
) -> Server:
    """Start the Oxigraph server on ``store`` and its front, and wait until they answer.

    Args:
        store: an on-disk store directory (made by ``claimgraph ingest``).
        host: the interface to bind; anything but localhost adds a warning.
        port: the TCP port.
        writable: accept SPARQL updates (off by default: the server is read-only).
        timeout: seconds to wait for the server to answer.
        allow_service: let queries use ``SERVICE``, which makes the server fetch the URLs they
            name (refused by default).
        service_timeout: with ``allow_service``, the seconds any query may take.

    Raises:
        InputError: ``store`` is not an existing store directory.
        StoreInUseError: the server could not open the store (another writer has it open).
        StoreError: the server binary is missing, did not answer in time, or ``host:port``
            cannot be listened on.
    """
    path = Path(store)
    if not path.is_dir():
        raise InputError(str(store), "no store directory here; create one with `claimgraph ingest`")
    if allow_service and not service_timeout > 0:
        raise InputError(
            repr(service_timeout), "the service timeout must be a positive number of seconds"
        )
    from claimgraph.graph.store._proxy import start_front

    backend_port = _free_port()
    cmd = server_command(
        path,
        port=backend_port,
        writable=writable,
        binary=oxigraph_binary(),
        timeout=service_timeout if allow_service else None,
    )
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_die_with_parent()
    )
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{f'[{url_host}]' if ':' in url_host else url_host}:{port}"
    warning = exposure_warning(host)
    server = Server(url, proc, [warning] if warning else [], f"http://127.0.0.1:{backend_port}")
    try:
        _wait(server, timeout)
        server.front = start_front(
            host, port, backend_port=backend_port, allow_service=allow_service
        )
    except BaseException as exc:  # a signal or an error while starting: stop the server
        server.stop()
        if not isinstance(exc, OSError):
            raise
        raise StoreError(
            f"cannot listen on {host}:{port} ({exc.strerror}); use another --port"
        ) from exc
    return server


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now (for the Oxigraph server behind the front)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that has the kernel send the child SIGTERM when this process dies.

    Linux only, and only from the main thread: the signal follows the thread that started the
    child, so a child started from a worker thread would die with that thread.
    """
    if not sys.platform.startswith("linux") or threading.current_thread() is not (
        threading.main_thread()
    ):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def preexec() -> None:
        prctl(pr_set_pdeathsig, signal.SIGTERM)

    return preexec


def _wait(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            stderr = (
                server.process.stderr.read().decode("utf-8", "replace")
                if server.process.stderr
                else ""
            )
            if "lock" in stderr.lower():
                raise StoreInUseError(f"the store is open in another process: {stderr.strip()}")
            raise StoreError(f"the Oxigraph server exited: {stderr.strip() or 'no message'}")
        try:
            urllib.request.urlopen(server.backend_url + "/", timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise StoreError(
        f"the Oxigraph server did not answer on {server.backend_url} within {timeout} s"
    )
