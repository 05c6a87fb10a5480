"""Bad input: every kind gets a typed error naming the input and the problem; a batch goes on.

The extractor is replaced by the hand-made extraction of ``tests/builders.py`` (see
:func:`fake_extract`) so that these tests are about reading and ingesting, not about spaCy.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from claimgraph.errors import InputError, UnknownFormatError
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._pipeline import ingest
from claimgraph.loaders._readers import (
    MAX_ARTICLE_CHARS,
    MAX_LINE_BYTES,
    iter_articles,
    read_html,
    read_jsonl,
    read_text,
)
from claimgraph.records import Article, Extraction
from tests.builders import HARBOUR_TEXT, harbour_extraction

TEN_MB = 10 * 1024 * 1024


def fake_extract(articles: Iterable[Article], *, batch_size: int = 32) -> Iterator[Extraction]:
    """Stand-in extractor: the hand-made harbour extraction of each article's own text."""
    return (harbour_extraction(a.id, a.text) for a in articles)


@pytest.fixture(autouse=True)
def _no_spacy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", fake_extract)


def good_text(n: int) -> str:
    """A good article text (the harbour story plus a line that makes it unique)."""
    return f"{HARBOUR_TEXT}\nThis is note number {n}."


def write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` (text as UTF-8) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def only_error(items: Iterable[Article | InputError]) -> InputError:
    """The single item of ``items``, which must be an error."""
    got = list(items)
    assert len(got) == 1, got
    assert isinstance(got[0], InputError), got[0]
    return got[0]


def bad_folder(root: Path) -> dict[str, str]:
    """Write one file per kind of bad input under ``root``; returns {file name: expected words}.

    The expected words must appear in the error's problem text.
    """
    huge_line = json.dumps({"id": "huge", "text": "word " * (TEN_MB // 5)})
    cases: dict[str, tuple[bytes | str, str]] = {
        "empty.txt": (b"", "empty"),
        "blank.txt": (b"  \n\t\n", "empty"),
        "binary.txt": (bytes(range(256)) * 4, "binary"),
        "latin1.txt": ("Café société said the minister.".encode("latin-1"), "not valid UTF-8"),
        "utf16.txt": ("The minister said so.".encode("utf-16"), "UTF-16"),
        "ten-mb.txt": (b"All work and no play. " * (TEN_MB // 22), "over the limit"),
        "too-long.txt": ("x" * (MAX_ARTICLE_CHARS + 1), "over the limit"),
        "ten-mb.html": (b"<p>" + b"boilerplate " * (TEN_MB // 12) + b"</p>", "over the limit"),
        "boilerplate.html": (
            "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> | "
            "<a href='/news'>News</a></nav><footer>(c) 2024 Example</footer></body></html>",
            "no article text",
        ),
        "empty.jsonl": (b"\n\n", "empty"),
        "huge-line.jsonl": (huge_line, "over"),
        "bad-header.txt": ("---\nid: [unclosed\n---\nThe minister said so.", "YAML"),
        "unknown-key.txt": ("---\nauthor: Someone\n---\nThe minister said so.", "unknown metadata"),
        "slides.pdf": (b"%PDF-1.4 not really", "unknown input format '.pdf'"),
        "README": (b"no extension", "unknown input format '(no extension)'"),
    }
    for name, (data, _) in cases.items():
        write(root / name, data)
    return {name: words for name, (_, words) in cases.items()}


# ---------------------------------------------------------------------------------- the readers


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "the file is empty"),
        (b"\n \n", "the file is empty"),
        (b"\x00\x01\x02binary\x00", "looks binary"),
        (b"\xff\xd8\xff\xe0JFIF", "byte 0xff at offset 0"),
        ("Zoë said no.".encode("latin-1"), "byte 0xeb at offset 2"),
        ("utf-16 text".encode("utf-16-le"), "looks binary"),
        ("utf-16 text".encode("utf-16"), "UTF-16"),
        ("utf-32 text".encode("utf-32"), "UTF-32"),
        ("---\n- a list\n---\nText.", "must be a YAML mapping"),
        ("---\ncredits: {a: 1}\n---\nText here.", "'credits' must be a name or a list"),
        ("---\ntitle: [a, b]\n---\nText here.", "metadata 'title' must be a single value"),
        ("---\nid: ''\n---\nText here.", None),  # falls back to the file name
        ("---\nid: x\n---\n   \n", "the article text is empty"),
    ],
)
def test_read_text_refuses_bad_files_with_a_typed_error(
    tmp_path: Path, data: bytes | str, words: str | None
) -> None:
    path = write(tmp_path / "in.txt", data)
    if words is None:
        assert read_text(path).id == "in.txt"
        return
    with pytest.raises(InputError) as info:
        read_text(path)
    assert info.value.source == str(path)
    assert words in info.value.problem
    assert str(info.value).startswith(f"{path}: ")


def test_ten_megabyte_text_is_refused_quickly_before_it_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"The minister said it was fine. " * (TEN_MB // 31))
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_text(path)
    assert time.perf_counter() - start < 1.0
    assert f"{path.stat().st_size:,} bytes, over the limit" in info.value.problem
    assert "split it" in info.value.problem


def test_article_over_the_character_limit_is_refused_and_one_under_is_read(
    tmp_path: Path,
) -> None:
    under = write(tmp_path / "under.txt", "a" * MAX_ARTICLE_CHARS)
    over = write(tmp_path / "over.txt", "é" * (MAX_ARTICLE_CHARS + 1))  # 2 bytes each: under bytes
    assert len(read_text(under).text) == MAX_ARTICLE_CHARS
    with pytest.raises(InputError, match=r"200,001 characters long, over the limit of 200,000"):
        read_text(over)


def test_ten_megabyte_html_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path / "big.html", b"<p>" + b"text " * (TEN_MB // 5) + b"</p>")
    start = time.perf_counter()
    with pytest.raises(InputError, match="over the limit"):
        read_html(path)
    assert time.perf_counter() - start < 1.0


def test_html_with_only_boilerplate_is_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path / "nav.html",
        "<html><body><nav><a href='/'>Home</a></nav><div class='cookie'>We use cookies.</div>"
        "<footer>Contact us</footer></body></html>",
    )
    with pytest.raises(InputError) as info:
        read_html(path)
    assert "no article text found" in info.value.problem
    assert ".txt" in info.value.problem  # says how to fix it


def test_html_article_is_read(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in HARBOUR_TEXT.split("\n"))
    path = write(
        tmp_path / "page.html",
        f"<html><head><title>Channel</title></head><body><nav>Home</nav><article>{body}"
        "</article><footer>Contact</footer></body></html>",
    )
    article = read_html(path)
    assert "Ada Quinn" in article.text


def test_unbalanced_quote_marks_are_read_as_they_are(tmp_path: Path) -> None:
    text = 'The mayor said "we will rebuild. Officials said "soon, and “never” ” ” "'
    article = read_text(write(tmp_path / "quotes.txt", text))
    assert article.text == text


@pytest.mark.parametrize("name", ["missing.txt", "missing.jsonl", "missing.html", "nowhere/"])
def test_missing_path_is_reported(tmp_path: Path, name: str) -> None:
    error = only_error(iter_articles([tmp_path / name]))
    assert "no such file or folder" in error.problem
    assert error.source == str(tmp_path / name)


def test_missing_file_through_each_reader(tmp_path: Path) -> None:
    for reader in (read_text, read_html):
        with pytest.raises(InputError, match="no such file; check the path"):
            reader(tmp_path / "gone")
    with pytest.raises(InputError, match="no such file"):
        list(read_jsonl(tmp_path / "gone.jsonl"))


def test_folder_given_to_read_text(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        read_text(tmp_path)


def test_unknown_format_is_a_typed_error(tmp_path: Path) -> None:
    error = only_error(iter_articles([write(tmp_path / "deck.pptx", b"PK\x03\x04")]))
    assert isinstance(error, UnknownFormatError)
    assert "unknown input format '.pptx'" in error.problem
    assert ".txt, .jsonl or .html" in error.problem


def test_empty_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden").write_text("ignored")
    error = only_error(iter_articles([tmp_path / "empty"]))
    assert "holds no files" in error.problem


def test_named_pipe_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    start = time.perf_counter()
    error = only_error(iter_articles([fifo]))
    assert "not a regular file" in error.problem
    assert time.perf_counter() - start < 1.0


def test_malformed_json_lines_name_the_line_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": good_text(1)}),
        '{"id": "a2", "text": "unterminated',
        "",
        "[1, 2, 3]",
        json.dumps({"id": "a5"}),
        json.dumps({"text": "no id here"}),
        json.dumps({"id": "", "text": "empty id"}),
        json.dumps({"id": True, "text": "boolean id"}),
        json.dumps({"id": "a9", "text": "   "}),
        json.dumps({"id": "a10", "text": "meta is odd", "meta": "yesterday"}),
        '{"id": "a11", "text": "lone \\ud800 surrogate"}',
        json.dumps({"id": "a12", "text": "x", "credits": {"a": 1}}),
        "[" * 100_000,
        json.dumps({"id": "a14", "text": good_text(14), "meta": {"publisher": "Wire"}}),
    ]
    path = write(tmp_path / "corpus.jsonl", "\n".join(lines) + "\n")
    items = list(read_jsonl(path))
    assert [i.id for i in items if isinstance(i, Article)] == ["a1", "a14"]
    errors = {e.source.split(" ")[0]: e.problem for e in items if isinstance(e, InputError)}
    expected = {
        2: "malformed JSON (Invalid control character, column 35)",
        4: "expected a JSON object with 'id' and 'text', got list",
        5: "missing or non-string 'text' field",
        6: "missing 'id' field",
        7: "missing 'id' field",
        8: "missing 'id' field",
        9: "the article text is empty",
        10: "'meta' must be a JSON object, got 'yesterday'",
        11: "lone surrogate",
        12: "'credits' must be a name or a list",
        13: "JSON",
    }
    assert sorted(errors) == sorted(f"{path}:{n}" for n in expected)
    for number, words in expected.items():
        assert words in errors[f"{path}:{number}"], (number, errors[f"{path}:{number}"])


def test_over_long_json_line_is_refused_and_the_next_line_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    with path.open("wb") as fh:
        fh.write(b'{"id": "big", "text": "' + b"a" * (MAX_LINE_BYTES + 10) + b'"}\n')
        fh.write(json.dumps({"id": "next", "text": good_text(2)}).encode() + b"\n")
    items = list(read_jsonl(path))
    assert isinstance(items[0], InputError)
    assert items[0].source == f"{path}:1"
    assert "line is over" in items[0].problem
    assert isinstance(items[1], Article)
    assert items[1].id == "next"


def test_every_bad_input_in_a_folder_is_one_typed_error(tmp_path: Path) -> None:
    expected = bad_folder(tmp_path / "in")
    items = list(iter_articles([tmp_path / "in"]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(items) == len(errors) == len(expected)
    by_file = {Path(e.source.split(":")[0]).name: e for e in errors}
    assert sorted(by_file) == sorted(expected)
    for name, words in expected.items():
        assert words in by_file[name].problem, (name, by_file[name].problem)
        assert by_file[name].source.startswith(str(tmp_path / "in" / name))


# ------------------------------------------------------------------------------- the pipeline


def test_ingest_stores_the_good_and_rejects_every_bad_input(tmp_path: Path) -> None:
    root = tmp_path / "in"
    expected = bad_folder(root)
    write(root / "good-1.txt", "---\nid: good-1\n---\n" + good_text(1))
    write(
        root / "good.jsonl",
        json.dumps({"id": "good-2", "text": good_text(2)}) + "\n{broken\n",
    )
    with KnowledgeGraph.memory() as kg:
        report = ingest(kg, [root, tmp_path / "missing.txt"])
        assert kg.articles() == ["good-1", "good-2"]
        assert all(r.conforms for r in kg.validate().values())
    assert report.added == 2
    rejected = {r.input: r for r in report.rejected}
    assert len(report.rejected) == len(expected) + 2  # + the broken JSON line + the missing file
    assert f"{root / 'good.jsonl'}:2" in rejected
    assert str(tmp_path / "missing.txt") in rejected
    for name in expected:
        assert any(key.startswith(str(root / name)) for key in rejected), name
    assert {r.kind for r in report.rejected} == {"input"}


def test_a_graph_that_fails_validation_is_rejected_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_extract(
        articles: Iterable[Article], *, batch_size: int = 32
    ) -> Iterator[Extraction]:
        for a in articles:
            ex = harbour_extraction(a.id, a.text)
            if a.id == "bad":  # a claim spoken by a place, which is not an agent
                ex.entity("port").type = "Place"
                ex.claims[0].speaker = "port"
            if a.id == "outside":  # the claim's evidence points past the end of the text
                ex.claims[0].content = [(len(a.text) + 10, len(a.text) + 20)]
            yield ex

    monkeypatch.setattr("claimgraph.ingestion._pipeline.extract_articles", broken_extract)
    ids = ["a", "bad", "outside", "c"]
    articles = [Article(id=i, text=good_text(n)) for n, i in enumerate(ids)]
    with KnowledgeGraph.memory() as kg:
        report = ingest(kg, articles)
        assert kg.articles() == ["a", "c"]
    assert [(r.input, r.kind) for r in report.rejected] == [
        ("bad", "validation"),
        ("outside", "extraction"),
    ]
    assert "SHACL" in report.rejected[0].reason
    assert "outside the article text" in report.rejected[1].reason
