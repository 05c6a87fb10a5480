"""Writers of the property-graph projection: GraphML, GEXF, Cytoscape.js, D3, Graphviz, Mermaid.

Each writer takes the ``MultiDiGraph`` of :mod:`claimgraph.graph.export._projection` and returns
UTF-8
bytes. The HTML view is in :mod:`claimgraph.graph.export._view`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import networkx as nx

__all__ = [
    "KIND_COLOURS",
    "MERMAID_MAX_NODES",
    "WRITERS",
    "to_cytoscape",
    "to_d3",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_mermaid",
]

MERMAID_MAX_NODES = 150
"""Mermaid renderers choke on big graphs: only this many nodes are written, and the file says so."""
KIND_COLOURS = {
    "article": "#8da0cb",
    "claim": "#fc8d62",
    "entity": "#66c2a5",
    "observation": "#e5c494",
}
_SHAPES = {"article": "note", "claim": "box", "entity": "ellipse", "observation": "diamond"}


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with one typed ``<key>`` per attribute (ids are the attribute names)."""
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue()


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3 (Gephi)."""
    buf = io.BytesIO()
    nx.write_gexf(graph, buf, encoding="utf-8", prettyprint=True, version="1.3")
    return buf.getvalue()


def _edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [(str(u), str(v), str(k), dict(d)) for u, v, k, d in graph.edges(keys=True, data=True)]


def cytoscape_elements(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements: ``{"nodes": [{"data": ...}], "edges": [{"data": ...}]}``."""
    nodes = [
        {"data": {**d, "id": str(n), "value": str(n), "name": d.get("label", str(n))}}
        for n, d in graph.nodes(data=True)
    ]
    edges = [
        {"data": {**d, "id": f"e{i}", "source": u, "target": v, "key": k}}
        for i, (u, v, k, d) in enumerate(_edges(graph))
    ]
    return {"nodes": nodes, "edges": edges}


def to_cytoscape(graph: nx.MultiDiGraph) -> bytes:
    """Cytoscape.js JSON (also opened by Cytoscape desktop as ``.cyjs``)."""
    doc = {
        "format_version": "1.0",
        "generated_by": "claimgraph",
        "data": {"name": "claimgraph"},
        "directed": True,
        "multigraph": True,
        "elements": cytoscape_elements(graph),
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def to_d3(graph: nx.MultiDiGraph) -> bytes:
    """D3 node-link JSON: ``{"nodes": [{"id": ...}], "links": [{"source", "target"}]}``."""
    data = nx.node_link_data(graph, edges="links")
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def dot_quote(text: str) -> str:
    """A Graphviz double-quoted string: backslashes, quotes and line breaks escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r", "").replace("\n", "\\n") + '"'


def to_dot(graph: nx.MultiDiGraph) -> bytes:
    """Graphviz DOT; every id and value is a quoted string, so any IRI or text is safe."""
    lines = ["digraph claimgraph {", "  graph [overlap=false, rankdir=LR];"]
    for n, d in graph.nodes(data=True):
        kind = str(d.get("kind", ""))
        attrs = {
            "label": str(d.get("label", n)),
            "kind": kind,
            "type": str(d.get("type", "")),
            "tooltip": str(d.get("iri", n)),
            "shape": _SHAPES.get(kind, "ellipse"),
            "style": "filled",
            "fillcolor": KIND_COLOURS.get(kind, "#dddddd"),
        }
        lines.append(f"  {dot_quote(str(n))} [{_dot_attrs(attrs)}];")
    for u, v, k, d in _edges(graph):
        attrs = {"label": str(d.get("relation", k)), "key": k}
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)} [{_dot_attrs(attrs)}];")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _dot_attrs(attrs: dict[str, str]) -> str:
    return ", ".join(f"{k}={dot_quote(v)}" for k, v in attrs.items())


def mermaid_label(text: str) -> str:
    """Text safe inside a Mermaid ``["..."]`` label."""
    out = " ".join(text.split())
    for char, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        out = out.replace(char, code)
    return out


def to_mermaid(graph: nx.MultiDiGraph, max_nodes: int = MERMAID_MAX_NODES) -> bytes:
    """A Mermaid flowchart of at most ``max_nodes`` nodes (the best connected first).

    When nodes are left out, a comment and a note node in the chart say how many.
    """
    order = sorted(graph.nodes, key=lambda n: (-graph.degree(n), str(n)))
    shown = order[:max_nodes]
    ids = {n: f"n{i}" for i, n in enumerate(shown)}
    total = graph.number_of_nodes()
    lines = ["flowchart LR"]
    if total > len(shown):
        lines.insert(0, f"%% claimgraph: showing {len(shown)} of {total} nodes (capped)")
        lines.append(f'  more["{total - len(shown)} more nodes not shown (capped at {max_nodes})"]')
    for n in shown:
        d = graph.nodes[n]
        lines.append(
            f'  {ids[n]}["{mermaid_label(str(d.get("label", n)))}"]:::{d.get("kind", "x")}'
        )
    for u, v, k, d in _edges(graph):
        if u in ids and v in ids:
            rel = mermaid_label(str(d.get("relation", k)))
            lines.append(f"  {ids[u]} -->|{rel}| {ids[v]}")
    for kind, colour in KIND_COLOURS.items():
        lines.append(f"  classDef {kind} fill:{colour}")
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[nx.MultiDiGraph], bytes]] = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "cytoscape": to_cytoscape,
    "d3": to_d3,
    "dot": to_dot,
    "mermaid": to_mermaid,
}
"""The property-graph writers by format name (the HTML view is added by :mod:`.export`)."""
