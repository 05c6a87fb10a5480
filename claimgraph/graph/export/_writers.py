"""Writers of the property-graph projection: GraphML, GEXF, Cytoscape.js, D3, Graphviz, Mermaid.

Each writer takes the ``MultiDiGraph`` of :mod:`claimgraph.graph.export._projection` and returns
UTF-8
bytes. The HTML view is in :mod:`claimgraph.graph.export._view`.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from typing import Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

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
TYPE_COLOURS = {
    "Person": "#1f77b4",
    "Organization": "#d62728",
    "NewsOutlet": "#9467bd",
    "UnnamedSource": "#7f7f7f",
    "Platform": "#8c564b",
    "Place": "#2ca02c",
}
"""Colours of entity types (other entities take the ``entity`` kind colour)."""
RELATION_COLOURS = {
    "said_by": "#1f77b4",
    "mentions": "#b0b7c3",
    "holds_role": "#d62728",
    "owns": "#ff7f0e",
}
"""Colours of edge relations (others are grey)."""
_BASE_SIZE = {"article": 8.0, "entity": 6.0, "claim": 4.0, "observation": 3.0}
_SHAPES = {"article": "note", "claim": "box", "entity": "ellipse", "observation": "diamond"}


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with one typed ``<key>`` per attribute (ids are the attribute names)."""
    buf = io.BytesIO()
    nx.write_graphml(graph, buf, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return buf.getvalue()


def hex_rgb(colour: str) -> dict[str, int]:
    """``#rrggbb`` as ``{"r": .., "g": .., "b": ..}``."""
    return {c: int(colour[i : i + 2], 16) for c, i in (("r", 1), ("g", 3), ("b", 5))}


def node_colour(data: dict[str, Any]) -> str:
    """The colour of a node: its entity type's, else its kind's, else grey."""
    kind = str(data.get("kind", ""))
    if kind == "entity" and data.get("type") in TYPE_COLOURS:
        return TYPE_COLOURS[str(data["type"])]
    return KIND_COLOURS.get(kind, "#cccccc")


def node_size(graph: nx.MultiDiGraph, node: object) -> float:
    """A node's drawn size: a base by kind, grown with the square root of its degree."""
    kind = str(graph.nodes[node].get("kind", ""))
    return round(_BASE_SIZE.get(kind, 4.0) * (1 + math.sqrt(graph.degree(node)) / 2), 2)


class _GexfWriter(GEXFWriter):  # type: ignore[misc]
    """networkx's GEXF writer without the internal multigraph ``networkx_key`` attribute."""

    def add_attributes(
        self, node_or_edge: str, xml_obj: Any, data: dict[str, Any], default: Any
    ) -> Any:
        clean = {k: v for k, v in data.items() if k != "key"}
        return super().add_attributes(node_or_edge, xml_obj, clean, default)


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.3 (Gephi) that opens dressed: ``viz:color`` by kind or entity type,
    ``viz:size`` by kind and degree, edges labelled and coloured by relation."""
    dressed = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        viz = {"color": {**hex_rgb(node_colour(d)), "a": 1.0}, "size": node_size(graph, n)}
        dressed.add_node(n, **d, viz=viz)
    for i, (u, v, k, d) in enumerate(graph.edges(keys=True, data=True)):
        relation = str(d.get("relation", k))
        colour = hex_rgb(RELATION_COLOURS.get(relation, "#999999"))
        viz = {"color": {**colour, "a": 0.8}, "thickness": 1.0}
        dressed.add_edge(u, v, key=k, **d, id=f"e{i}", label=relation, weight=1.0, viz=viz)
    writer = _GexfWriter(encoding="utf-8", prettyprint=True, version="1.3")
    writer.add_graph(dressed)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str, dict[str, Any]]]:
    return [(str(u), str(v), str(k), dict(d)) for u, v, k, d in graph.edges(keys=True, data=True)]


def cytoscape_elements(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape.js elements: ``{"nodes": [{"data": ...}], "edges": [{"data": ...}]}``.

    Each node's data carries ``color`` and ``size`` and each edge's ``color``, which the
    stylesheet of :func:`cytoscape_style` maps to the drawing.
    """
    nodes = [
        {
            "data": {
                **d,
                "id": str(n),
                "value": str(n),
                "name": d.get("label", str(n)),
                "color": node_colour(d),
                "size": node_size(graph, n),
            }
        }
        for n, d in graph.nodes(data=True)
    ]
    edges = [
        {
            "data": {
                **d,
                "id": f"e{i}",
                "source": u,
                "target": v,
                "key": k,
                "color": RELATION_COLOURS.get(str(d.get("relation", k)), "#999999"),
            }
        }
        for i, (u, v, k, d) in enumerate(_edges(graph))
    ]
    return {"nodes": nodes, "edges": edges}


def cytoscape_style() -> list[dict[str, Any]]:
    """The Cytoscape.js stylesheet: colours and sizes from the data, shapes by kind, arrows."""
    style: list[dict[str, Any]] = [
        {
            "selector": "node",
            "style": {
                "label": "data(name)",
                "background-color": "data(color)",
                "width": "data(size)",
                "height": "data(size)",
                "font-size": 8,
                "text-valign": "center",
                "text-halign": "right",
            },
        },
        {
            "selector": "edge",
            "style": {
                "line-color": "data(color)",
                "target-arrow-color": "data(color)",
                "target-arrow-shape": "triangle",
                "curve-style": "bezier",
                "width": 1,
                "arrow-scale": 0.8,
            },
        },
    ]
    shapes = {"article": "round-rectangle", "claim": "rectangle", "observation": "diamond"}
    for kind, shape in shapes.items():
        style.append({"selector": f'node[kind = "{kind}"]', "style": {"shape": shape}})
    style.append({"selector": 'node[kind = "claim"]', "style": {"label": ""}})
    return style


def to_cytoscape(graph: nx.MultiDiGraph) -> bytes:
    """Cytoscape.js JSON with a stylesheet (``cy.json(doc)`` draws it dressed; Cytoscape
    desktop opens it as ``.cyjs``)."""
    doc = {
        "format_version": "1.0",
        "generated_by": "claimgraph",
        "data": {"name": "claimgraph"},
        "directed": True,
        "multigraph": True,
        "elements": cytoscape_elements(graph),
        "style": cytoscape_style(),
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
