"""The store: :class:`~claimgraph.KnowledgeGraph` (``_kg``), its embedded Oxigraph back end
(``_backend``) and remote SPARQL 1.1 back end (``_remote`` and the HTTP client), results,
RDF formats, and the Oxigraph server behind ``claimgraph serve`` (``_serve``)."""
