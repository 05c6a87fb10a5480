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
    IndexMissingError,
    InputError,
    MissingDependencyError,
    OutputError,
    QueryError,
    ShapeViolationError,
    StoreError,
    StoreFullError,
    StoreInUseError,
    StoreUnavailableError,
    UnknownFormatError,
    WorkerError,
)

if TYPE_CHECKING:
    from claimgraph.extraction import extract, extract_many
    from claimgraph.graph.shacl._validation import ValidationReport, Violation, validate_graph
    from claimgraph.graph.store._formats import RdfFormat
    from claimgraph.graph.store._kg import AddResult, KnowledgeGraph, Stats, add_curated
    from claimgraph.graph.store._results import QueryResult
    from claimgraph.ingestion._parallel import WorkerPool
    from claimgraph.ingestion._pipeline import BatchReport, Reject, ingest
    from claimgraph.loaders._mapping import article_graph
    from claimgraph.loaders._readers import iter_articles, read_html, read_jsonl, read_text
    from claimgraph.records import (
        Article,
        Claim,
        Entity,
        Extraction,
        Observation,
        Ownership,
        Role,
    )

__version__ = "0.1.0"

__all__ = [
    "AddResult",
    "Article",
    "BatchReport",
    "Claim",
    "ClaimgraphError",
    "Entity",
    "Extraction",
    "IndexMissingError",
    "InputError",
    "KnowledgeGraph",
    "MissingDependencyError",
    "Observation",
    "OutputError",
    "Ownership",
    "QueryError",
    "QueryResult",
    "RdfFormat",
    "Reject",
    "Role",
    "ShapeViolationError",
    "Stats",
    "StoreError",
    "StoreFullError",
    "StoreInUseError",
    "StoreUnavailableError",
    "UnknownFormatError",
    "ValidationReport",
    "Violation",
    "WorkerError",
    "WorkerPool",
    "__version__",
    "add_curated",
    "article_graph",
    "extract",
    "extract_many",
    "ingest",
    "iter_articles",
    "read_html",
    "read_jsonl",
    "read_text",
    "validate_graph",
]

# where each name not imported above is defined (imported on first use)
_LAZY = {
    "RdfFormat": "claimgraph.graph.store._formats",
    "QueryResult": "claimgraph.graph.store._results",
    "AddResult": "claimgraph.graph.store._kg",
    "KnowledgeGraph": "claimgraph.graph.store._kg",
    "Stats": "claimgraph.graph.store._kg",
    "add_curated": "claimgraph.graph.store._kg",
    "ValidationReport": "claimgraph.graph.shacl._validation",
    "Violation": "claimgraph.graph.shacl._validation",
    "validate_graph": "claimgraph.graph.shacl._validation",
    "Article": "claimgraph.records",
    "article_graph": "claimgraph.loaders._mapping",
    "iter_articles": "claimgraph.loaders._readers",
    "read_html": "claimgraph.loaders._readers",
    "read_jsonl": "claimgraph.loaders._readers",
    "read_text": "claimgraph.loaders._readers",
    "Claim": "claimgraph.records",
    "Entity": "claimgraph.records",
    "Extraction": "claimgraph.records",
    "Observation": "claimgraph.records",
    "Ownership": "claimgraph.records",
    "Role": "claimgraph.records",
    "BatchReport": "claimgraph.ingestion._pipeline",
    "Reject": "claimgraph.ingestion._pipeline",
    "ingest": "claimgraph.ingestion._pipeline",
    "WorkerPool": "claimgraph.ingestion._parallel",
    "extract": "claimgraph.extraction._api",
    "extract_many": "claimgraph.extraction._api",
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
