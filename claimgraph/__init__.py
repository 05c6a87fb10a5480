"""claimgraph: a knowledge graph of who said what in the news, with evidence for every claim.

Example:
    >>> import claimgraph
    >>> kg = claimgraph.KnowledgeGraph.memory()
    >>> kg.stats().articles
    0
"""

from __future__ import annotations

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
