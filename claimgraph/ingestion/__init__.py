"""Ingestion: the batch pipeline (read, extract, map, validate, commit; ``_pipeline``), worker
processes and Dask (``_parallel``), and input digests that let reruns skip stored articles
(``_digest``). :func:`claimgraph.ingest` is its public face."""
