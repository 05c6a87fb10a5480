"""``serve``: a store over HTTP (SPARQL endpoint and query page), read-only on localhost."""

from __future__ import annotations

from typing import Annotated

import typer

from claimgraph.cli.app import app, err, escape, handle_errors, out
from claimgraph.graph.store._serve import DEFAULT_PORT, start_server


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
) -> None:
    """Serve a store with the Oxigraph server: YASGUI query page at /, SPARQL at /query."""
    server = start_server(store, host=host, port=port, writable=writable)
    for warning in server.warnings:
        err.print(f"[bold yellow]warning:[/] {escape(warning)}", highlight=False)
    mode = "read-write" if writable else "read-only"
    out.print(
        f"serving {escape(store)} ({mode}) at {server.url}/  (SPARQL: {server.query_url}); "
        "Ctrl-C stops"
    )
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
