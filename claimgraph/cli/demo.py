"""The demo job: the seed article into an embedded store, validated, queried and exported."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from claimgraph.extraction import extract
from claimgraph.graph.store._kg import KnowledgeGraph, add_curated
from claimgraph.loaders._readers import read_text

__all__ = ["DemoResult", "run_demo", "seed_article_path"]


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


def run_demo(*, store: str | Path, out_dir: Path) -> DemoResult:
    """Run the demo job and return what it produced (the command line prints it).

    Raises:
        ShapeViolationError: the seed article's graph did not validate.
    """
    from claimgraph.cli.core import who_said_what_table

    article = read_text(seed_article_path(), article_id="seed-article")
    out_dir.mkdir(parents=True, exist_ok=True)
    with KnowledgeGraph.open(store) as kg:
        add_curated(kg)
        kg.add(extract(article))
        reports = kg.validate()
        rows = kg.query("who-said-what").to_dicts()
        exports = _exports(kg, out_dir)
        table = who_said_what_table(kg)
    conforming = sum(1 for r in reports.values() if r.conforms)
    return DemoResult(article.id, rows, table, len(reports), conforming, exports)


def _exports(kg: KnowledgeGraph, out_dir: Path) -> list[Path]:
    """TriG (with our prefixes), the property-graph export (GraphML) and the HTML view."""
    from claimgraph.graph.export._export import export_graph

    written: list[Path] = []
    for name in ("graph.trig", "graph.graphml", "graph.html"):
        path = out_dir / name
        export_graph(kg, path)
        written.append(path)
    return written
