"""Readers: text with a metadata header or a wire dateline, JSON Lines, folders."""

from __future__ import annotations

import json
import socket
import tracemalloc
from pathlib import Path

from claimgraph import Article, InputError, iter_articles, read_jsonl, read_text
from claimgraph.loaders._readers import MAX_LINE_BYTES, count_articles, parse_dateline


def test_text_with_metadata_header(tmp_path: Path) -> None:
    p = tmp_path / "story.txt"
    p.write_text(
        "---\nid: story-7\npublisher: Harbour Times\ndate: 2024-05-01\n"
        "credits: [Daily Ledger]\n---\nThe mayor said the bridge is safe.\n",
        encoding="utf-8",
    )
    a = read_text(p)
    assert a.id == "story-7"
    assert a.publisher == "Harbour Times"
    assert a.credits == ("Daily Ledger",)
    assert a.text == "The mayor said the bridge is safe.\n"  # offsets refer to the body only


def test_wire_dateline_fills_in_metadata(tmp_path: Path) -> None:
    p = tmp_path / "wire.txt"
    p.write_text("Oslo, Feb 2 (Nordic Wire): Ministers met on Tuesday.", encoding="utf-8")
    a = read_text(p)
    assert (a.publisher, a.dateline, a.date, a.id) == ("Nordic Wire", "Oslo", "Feb 2", "wire.txt")


def test_header_wins_over_dateline(tmp_path: Path) -> None:
    p = tmp_path / "wire.txt"
    p.write_text("---\npublisher: Other\n---\nOslo (Nordic Wire): Ministers met.", encoding="utf-8")
    assert read_text(p).publisher == "Other"


def test_dateline_variants() -> None:
    assert parse_dateline("WASHINGTON (AP) — The Senate voted.") == {
        "dateline": "WASHINGTON",
        "publisher": "AP",
    }
    assert parse_dateline("The Senate voted (AP): no.") == {}


def test_unknown_header_key_is_named(tmp_path: Path) -> None:
    p = tmp_path / "bad.txt"
    p.write_text("---\nauthor: me\n---\nText here.", encoding="utf-8")
    try:
        read_text(p)
    except InputError as exc:
        assert "author" in str(exc) and str(p) in str(exc)
    else:
        raise AssertionError("an unknown header key must be refused")


def test_jsonl_meta_fields(tmp_path: Path) -> None:
    p = tmp_path / "c.jsonl"
    rows = [
        {
            "id": "a1",
            "text": "One said two.",
            "meta": {"publisher": "P", "publication_date": "2016"},
        },
        {"id": "a2", "text": "Three said four.", "url": "https://example.org/a2"},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    got = list(read_jsonl(p))
    assert all(isinstance(a, Article) for a in got)
    a1, a2 = got
    assert isinstance(a1, Article) and isinstance(a2, Article)
    assert (a1.id, a1.publisher, a1.date) == ("a1", "P", "2016")
    assert a2.url == "https://example.org/a2"


def test_folder_is_read_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Bee said so.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Ay said so.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A said so.", encoding="utf-8")
    items = list(iter_articles([tmp_path]))
    assert [a.source for a in items if isinstance(a, Article)] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "a.txt"),
    ]


def _mixed_inputs(root: Path) -> list[Path]:
    """Good and bad inputs of every kind ``iter_articles`` tells apart; 18 records in all."""
    good = json.dumps({"id": "j1", "text": "Ann said so."})
    (root / "in" / "sub").mkdir(parents=True)
    (root / "in" / ".git").mkdir()
    (root / "in" / ".git" / "x.txt").write_text("hidden", encoding="utf-8")
    (root / "in" / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (root / "in" / "good.txt").write_text("Bo said so.", encoding="utf-8")
    (root / "in" / "sub" / "deep.md").write_text("Cy said so.", encoding="utf-8")
    (root / "in" / "page.html").write_text("<html><nav>Home</nav></html>", encoding="utf-8")
    (root / "in" / "slides.pdf").write_bytes(b"%PDF")
    long_line = b"x" * (MAX_LINE_BYTES + 10)
    (root / "in" / "corpus.jsonl").write_bytes(  # 2 good, 1 malformed, 1 over-long, 1 good
        f"{good}\n{good}\n\n   \n{{bad\n".encode() + long_line + f"\n{good}\n".encode()
    )
    (root / "in" / "empty.jsonl").write_bytes(b"")
    (root / "in" / "blank.jsonl").write_bytes(b"\n \n\t\n")
    (root / "in" / "tail.jsonl").write_bytes(f"{good}\n".encode() + long_line)  # no final \n
    (root / "in" / "edge.jsonl").write_bytes(b"y" * MAX_LINE_BYTES + b"\n")  # just fits
    (root / "void").mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "s.jsonl"))  # exists, cannot be opened (even by root)
    sock.close()
    return [
        root / "in",
        root / "void",
        root / "missing.txt",
        root / "s.jsonl",
        root / "in/good.txt",
    ]


def test_count_articles_is_what_iter_articles_yields(tmp_path: Path) -> None:
    paths = _mixed_inputs(tmp_path)
    items = list(iter_articles(paths))
    assert sum(isinstance(i, Article) for i in items) == 7
    assert len(items) == 18
    assert count_articles(paths) == len(items)
    assert count_articles(str(p) for p in paths) == len(items)  # any iterable of str or Path


def test_count_articles_skips_a_huge_line_without_holding_it(tmp_path: Path) -> None:
    p = tmp_path / "huge.jsonl"
    with p.open("wb") as fh:
        fh.write(b'{"id": "a", "text": "Ann said so."}\n')
        fh.write(b"z" * (25 * MAX_LINE_BYTES) + b"\n")
        fh.write(b'{"id": "b", "text": "Bo said so."}\n')
    tracemalloc.start()
    try:
        assert count_articles([p]) == 3
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 6 * MAX_LINE_BYTES  # the line is 25 times that
