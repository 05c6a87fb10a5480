"""Concurrent writers and readers of one on-disk store.

A second writer gets :class:`StoreInUseError` (CLI exit 2, the store named in the message) and
nothing is corrupted. A read-only open works while a writer holds the store; it sees the store as
it was when it was opened (a new read-only open sees later commits).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import StoreError, StoreInUseError
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.builders import HARBOUR_TEXT, harbour_extraction

ROOT = Path(__file__).resolve().parents[1]
CLAIMGRAPH = str(Path(sys.executable).with_name("claimgraph"))

# A writer in another process: opens the store, adds one article, says "ready", then adds a
# second article each time it reads a line, and exits when its standard input closes.
HOLDER = textwrap.dedent(
    """
    import sys
    from claimgraph.graph.store._kg import KnowledgeGraph
    from tests.builders import HARBOUR_TEXT, harbour_extraction

    with KnowledgeGraph.open(sys.argv[1]) as kg:
        kg.add(harbour_extraction("held-0", HARBOUR_TEXT))
        print("ready", flush=True)
        n = 0
        for _ in sys.stdin:
            n += 1
            kg.add(harbour_extraction(f"held-{n}", HARBOUR_TEXT + f" Note {n}."))
            print("added", flush=True)
    """
)


class Holder:
    """A writer process holding a store open; ``add()`` makes it commit one more article."""

    def __init__(self, store: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(store)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def add(self) -> None:
        """Ask the writer to commit one more article, and wait until it has."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "added"

    def stop(self) -> None:
        """Let the writer close the store and exit."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        assert self.proc.wait(timeout=30) == 0


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[Holder]:
    """A store under ``tmp_path / 'store'`` held open for writing by another process."""
    h = Holder(tmp_path / "store")
    try:
        yield h
    finally:
        if h.proc.poll() is None:
            h.stop()


def dump(store: Path) -> list[str]:
    """Sorted N-Quads lines of a store (opened read-only)."""
    with KnowledgeGraph.open(store, read_only=True) as kg:
        data = kg.serialize(format="nquads")
    assert data is not None
    return sorted(line for line in data.decode("utf-8").splitlines() if line.strip())


def test_second_writer_gets_store_in_use(tmp_path: Path, holder: Holder) -> None:
    store = tmp_path / "store"
    with pytest.raises(StoreInUseError) as info:
        KnowledgeGraph.open(store)
    message = str(info.value)
    assert message.startswith("store is in use:")
    assert repr(str(store)) in message
    assert "another process" in message
    assert "read-only" in message  # says what to do instead
    holder.add()  # the holder is unharmed and still writes
    holder.stop()
    with KnowledgeGraph.open(store) as kg:
        assert kg.articles() == ["held-0", "held-1"]
        assert all(r.conforms for r in kg.validate().values())


def test_cli_ingest_into_a_store_in_use_exits_2_and_names_it(
    tmp_path: Path, holder: Holder
) -> None:
    store = tmp_path / "store"
    article = tmp_path / "a.txt"
    article.write_text(HARBOUR_TEXT, encoding="utf-8")
    before = dump(store)
    result = CliRunner().invoke(
        app, ["ingest", str(article), "--store", str(store), "--no-curated"]
    )
    assert result.exit_code == 2, result.output
    assert "store is in use" in result.stderr
    assert str(store) in result.stderr
    # the same through the installed script, in its own process
    proc = subprocess.run(
        [CLAIMGRAPH, "ingest", str(article), "--store", str(store)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "error: store is in use" in proc.stderr
    assert str(store) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert dump(store) == before  # nothing written, nothing corrupted
    holder.stop()
    assert dump(store) == before


def test_second_writer_in_the_same_process_gets_store_in_use(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(harbour_extraction())
        with pytest.raises(StoreInUseError, match="already open for writing in this process"):
            KnowledgeGraph.open(tmp_path / "store")
    with KnowledgeGraph.open(tmp_path / "store") as again:  # closing released the lock
        assert again.articles() == ["harbour-1"]


def test_reader_works_while_a_writer_holds_the_store(tmp_path: Path, holder: Holder) -> None:
    store = tmp_path / "store"
    with KnowledgeGraph.open(store, read_only=True) as reader:
        assert reader.articles() == ["held-0"]
        holder.add()
        # a reader sees the store as it was when it was opened ...
        assert reader.articles() == ["held-0"]
        assert reader.validate()["held-0"].conforms
    # ... and a new read-only open sees what was committed since
    with KnowledgeGraph.open(store, read_only=True) as fresh:
        assert fresh.articles() == ["held-0", "held-1"]
    result = CliRunner().invoke(app, ["stats", "--store", str(store), "--json"])
    assert result.exit_code == 0, result.output
    assert '"articles": 2' in result.output


def test_writer_can_open_while_a_reader_has_the_store_open(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(harbour_extraction("a"))
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as reader:
        with KnowledgeGraph.open(tmp_path / "store") as writer:
            writer.add(harbour_extraction("b", HARBOUR_TEXT + " More."))
        assert reader.articles() == ["a"]
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as reader:
        assert reader.articles() == ["a", "b"]


def test_opening_a_missing_store_read_only_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at '.*nowhere'") as info:
        KnowledgeGraph.open(tmp_path / "nowhere", read_only=True)
    assert not isinstance(info.value, StoreInUseError)
    assert not (tmp_path / "nowhere").exists()  # a read-only open creates nothing
    result = CliRunner().invoke(app, ["stats", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "no store at" in result.output


def test_a_file_where_the_store_should_be_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a store")
    with pytest.raises(StoreError, match="it is a file, not a store folder"):
        KnowledgeGraph.open(tmp_path / "file")
    assert (tmp_path / "file").read_text() == "not a store"


def test_read_only_open_retries_when_a_compaction_races_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyoxigraph as ox

    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(harbour_extraction())
    real = ox.Store.read_only
    calls = []

    def flaky(path: str) -> ox.Store:
        calls.append(path)
        if len(calls) < 3:  # what RocksDB says when a listed data file was compacted away
            raise RuntimeError(
                f"Corruption: IO error: No such file or directory: {path}/000009.sst"
            )
        return real(path)

    monkeypatch.setattr(ox.Store, "read_only", flaky)
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as reader:
        assert reader.articles() == ["harbour-1"]
    assert len(calls) == 3
    # a store that stays unreadable: a typed error, not a crash
    monkeypatch.setattr(
        ox.Store,
        "read_only",
        lambda path: (_ for _ in ()).throw(RuntimeError("Corruption: bad block")),
    )
    with pytest.raises(StoreError, match="cannot open store"):
        KnowledgeGraph.open(tmp_path / "store", read_only=True)
