"""Issue 23, items 1, 2, 17, 18, 19: inputs that used to lose an article, stall a batch or slip
through. The extractor is the hand-made harbour extraction (these are about reading and
ingesting, not about spaCy); the store is a real embedded Oxigraph."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.ingestion._pipeline import BatchReport, ingest
from claimgraph.loaders._readers import count_articles, iter_articles, read_jsonl, read_text
from claimgraph.records import Article
from tests.test_bad_input import _no_spacy, good_text, write  # noqa: F401 (autouse)

text = good_text  # a good article text, unique by ``n``


def body(kg: KnowledgeGraph, article_id: str) -> str:
    """The stored text of the article with this id (read back from the store)."""
    rows = kg.query(
        "SELECT ?t WHERE { GRAPH ?g { ?a <https://schema.org/identifier> ?id ; "
        "<https://schema.org/articleBody> ?t } FILTER(STR(?id) = " + json.dumps(article_id) + ") }"
    )
    [(value,)] = rows.rows
    return str(getattr(value, "value", value))


# ------------------------------------------------------------------ 1: duplicate ids


def test_two_files_of_one_name_in_different_folders_are_two_articles(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a" / "article.txt", text(1))
    write(tmp_path / "in" / "b" / "article.txt", text(2))
    items = list(iter_articles([tmp_path / "in"]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a/article.txt", "b/article.txt"]
    with KnowledgeGraph.memory() as kg:
        report = ingest(kg, [tmp_path / "in"])
        assert (report.added, report.replaced, report.rejected) == (2, 0, [])
        assert sorted(kg.articles()) == ["a/article.txt", "b/article.txt"]


def test_a_file_given_by_itself_keeps_its_bare_name(tmp_path: Path) -> None:
    path = write(tmp_path / "deep" / "story.txt", text(1))
    assert read_text(path).id == "story.txt"
    assert [a.id for a in iter_articles([path]) if isinstance(a, Article)] == ["story.txt"]


def test_a_second_record_with_a_seen_id_is_rejected_with_its_line(tmp_path: Path) -> None:
    lines = [{"id": i, "text": text(n)} for n, i in enumerate(["x", "y", "x"], start=1)]
    corpus = write(tmp_path / "c.jsonl", "".join(json.dumps(r) + "\n" for r in lines))
    with KnowledgeGraph.memory() as kg:
        for _ in range(2):  # and the same again: the first record is kept both times
            report = ingest(kg, [corpus])
            assert report.stored == 2
            assert report.replaced == 0
            assert [r.input for r in report.rejected] == [f"{corpus}:3"]
            assert "'x' was already used in this batch by" in report.rejected[0].reason
            assert f"{corpus}:1" in report.rejected[0].reason
            assert body(kg, "x") == text(1)


def test_replacing_an_article_from_an_earlier_batch_still_works(tmp_path: Path) -> None:
    with KnowledgeGraph.memory() as kg:
        ingest(kg, [Article(id="x", text=text(1))])
        report = ingest(kg, [Article(id="x", text=text(2))])
        assert (report.replaced, report.rejected) == (1, [])
        assert body(kg, "x") == text(2)


# ------------------------------------------------------------------ 2: YAML header bombs

BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "title: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "---\nThe mayor said the bridge would reopen.\n"
)


def test_a_billion_laughs_header_is_a_typed_reject_and_the_batch_goes_on(tmp_path: Path) -> None:
    write(tmp_path / "in" / "bomb.txt", BOMB)
    write(tmp_path / "in" / "good.txt", text(1))
    start = time.perf_counter()
    with KnowledgeGraph.memory() as kg:
        report = ingest(kg, [tmp_path / "in"])
        assert kg.articles() == ["good.txt"]
    assert time.perf_counter() - start < 20  # not a bound on speed: the bomb took minutes
    assert report.added == 1
    [reject] = report.rejected
    assert reject.input == str(tmp_path / "in" / "bomb.txt")
    assert "metadata header is refused" in reject.reason


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("a: &a x\n" + "".join(f"k{i}: *a\n" for i in range(20)), "aliases"),
        ("title: " + "[" * 8 + "x" + "]" * 8 + "\n", "nested more than"),
        ("credits: [" + ", ".join(f"n{i}" for i in range(1200)) + "]\n", "more than 1,000"),
        ("title: " + "x" * 20_000 + "\n", "over the limit of 16,384"),
        ("a: &a [*a]\n", "nested more than"),  # an alias to itself
    ],
)
def test_header_bounds(tmp_path: Path, header: str, words: str) -> None:
    path = write(tmp_path / "h.txt", f"---\n{header}---\nThe mayor said so.\n")
    with pytest.raises(InputError, match="metadata header") as info:
        read_text(path)
    assert words in info.value.problem


def test_a_header_with_a_few_aliases_is_still_read(tmp_path: Path) -> None:
    path = write(tmp_path / "h.txt", "---\nid: &i s1\ntitle: *i\n---\nThe mayor said so.\n")
    article = read_text(path)
    assert (article.id, article.title) == ("s1", "s1")


# ------------------------------------------------------------------ 17: unreadable inputs


def test_links_devices_and_pipes_in_a_folder_are_rejects(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "good.txt", text(1))
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(root / "fifo.jsonl")
    (tmp_path / "other").mkdir()
    write(tmp_path / "other" / "x.txt", text(2))
    (root / "linked").symlink_to(tmp_path / "other")
    start = time.perf_counter()
    items = list(iter_articles([root]))
    assert time.perf_counter() - start < 5  # a FIFO or /dev/zero would block or never end
    errors = {Path(i.source).name: i.problem for i in items if isinstance(i, InputError)}
    assert [i.id for i in items if isinstance(i, Article)] == ["good.txt"]
    assert set(errors) == {"dangling.txt", "zero.txt", "fifo.jsonl", "linked"}
    assert "does not exist" in errors["dangling.txt"]
    assert "not a regular file" in errors["zero.txt"]
    assert "not a regular file" in errors["fifo.jsonl"]
    assert "not followed" in errors["linked"]
    assert count_articles([root]) == len(items)


def test_an_unreadable_folder_is_a_reject() -> None:
    """As root every folder is readable: the walk runs as user nobody, in a folder it may
    enter, with one sub-folder it may not read and one input under a folder it may not enter."""
    top = Path(tempfile.mkdtemp(prefix="cg-unreadable-", dir="/tmp"))
    root = top / "in"
    try:
        top.chmod(0o755)
        write(root / "good.txt", text(1))
        write(root / "locked" / "x.txt", text(2))
        write(top / "shut" / "y.txt", text(3))
        for p in (root, root / "good.txt"):
            p.chmod(0o755)
        (root / "locked").chmod(0)
        (top / "shut").chmod(0o700)
        listing, count = _walk_as_nobody([root, top / "shut" / "y.txt"])
        locked = f"('InputError', '{root / 'locked'}', 'cannot read the folder: Permission denied')"
        shut = f"('InputError', '{top / 'shut' / 'y.txt'}', 'cannot read: Permission denied')"
        assert locked in listing
        assert shut in listing
        assert listing.count("('Article'") == 1
        assert count == "3"
    finally:
        (root / "locked").chmod(0o755)
        (top / "shut").chmod(0o755)
        shutil.rmtree(top)


def _walk_as_nobody(paths: list[Path]) -> tuple[str, str]:
    repo = str(Path(__file__).parent.parent)
    script = (
        "import os, sys\n"
        "from claimgraph.loaders._readers import iter_articles, count_articles\n"
        "import encodings.utf_8_sig\n"
        "os.setgid(65534); os.setuid(65534)\n"
        "items = list(iter_articles(sys.argv[1:]))\n"
        "print(repr([(type(i).__name__, getattr(i, 'source', ''), getattr(i, 'problem', ''))"
        " for i in items]))\n"
        "print(count_articles(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": repo},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    listing, count = done.stdout.strip().splitlines()
    return listing, count


# ------------------------------------------------------------------ 18: ids with newlines


@pytest.mark.parametrize("bad", ["a\nb", "tab\there", "nul\x00x", "bell\x07"])
def test_an_id_with_a_control_character_says_what_is_wrong(tmp_path: Path, bad: str) -> None:
    corpus = write(tmp_path / "c.jsonl", json.dumps({"id": bad, "text": text(1)}) + "\n")
    [item] = list(read_jsonl(corpus))
    assert isinstance(item, InputError)
    assert item.source == f"{corpus}:1"
    assert "the article id" in item.problem
    assert "control character" in item.problem or "NUL" in item.problem
    with KnowledgeGraph.memory() as kg:
        report = ingest(kg, [Article(id=bad, text=text(1))])
        [reject] = report.rejected
        assert "control character" in reject.reason
        assert "not valid RDF" not in reject.reason
        assert kg.articles() == []


# ------------------------------------------------------------------ 19: NUL everywhere


def test_a_nul_byte_after_the_first_8_kb_is_binary(tmp_path: Path) -> None:
    path = write(tmp_path / "late.txt", ("The mayor said so. " * 600).encode() + b"\x00 tail")
    assert path.stat().st_size > 8192
    with pytest.raises(InputError, match="binary") as info:
        read_text(path)
    assert "offset 11400" in info.value.problem


@pytest.mark.parametrize(
    "record",
    [
        {"id": "t", "text": "The mayor\u0000 said so."},
        {"id": "m", "text": "The mayor said so.", "meta": {"title": "A\u0000B"}},
        {"id": "p", "text": "The mayor said so.", "publisher": "Wire\u0000"},
    ],
)
def test_a_nul_in_json_lines_text_or_metadata_is_refused(
    tmp_path: Path, record: dict[str, object]
) -> None:
    corpus = write(tmp_path / "c.jsonl", json.dumps(record) + "\n")
    assert "\\u0000" in corpus.read_text(encoding="utf-8")
    report = BatchReport()
    with KnowledgeGraph.memory() as kg:
        ingest(kg, [corpus], report=report)
        assert kg.articles() == []
    [reject] = report.rejected
    assert "NUL" in reject.reason
    assert reject.input.startswith(f"{corpus}:1")
