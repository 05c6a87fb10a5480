"""Exports: RDF through the store, and the property-graph projection (``_projection``) written
as GraphML, GEXF, Cytoscape.js, D3, DOT, Mermaid (``_writers``) or the HTML view (``_view``)."""
