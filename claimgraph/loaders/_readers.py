"""Readers: plain text (with an optional metadata header), JSON Lines corpora and saved HTML pages.

Every reader returns :class:`~claimgraph.records.Article` objects and raises
:class:`~claimgraph.errors.InputError` naming the input and what is wrong with it.
:func:`iter_articles` walks files and folders and yields errors in place of articles, so a batch
can report a bad input and go on; :func:`count_articles` says, cheaply, how many records that is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import InputError, UnknownFormatError
from claimgraph.records import Article

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_HTML_BYTES",
    "MAX_LINE_BYTES",
    "count_articles",
    "iter_articles",
    "parse_dateline",
    "read_html",
    "read_jsonl",
    "read_text",
]

MAX_ARTICLE_CHARS = 200_000
"""Articles longer than this (in characters) are refused with an :class:`InputError`.

A long news feature is 20,000 to 60,000 characters. spaCy's small model needs about 6 s and
0.8 GB for 200,000 characters and grows linearly (its own hard limit is 1,000,000), so a bigger
"article" is refused up front, in bounded time, rather than processed for minutes or killed for
memory. It is almost always several articles pasted together, or not an article at all.
"""

MAX_HTML_BYTES = 5_000_000
"""Saved HTML pages larger than this (in bytes) are refused before parsing (a 10 MB page takes
trafilatura over 20 s); real article pages are well under 2 MB."""

MAX_LINE_BYTES = 4 * MAX_ARTICLE_CHARS + 65_536
"""A JSON Lines record longer than this (in bytes) is refused without being held in memory."""

_MAX_TEXT_BYTES = 4 * MAX_ARTICLE_CHARS + 65_536  # 4 bytes per character at most, plus a header
_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}

TEXT_SUFFIXES = (".txt", ".text", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.DOTALL)
# "London, Dec 30 (IANS):" / "WASHINGTON (AP) —" / "Paris, 3 March (Reuters) -"
_DATELINE = re.compile(
    r"\A(?P<place>[A-Z][A-Za-z.'\-]+(?: [A-Z][A-Za-z.'\-]+){0,3})"
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
    for bom, name in _BOMS.items():
        if data.startswith(bom):
            raise InputError(
                source,
                f"the file is {name}, not UTF-8; convert it, e.g. `iconv -f {name} -t UTF-8`",
            )
    if b"\x00" in data[:8192]:
        raise InputError(
            source, "the file looks binary (it contains NUL bytes), not text; give a text file"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            source,
            f"not valid UTF-8: byte 0x{bad} at offset {exc.start}; convert the file to UTF-8, "
            "e.g. `iconv -f latin1 -t UTF-8`",
        ) from exc
    return text


def _check_text(text: str, source: str) -> None:
    if not text.strip():
        raise InputError(source, "the article text is empty (only white space)")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(
            source,
            f"the article is {len(text):,} characters long, over the limit of "
            f"{MAX_ARTICLE_CHARS:,}; split it or check that it is one article",
        )
    _check_encodable(text, source, "the article text")


def _check_encodable(value: str, source: str, what: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(
            source,
            f"{what} contains {value[exc.start]!r} at character {exc.start}, a lone surrogate "
            "that is not valid Unicode; fix the escape sequence in the input",
        ) from exc


def _read_bytes(path: Path, source: str, limit: int) -> bytes:
    """Read a regular file of at most ``limit`` bytes, checking before reading it."""
    try:
        st = path.stat()
    except FileNotFoundError as exc:
        raise InputError(source, "no such file; check the path") from exc
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror}") from exc
    if path.is_dir():
        raise InputError(source, "is a folder; read it with iter_articles()")
    if not path.is_file():
        raise InputError(source, "is not a regular file (a device, pipe or socket?); give a file")
    if st.st_size > limit:
        raise InputError(
            source,
            f"the file is {st.st_size:,} bytes, over the limit of {limit:,}; "
            "split it or check that it is one article",
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror}") from exc


def _article(meta: dict[str, Any], text: str, source: str, default_id: str) -> Article:
    credits = meta.get("credits") or ()
    if isinstance(credits, (str, int, float)):
        credits = (credits,)
    if not isinstance(credits, (list, tuple)):
        raise InputError(source, f"'credits' must be a name or a list of names, got {credits!r}")

    def opt(key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            raise InputError(source, f"metadata {key!r} must be a single value, got {value!r}")
        return str(value)

    article_id = str(meta.get("id") or default_id).strip()
    if not article_id:
        raise InputError(source, "the article id is empty; give each article an 'id'")
    fields = [article_id, *(str(c) for c in credits)]
    fields += [v for k in ("publisher", "date", "dateline", "url", "title") if (v := opt(k))]
    for value in fields:
        _check_encodable(value, source, "the metadata")
    return Article(
        id=article_id,
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
    text = _decode(_read_bytes(p, source, _MAX_TEXT_BYTES), source)
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
    records = 0
    with handle:
        number = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            number += 1
            where = f"{source}:{number}"
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the over-long line without holding it
                yield InputError(
                    where,
                    f"the line is over {MAX_LINE_BYTES:,} bytes, longer than any article may be; "
                    "split the record or check that it is one article",
                )
                records += 1
                continue
            if not raw.strip():
                continue
            records += 1
            try:
                yield _jsonl_article(raw, where)
            except InputError as exc:
                yield exc
    if records == 0:
        yield InputError(source, "the file is empty; a JSON Lines corpus needs one record a line")


def _jsonl_article(raw: bytes, where: str) -> Article:
    try:
        rec = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(where, f"not valid UTF-8 (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            where,
            f"malformed JSON ({exc.msg.removesuffix(' at')}, column {exc.colno}); "
            "each line must be one JSON object",
        ) from exc
    except RecursionError as exc:
        raise InputError(where, "the JSON is nested too deeply to be an article record") from exc
    if not isinstance(rec, dict):
        raise InputError(
            where, f"expected a JSON object with 'id' and 'text', got {type(rec).__name__}"
        )
    text, rid = rec.get("text"), rec.get("id")
    if not isinstance(text, str):
        raise InputError(where, f"missing or non-string 'text' field (got {text!r:.60})")
    if isinstance(rid, bool) or not isinstance(rid, (str, int)) or not str(rid).strip():
        raise InputError(
            where, f"missing 'id' field (a string) naming the article (got {rid!r:.60})"
        )
    _check_text(text, f"{where} (id {rid!r})")
    raw_meta = rec.get("meta") or {}
    if not isinstance(raw_meta, dict):
        raise InputError(where, f"'meta' must be a JSON object, got {raw_meta!r:.60}")
    meta = dict(raw_meta)
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
    html = _decode(_read_bytes(Path(path), source, MAX_HTML_BYTES), source)
    try:
        text = trafilatura.extract(
            html, include_comments=False, include_tables=False, favor_precision=True
        )
        meta_doc = trafilatura.extract_metadata(html)
    except Exception as exc:  # lxml and trafilatura raise many kinds on broken pages
        raise InputError(
            source, f"cannot parse this HTML page ({type(exc).__name__}: {exc})"
        ) from exc
    if not text or len(text.strip()) < 40:
        raise InputError(
            source,
            "no article text found in this HTML page (only navigation or boilerplate?); "
            "save the article page itself, or give its text as a .txt file",
        )
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
            files = sorted(_folder_files(path))
            if not files:
                yield InputError(str(raw), "the folder holds no files to read")
            yield from iter_articles(files)
            continue
        if not path.exists():
            yield InputError(str(raw), "no such file or folder; check the path")
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


def _folder_files(folder: Path) -> Iterator[Path]:
    """The files :func:`iter_articles` reads in a folder (all levels; none hidden), unsorted."""
    for p in folder.rglob("*"):
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts):
            yield p


def count_articles(paths: Iterable[str | Path]) -> int:
    """How many records :func:`iter_articles` would yield for ``paths`` (articles and errors).

    Nothing is parsed: a text or HTML file counts 1 unread, a JSON Lines corpus its non-blank
    lines (an over-long line 1, skipped as :func:`read_jsonl` skips it), and an input that
    cannot be read 1, as its :class:`InputError`. Memory stays bounded: folders are walked
    without listing them, and no line over :data:`MAX_LINE_BYTES` is held. A JSON Lines input
    that is not a regular file (a named pipe) counts 1: counting would consume what it sends.

    >>> count_articles(["no-such-file.txt"])
    1
    """
    total = 0
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sum(count_articles([p]) for p in _folder_files(path))
            total += found if found else 1  # "the folder holds no files to read"
        elif not path.exists():
            total += 1
        elif path.suffix.lower() in JSONL_SUFFIXES and path.is_file():
            total += _count_jsonl(path)
        else:  # one text or HTML article, an unknown format or a pipe: one record
            total += 1
    return total


def _count_jsonl(path: Path) -> int:
    """The records :func:`read_jsonl` yields for ``path``, counted the same way, unparsed."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError:
        return 1  # the file cannot be opened: one error
    records = 0
    with handle:
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the over-long line without holding it
                records += 1
            elif raw.strip():
                records += 1
    return records or 1  # an empty corpus: one error
