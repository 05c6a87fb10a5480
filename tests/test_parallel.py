"""Parallel ingestion in worker processes gives the same store as one process."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._parallel import (
    WARM_UP,
    WorkerError,
    WorkerPool,
    chunks,
    prepare_chunk,
    resolve_extractor,
)
from claimgraph.ingestion._pipeline import ingest
from claimgraph.ontology.namespaces import CG
from claimgraph.records import Article, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

STUB = "tests.test_parallel:stub_extract"


def stub_extract(articles: Iterable[Article]) -> Iterator[Extraction]:
    """A fast stand-in for spaCy: the hand-made extraction of each article's text."""
    for art in articles:
        if art.id == "boom":
            raise RuntimeError("the extractor broke on purpose")
        ex = harbour_extraction(art.id, art.text)
        if art.id == "bad-link":
            ex.entities[0].wikidata = "not-a-qid"
        yield ex


def logging_extract(articles: Iterable[Article]) -> Iterator[Extraction]:
    """The stub extractor, appending each article id to the file ``$CLAIMGRAPH_TEST_LOG``."""
    for art in articles:
        with open(os.environ["CLAIMGRAPH_TEST_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()} {art.id}\n")
        yield from stub_extract([art])


def articles(n: int) -> list[Article]:
    """``n`` distinct articles whose text the stub extractor understands."""
    return [Article(id=f"par-{i}", text=HARBOUR_TEXT + " " * (i % 5)) for i in range(n)]


def real_articles() -> list[Article]:
    """Short texts written for the tests, for the real (spaCy) extractor."""
    texts = [
        HARBOUR_TEXT,
        'Mayor Lena Ortiz said the bridge would reopen in May. "We are on schedule," Ortiz said.',
        "The Riverton council said on Tuesday that rents rose 12% in 2023, officials said.",
        "Dr Sam Reyes, the chief medical officer of Northvale Hospital, warned that flu cases "
        "doubled in January, the Daily Ledger reported.",
        "Bluewave, which is owned by Northstar Holdings, said ferries would run on Sunday.",
    ]
    return [Article(id=f"real-{i}", text=t, publisher="Coast Wire") for i, t in enumerate(texts)]


def nquads(kg: KnowledgeGraph) -> list[str]:
    """The store as sorted N-Quads lines."""
    data = kg.serialize(format="nquads")
    assert data is not None
    return sorted(line for line in data.decode("utf-8").splitlines() if line.strip())


def _run(arts: list[Article], **kw: object) -> tuple[list[str], int, list[str]]:
    with KnowledgeGraph.memory() as kg:
        report = ingest(kg, arts, **kw)  # type: ignore[arg-type]
        return nquads(kg), report.stored, [r.input for r in report.rejected]


def test_two_workers_equal_one_process_with_stub_extractor() -> None:
    arts = articles(21)
    one = _run(arts, extractor=STUB)
    two = _run(arts, extractor=STUB, workers=2)
    assert one == two
    assert one[1] == 21 and len(one[0]) > 1000


def test_a_failing_article_is_rejected_and_the_rest_stored() -> None:
    arts = articles(5)
    arts.insert(2, Article(id="boom", text=HARBOUR_TEXT))
    _quads, stored, rejected = _run(arts, extractor=STUB, workers=2)
    assert stored == 5 and rejected == ["boom"]


def test_invalid_graphs_are_rejected_by_workers() -> None:
    arts = [*articles(3), Article(id="bad-link", text=HARBOUR_TEXT)]
    prepared = prepare_chunk(arts, validate=True, extractor=STUB)
    assert [bool(p.violations) for p in prepared] == [False, False, False, True]
    assert "Wikidata" in prepared[-1].violations[0] and prepared[-1].payload is None
    quads, stored, rejected = _run(arts, extractor=STUB, workers=2)
    assert stored == 3 and rejected == ["bad-link"]
    assert quads == _run(arts, extractor=STUB)[0]


def test_a_started_pool_serves_several_batches_like_one_process() -> None:
    arts = articles(13)
    one = _run(arts, extractor=STUB)
    with WorkerPool(2, extractor=STUB).start() as pool:
        first = _run(arts, extractor=STUB, workers=pool)
        again = _run([*arts, Article(id="boom", text=HARBOUR_TEXT)], extractor=STUB, workers=pool)
    assert first == one
    assert again == (one[0], 13, ["boom"])


def test_each_started_worker_warms_up_once_and_the_warm_up_is_never_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "calls.log"
    monkeypatch.setenv("CLAIMGRAPH_TEST_LOG", str(log))
    extractor = "tests.test_parallel:logging_extract"
    arts = articles(4)
    with WorkerPool(2, extractor=extractor) as pool:
        pool.start()
        warm = log.read_text(encoding="utf-8").split()
        quads, stored, _ = _run(arts, extractor=extractor, workers=pool)
        pids = pool.pids
    assert set(warm[0::2]) == set(map(str, pids)) and set(warm[1::2]) == {WARM_UP.id}
    assert stored == 4
    # the same graphs as the stub makes; only the input digests differ (they name the extractor)
    assert _graphs(quads) == _graphs(_run(arts, extractor=STUB)[0])
    assert not any(WARM_UP.id.replace("-", "") in q.replace("-", "") for q in quads)


def _graphs(quads: list[str]) -> list[str]:
    return [q for q in quads if f"<{CG.inputDigest}>" not in q]


def test_real_extractor_two_workers_equal_one_process() -> None:
    arts = real_articles()
    one = _run(arts)
    two = _run(arts, workers=2)
    assert one == two
    assert one[1] >= 4


def test_chunks_and_resolve() -> None:
    assert [len(c) for c in chunks(iter(articles(7)), 3)] == [3, 3, 1]
    assert resolve_extractor(STUB) is stub_extract
    with pytest.raises(WorkerError, match="nowhere:nothing"):
        resolve_extractor("nowhere:nothing")
