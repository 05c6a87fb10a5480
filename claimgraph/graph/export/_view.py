"""The self-contained HTML view: one file, no network, works offline, readable at corpus scale.

The page is speaker-centred: people and organisations that said something are nodes sized by how
many claims they made, linked to the entities their claims mention, the organisations they hold
roles in and what they own; claims are listed in a side panel with the evidence highlighted in the
article text. Only the top speakers under the current filters are drawn and the page says how
many are hidden. Small stores also get a whole-graph mode. The model is built by
:mod:`claimgraph.graph.export._speakers`.

Drawing uses sigma.js (WebGL) on a graphology graph, laid out by ForceAtlas2 in a web worker so
the page never freezes; the libraries are vendored in ``static/vendor/`` (see ``VENDORED.md``
there and ``tools/vendor_view.sh``) and inlined with the page's own ``view.js`` and ``view.css``.

The page sets ``body[data-ready=true]`` once it is interactive and ``body[data-layout=done]``
when the layout has settled; ``window.cgView`` exposes the graph and renderer to tests. Controls
and panel rows have stable ``data-testid`` attributes (``search``, ``filter-speaker``,
``filter-org``, ``filter-article``, ``filter-act``, ``filter-from``, ``filter-to``, ``mode``,
``save-png``, ``shown-count``, ``hidden-count``, ``speaker-row``, ``claim-row``, ``detail-text``,
``detail-evidence``, ``evidence-highlight`` and more).
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

import networkx as nx

from claimgraph.graph.export._speakers import speaker_model

__all__ = ["VIEW_COLOURS", "render_html", "write_view"]

VIEW_COLOURS = {
    "Person": "#1f77b4",
    "Organization": "#d62728",
    "NewsOutlet": "#9467bd",
    "UnnamedSource": "#7f7f7f",
    "Platform": "#8c564b",
    "Place": "#2ca02c",
    "Thing": "#bcbd22",
    "mentions": "#b0b7c3",
    "holds_role": "#d62728",
    "owns": "#ff7f0e",
    "article": "#8da0cb",
    "claim": "#fc8d62",
    "entity": "#66c2a5",
    "observation": "#e5c494",
}
"""Colours of node types and edge relations in the view (whole-graph mode colours by kind)."""
CHUNK = 4000
"""Claims per JSON chunk: the page parses one chunk per task, so no task blocks it for long."""
_NODE_LEGEND = ("Person", "Organization", "NewsOutlet", "UnnamedSource", "Place", "Thing")
_EDGE_LEGEND = (
    ("mentions", "claims mention"),
    ("holds_role", "holds a role in"),
    ("owns", "owns"),
)


def _static(*parts: str) -> str:
    root = resources.files("claimgraph.graph.export").joinpath("static")
    for part in parts:
        root = root.joinpath(part)
    return root.read_text("utf-8")


def _script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</`` can close it)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def _legend() -> str:
    nodes = "".join(
        f'<span><i class="dot" style="background:{VIEW_COLOURS[k]}"></i>{html.escape(k)}</span>'
        for k in _NODE_LEGEND
    )
    edges = "".join(
        f'<span><i class="arrow" style="border-color:{VIEW_COLOURS[k]}"></i>{html.escape(t)}</span>'
        for k, t in _EDGE_LEGEND
    )
    dot = '<span class="whole-only"><i class="dot" style="background:{}"></i>{}</span>'
    whole = "".join(dot.format(VIEW_COLOURS[k], k) for k in ("article", "claim", "observation"))
    size = '<span class="speakers-only">node size: number of claims</span>'
    return f'<div class="legend" data-testid="legend">{nodes}{whole}{edges}{size}</div>'


def render_html(graph: nx.MultiDiGraph, *, title: str = "claimgraph") -> bytes:
    """The HTML page of a projected graph, as UTF-8 bytes."""
    model = speaker_model(graph)
    bodies = model.pop("bodies")  # a separate script element: parsed on the first claim shown
    rows = model.pop("claims")  # chunks in script elements of their own, parsed one per task
    chunks = "\n".join(
        f'<script type="application/json" class="cg-claims">{_script_json(rows[i : i + CHUNK])}'
        "</script>"
        for i in range(0, len(rows), CHUNK)
    )
    page = _PAGE.format(
        title=html.escape(title),
        css=_static("view.css"),
        vendor=_static("vendor", "graphlibs.min.js").replace("</script", "<\\/script"),
        js=_static("view.js"),
        data=_script_json(model),
        bodies=_script_json(bodies),
        claims=chunks,
        colours=_script_json(VIEW_COLOURS),
        legend=_legend(),
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
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; script-src 'unsafe-inline' blob:; worker-src blob:;
  style-src 'unsafe-inline'; img-src data: blob:">
<title>{title}</title>
<style>
{css}
</style>
</head>
<body>
<header>
  <h1>{title}</h1>
  <input type="search" id="search" data-testid="search" placeholder="find a name, then Enter"
    list="names">
  <datalist id="names"></datalist>
  <span id="search-count" data-testid="search-count"></span>
  <label>Speaker <select id="filter-speaker" data-testid="filter-speaker">
    <option value="">all</option></select></label>
  <label>Organisation <select id="filter-org" data-testid="filter-org">
    <option value="">all</option></select></label>
  <label>Article <select id="filter-article" data-testid="filter-article">
    <option value="">all</option></select></label>
  <label id="act-label">Act <select id="filter-act" data-testid="filter-act">
    <option value="">all</option></select></label>
  <label>From <input type="date" id="filter-from" data-testid="filter-from"></label>
  <label>to <input type="date" id="filter-to" data-testid="filter-to"></label>
  <button id="mode" data-testid="mode" type="button">whole graph</button>
  <button id="save-png" data-testid="save-png" type="button">save PNG</button>
</header>
<div class="bar">
  <span id="status" data-testid="status"><span id="shown-count" data-testid="shown-count"></span>
    speakers shown<span id="hidden-note">, <span id="hidden-count"
    data-testid="hidden-count"></span> more hidden (narrow with filters or search)</span>;
    <span id="claim-count" data-testid="claim-count"></span> claims</span>
  {legend}
</div>
<main>
  <div id="canvas" data-testid="canvas"></div>
  <aside id="detail" data-testid="detail"></aside>
</main>
<script type="application/json" id="cg-data">{data}</script>
<script type="application/json" id="cg-colours">{colours}</script>
<script type="application/json" id="cg-bodies">{bodies}</script>
{claims}
<script>
{vendor}
</script>
<script>
{js}
</script>
</body>
</html>
"""
