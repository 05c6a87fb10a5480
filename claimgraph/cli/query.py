"""``query`` (a named query or SPARQL) and ``queries`` (list the named ones)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from claimgraph.cli.app import app, fail, handle_errors, out, plain
from claimgraph.cli.core import DEFAULT_STORE, StoreOpt, TimeoutOpt
from claimgraph.cli.export import read_sparql
from claimgraph.errors import InputError

if TYPE_CHECKING:
    from claimgraph.graph.store._results import QueryResult


def _params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            fail(f"--param {item!r} is not key=value")
        try:
            item.encode("utf-8")
        except UnicodeEncodeError as exc:  # bytes the shell passed that are not UTF-8
            bad = item[exc.start].encode("utf-8", "surrogateescape").hex()
            raise InputError(
                f"--param {key.encode('utf-8', 'replace').decode('utf-8')}",
                f"the value holds byte 0x{bad}, which is not UTF-8; give the value as UTF-8 text",
            ) from exc
        params[key] = value
    return params


def render(result: QueryResult, fmt: str) -> str | Table:
    """A query result as a rich table or as CSV, JSON or SPARQL results JSON text."""
    from claimgraph.loaders._oxterms import python_value

    if fmt == "csv":
        return result.to_csv()
    if fmt == "json":
        return result.to_json()
    if fmt in ("sparql-json", "srj"):
        return result.to_sparql_json()
    if fmt != "table":
        fail(f"unknown --format {fmt!r}; use table, csv, json or sparql-json")
    if result.boolean is not None:
        return str(result.boolean).lower()
    table = Table(*result.vars, show_lines=False)
    for row in result.rows:
        table.add_row(*(plain("" if t is None else python_value(t)) for t in row))
    return table


@app.command("query")
@handle_errors
def query_cmd(
    name: Annotated[
        str | None, typer.Argument(help="A named query (see `claimgraph queries`).")
    ] = None,
    sparql: Annotated[
        str | None, typer.Option("--sparql", help="A SPARQL file, or '-' for standard input.")
    ] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="key=value, repeatable.")] = [],  # noqa: B006
    store: StoreOpt = DEFAULT_STORE,
    timeout: TimeoutOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, json, sparql-json.")
    ] = "table",
    allow_service: Annotated[
        bool,
        typer.Option(
            "--allow-service",
            help="Let SERVICE clauses make the store send requests to other servers "
            "(refused by default).",
        ),
    ] = False,
    service_timeout: Annotated[
        float,
        typer.Option("--service-timeout", help="Seconds a query with an allowed SERVICE may take."),
    ] = 30.0,
) -> None:
    """Run a named query with parameters, or a SPARQL query from a file."""
    if (name is None) == (sparql is None):
        fail("give either a query NAME or --sparql FILE")
    text = name
    if sparql is not None:
        text = _stdin() if sparql == "-" else read_sparql(Path(sparql), "--sparql")
    assert text is not None
    params = _params(param)  # checked before the store is opened
    from claimgraph.graph.store._kg import KnowledgeGraph

    with KnowledgeGraph.open(store, read_only=True, timeout=timeout) as kg:
        result = kg.query(
            text,
            allow_service=allow_service,
            service_timeout=service_timeout,
            **params,
        )
    rendered = render(result, fmt)
    if isinstance(rendered, str):
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
    else:
        out.print(rendered)


def _stdin() -> str:
    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            "--sparql -", f"standard input is not UTF-8 (byte offset {exc.start}); send UTF-8"
        ) from exc


@app.command("queries")
def queries_cmd() -> None:
    """List the named queries and their parameters."""
    from claimgraph.queries import list_queries

    table = Table("name", "parameters", "description", show_lines=True)
    for q in list_queries():
        params = "\n".join(
            f"{p.name} ({p.type}{', optional' if p.optional else ''})" for p in q.params
        )
        table.add_row(plain(q.name), plain(params), plain(q.description))
    out.print(table)
