"""SHACL validation of one article's graph: pyshacl as the reference engine (``_validation``)
and claimgraph's compiled engine (``_compile``, ``_fast``), which must agree with it."""
