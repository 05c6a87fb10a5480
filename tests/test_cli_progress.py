"""``claimgraph ingest`` on a long batch: the progress bar, progress lines in logs, ``--quiet``,
and Ctrl-C, which keeps what was stored, prints the summary and writes the rejects file.

The stub extractor stands in for spaCy, except in the one end-to-end test that sends a real
SIGINT to a real ``claimgraph ingest``.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from claimgraph.cli import app
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.records import Article, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))
PROGRESS = re.compile(r"^ingested (\d+)(?: of (\d+))? article\(s\)", re.MULTILINE)


def wait_for_count() -> None:
    """Let the ingest command's background count finish, so that its total is known."""
    for thread in threading.enumerate():
        if thread.name == "claimgraph-count":
            thread.join(10)


def stub_extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Stand-in for spaCy: the hand-made extraction of each article; ``stop-*`` is a Ctrl-C."""
    for art in articles:
        wait_for_count()
        if art.id.startswith("stop"):
            raise KeyboardInterrupt
        yield harbour_extraction(art.id, art.text)


@pytest.fixture(autouse=True)
def _stub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", stub_extract)


@pytest.fixture
def every_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """A progress line after every article (instead of every 30 seconds)."""
    monkeypatch.setattr("claimgraph.cli.progress.PROGRESS_EVERY", 0.0)


def corpus(path: Path, ids: list[str]) -> Path:
    """A JSON Lines corpus of these article ids; ``bad`` is a malformed line."""
    lines = [
        "{bad" if aid == "bad" else json.dumps({"id": aid, "text": f"{HARBOUR_TEXT} ({aid})"})
        for aid in ids
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, store: str = "store"
) -> Result:
    """``claimgraph ingest ARGS`` into a store in ``tmp_path`` (a new one: nothing skipped)."""
    argv = ["ingest", *args, "--store", str(tmp_path / store), "--no-curated"]
    return CliRunner().invoke(app, argv, env=env)


def progress(stderr: str) -> list[tuple[int, int | None]]:
    """(done, total) of each progress line."""
    return [(int(m[1]), int(m[2]) if m[2] else None) for m in PROGRESS.finditer(stderr)]


def test_log_lines_count_up_to_the_counted_total(tmp_path: Path, every_article: None) -> None:
    src = corpus(tmp_path / "c.jsonl", ["a1", "bad", "a2", "a3", "a4"])
    r = ingest(tmp_path, str(src))
    assert r.exit_code == 1, r.output  # the bad line is rejected
    # the stored input digests are looked up a block of articles at a time, so the reader
    # has met (and rejected) line 2 before the first article is stored
    assert progress(r.stderr) == [(2, 5), (3, 5), (4, 5), (5, 5)]
    lines = [line for line in r.stderr.splitlines() if line.startswith("ingested")]
    assert re.fullmatch(
        r"ingested 3 of 5 article\(s\) \(60\.0%\): 2 stored, 1 rejected; "
        r"[\d.]+ articles/s; about \d+s left",
        lines[1],
    )
    assert re.fullmatch(
        r"ingested 5 of 5 article\(s\) \(100\.0%\): 4 stored, 1 rejected; [\d.]+ articles/s",
        lines[-1],
    )
    assert "ingested" not in r.stdout  # progress goes to stderr, the summary to stdout
    assert "stored 4 article(s): 4 added, 0 replaced, 0 unchanged; 1 rejected" in r.stdout


def test_lines_without_a_total_while_the_count_is_unknown(
    tmp_path: Path, every_article: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_count(paths: object) -> int:
        raise OSError("the count failed")

    monkeypatch.setattr("claimgraph.loaders._readers.count_articles", broken_count)
    src = corpus(tmp_path / "c.jsonl", ["a1", "a2", "a3"])
    r = ingest(tmp_path, str(src))
    assert r.exit_code == 0, r.output
    assert progress(r.stderr) == [(1, None), (2, None), (3, None)]
    assert "%" not in r.stderr and "left" not in r.stderr
    assert "stored 3 article(s): 3 added" in r.stdout


def test_a_total_that_proves_too_low_is_raised_not_overrun(
    tmp_path: Path, every_article: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("claimgraph.loaders._readers.count_articles", lambda paths: 2)
    src = corpus(tmp_path / "c.jsonl", ["a1", "a2", "a3", "a4"])
    r = ingest(tmp_path, str(src))
    assert r.exit_code == 0, r.output
    assert progress(r.stderr) == [(1, 2), (2, 2), (3, 3), (4, 4)]
    percents = [float(p) for p in re.findall(r"\(([\d.]+)%\)", r.stderr)]
    assert percents == [50.0, 100.0, 100.0, 100.0]


def test_lines_come_at_most_every_progress_every_seconds(tmp_path: Path) -> None:
    src = corpus(tmp_path / "c.jsonl", ["a1", "a2", "a3"])
    r = ingest(tmp_path, str(src))  # the default: a line every 30 s, and this takes less
    assert r.exit_code == 0, r.output
    assert progress(r.stderr) == []
    assert "stored 3 article(s)" in r.stdout

    r = ingest(tmp_path, str(src), "--progress-every", "0", store="s2")
    assert progress(r.stderr) == [(1, 3), (2, 3), (3, 3)]
    r = ingest(tmp_path, str(src), env={"CLAIMGRAPH_PROGRESS_EVERY": "0"}, store="s3")
    assert progress(r.stderr) == [(1, 3), (2, 3), (3, 3)]


def test_a_bad_progress_interval_is_quoted(tmp_path: Path) -> None:
    src = corpus(tmp_path / "c.jsonl", ["a1"])
    r = ingest(tmp_path, str(src), env={"CLAIMGRAPH_PROGRESS_EVERY": "soon"})
    assert r.exit_code == 2
    message = " ".join(r.stderr.split())
    assert (
        "CLAIMGRAPH_PROGRESS_EVERY) is 'soon', not a number of seconds; give 0 or more" in message
    )
    for bad in ("-1", "nan"):
        r = ingest(tmp_path, str(src), "--progress-every", bad)
        assert r.exit_code == 2 and f"is '{bad}', not a number" in " ".join(r.stderr.split())
    assert not (tmp_path / "store").exists()  # refused before the store is opened


@pytest.mark.parametrize("flag", ["--quiet", "-q"])
def test_quiet_shows_no_progress_but_the_summary(
    tmp_path: Path, every_article: None, flag: str
) -> None:
    src = corpus(tmp_path / "c.jsonl", ["a1", "bad", "a2"])
    r = ingest(tmp_path, str(src), flag)
    assert r.exit_code == 1, r.output
    assert progress(r.stderr) == []
    assert "stored 2 article(s): 2 added, 0 replaced, 0 unchanged; 1 rejected" in r.stdout
    assert f"rejected {src}:2" in r.stderr  # the rejects are still listed


def _bar_frames(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, src: Path) -> str:
    """Ingest with the bar on a (fake) terminal and return the last frame it drew."""
    screen = io.StringIO()
    monkeypatch.setattr("claimgraph.cli.progress.show_bar", lambda: True)
    monkeypatch.setattr(
        "claimgraph.cli.progress.err", Console(file=screen, force_terminal=True, width=160)
    )
    monkeypatch.setattr("claimgraph.cli.progress.PROGRESS_EVERY", 0.0)  # not shown with a bar
    r = ingest(tmp_path, str(src))
    assert r.exit_code == 1, r.output
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue())
    frames = [f for f in re.split(r"[\r\n]", plain) if "ingesting" in f]
    assert "ingested" not in plain  # no log lines on a terminal
    return frames[-1]


def test_the_bar_shows_done_of_total_rate_rejects_and_time_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = corpus(tmp_path / "c.jsonl", ["a1", "bad", "a2", "a3"])
    last = _bar_frames(monkeypatch, tmp_path, src)
    assert re.search(r" 4/4 [\d.]+ articles/s 1 rejected ", last), last
    assert len(re.findall(r"\d:\d\d:\d\d", last)) == 2, last  # elapsed and remaining


def test_the_bar_shows_a_count_alone_until_the_total_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_count(paths: object) -> int:
        raise OSError("the count failed")

    monkeypatch.setattr("claimgraph.loaders._readers.count_articles", broken_count)
    src = corpus(tmp_path / "c.jsonl", ["a1", "bad", "a2", "a3"])
    last = _bar_frames(monkeypatch, tmp_path, src)
    assert re.search(r" 4 [\d.]+ articles/s 1 rejected ", last), last
    assert "/" not in last.replace("articles/s", "")
    assert len(re.findall(r"\d:\d\d:\d\d", last)) == 1, last  # elapsed only


def test_ctrl_c_keeps_what_was_stored_and_writes_the_rejects(
    tmp_path: Path, every_article: None
) -> None:
    src = corpus(tmp_path / "c.jsonl", ["a1", "bad", "a2", "stop-3", "a4"])
    rejects = tmp_path / "rejects.jsonl"
    r = ingest(tmp_path, str(src), "--rejects", str(rejects))
    assert r.exit_code == 130, r.output
    assert "stored 2 article(s): 2 added, 0 replaced, 0 unchanged; 1 rejected" in r.stdout
    assert (
        "interrupted: 2 article(s) stored before the interrupt are kept; run the same command "
        "again to go on"
    ) in " ".join(r.stderr.split())
    assert [json.loads(line)["input"] for line in rejects.read_text().splitlines()] == [f"{src}:2"]
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as kg:
        assert kg.articles() == ["a1", "a2"]


def _first_progress_line(proc: subprocess.Popen[str], seen: list[str]) -> threading.Event:
    """Collect the process's stderr in ``seen``; the event is set at its first progress line."""
    first = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            seen.append(line)
            if line.startswith("ingested "):
                first.set()
        first.set()  # the process ended without one: the test says so below

    threading.Thread(target=read, daemon=True).start()
    return first


