"""``claimgraph index``: build a store's name index and running totals again."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from claimgraph.cli.app import app, handle_errors, out
from claimgraph.cli.core import DEFAULT_STORE, StoreOpt, TimeoutOpt


@app.command("index")
@handle_errors
def index_cmd(
    store: StoreOpt = DEFAULT_STORE,
    timeout: TimeoutOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rebuild the name index and the running totals from the stored articles.

    Needed once for a store written before the index existed or filled by a bulk load: the
    named queries that read the index refuse such a store until then. Adding and removing
    articles keeps both up to date afterwards.
    """
    from claimgraph.graph.store._kg import KnowledgeGraph

    with KnowledgeGraph.open(store, timeout=timeout) as kg:
        counts = kg.rebuild_indexes().as_dict()
    if as_json:
        out.print_json(json.dumps(counts))
        return
    table = Table("what", "count")
    for k, v in counts.items():
        table.add_row(k.replace("_", " "), f"{v:,}")
    out.print(table)
