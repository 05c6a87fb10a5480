"""The ``ingest`` command on bad input: a rejects file listing every failure, messages on stderr,
exit codes 0 (all stored), 1 (something rejected) and 2 (bad usage or a store it cannot use).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.records import Article, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))


def fake_extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Stand-in extractor: the hand-made harbour extraction of each article's own text."""
    return (harbour_extraction(a.id, a.text) for a in articles)


@pytest.fixture(autouse=True)
def _no_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", fake_extract)


def mixed_folder(root: Path) -> tuple[list[str], list[str]]:
    """Two good articles and seven bad inputs; returns (bad input names as reported, good ids)."""
    root.mkdir()
    (root / "good.txt").write_text("---\nid: good-1\n---\n" + HARBOUR_TEXT, encoding="utf-8")
    (root / "corpus.jsonl").write_text(
        json.dumps({"id": "good-2", "text": HARBOUR_TEXT + "\nMore."}) + "\n{not json\n",
        encoding="utf-8",
    )
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02\x03")
    (root / "latin1.txt").write_bytes("Café".encode("latin-1"))
    (root / "big.txt").write_bytes(b"word " * 2_000_000)
    (root / "nav.html").write_text("<html><body><nav>Home</nav></body></html>")
    (root / "slides.pdf").write_bytes(b"%PDF")
    bad = [
        f"{root / 'corpus.jsonl'}:2",
        str(root / "empty.txt"),
        str(root / "binary.txt"),
        str(root / "latin1.txt"),
        str(root / "big.txt"),
        str(root / "nav.html"),
        str(root / "slides.pdf"),
    ]
    return bad, ["good-1", "good-2"]


def test_batch_with_bad_inputs_writes_rejects_and_exits_1(tmp_path: Path) -> None:
    bad, good = mixed_folder(tmp_path / "in")
    rejects, store = tmp_path / "rejects.jsonl", tmp_path / "store"
    missing = str(tmp_path / "missing.txt")
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            str(tmp_path / "in"),
            missing,
            "--store",
            str(store),
            "--no-curated",
            "--rejects",
            str(rejects),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "stored 2 article(s): 2 added" in result.stdout
    assert f"{len(bad) + 1} rejected" in result.stdout
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["input"] for r in lines) == sorted([*bad, missing])
    for r in lines:
        assert set(r) == {"input", "reason", "kind"}
        assert r["kind"] == "input"
        assert r["reason"]
        assert f"rejected {r['input']}: {r['reason']}" in " ".join(result.stderr.split())
    with KnowledgeGraph.open(store, read_only=True) as kg:
        assert kg.articles() == good


def test_all_good_batch_exits_0_with_an_empty_rejects_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(HARBOUR_TEXT, encoding="utf-8")
    rejects = tmp_path / "rejects.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            str(tmp_path / "a.txt"),
            "--store",
            str(tmp_path / "s"),
            "--no-curated",
            "--rejects",
            str(rejects),
        ],
    )
    assert result.exit_code == 0, result.output
    assert rejects.read_text() == ""
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["ingest"], "Missing argument"),
        (["ingest", "x.txt", "--bogus"], "No such option"),
        (["query", "no-such-query", "--store", "{store}"], "no named query 'no-such-query'"),
        (["stats", "--store", "{missing}"], "no store at"),
        (["ingest", "{article}", "--store", "{file}", "--no-curated"], "not a store folder"),
    ],
)
def test_bad_usage_exits_2_with_a_message(tmp_path: Path, args: list[str], words: str) -> None:
    (tmp_path / "a.txt").write_text(HARBOUR_TEXT, encoding="utf-8")
    (tmp_path / "file").write_text("not a store")
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(harbour_extraction())
    values = {
        "store": str(tmp_path / "store"),
        "missing": str(tmp_path / "missing-store"),
        "article": str(tmp_path / "a.txt"),
        "file": str(tmp_path / "file"),
    }
    result = CliRunner().invoke(app, [a.format(**values) for a in args])
    assert result.exit_code == 2, result.output
    assert words in " ".join(result.output.split())
    assert "Traceback" not in result.output


def test_real_extractor_batch_in_a_subprocess(tmp_path: Path) -> None:
    """End to end: the installed script, the real extractor, a mixed folder."""
    bad, _ = mixed_folder(tmp_path / "in")
    rejects = tmp_path / "rejects.jsonl"
    proc = subprocess.run(
        [
            CLAIMGRAPH,
            "ingest",
            str(tmp_path / "in"),
            "--store",
            str(tmp_path / "store"),
            "--rejects",
            str(rejects),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["input"] for r in lines if r["kind"] == "input") == sorted(bad)
    for r in lines:
        assert r["input"] in proc.stderr
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as kg:
        stored = kg.articles()
        assert all(r.conforms for r in kg.validate().values())
    # every good article is stored; only the bad inputs are rejected
    assert {"good-1", "good-2"} <= set(stored)
    assert {r["kind"] for r in lines} == {"input"}
