"""``export``: the graph in RDF formats and property-graph formats, whole or restricted."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.app import app, err, escape, handle_errors
from claimgraph.cli.core import DEFAULT_STORE, StoreOpt, TimeoutOpt
from claimgraph.errors import InputError

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
    """A ``--query`` value: a named query, SPARQL text, or ``@FILE`` read from a file.

    Raises:
        InputError: the file cannot be read or is not UTF-8.
    """
    if query is None or not query.startswith("@"):
        return query
    return read_sparql(Path(query[1:]), "--query")


def read_sparql(path: Path, option: str) -> str:
    """The text of a SPARQL file named by ``option``.

    Raises:
        InputError: naming the file: it cannot be read, or it is not UTF-8 text.
    """
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"{option} {path}", f"cannot read the SPARQL file: {exc.strerror}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{option} {path}",
            f"the SPARQL file is not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8",
        ) from exc


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
    from claimgraph.graph.store._formats import check_writable, write_output
    from claimgraph.graph.store._kg import KnowledgeGraph

    fmt = resolve_format(output, to)
    text = query_text(query)  # arguments are checked before the store is opened
    if output != "-":
        check_writable(Path(output))
    with KnowledgeGraph.open(store, read_only=True, timeout=timeout) as kg:
        data = export_graph(kg, format=fmt, article=article, entity=entity, query=text)
    assert data is not None
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(data, output)  # atomically: the old file stays whole until the new one is
    err.print(f"wrote {escape(output)} ({fmt.name}, {len(data):,} bytes)", highlight=False)
