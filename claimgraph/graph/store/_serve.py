"""Serving a store over HTTP with the Oxigraph server: SPARQL endpoint plus its YASGUI page.

The server is the ``oxigraph`` binary that the ``oxigraph`` package installs next to Python. It
is read-only and bound to localhost unless asked otherwise. A store directory must not be open
by another writer while it is served.

Example:
    >>> server_command(Path("store"), port=7878)[-5:]
    ['--location', 'store', '--bind', '127.0.0.1:7878', '--union-default-graph']
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from claimgraph.errors import InputError, StoreError, StoreInUseError

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
) -> list[str]:
    """The command line that serves ``store`` (read-only unless ``writable``)."""
    sub = "serve" if writable else "serve-read-only"
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return [binary, sub, "--location", str(store), "--bind", bind, "--union-default-graph"]


@dataclass
class Server:
    """A running Oxigraph server. Stop it with :meth:`stop` or use it as a context manager.

    Attributes:
        url: the base URL (the query page); the SPARQL endpoint is ``url + "/query"``.
        process: the server process.
        warnings: warnings about how it was started (e.g. exposed beyond localhost).
    """

    url: str
    process: subprocess.Popen[bytes]
    warnings: list[str] = field(default_factory=list)

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return self.url + "/query"

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (terminate, then kill if it does not exit in ``timeout`` s)."""
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
) -> Server:
    """Start the Oxigraph server on ``store`` and wait until it answers.

    Args:
        store: an on-disk store directory (made by ``claimgraph ingest``).
        host: the interface to bind; anything but localhost adds a warning.
        port: the TCP port.
        writable: accept SPARQL updates (off by default: the server is read-only).
        timeout: seconds to wait for the server to answer.

    Raises:
        InputError: ``store`` is not an existing store directory.
        StoreInUseError: the server could not open the store (another writer has it open).
        StoreError: the server binary is missing, or did not answer in time.
    """
    path = Path(store)
    if not path.is_dir():
        raise InputError(str(store), "no store directory here; create one with `claimgraph ingest`")
    cmd = server_command(path, host=host, port=port, writable=writable, binary=oxigraph_binary())
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{f'[{url_host}]' if ':' in url_host else url_host}:{port}"
    warning = exposure_warning(host)
    server = Server(url, proc, [warning] if warning else [])
    _wait(server, timeout)
    return server


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
            urllib.request.urlopen(server.url + "/", timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise StoreError(f"the Oxigraph server did not answer on {server.url} within {timeout} s")
