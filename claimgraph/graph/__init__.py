"""The graph: ``store/`` (the :class:`~claimgraph.KnowledgeGraph` over embedded Oxigraph or a
remote SPARQL 1.1 store), ``shacl/`` (the validation engine) and ``export/`` (the
property-graph projection, file formats and the HTML view)."""
