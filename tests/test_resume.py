"""Skipping articles already stored from the same input: resumed and repeated batches.

Every test counts the extractor's calls (the logging stub of ``tests/test_parallel.py`` writes
one line per article it extracts), so "skipped" means "not extracted", not only "unchanged".
"""

from __future__ import annotations

import dataclasses
import json
import sys
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from claimgraph.graph.store._kg import META_GRAPH, KnowledgeGraph
from claimgraph.ingestion import _digest as digest
from claimgraph.ingestion._digest import extractor_identity, input_digest
from claimgraph.ingestion._parallel import WARM_UP
from claimgraph.ingestion._pipeline import BatchReport, ingest
from claimgraph.ontology.namespaces import CG
from claimgraph.records import Article, Extraction
from tests.builders import harbour_extraction
from tests.test_parallel import STUB, articles

LOGGING = "tests.test_parallel:logging_extract"


@pytest.fixture
def log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "extracted.log"
    monkeypatch.setenv("CLAIMGRAPH_TEST_LOG", str(path))
    return path


def extracted(log: Path) -> list[str]:
    """The article ids extracted so far, and forget them."""
    if not log.exists():
        return []
    ids = [line.split()[1] for line in log.read_text(encoding="utf-8").splitlines()]
    log.unlink()
    return [i for i in ids if i != WARM_UP.id]  # each worker warms up on its own article


def counts(report: BatchReport) -> tuple[int, int, int, int]:
    return report.added, report.replaced, report.unchanged, len(report.rejected)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_second_run_extracts_only_new_and_changed_articles(log: Path, workers: int) -> None:
    arts = articles(6)
    with KnowledgeGraph.memory() as kg:
        first = ingest(kg, arts, extractor=LOGGING, workers=workers)
        assert counts(first) == (6, 0, 0, 0) and sorted(extracted(log)) == sorted(
            a.id for a in arts
        )
        again = ingest(kg, arts, extractor=LOGGING, workers=workers)
        assert counts(again) == (0, 0, 6, 0) and extracted(log) == []

        changed = dataclasses.replace(arts[2], text=arts[2].text + " More.")
        retitled = dataclasses.replace(arts[4], title="A new headline")
        new = Article(id="par-new", text=arts[0].text)
        batch = [*arts[:2], changed, arts[3], retitled, arts[5], new]
        third = ingest(kg, batch, extractor=LOGGING, workers=workers)
        # the title is not in the stub's graph: extracted again, and found unchanged
        assert counts(third) == (1, 1, 5, 0)
        assert sorted(extracted(log)) == ["par-2", "par-4", "par-new"]
        assert kg.stored_input_digest("par-4") == input_digest(retitled, extractor=LOGGING)


def test_workers_and_one_process_record_the_same_digest(log: Path) -> None:
    arts = articles(5)
    with KnowledgeGraph.memory() as kg:
        ingest(kg, arts, extractor=LOGGING, workers=2)
        extracted(log)
        assert counts(ingest(kg, arts, extractor=LOGGING)) == (0, 0, 5, 0)
        assert extracted(log) == []
        stored = {a.id: kg.stored_input_digest(a.id) for a in arts}
    assert stored == {a.id: input_digest(a, extractor=LOGGING) for a in arts}


def test_an_interrupted_batch_resumes_where_it_stopped(log: Path) -> None:
    arts = articles(8)

    def stop_after_three(done: int, _report: BatchReport) -> None:
        if done == 3:
            raise KeyboardInterrupt

    report = BatchReport()
    with KnowledgeGraph.memory() as kg:
        with pytest.raises(KeyboardInterrupt):
            ingest(kg, arts, extractor=LOGGING, progress=stop_after_three, report=report)
        assert report.added == 3 and report.seconds > 0
        assert kg.stats().articles == 3
        extracted(log)
        ticks: list[int] = []
        rest = ingest(kg, arts, extractor=LOGGING, progress=lambda d, _r: ticks.append(d))
        assert counts(rest) == (5, 0, 3, 0)
        assert extracted(log) == [a.id for a in arts[3:]]
        assert ticks == list(range(1, 9))  # skipped articles are counted as they pass


def test_reextract_extracts_every_article(log: Path) -> None:
    arts = articles(4)
    with KnowledgeGraph.memory() as kg:
        ingest(kg, arts, extractor=LOGGING)
        extracted(log)
        report = ingest(kg, arts, extractor=LOGGING, reextract=True)
        assert counts(report) == (0, 0, 4, 0) and len(extracted(log)) == 4


def test_another_extractor_or_validation_setting_extracts_again(log: Path) -> None:
    arts = articles(3)
    with KnowledgeGraph.memory() as kg:
        ingest(kg, arts, extractor=STUB)
        assert counts(ingest(kg, arts, extractor=LOGGING)) == (0, 0, 3, 0)
        assert len(extracted(log)) == 3
        ingest(kg, arts, extractor=LOGGING, validate=False)
        assert len(extracted(log)) == 3
        ingest(kg, arts, extractor=LOGGING, validate=False)
        assert extracted(log) == []


