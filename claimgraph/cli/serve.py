"""``serve``: a store over HTTP (SPARQL endpoint and query page), read-only on localhost.

SIGTERM, SIGINT (Ctrl-C) and SIGHUP stop the command and the Oxigraph server it started.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Annotated

import typer

from claimgraph.cli.app import app, err, escape, handle_errors, out
from claimgraph.graph.store._serve import DEFAULT_PORT, start_server

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class _Stopped(Exception):
    """A stop signal arrived."""


def _stop(signum: int, frame: FrameType | None) -> None:
    raise _Stopped(signum)


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """Turn the stop signals into :class:`_Stopped` while serving; restore the handlers after."""
    before = {s: signal.signal(s, _stop) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


@app.command("serve")
@handle_errors
def serve_cmd(
    store: Annotated[
        str, typer.Option("--store", "-s", help="The store directory (not open by a writer).")
    ] = "claimgraph-store",
    host: Annotated[str, typer.Option("--host", help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = DEFAULT_PORT,
    writable: Annotated[
        bool, typer.Option("--writable", help="Accept SPARQL updates (read-only by default).")
    ] = False,
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let queries use SERVICE, which makes the server fetch the URLs they name "
            "(refused by default).",
        ),
    ] = False,
    service_timeout: Annotated[
        float,
        typer.Option("--service-timeout", help="With --allow-service: seconds a query may take."),
    ] = 30.0,
) -> None:
    """Serve a store: claimgraph's query page at /, SPARQL at /query (Oxigraph server)."""
    with _stop_on_signals():
        try:
            server = start_server(
                store,
                host=host,
                port=port,
                writable=writable,
                allow_service=allow_service,
                service_timeout=service_timeout,
            )
        except _Stopped:
            return
        try:
            for warning in server.warnings:
                err.print(f"[bold yellow]warning:[/] {escape(warning)}", highlight=False)
            mode = "read-write" if writable else "read-only"
            out.print(
                f"serving {escape(store)} ({mode}) at {server.url}/  "
                f"(SPARQL: {server.query_url}); Ctrl-C stops"
            )
            while server.process.poll() is None:  # wakes now and then to run signal handlers
                time.sleep(0.5)
        except (_Stopped, KeyboardInterrupt):
            pass
        finally:
            for s in STOP_SIGNALS:  # a second signal must not cut the stop short
                signal.signal(s, signal.SIG_IGN)
            server.stop()
