"""An on-disk writer closes and reopens its RocksDB handle every ``REOPEN_EVERY`` writes.

Closing frees the blocks RocksDB cached during the writes (see ``claimgraph.graph.store._backend``).
The
tests check what must hold around it: every article is stored exactly as without reopening, a
handle that something else holds is left open, no other writer gets in while the handle is
closed (the writer lock), a kill right after a close loses nothing, and a failed reopen is an
honest error that leaves the store as it was.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

import claimgraph.graph.store._backend as backend
import claimgraph.graph.store._malloc as _malloc
from claimgraph.errors import StoreError, StoreInUseError
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.builders import HARBOUR_TEXT, harbour_extraction

ROOT = Path(__file__).resolve().parents[1]
LINUX = sys.platform.startswith("linux")


@pytest.fixture
def often(monkeypatch: pytest.MonkeyPatch) -> None:
    """Flush every 2 writes and reopen every 4 (instead of 50 and 500)."""
    monkeypatch.setattr(backend, "FLUSH_EVERY", 2)
    monkeypatch.setattr(backend, "REOPEN_EVERY", 4)


def _backend(kg: KnowledgeGraph) -> backend.OxigraphBackend:
    assert isinstance(kg.backend, backend.OxigraphBackend)
    return kg.backend


def _fill(kg: KnowledgeGraph, n: int, start: int = 0) -> list[str]:
    ids = range(start, start + n)
    return [kg.add(harbour_extraction(f"art-{i}", HARBOUR_TEXT)).status for i in ids]


def _nquads(kg: KnowledgeGraph) -> list[str]:
    data = kg.serialize(format="nquads")
    assert data is not None
    return sorted(data.decode("utf-8").splitlines())


@pytest.mark.usefixtures("often")
def test_a_long_batch_reopens_the_handle_and_stores_every_article(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        assert _fill(kg, 10) == ["added"] * 10
        assert _backend(kg).reopened == 2  # after writes 4 and 8
        assert kg.add(harbour_extraction("art-3", HARBOUR_TEXT)).status == "unchanged"
        changed = harbour_extraction("art-5", HARBOUR_TEXT + " Note.")
        assert kg.add(changed).status == "replaced"
        assert kg.articles() == sorted(f"art-{i}" for i in range(10))
        assert all(r.conforms for r in kg.validate().values())
        reopened = _nquads(kg)
    with KnowledgeGraph.memory() as plain:  # never reopened
        _fill(plain, 10)
        plain.add(changed)
        assert _nquads(plain) == reopened
    with KnowledgeGraph.open(tmp_path / "store", read_only=True) as again:
        assert _nquads(again) == reopened


@pytest.mark.usefixtures("often")
def test_a_handle_someone_else_holds_is_not_reopened(tmp_path: Path) -> None:
    with KnowledgeGraph.open(tmp_path / "store") as kg:
        view = kg.dataset  # an rdflib view on the pyoxigraph store
        _fill(kg, 8)
        assert _backend(kg).reopened == 0
        assert len(view) > 0  # the view still works
        del view
        gc.collect()  # rdflib's Dataset holds itself in reference cycles
        _fill(kg, 4, start=8)  # closed after write 12, reopened by the next use
        assert kg.stats().articles == 12
        assert _backend(kg).reopened == 1


OPENER = textwrap.dedent(
    """
    import sys
    from claimgraph.errors import StoreInUseError
    from claimgraph.graph.store._kg import KnowledgeGraph
    try:
        KnowledgeGraph.open(sys.argv[1]).close()
    except StoreInUseError as exc:
        print(exc)
        sys.exit(3)
    """
)


@pytest.mark.skipif(backend.fcntl is None, reason="the writer lock needs fcntl")
def test_no_other_writer_gets_in_while_the_handle_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend, "REOPEN_EVERY", 1)
    store = tmp_path / "store"
    with KnowledgeGraph.open(store) as kg:
        kg.add(harbour_extraction("first", HARBOUR_TEXT))
        assert _backend(kg)._store is None  # closed after the write; RocksDB's LOCK is free
        other = _open_elsewhere(store)
        assert other.returncode == 3, other.stderr
        assert other.stdout.startswith("store is in use:")
        assert "another process" in other.stdout
        kg.add(harbour_extraction("second", HARBOUR_TEXT + " Note."))
        assert kg.articles() == ["first", "second"]
    with KnowledgeGraph.open(store) as kg:  # the lock went with the writer
        assert kg.articles() == ["first", "second"]


def _open_elsewhere(store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", OPENER, str(store)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.skipif(backend.fcntl is None, reason="the writer lock needs fcntl")
def test_a_refused_second_writer_in_the_same_process_leaves_the_lock_held(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with KnowledgeGraph.open(store) as kg:
        with pytest.raises(StoreInUseError, match="in this process"):
            KnowledgeGraph.open(store)
        assert _open_elsewhere(store).returncode == 3
        assert kg.add(harbour_extraction("a", HARBOUR_TEXT)).status == "added"


KILLED = textwrap.dedent(
    """
    import os, signal, sys
    import claimgraph.graph.store._backend as backend
    from claimgraph.graph.store._kg import KnowledgeGraph
    from tests.builders import HARBOUR_TEXT, harbour_extraction
    backend.REOPEN_EVERY = 2
    kg = KnowledgeGraph.open(sys.argv[1])
    for i in range(4):
        kg.add(harbour_extraction(f"k-{i}", HARBOUR_TEXT))
    assert kg.backend._store is None and kg.backend.reopened == 1  # killed while closed
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_writer_killed_around_a_reopen_loses_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run = subprocess.run(
        [sys.executable, "-c", KILLED, str(store)], cwd=ROOT, capture_output=True, timeout=120
    )
    assert run.returncode == -9, run.stderr
    with KnowledgeGraph.open(store) as kg:  # no stale lock either
        assert kg.articles() == [f"k-{i}" for i in range(4)]
        assert all(r.conforms for r in kg.validate().values())


def test_a_failed_reopen_is_a_store_error_and_the_next_use_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend, "REOPEN_EVERY", 1)
    real_store = ox.Store

    def refuse(path: str | None = None) -> ox.Store:
        if path is None:  # in-memory stores (validation uses them) still open
            return real_store()
        raise OSError("disk on fire")

    with KnowledgeGraph.open(tmp_path / "store") as kg:
        kg.add(harbour_extraction("first", HARBOUR_TEXT))
        monkeypatch.setattr(backend.ox, "Store", refuse)
        with pytest.raises(StoreError, match=r"cannot reopen the store.*everything written before"):
            kg.add(harbour_extraction("second", HARBOUR_TEXT + " Note."))
        monkeypatch.setattr(backend.ox, "Store", real_store)
        assert kg.articles() == ["first"]
        assert kg.add(harbour_extraction("second", HARBOUR_TEXT + " Note.")).status == "added"
        assert kg.articles() == ["first", "second"]


ARENAS = (
    "import claimgraph.graph.store._malloc as b; "
    "print(b.limit_malloc_arenas(), b.limit_malloc_arenas())"
)


@pytest.mark.skipif(_malloc._MALLOPT is None, reason="glibc only")
def test_malloc_arenas_are_capped_once_unless_the_user_chose() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run(
        [sys.executable, "-c", ARENAS], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.split() == ["True", "False"], out.stderr
    mine = subprocess.run(
        [sys.executable, "-c", ARENAS],
        cwd=ROOT,
        env={**env, "MALLOC_ARENA_MAX": "4"},
        capture_output=True,
        text=True,
    )
    assert mine.stdout.split() == ["False", "False"], mine.stderr