def test_a_graph_stored_without_a_digest_gets_one_without_being_rewritten(log: Path) -> None:
    art = articles(1)[0]
    with KnowledgeGraph.memory() as kg:
        kg.add(harbour_extraction(art.id, art.text))  # as claimgraph did before input digests
        assert kg.stored_input_digest(art.id) is None
        before = kg.stats().quads
        report = ingest(kg, [art], extractor=LOGGING)
        assert counts(report) == (0, 0, 1, 0) and extracted(log) == [art.id]
        assert kg.stored_input_digest(art.id) == input_digest(art, extractor=LOGGING)
        assert kg.stats().quads == before + 1  # the digest, nothing else
        ingest(kg, [art], extractor=LOGGING)
        assert extracted(log) == []


def test_kept_results_of_skipped_articles_give_the_stored_size(log: Path) -> None:
    arts = articles(2)
    with KnowledgeGraph.memory() as kg:
        first = ingest(kg, arts, extractor=LOGGING, keep_results=True)
        again = ingest(kg, arts, extractor=LOGGING, keep_results=True)
    assert [(r.status, r.triples, r.graph) for r in again.results] == [
        ("unchanged", r.triples, r.graph) for r in first.results
    ]
    assert all(r.triples > 100 for r in first.results)


def test_removing_an_article_removes_its_digest(log: Path) -> None:
    art = articles(1)[0]
    with KnowledgeGraph.memory() as kg:
        ingest(kg, [art], extractor=LOGGING)
        assert kg.remove(art.id)
        assert kg.stored_input_digest(art.id) is None
        query = f"SELECT ?o WHERE {{ GRAPH <{META_GRAPH}> {{ ?g <{CG.inputDigest}> ?o }} }}"
        assert list(kg.sparql(query).rows) == []
        extracted(log)
        assert counts(ingest(kg, [art], extractor=LOGGING)) == (1, 0, 0, 0)
        assert extracted(log) == [art.id]


def test_the_digest_covers_the_article_but_not_where_it_was_read() -> None:
    art = Article(id="d", text="Ann Lee said so.", publisher="Wire", credits=("Daily",))
    same = input_digest(art)
    assert input_digest(dataclasses.replace(art, source="other/path.txt")) == same
    for change in (
        {"id": "e"},
        {"text": "Ann Lee said no."},
        {"publisher": "Other Wire"},
        {"date": "2024-01-02"},
        {"dateline": "Leeds"},
        {"url": "https://example.org/d"},
        {"title": "Headline"},
        {"credits": ("Weekly",)},
    ):
        assert input_digest(dataclasses.replace(art, **change)) != same, change
    assert input_digest(art, validate=False) != same
    assert input_digest(art, extractor=STUB) != same
    assert input_digest(art, extractor=digest.DEFAULT_EXTRACTOR) == same


def test_an_outside_extractor_module_is_part_of_the_identity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "my_extractor.py"
    module.write_text("def run(articles):\n    return iter(())\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = extractor_identity("my_extractor:run")
    module.write_text(
        textwrap.dedent("def run(articles):\n    return iter([])  # changed\n"), encoding="utf-8"
    )
    digest._cached_identity.cache_clear()  # a new process would read the file afresh
    digest._file_digest.cache_clear()
    assert extractor_identity("my_extractor:run") != first
    sys.modules.pop("my_extractor", None)


def test_the_model_package_named_is_the_one_loaded() -> None:
    from claimgraph.extraction import MODEL

    assert digest.MODEL_PACKAGE == MODEL


def check_resume_on(kg: KnowledgeGraph, log: Path, prefix: str) -> None:
    """On any store: a rerun extracts nothing, an old graph gets its digest; then clean up.

    Used by the remote-store tests (a real Oxigraph server, a real Virtuoso).
    """
    arts = [dataclasses.replace(a, id=f"{prefix}-{a.id}") for a in articles(3)]
    old = Article(id=f"{prefix}-old", text=arts[0].text)
    kg.add(harbour_extraction(old.id, old.text))  # stored without a digest
    extracted(log)
    assert counts(ingest(kg, [*arts, old], extractor=LOGGING)) == (3, 0, 1, 0)
    assert sorted(extracted(log)) == sorted(a.id for a in [*arts, old])
    assert kg.stored_input_digest(old.id) == input_digest(old, extractor=LOGGING)
    assert counts(ingest(kg, [*arts, old], extractor=LOGGING, workers=2)) == (0, 0, 4, 0)
    assert extracted(log) == []
    for art in [*arts, old]:
        assert kg.remove(art.id) and kg.stored_input_digest(art.id) is None


def test_resume_on_an_embedded_store(tmp_path: Path, log: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        check_resume_on(kg, log, "disk")
        assert kg.stats().articles == 0


def test_the_cli_skips_stored_articles_unless_told_to_reextract(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from claimgraph.cli import app

    seen: list[str] = []

    def counting_extract(arts: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
        for art in arts:
            seen.append(art.id)
            yield harbour_extraction(art.id, art.text)

    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", counting_extract)
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in articles(3)),
        encoding="utf-8",
    )
    cmd = ["ingest", str(corpus), "--store", str(tmp_path / "store"), "--no-curated", "-q"]
    runner = CliRunner()
    first = runner.invoke(app, cmd)
    assert first.exit_code == 0 and "3 added" in first.output and len(seen) == 3
    again = runner.invoke(app, cmd)
    assert again.exit_code == 0 and "3 unchanged" in again.output and len(seen) == 3
    forced = runner.invoke(app, [*cmd, "--reextract"])
    assert forced.exit_code == 0 and "3 unchanged" in forced.output and len(seen) == 6
