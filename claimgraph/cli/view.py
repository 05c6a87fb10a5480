"""``view``: write the self-contained HTML view of the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from claimgraph.cli.app import app, escape, handle_errors, out
from claimgraph.cli.core import DEFAULT_STORE, StoreOpt, TimeoutOpt
from claimgraph.cli.export import ArticleOpt, EntityOpt, QueryOpt, query_text


@app.command("view")
@handle_errors
def view_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")] = Path(
        "graph.html"
    ),
    store: StoreOpt = DEFAULT_STORE,
    timeout: TimeoutOpt = None,
    article: ArticleOpt = None,
    entity: EntityOpt = None,
    query: QueryOpt = None,
) -> None:
    """Write one HTML file that shows who said what in a browser, offline.

    Speakers are drawn sized by their claims, linked to what they mention, their organisations
    and ownership; click one for their claims, a claim for its evidence in the article. Filters
    (speaker, organisation, article, act, date) and search; the top speakers are drawn and the
    page says how many more are hidden; small stores also have a whole-graph mode.
    """
    from claimgraph.graph.export._export import export_graph
    from claimgraph.graph.store._kg import KnowledgeGraph

    with KnowledgeGraph.open(store, read_only=True, timeout=timeout) as kg:
        export_graph(
            kg, output, format="html", article=article, entity=entity, query=query_text(query)
        )
    out.print(f"wrote {escape(str(output))}; open it in a browser")