def _stats_articles(store: Path) -> int:
    done = subprocess.run(
        [CLAIMGRAPH, "stats", "--store", str(store), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return int(json.loads(done.stdout)["articles"])


@pytest.mark.slow
def test_a_real_sigint_stops_a_real_batch_that_the_same_command_finishes(tmp_path: Path) -> None:
    texts = [
        "Mayor Lena Ortiz said on Tuesday that the old bridge would reopen in May.",
        "The Riverton council said that rents rose 12% in 2023, officials said.",
        "Dr Sam Reyes warned that flu cases doubled in January, the Daily Ledger reported.",
    ]
    src = tmp_path / "c.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": f"e{i}", "text": f"{texts[i % 3]} Report {i} was filed."}) + "\n"
            for i in range(30)
        ),
        encoding="utf-8",
    )
    store, rejects = tmp_path / "store", tmp_path / "rejects.jsonl"
    argv = [CLAIMGRAPH, "ingest", str(src), "--store", str(store), "--no-curated"]
    argv += ["--rejects", str(rejects)]
    env = {**os.environ, "CLAIMGRAPH_PROGRESS_EVERY": "0"}
    proc = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    seen: list[str] = []
    try:
        assert _first_progress_line(proc, seen).wait(90), "no progress line in 90 s"
        assert proc.poll() is None, "".join(seen)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C on a terminal does
        assert proc.wait(60) == 130, "".join(seen)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.stdout is not None
    summary = proc.stdout.read()
    stored = int(re.search(r"stored (\d+) article\(s\)", summary)[1])  # type: ignore[index]
    assert 0 < stored < 30, summary
    assert f"interrupted: {stored} article(s) stored before the interrupt" in "".join(seen)
    assert rejects.read_text() == ""
    assert _stats_articles(store) == stored

    again = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert f"{30 - stored} added" in again.stdout
    assert _stats_articles(store) == 30
