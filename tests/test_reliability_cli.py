"""Issue 23, items 5, 6, 8 and 16: a full disk, exports that are not atomic, a rejects file that
overwrote an input or was never written, and tracebacks for bad arguments.

A full disk is a real one: a small tmpfs mounted for the test (the tests run as root, as
`make test` does), under a real embedded Oxigraph store, so the error comes from RocksDB
and the operating system exactly as it would in production. The extractor is the hand-made
harbour extraction (these tests are about the command line, not about spaCy).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimgraph.cli import app
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.records import Article, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

REPO = Path(__file__).resolve().parent.parent
CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))
# the real command line in a process of its own, with the stand-in extractor
RUN_CLI = (
    "import sys, claimgraph.ingestion._pipeline as p\n"
    "from tests.test_reliability_cli import fake_extract\n"
    "p.extract_articles = fake_extract\n"
    "from claimgraph.cli import app\n"
    "sys.argv[0] = 'claimgraph'\n"
    "app()\n"
)


def fake_extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Stand-in extractor: the hand-made harbour extraction of each article's own text."""
    return (harbour_extraction(a.id, a.text) for a in articles)


@pytest.fixture(autouse=True)
def _no_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", fake_extract)


@contextlib.contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` for the block's duration."""
    where.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"these tests mount a small tmpfs and need root: {done.stderr}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def article_folder(root: Path, n: int, *, pad: int = 0) -> Path:
    root.mkdir(parents=True)
    for i in range(n):
        text = f"{HARBOUR_TEXT}\nThis is note number {i}.\n" + "More words here. " * pad
        (root / f"a{i:03}.txt").write_text(text, encoding="utf-8")
    return root


def rejects_in(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ------------------------------------------------------------------ 5: a full disk


def test_a_full_disk_stops_the_batch_with_a_typed_error_report_and_rejects(
    tmp_path: Path,
) -> None:
    inputs = article_folder(tmp_path / "in", 80, pad=500)
    (inputs / "0-empty.txt").write_bytes(b"")  # one reject before the disk fills
    rejects = tmp_path / "rejects.jsonl"
    with small_disk(tmp_path / "disk", "3m") as disk:
        store = disk / "store"
        result = invoke(
            "ingest", str(inputs), "--store", str(store), "--no-curated", "-q",
            "--rejects", str(rejects),
        )  # fmt: skip
        assert result.exit_code == 2, result.output
        assert "the store's disk is full" in result.output
        assert "Traceback" not in result.output
        assert isinstance(result.exception, SystemExit)
        stored = int(result.output.split("stored ")[1].split(" ")[0])
        assert 0 < stored < 80
        assert f"the batch stopped after storing {stored} article(s)" in result.output
        [reject] = rejects_in(rejects)
        assert reject["input"] == str(inputs / "0-empty.txt")
        subprocess.run(["cp", "-a", str(store), str(tmp_path / "moved")], check=True)
    with KnowledgeGraph.open(tmp_path / "moved", read_only=True) as kg:  # the store survives
        assert len(kg.articles()) == stored


# ------------------------------------------------------------------ 6: atomic exports


@pytest.fixture
def store_with_articles(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    assert invoke("ingest", str(article_folder(tmp_path / "in", 3)), "--store", str(store),
                  "--no-curated", "-q").exit_code == 0  # fmt: skip
    return store


def test_an_export_replaces_the_old_file_whole(store_with_articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.nq"
    out.write_bytes(b"<a:old> <a:p> <a:o> .\n" * 1000)
    old = out.read_bytes()
    with out.open("rb") as reader:  # someone reading the last export meanwhile
        result = invoke("export", "-o", str(out), "--store", str(store_with_articles))
        assert result.exit_code == 0, result.output
        assert reader.read() == old  # a new file was renamed into place; this one is whole
    assert out.read_bytes() != old
    assert b"harbour" in out.read_bytes().lower()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.nq")] == []


def test_an_export_to_a_full_disk_keeps_the_last_good_one(
    store_with_articles: Path, tmp_path: Path
) -> None:
    with small_disk(tmp_path / "disk", "48k") as disk:
        out = disk / "out.nq"
        out.write_bytes(b"<a:old> <a:p> <a:o> .\n")
        result = invoke("export", "-o", str(out), "--store", str(store_with_articles))
        assert result.exit_code == 2, result.output
        assert "disk is full" in result.output
        assert str(out) in result.output
        assert "Traceback" not in result.output
        assert out.read_bytes() == b"<a:old> <a:p> <a:o> .\n"
        assert sorted(p.name for p in disk.iterdir()) == ["out.nq"]


# ------------------------------------------------------------------ 8: the rejects file


def test_rejects_naming_an_input_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": HARBOUR_TEXT}) + "\n", encoding="utf-8")
    before = corpus.read_bytes()
    inputs = article_folder(tmp_path / "in", 1)
    (inputs / "r.jsonl").write_bytes(before)  # an input of the folder
    for rejects, given in [(corpus, corpus), (inputs / "r.jsonl", inputs)]:
        store = tmp_path / "store"
        result = invoke("ingest", str(given), "--store", str(store), "--rejects", str(rejects))
        assert result.exit_code == 2, result.output
        assert "rejects file is" in result.output
        assert str(given) in result.output
        assert not store.exists()  # refused before the store was opened
    assert corpus.read_bytes() == before
    assert (inputs / "r.jsonl").read_bytes() == before


def test_rejects_are_written_when_stdout_is_a_closed_pipe(tmp_path: Path) -> None:
    inputs = article_folder(tmp_path / "in", 2)
    (inputs / "empty.txt").write_bytes(b"")
    rejects = tmp_path / "rejects.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN_CLI, "ingest", str(inputs), "--store",
         str(tmp_path / "store"), "--no-curated", "-q", "--rejects", str(rejects)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # `| head -0`: nobody reads the summary
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1, stderr  # one reject
    assert "Traceback" not in stderr
    assert [r["input"] for r in rejects_in(rejects)] == [str(inputs / "empty.txt")]


# ------------------------------------------------------------------ 16: arguments checked first


@pytest.fixture
def empty_store(tmp_path: Path) -> Path:
    store = tmp_path / "store"
    KnowledgeGraph.open(store).close()
    return store


def run_cli(*args: str | bytes) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLAIMGRAPH, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
        check=False,
    )


def test_a_param_that_is_not_utf8_is_named(empty_store: Path) -> None:
    store = str(empty_store)
    done = run_cli("query", "who-said-what", "--param", b"speaker=\xff", "--store", store)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "--param speaker" in done.stderr
    assert "0xff" in done.stderr


def test_a_sparql_file_that_is_not_utf8_is_named(empty_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "q.rq"
    bad.write_bytes(b'SELECT * WHERE { ?s ?p "caf\xe9" }')
    done = run_cli("query", "--sparql", str(bad), "--store", str(empty_store))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert str(bad) in done.stderr
    assert "not UTF-8" in done.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-o", "/missing/dir/x.nq"], "does not exist"),
        (["-o", "{tmp}/x.graphml", "--query", "@/missing.rq"], "cannot read the SPARQL file"),
    ],
)
def test_export_arguments_are_checked_first(
    empty_store: Path, tmp_path: Path, args: list[str], words: str
) -> None:
    done = run_cli("export", *(a.format(tmp=tmp_path) for a in args), "--store", str(empty_store))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert words in done.stderr
    assert ("/missing/dir/x.nq" in done.stderr) or ("/missing.rq" in done.stderr)


def test_a_rejects_file_in_a_missing_folder_is_refused_before_the_batch(tmp_path: Path) -> None:
    inputs = article_folder(tmp_path / "in", 1)
    store = tmp_path / "store"
    result = invoke("ingest", str(inputs), "--store", str(store), "--rejects", "/missing/r.jsonl")
    assert result.exit_code == 2, result.output
    assert "/missing/r.jsonl" in result.output
    assert "does not exist" in result.output
    assert not store.exists()


# ------------------------------------------------------------------ 15: control characters in XML


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_graph_exports_hold_articles_with_control_characters(tmp_path: Path, fmt: str) -> None:
    import xml.etree.ElementTree as ET

    from claimgraph.graph.export._export import export_graph

    ex = harbour_extraction("ctl")  # the same text with a control character inside a claim
    text = HARBOUR_TEXT.replace("dredging at", "dredging\x01at")
    ex = dataclasses.replace(ex, article=dataclasses.replace(ex.article, text=text))
    with KnowledgeGraph.memory() as kg:
        kg.add(ex)
        out = tmp_path / f"g.{fmt}"
        export_graph(kg, out)
    data = out.read_text(encoding="utf-8")
    ET.fromstring(data)  # well-formed XML: raises on a control character
    assert "dredging\ufffdat" in data
    assert "\x01" not in data


# ------------------------------------------------------------------ 7: workers die with the driver

DRIVER = (
    "import time\n"
    "from claimgraph.ingestion._parallel import WorkerPool\n"
    "pool = WorkerPool(2, extractor='tests.test_parallel:stub_extract').start()\n"
    "print(' '.join(map(str, pool.pids)), flush=True)\n"
    "time.sleep(600)\n"
)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited; only its entry is left


def test_workers_exit_when_the_driver_is_killed() -> None:
    import signal
    import time

    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert driver.stdout is not None
    pids = [int(p) for p in driver.stdout.readline().split()]
    assert len(pids) == 2
    for pid in pids:
        assert f"\nPPid:\t{driver.pid}\n" in Path(f"/proc/{pid}/status").read_text()
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [p for p in pids if _alive(p)]
    for pid in left:  # do not leave them behind if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
