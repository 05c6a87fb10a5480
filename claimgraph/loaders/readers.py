"""Readers: plain text (with an optional metadata header), JSON Lines corpora and saved HTML pages.

Every reader returns :class:`~claimgraph.loaders.article.Article` objects and raises
:class:`~claimgraph.errors.InputError` naming the input and what is wrong with it.
:func:`iter_articles` walks files and folders and yields errors in place of articles, so a batch
can report a bad input and go on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import InputError, UnknownFormatError
from claimgraph.loaders.article import Article

__all__ = [
    "MAX_ARTICLE_CHARS",
    "iter_articles",
    "parse_dateline",
    "read_html",
    "read_jsonl",
    "read_text",
]

MAX_ARTICLE_CHARS = 2_000_000
"""Articles longer than this (in characters) are refused: no news article is that long."""

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
# "London, Dec 30 (IANS):" / "WASHINGTON (AP) —" / "Paris, 3 March (Reuters) -"
_DATELINE = re.compile(
    r"\A(?P<place>[A-Z][A-Za-z .'\-]{1,40}?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8}))?"
    r"\s*\((?P<agency>[A-Z][A-Za-z&.\- ]{1,30})\)\s*[:\-–—]"
)
_META_KEYS = ("id", "publisher", "date", "dateline", "url", "title", "credits")


def parse_dateline(text: str) -> dict[str, str]:
    """Read a wire-story dateline at the start of ``text``.

    >>> parse_dateline("London, Dec 30 (IANS): The police said ...")
    {'dateline': 'London', 'date': 'Dec 30', 'publisher': 'IANS'}
    >>> parse_dateline("No dateline here.")
    {}
    """
    m = _DATELINE.match(text)
    if not m:
        return {}
    out = {"dateline": m["place"].strip(), "date": m["date"], "publisher": m["agency"].strip()}
    return {k: v for k, v in out.items() if v}


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise InputError(source, "the file is empty; an article needs some text")
    if b"\x00" in data[:8192]:
        raise InputError(source, "the file looks binary (it contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source, f"not valid UTF-8 (byte {exc.start}); convert it, e.g. `iconv -t UTF-8`"
        ) from exc
    return text


def _check_text(text: str, source: str) -> None:
    if not text.strip():
        raise InputError(source, "the article text is empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            source,
            f"the article is {len(text):,} characters long, over the limit of "
            f"{MAX_ARTICLE_CHARS:,}; split it or check that it is one article",
        )


def _article(meta: dict[str, Any], text: str, source: str, default_id: str) -> Article:
    credits = meta.get("credits") or ()
    if isinstance(credits, str):
        credits = (credits,)
    def opt(key: str) -> str | None:
        value = meta.get(key)
        return None if value is None else str(value)
    return Article(
        id=str(meta.get("id") or default_id),
        text=text,
        publisher=opt("publisher"),
        date=opt("date"),
        dateline=opt("dateline"),
        url=opt("url"),
        title=opt("title"),
        credits=tuple(str(c) for c in credits),
        source=source,
    )


def read_text(path: str | Path, *, article_id: str | None = None) -> Article:
    """Read a plain-text article.

    An optional YAML header between ``---`` lines may give ``id``, ``publisher``, ``date``,
    ``dateline``, ``url``, ``title`` and ``credits``; offsets then refer to the text after the
    header. A wire dateline (``London, Dec 30 (IANS):``) fills in what the header does not give.

    Raises:
        InputError: the file is missing, empty, binary, not UTF-8, too long, or its header is bad.
    """
    p = Path(path)
    source = str(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(source, "no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(source, "is a folder; read it with iter_articles()") from exc
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror}") from exc
    text = _decode(data, source)
    meta: dict[str, Any] = {}
    m = _FRONT.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as exc:
            raise InputError(source, f"the metadata header is not valid YAML: {exc}") from exc
        if not isinstance(loaded, dict):
            raise InputError(source, "the metadata header must be a YAML mapping (key: value)")
        unknown = sorted(set(map(str, loaded)) - set(_META_KEYS))
        if unknown:
            raise InputError(source, f"unknown metadata keys {unknown}; use {list(_META_KEYS)}")
        meta = loaded
        text = text[m.end() :]
    _check_text(text, source)
    meta = {**parse_dateline(text), **meta}
    return _article(meta, text, source, article_id or p.name)


def read_jsonl(path: str | Path) -> Iterator[Article | InputError]:
    """Read a JSON Lines corpus: one object per line with ``id`` and ``text``.

    Optional fields: ``meta`` (an object with ``publisher``, ``publication_date``/``date``,
    ``title``, ``url``, ``dateline``, ``credits``/``cites``) or the same keys at top level.

    Yields:
        An :class:`Article` per good line, an :class:`InputError` naming ``path:line`` per bad one.

    Raises:
        InputError: the file itself cannot be opened.
    """
    source = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, generator
    except FileNotFoundError as exc:
        raise InputError(source, "no such file") from exc
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror}") from exc
    with handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield _jsonl_article(raw, f"{source}:{number}")
            except InputError as exc:
                yield exc


def _jsonl_article(raw: bytes, where: str) -> Article:
    try:
        rec = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not valid UTF-8 (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(where, f"malformed JSON: {exc.msg} at column {exc.colno}") from exc
    if not isinstance(rec, dict):
        raise InputError(where, f"expected a JSON object with 'id' and 'text', got {type(rec).__name__}")
    text, rid = rec.get("text"), rec.get("id")
    if not isinstance(text, str):
        raise InputError(where, "missing or non-string 'text' field")
    if rid is None or not isinstance(rid, (str, int)):
        raise InputError(where, "missing 'id' field (a string) naming the article")
    _check_text(text, f"{where} (id {rid!r})")
    meta = dict(rec.get("meta") or {})
    for key in _META_KEYS:
        if key in rec and key not in ("id",):
            meta.setdefault(key, rec[key])
    meta.setdefault("date", meta.get("publication_date"))
    meta.setdefault("credits", meta.get("cites"))
    meta = {k: meta.get(k) for k in _META_KEYS if k != "id"}
    meta = {**parse_dateline(text), **{k: v for k, v in meta.items() if v}}
    return _article(meta, text, where, str(rid))


def read_html(path: str | Path) -> Article:
    """Read a saved HTML page: the main text through trafilatura, with its metadata.

    Raises:
        InputError: the file is missing or unreadable, or no article text could be found in it.
    """
    import trafilatura

    source = str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise InputError(source, "no such file") from exc
    html = _decode(data, source)
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    if not text or len(text.strip()) < 40:
        raise InputError(source, "no article text found in this HTML page (only boilerplate?)")
    meta_doc = trafilatura.extract_metadata(html)
    meta: dict[str, Any] = {}
    if meta_doc is not None:
        meta = {
            "title": meta_doc.title,
            "publisher": meta_doc.sitename,
            "date": meta_doc.date,
            "url": meta_doc.url,
        }
    _check_text(text, source)
    meta = {**parse_dateline(text), **{k: v for k, v in meta.items() if v}}
    return _article(meta, text, source, meta.get("url") or Path(path).name)


def _reader_for(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    raise UnknownFormatError(
        str(path),
        f"unknown input format {suffix or '(no extension)'!r}; use .txt, .jsonl or .html",
    )


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | InputError]:
    """Read files and folders (recursively, in sorted order), streaming.

    Yields:
        Articles, and :class:`InputError` objects for inputs that cannot be read (the caller
        decides whether to stop or to report and go on).
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
            yield from iter_articles(files)
            continue
        if not path.exists():
            yield InputError(str(raw), "no such file or folder")
            continue
        try:
            kind = _reader_for(path)
            if kind == "jsonl":
                yield from read_jsonl(path)
            elif kind == "html":
                yield read_html(path)
            else:
                yield read_text(path)
        except InputError as exc:
            yield exc
