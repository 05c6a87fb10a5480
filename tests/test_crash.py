"""Crash safety: a batch killed with SIGKILL part-way leaves only whole articles, and a rerun ends
with exactly the store of an uninterrupted run.

The batch runs in a subprocess (the library's :func:`~claimgraph.ingestion._pipeline.ingest`, with
the
extractor replaced by the hand-made extraction of ``tests/builders.py`` so it is fast). It appends
a line to a progress file after each committed article; the test watches that file and kills the
process at chosen points: after ``k`` committed articles while the worker idles between articles,
and at timed moments while it writes flat out (so the kill lands in validation, in the update or
in RocksDB's own write).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from claimgraph.graph.store._kg import META_GRAPH, KnowledgeGraph
from claimgraph.ingestion._pipeline import ingest
from claimgraph.loaders._iris import article_graph_iri
from claimgraph.records import Article, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 30

WORKER = textwrap.dedent(
    """
    import sys, time
    import claimgraph.ingestion._pipeline as pipeline
    from claimgraph.graph.store._kg import KnowledgeGraph
    from tests.builders import harbour_extraction

    def fake_extract(articles, *, batch_size=32):
        return (harbour_extraction(a.id, a.text) for a in articles)

    pipeline.extract_articles = fake_extract
    store, corpus, progress, pause = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    with KnowledgeGraph.open(store) as kg, open(progress, "a", buffering=1) as out:
        out.write("open\\n")

        def tick(done, report):
            out.write(f"{done}\\n")
            time.sleep(pause)

        report = pipeline.ingest(kg, [corpus], progress=tick)
    sys.exit(1 if report.rejected else 0)
    """
)


def fake_extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Stand-in extractor: the hand-made harbour extraction of each article's own text."""
    return (harbour_extraction(a.id, a.text) for a in articles)


def write_corpus(path: Path, version: int = 1) -> Path:
    """A JSON Lines corpus of :data:`ARTICLES` distinct articles; ``version`` changes each text."""
    with path.open("w", encoding="utf-8") as fh:
        for n in range(ARTICLES):
            text = f"{HARBOUR_TEXT}\nThis is note {n}, version {version}."
            fh.write(json.dumps({"id": f"art-{n:02d}", "text": text}) + "\n")
    return path


def quads(store: Path | KnowledgeGraph) -> set[str]:
    """Every quad of a store, as N-Quads text (one string per quad)."""
    if isinstance(store, KnowledgeGraph):
        data = store.serialize(format="nquads")
    else:
        with KnowledgeGraph.open(store) as kg:  # a write open: the killed writer's lock is gone
            data = kg.serialize(format="nquads")
    assert data is not None
    return {str(q) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)}


def graph_of(quad: str) -> str:
    """The graph IRI (in angle brackets) of an N-Quads quad string."""
    return quad.rsplit(" ", 1)[1] if quad.endswith(">") else ""


def projection(reference: set[str], article_ids: Iterable[str]) -> set[str]:
    """The quads of ``reference`` that belong to the given articles (their graphs and metadata)."""
    graphs = {f"<{article_graph_iri(a)}>" for a in article_ids}
    meta = f"<{META_GRAPH}>"
    return {
        q
        for q in reference
        if graph_of(q) in graphs or (graph_of(q) == meta and q.split(" ", 1)[0] in graphs)
    }


