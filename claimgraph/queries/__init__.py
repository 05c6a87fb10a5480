"""Named SPARQL queries shipped as ``.rq`` files, and the runner that binds their parameters.

Each ``.rq`` file starts with a header of comment lines::

    # name: who-said-what
    # description: Every claim with its speaker ...
    # param: speaker: string, optional. Part of the speaker's name.

Parameters are bound as RDF terms through the engine's variable substitution, never pasted into
the query text.
"""

from __future__ import annotations

from claimgraph.queries._runner import NamedQuery, Param, list_queries, load_query, run_query

__all__ = ["NamedQuery", "Param", "list_queries", "load_query", "run_query"]
