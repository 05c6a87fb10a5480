"""The public API is small, sorted and pinned."""

from __future__ import annotations

import claimgraph

EXPECTED = [
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


def test_all_is_pinned_and_sorted() -> None:
    assert claimgraph.__all__ == EXPECTED
    assert claimgraph.__all__ == sorted(claimgraph.__all__)


def test_every_name_is_importable() -> None:
    for name in claimgraph.__all__:
        assert getattr(claimgraph, name) is not None


def test_extract_and_ingest_are_the_functions_even_after_their_rooms_load() -> None:
    """The rooms are ``extraction/`` and ``ingestion/``: a subpackage named like a public function
    would replace the function on the package when it is imported."""
    import claimgraph.extraction._api
    import claimgraph.ingestion._pipeline

    assert claimgraph.extract is claimgraph.extraction._api.extract
    assert claimgraph.ingest is claimgraph.ingestion._pipeline.ingest
    assert callable(claimgraph.extract_many)


def test_records_are_built_by_keyword_only() -> None:
    import dataclasses

    import pytest

    for name in ("Article", "Claim", "Entity", "Extraction", "Observation", "Ownership", "Role"):
        record = getattr(claimgraph, name)
        assert all(f.kw_only for f in dataclasses.fields(record) if f.init), name
    with pytest.raises(TypeError):
        claimgraph.Claim("c1", [(0, 4)], "direct")  # type: ignore[misc]
    claim = claimgraph.Claim(key="c1", content=[(0, 4)], kind="direct")
    assert claim.speaker is None
