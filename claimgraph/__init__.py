"""claimgraph: a knowledge graph of who said what in the news, with evidence for every claim.

The public names are imported when first used (PEP 562), so ``import claimgraph`` and the
command line start quickly, and a worker process loads only the parts it runs.

Example:
    >>> import claimgraph
    >>> kg = claimgraph.KnowledgeGraph.memory()
    >>> kg.stats().articles
    0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from claimgraph.errors import (
    ClaimgraphError,
    InputError,
    QueryError,
    ShapeViolationError,
    StoreError,
    StoreInUseError,
    StoreUnavailableError,
    UnknownFormatError,
)

if TYPE_CHECKING:
    from claimgraph.graph.formats import RdfFormat
    from claimgraph.graph.results import QueryResult
    from claimgraph.graph.store import AddResult, KnowledgeGraph, Stats, add_curated
    from claimgraph.graph.validation import ValidationReport, Violation, validate_graph
    from claimgraph.loaders.article import Article
    from claimgraph.loaders.mapping import article_graph
    from claimgraph.loaders.readers import iter_articles, read_html, read_jsonl, read_text
    from claimgraph.loaders.records import (
        Claim,
        Entity,
        Extraction,
        Observation,
        Ownership,
        Role,
    )
    from claimgraph.pipeline import BatchReport, Reject, ingest

__version__ = "0.1.0"

__all__ = [
    "AddResult",
    "Article",
    "BatchReport",
    "Claim",
    "ClaimgraphError",
    "Entity",
    "Extraction",
    "InputError",
    "KnowledgeGraph",
    "Observation",
    "Ownership",
    "QueryError",
    "QueryResult",
    "RdfFormat",
    "Reject",
    "Role",
    "ShapeViolationError",
    "Stats",
    "StoreError",
    "StoreInUseError",
    "StoreUnavailableError",
    "UnknownFormatError",
    "ValidationReport",
    "Violation",
    "__version__",
    "add_curated",
    "article_graph",
    "ingest",
    "iter_articles",
    "read_html",
    "read_jsonl",
    "read_text",
    "validate_graph",
]

# where each name not imported above is defined (imported on first use)
_LAZY = {
    "RdfFormat": "claimgraph.graph.formats",
    "QueryResult": "claimgraph.graph.results",
    "AddResult": "claimgraph.graph.store",
    "KnowledgeGraph": "claimgraph.graph.store",
    "Stats": "claimgraph.graph.store",
    "add_curated": "claimgraph.graph.store",
    "ValidationReport": "claimgraph.graph.validation",
    "Violation": "claimgraph.graph.validation",
    "validate_graph": "claimgraph.graph.validation",
    "Article": "claimgraph.loaders.article",
    "article_graph": "claimgraph.loaders.mapping",
    "iter_articles": "claimgraph.loaders.readers",
    "read_html": "claimgraph.loaders.readers",
    "read_jsonl": "claimgraph.loaders.readers",
    "read_text": "claimgraph.loaders.readers",
    "Claim": "claimgraph.loaders.records",
    "Entity": "claimgraph.loaders.records",
    "Extraction": "claimgraph.loaders.records",
    "Observation": "claimgraph.loaders.records",
    "Ownership": "claimgraph.loaders.records",
    "Role": "claimgraph.loaders.records",
    "BatchReport": "claimgraph.pipeline",
    "Reject": "claimgraph.pipeline",
    "ingest": "claimgraph.pipeline",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module the first time it is used."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'claimgraph' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
