"""The self-contained HTML view of the projection: one file, no network, works offline.

The page's script and style sheet ship in ``claimgraph/graph/export/static/``
(written for claimgraph)
and are inlined, with the graph as JSON. Elements have stable ``data-testid`` attributes:
``node`` (one per node, ``data-id`` its node id), ``edge``, ``node-count``, ``visible-count``,
``search``, ``search-count``, ``filter-speaker``, ``filter-org``, ``detail`` and, for a selected
claim, ``detail-text``, ``detail-speaker``, ``detail-cue``, ``detail-article``, ``detail-evidence``
and ``evidence-highlight``.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx

from claimgraph.graph.export._writers import KIND_COLOURS

__all__ = ["graph_json", "render_html", "write_view"]


def _static(name: str) -> str:
    return resources.files("claimgraph.graph.export").joinpath("static", name).read_text("utf-8")


def graph_json(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The nodes and edges the page draws: ``{"nodes": [{"id", ...}], "edges": [...]}``."""
    nodes = [{**d, "id": str(n)} for n, d in graph.nodes(data=True)]
    edges = [
        {**d, "source": str(u), "target": str(v), "key": str(k)}
        for u, v, k, d in graph.edges(keys=True, data=True)
    ]
    return {"nodes": nodes, "edges": edges}


def _script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</`` can close it)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def render_html(graph: nx.MultiDiGraph, *, title: str = "claimgraph") -> bytes:
    """The HTML page of a projected graph, as UTF-8 bytes."""
    legend = "".join(
        f'<span><i style="background:{c}"></i>{html.escape(k)}</span>'
        for k, c in KIND_COLOURS.items()
    )
    page = _PAGE.format(
        title=html.escape(title),
        css=_static("view.css"),
        js=_static("view.js"),
        data=_script_json(graph_json(graph)),
        colours=_script_json(KIND_COLOURS),
        legend=legend,
    )
    return page.encode("utf-8")


def write_view(graph: nx.MultiDiGraph, output: str | Path, *, title: str = "claimgraph") -> Path:
    """Write the HTML view of ``graph`` to ``output`` and return the path."""
    path = Path(output)
    path.write_bytes(render_html(graph, title=title))
    return path


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<header>
  <h1>{title}</h1>
  <label>Search <input type="search" id="search" data-testid="search"
    placeholder="name or text"></label>
  <span id="search-count" data-testid="search-count"></span>
  <label>Speaker <select id="filter-speaker" data-testid="filter-speaker">
    <option value="">all</option></select></label>
  <label>Organisation <select id="filter-org" data-testid="filter-org">
    <option value="">all</option></select></label>
  <span class="legend">{legend}</span>
  <span class="counts"><span id="visible-count" data-testid="visible-count"></span> shown of
    <span id="node-count" data-testid="node-count"></span> nodes</span>
</header>
<main>
  <svg id="canvas" data-testid="canvas" xmlns="http://www.w3.org/2000/svg"
    preserveAspectRatio="xMidYMid meet"></svg>
  <aside id="detail" data-testid="detail">
    <p class="hint">Click a node. Claims show their text, speaker, cue, article and the evidence
    highlighted in the article.</p>
  </aside>
</main>
<script type="application/json" id="cg-data">{data}</script>
<script type="application/json" id="cg-colours">{colours}</script>
<script>
{js}
</script>
</body>
</html>
"""
