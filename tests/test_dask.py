"""Extraction on a local Dask cluster gives the same store, triple for triple, as one process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from distributed import LocalCluster

from claimgraph.errors import WorkerError
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._pipeline import ingest
from tests.conftest import free_port
from tests.test_parallel import STUB, articles, nquads, real_articles


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A two-process local Dask cluster; yields the scheduler address."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:  # type: ignore[no-untyped-call]
        yield str(cluster.scheduler_address)


def test_dask_real_extractor_equals_one_process(scheduler: str) -> None:
    arts = real_articles()
    with KnowledgeGraph.memory() as one, KnowledgeGraph.memory() as dist:
        r1 = ingest(one, arts)
        r2 = ingest(dist, arts, workers=scheduler)
        assert nquads(one) == nquads(dist)
        assert r1.stored == r2.stored >= 4
        assert one.query("who-said-what").rows == dist.query("who-said-what").rows


def test_dask_bounded_batches_with_rejects(scheduler: str) -> None:
    arts = articles(30)
    with KnowledgeGraph.memory() as one, KnowledgeGraph.memory() as dist:
        ingest(one, arts, extractor=STUB)
        seen: list[int] = []
        report = ingest(
            dist, arts, extractor=STUB, workers=scheduler, progress=lambda n, _: seen.append(n)
        )
        assert nquads(one) == nquads(dist)
        assert report.stored == 30 and seen == list(range(1, 31))


def test_unreachable_scheduler_is_a_worker_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimgraph.ingestion._parallel.DASK_CONNECT_TIMEOUT", "2s")
    address = f"tcp://127.0.0.1:{free_port()}"
    with KnowledgeGraph.memory() as kg, pytest.raises(WorkerError, match=address):
        ingest(kg, articles(1), extractor=STUB, workers=address)