def run_uninterrupted(
    store: Path, corpora: list[Path], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Ingest ``corpora`` one after another into ``store``, in this process, to the end.

    Returns the ids of the articles extracted (those skipped as stored are not).
    """
    seen: list[str] = []

    def recording_extract(
        articles: Iterable[Article], *, batch_size: int = 32
    ) -> Iterator[Extraction]:
        for art in articles:
            seen.append(art.id)
            yield from fake_extract([art])

    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", recording_extract)
    with KnowledgeGraph.open(store) as kg:
        for corpus in corpora:
            report = ingest(kg, [corpus])
            assert not report.rejected
    return seen


class Worker:
    """The batch in a subprocess, and the progress lines it has written."""

    def __init__(self, store: Path, corpus: Path, progress: Path, pause: float) -> None:
        self.progress = progress
        progress.write_text("")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(store), str(corpus), str(progress), str(pause)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def committed(self) -> int:
        """How many articles the worker has reported committed (-1 before the store is open)."""
        lines = self.progress.read_text().split()
        digits = [int(x) for x in lines if x.isdigit()]
        return max(digits, default=0 if "open" in lines else -1)

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        """Wait until at least ``count`` articles are committed."""
        deadline = time.monotonic() + timeout
        while self.committed() < count:
            if self.proc.poll() is not None:
                raise AssertionError(f"worker ended early: {self.proc.stderr.read()!r}")  # type: ignore[union-attr]
            if time.monotonic() > deadline:
                raise AssertionError(f"worker did not reach {count} articles in {timeout} s")
            time.sleep(0.002)

    def kill(self) -> None:
        """SIGKILL the worker (no clean-up runs) and reap it."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        assert self.proc.returncode == -signal.SIGKILL, "the worker finished before the kill"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[int, set[str]]:
    """Quads of uninterrupted runs: ``{1: version 1 only, 2: version 1 then version 2}``."""
    root = tmp_path_factory.mktemp("reference")
    v1, v2 = write_corpus(root / "v1.jsonl", 1), write_corpus(root / "v2.jsonl", 2)
    with pytest.MonkeyPatch.context() as mp:
        run_uninterrupted(root / "one", [v1], mp)
        run_uninterrupted(root / "two", [v1, v2], mp)
    out = {1: quads(root / "one"), 2: quads(root / "two")}
    assert len(out[1]) > ARTICLES * 50
    return out


def check_whole_articles(store: Path, expected: set[str]) -> list[str]:
    """Open the killed store; every stored article must be exactly its graph in ``expected``.

    Returns the ids of the stored articles.
    """
    with KnowledgeGraph.open(store) as kg:
        stored = kg.articles()
        got = quads(kg)
        reports = kg.validate()
    assert set(stored) <= {f"art-{n:02d}" for n in range(ARTICLES)}
    assert all(r.conforms for r in reports.values())
    assert got == projection(expected, stored)  # whole articles, nothing else, nothing half
    return stored


# kill after k committed articles, the worker pausing 50 ms after each commit
COUNT_POINTS = [1, 9, 22]
# kill at this fraction of one article's write time after the second commit, the worker writing
# flat out (so the kill lands in mapping, validation, the update or RocksDB's own write)
TIMED_POINTS = [0.0, 0.1, 0.35, 0.6, 0.9]


@pytest.mark.parametrize(
    ("after", "delay"),
    [(k, None) for k in COUNT_POINTS] + [(1, d) for d in TIMED_POINTS],
    ids=[f"after-{k}" for k in COUNT_POINTS] + [f"timed-{d}" for d in TIMED_POINTS],
)
def test_killed_batch_leaves_whole_articles_and_a_rerun_completes_it(
    tmp_path: Path,
    reference: dict[int, set[str]],
    monkeypatch: pytest.MonkeyPatch,
    after: int,
    delay: float | None,
) -> None:
    store, corpus = tmp_path / "store", write_corpus(tmp_path / "v1.jsonl")
    worker = Worker(store, corpus, tmp_path / "progress", pause=0.05 if delay is None else 0.0)
    worker.wait_for(after)
    if delay is not None:
        first = time.monotonic()
        worker.wait_for(after + 1)
        time.sleep(delay * (time.monotonic() - first))
    worker.kill()
    stored = check_whole_articles(store, reference[1])
    assert len(stored) >= after
    assert len(stored) < ARTICLES
    rerun = run_uninterrupted(store, [corpus], monkeypatch)
    assert quads(store) == reference[1]
    # the rerun extracts only what the kill left unstored
    assert sorted(rerun) == sorted({f"art-{n:02d}" for n in range(ARTICLES)} - set(stored))


@pytest.mark.parametrize("after", [3, 17])
def test_killed_reingest_of_changed_articles_leaves_each_whole_old_or_new(
    tmp_path: Path, reference: dict[int, set[str]], monkeypatch: pytest.MonkeyPatch, after: int
) -> None:
    store = tmp_path / "store"
    v1, v2 = write_corpus(tmp_path / "v1.jsonl", 1), write_corpus(tmp_path / "v2.jsonl", 2)
    run_uninterrupted(store, [v1], monkeypatch)
    worker = Worker(store, v2, tmp_path / "progress", pause=0.0)
    worker.wait_for(after)
    worker.kill()
    with KnowledgeGraph.open(store) as kg:
        got = quads(kg)
        assert kg.articles() == [f"art-{n:02d}" for n in range(ARTICLES)]
        assert all(r.conforms for r in kg.validate().values())
    ids = {f"art-{n:02d}" for n in range(ARTICLES)}
    new = {a for a in ids if projection(got, [a]) == projection(reference[2], [a])}
    old = ids - new
    assert len(new) >= after and old, "the kill should land part-way through the batch"
    assert got == projection(reference[2], new) | projection(reference[1], old)
    rerun = run_uninterrupted(store, [v2], monkeypatch)
    assert quads(store) == reference[2]
    assert sorted(rerun) == sorted(old)  # the articles still in their old version


def test_the_worker_run_to_the_end_equals_the_in_process_run(
    tmp_path: Path, reference: dict[int, set[str]]
) -> None:
    worker = Worker(tmp_path / "store", write_corpus(tmp_path / "v1.jsonl"), tmp_path / "p", 0.0)
    assert worker.proc.wait(timeout=60) == 0
    assert worker.committed() == ARTICLES
    assert quads(tmp_path / "store") == reference[1]
