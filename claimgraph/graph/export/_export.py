"""Exports of the graph: RDF through the store, property-graph formats through the projection.

Example:
    >>> from claimgraph.graph.store._kg import KnowledgeGraph
    >>> with KnowledgeGraph.memory() as kg:
    ...     export_graph(kg, format="mermaid").decode().splitlines()[0]
    'flowchart LR'
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import IO, TYPE_CHECKING

import networkx as nx

from claimgraph.errors import InputError
from claimgraph.graph.export._prefixed import with_prefixes
from claimgraph.graph.export._projection import project
from claimgraph.graph.export._writers import WRITERS
from claimgraph.graph.store._formats import (
    ExportFormat,
    GraphFormat,
    RdfFormat,
    export_format,
    write_output,
)

if TYPE_CHECKING:
    from claimgraph.graph.store._kg import KnowledgeGraph

__all__ = ["XML_FORMATS", "export_graph", "render_graph", "resolve_format", "xml_safe", "xml_text"]


def resolve_format(output: object, format: str | ExportFormat | None) -> ExportFormat:
    """The format to write: ``format`` if given, else from ``output``'s file name, else TriG.

    Raises:
        UnknownFormatError: the name or extension is unknown (the message lists the known ones).
    """
    if isinstance(format, (RdfFormat, GraphFormat)):
        return format
    path = str(output) if isinstance(output, (str, Path)) and str(output) != "-" else None
    return export_format(path, format)


def render_graph(graph: nx.MultiDiGraph, fmt: GraphFormat | str, *, title: str = "") -> bytes:
    """Write a projected graph in a property-graph or view format.

    Raises:
        UnknownFormatError: ``fmt`` is not a graph format.
    """
    gf = fmt if isinstance(fmt, GraphFormat) else GraphFormat.from_name(fmt)
    if gf.name == "html":
        from claimgraph.graph.export._view import render_html

        return render_html(graph, title=title or "claimgraph")
    if gf.name in XML_FORMATS:
        graph = xml_safe(graph)
    return WRITERS[gf.name](graph)


XML_FORMATS = frozenset({"graphml", "gexf"})
"""Graph formats written as XML 1.0, which cannot hold most control characters at all."""
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> object:
    """``value`` with each character XML 1.0 cannot hold (a control character other than tab,
    line feed and carriage return; a lone surrogate; U+FFFE, U+FFFF) replaced by U+FFFD, the
    replacement character; any other value as it is.

    >>> xml_text("a\\x01b\\tc") == "a\\ufffdb\\tc"
    True
    """
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose ids, keys and string attributes XML can hold (:func:`xml_text`).

    Article text may hold control characters (``\\x01`` from a bad copy and paste); RDF exports
    escape them, XML cannot hold them, so the GraphML and GEXF files show U+FFFD in their place
    rather than failing or writing a file that is not XML.
    """

    def attrs(data: dict[str, object]) -> dict[str, object]:
        return {str(xml_text(k)): xml_text(v) for k, v in data.items()}

    out = nx.MultiDiGraph(**attrs(dict(graph.graph)))
    for node, data in graph.nodes(data=True):
        out.add_node(xml_text(node), **attrs(data))
    for u, v, key, data in graph.edges(keys=True, data=True):
        out.add_edge(xml_text(u), xml_text(v), key=xml_text(key), **attrs(data))
    return out


def export_graph(
    kg: KnowledgeGraph,
    output: str | Path | IO[bytes] | None = None,
    *,
    format: str | ExportFormat | None = None,
    article: str | None = None,
    entity: str | None = None,
    query: str | None = None,
) -> bytes | None:
    """Export the store, or a part of it, in any export format.

    TriG and Turtle declare and use claimgraph's prefixes (schema, prov, oa, cg, cgid, cgg, ...);
    JSON-LD is compacted with claimgraph's context.

    Args:
        kg: the store.
        output: a path or binary file to write to; ``None`` returns the bytes.
        format: a format name or object; by default from ``output``'s extension, else TriG.
            RDF: trig, nquads, turtle, ntriples, jsonld. Graphs: graphml, gexf, cytoscape, d3,
            dot, mermaid, html.
        article: only this article.
        entity: only this entity's neighbourhood (graph formats only).
        query: only a named query's or a SPARQL query's result (graph formats only).

    Returns:
        The bytes when ``output`` is ``None``, else ``None``.

    Raises:
        UnknownFormatError: the format is unknown.
        InputError: the article or entity is not in the store, or a restriction that the format
            cannot honour was asked for.
    """
    fmt = resolve_format(output, format)
    if isinstance(fmt, RdfFormat):
        if entity is not None or query is not None:
            raise InputError(
                fmt.name,
                "RDF exports can be restricted to an --article only; use a graph format "
                "(graphml, gexf, cytoscape, d3, dot, mermaid, html) for --entity or --query",
            )
        data = with_prefixes(kg.serialize(format=fmt, article=article) or b"", fmt.media_type)
        return write_output(data, output)
    graph = project(kg, article=article, entity=entity, query=query)
    data = render_graph(graph, fmt, title=_title(article, entity, query))
    return write_output(data, output)


def _title(article: str | None, entity: str | None, query: str | None) -> str:
    parts = [f"article {article}" if article else "", f"around {entity}" if entity else ""]
    if query:
        parts.append("query " + (query if len(query) < 40 else query[:39] + "…"))
    return "claimgraph" + "".join(f" · {p}" for p in parts if p)
