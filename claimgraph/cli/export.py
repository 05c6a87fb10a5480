"""``export``: the graph in RDF formats and property-graph formats, whole or restricted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.app import app, err, escape, handle_errors
from claimgraph.cli.core import DEFAULT_STORE, StoreOpt, TimeoutOpt

ArticleOpt = Annotated[str | None, typer.Option("--article", help="Only this article (its id).")]
EntityOpt = Annotated[
    str | None,
    typer.Option("--entity", help="Only this entity's neighbourhood (name, IRI or node id)."),
]
QueryOpt = Annotated[
    str | None,
    typer.Option("--query", help="Only a query's result: a named query, or @FILE with SPARQL."),
]


def query_text(query: str | None) -> str | None:
    """A ``--query`` value: a named query, SPARQL text, or ``@FILE`` read from a file."""
    if query is None or not query.startswith("@"):
        return query
    return Path(query[1:]).read_text(encoding="utf-8")


@app.command("export")
@handle_errors
def export_cmd(
    output: Annotated[
        str, typer.Option("-o", "--output", help="File to write, or '-' for standard output.")
    ],
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="trig, nquads, turtle, ntriples, jsonld, graphml, gexf, cytoscape, d3, dot, "
            "mermaid or html; by default from the file extension.",
        ),
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
    timeout: TimeoutOpt = None,
    article: ArticleOpt = None,
    entity: EntityOpt = None,
    query: QueryOpt = None,
) -> None:
    """Export the graph as RDF or as a property graph (Gephi, Cytoscape, yEd, D3, Graphviz)."""
    from claimgraph.graph.export._export import export_graph, resolve_format
    from claimgraph.graph.store._kg import KnowledgeGraph

    fmt = resolve_format(output, to)
    with KnowledgeGraph.open(store, read_only=True, timeout=timeout) as kg:
        data = export_graph(kg, format=fmt, article=article, entity=entity, query=query_text(query))
    assert data is not None
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    Path(output).write_bytes(data)
    err.print(f"wrote {escape(output)} ({fmt.name}, {len(data):,} bytes)", highlight=False)
