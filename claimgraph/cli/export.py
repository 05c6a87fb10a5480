"""``export``: the graph in RDF formats (and, where available, property-graph formats)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.app import app, handle_errors, out
from claimgraph.cli.core import StoreOpt
from claimgraph.graph.store import KnowledgeGraph


@app.command("export")
@handle_errors
def export_cmd(
    output: Annotated[str, typer.Option("-o", "--output", help="File to write, or '-' for stdout.")],
    to: Annotated[str | None, typer.Option("--to", help="Format; default from the extension.")] = None,
    store: StoreOpt = "claimgraph-store",
    article: Annotated[str | None, typer.Option(help="Only this article's graph.")] = None,
) -> None:
    """Export the graph (TriG, N-Quads, Turtle, N-Triples, JSON-LD)."""
    with KnowledgeGraph.open(store, read_only=True) as kg:
        if output == "-":
            data = kg.serialize(format=to or "trig", article=article)
            assert data is not None
            sys.stdout.buffer.write(data)
            return
        kg.serialize(Path(output), format=to, article=article)
    out.print(f"wrote {output}")
