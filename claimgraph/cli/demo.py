"""The demo job: the seed article into an embedded store, validated, queried and exported."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from claimgraph.cli.app import app, escape, handle_errors, out, plain
from claimgraph.cli.core import DEFAULT_STORE, StoreOpt

if TYPE_CHECKING:  # the library is imported when the command runs (a quick --help)
    from claimgraph.graph.store._kg import KnowledgeGraph

__all__ = ["DemoResult", "run_demo", "seed_article_path", "who_said_what_table"]


def seed_article_path() -> Path:
    """Path of the seed article that ships with the package."""
    return Path(str(resources.files("claimgraph.data").joinpath("seed-article.txt")))


@dataclass
class DemoResult:
    """What the demo did."""

    article_id: str
    rows: list[dict[str, Any]]
    table: Any
    validated: int
    conforming: int
    exports: list[Path]
    reindexed: bool = False


def run_demo(*, store: str | Path, out_dir: Path) -> DemoResult:
    """Run the demo job and return what it produced (the command line prints it).

    A store written by an older claimgraph (no name index, or an older one) has its index
    rebuilt first, so every named query answers on the store the demo leaves.

    Raises:
        ShapeViolationError: the seed article's graph did not validate.
    """
    from claimgraph.errors import IndexMissingError
    from claimgraph.extraction import extract
    from claimgraph.graph.store._kg import KnowledgeGraph, add_curated
    from claimgraph.loaders._readers import read_text

    article = read_text(seed_article_path(), article_id="seed-article")
    out_dir.mkdir(parents=True, exist_ok=True)
    with KnowledgeGraph.open(store) as kg:
        add_curated(kg)
        kg.add(extract(article))
        try:
            kg.require_index()
            reindexed = False
        except IndexMissingError:
            kg.rebuild_indexes()
            reindexed = True
        reports = kg.validate()
        rows = kg.query("who-said-what").to_dicts()
        exports = _exports(kg, out_dir)
        table = who_said_what_table(kg)
    conforming = sum(1 for r in reports.values() if r.conforms)
    return DemoResult(article.id, rows, table, len(reports), conforming, exports, reindexed)


def _exports(kg: KnowledgeGraph, out_dir: Path) -> list[Path]:
    """TriG (with our prefixes), the property-graph export (GraphML) and the HTML view."""
    from claimgraph.graph.export._export import export_graph

    written: list[Path] = []
    for name in ("graph.trig", "graph.graphml", "graph.html"):
        path = out_dir / name
        export_graph(kg, path)
        written.append(path)
    return written


def who_said_what_table(kg: KnowledgeGraph) -> Table:
    """A rich table of the ``who-said-what`` query: the attributed claims.

    The article's own (authorial) sentences would fill the table with its prose; they are
    counted in the caption and listed by ``claimgraph query weak-attribution``.
    """
    authorial = {
        row["claim"]
        for row in kg.query("weak-attribution").to_dicts()
        if row["reason"] == "authorial voice"
    }
    table = Table("speaker", "cue", "claim", "article", show_lines=True)
    for row in kg.query("who-said-what").to_dicts():
        if row["claim"] not in authorial:
            cells = (row["speakerName"], row["cue"] or "", row["text"], row["article"])
            table.add_row(*(plain(c) for c in cells))
    if authorial:
        table.caption = (
            f"and {len(authorial)} statement(s) in the articles' own voice, attributed to their "
            "publishers: claimgraph query weak-attribution"
        )
    return table


@app.command("demo")
@handle_errors
def demo_cmd(
    store: StoreOpt = DEFAULT_STORE,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the exports.")] = Path(
        "demo-out"
    ),
) -> None:
    """Ingest the bundled seed article, validate it, print who said what and write exports."""
    result = run_demo(store=store, out_dir=out_dir)
    out.print(f"[bold]Ingested[/] {escape(result.article_id)} into {escape(store)}")
    if result.reindexed:
        out.print("built the store's name index and totals (it was written by an older version)")
    out.print(result.table)
    out.print(f"validation: {result.conforming} of {result.validated} article graph(s) conform")
    for path in result.exports:
        out.print(f"wrote {escape(str(path))}")
