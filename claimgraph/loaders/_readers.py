"""Readers: plain text (with an optional metadata header), JSON Lines corpora and saved HTML pages.

Every reader returns :class:`~claimgraph.records.Article` objects and raises
:class:`~claimgraph.errors.InputError` naming the input and what is wrong with it.
:func:`iter_articles` walks files and folders and yields errors in place of articles, so a batch
can report a bad input and go on; :func:`count_articles` says, cheaply, how many records that is.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import InputError, UnknownFormatError
from claimgraph.records import Article

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MAX_HEADER_ALIASES",
    "MAX_HEADER_BYTES",
    "MAX_HEADER_DEPTH",
    "MAX_HEADER_NODES",
    "MAX_HTML_BYTES",
    "MAX_LINE_BYTES",
    "check_article_id",
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
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            source,
            f"the file looks binary (a NUL byte at offset {nul}), not text; give a text file",
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
    """Refuse lone surrogates and NUL characters (NUL means binary input, wherever it is)."""
    nul = value.find("\x00")
    if nul >= 0:
        raise InputError(
            source,
            f"{what} contains a NUL character (U+0000) at character {nul}; NUL means binary "
            "input, which claimgraph refuses: remove it (a \\u0000 escape in JSON is one too)",
        )
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


MAX_HEADER_BYTES = 16_384
"""A metadata header longer than this (UTF-8 bytes) is refused; a real one is a few lines."""
MAX_HEADER_ALIASES = 16
"""At most this many YAML aliases (``*name``) in a header."""
MAX_HEADER_DEPTH = 4
"""At most this many levels of nesting in a header (a mapping holding a list is two)."""
MAX_HEADER_NODES = 1_000
"""A header may expand to at most this many YAML nodes, aliases counted as what they stand for.

Together these bound a "billion laughs" header (a few hundred bytes of ``&a [*b, *b, ...]``
anchors that expand to billions of values): it is refused after composing its nodes, which
takes time linear in the header, before any value is built.
"""


def _load_header(header: str, source: str) -> Any:
    """Parse a YAML metadata header, refusing one that expands past the bounds above."""
    size = len(header.encode("utf-8", "surrogatepass"))
    if size > MAX_HEADER_BYTES:
        raise InputError(
            source,
            f"the metadata header is {size:,} bytes, over the limit of {MAX_HEADER_BYTES:,}; "
            "a header holds a few lines of id, title, date and the like",
        )
    try:
        node = yaml.compose(header, Loader=yaml.SafeLoader)
        if node is None:
            return {}
        _check_header_node(node, source)
        return yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise InputError(source, f"the metadata header is not valid YAML: {exc}") from exc


def _check_header_node(root: yaml.Node, source: str) -> None:
    aliases = 0
    seen: set[int] = set()
    nodes = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if id(node) in seen:
            aliases += 1  # a node met again is reached through an alias
        seen.add(id(node))
        problem = _header_bound(aliases, depth, nodes)
        if problem:
            raise InputError(
                source,
                f"the metadata header is refused: {problem}; give plain values "
                "(id, title, date, credits as a list of names), without YAML anchors",
            )
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        stack.extend((child, depth + 1) for child in children)


def _header_bound(aliases: int, depth: int, nodes: int) -> str | None:
    if aliases > MAX_HEADER_ALIASES:
        return f"its aliases (*name) are expanded more than {MAX_HEADER_ALIASES} times"
    if depth > MAX_HEADER_DEPTH:
        return f"it is nested more than {MAX_HEADER_DEPTH} levels deep"
    if nodes > MAX_HEADER_NODES:
        return f"it expands to more than {MAX_HEADER_NODES:,} values"
    return None


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
    check_article_id(article_id, source)
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


def check_article_id(article_id: str, source: str) -> None:
    """Refuse an article id that is empty or holds a control character (a newline, a tab, NUL).

    An id names the article in reports, IRIs and rejects files, one line each.

    Raises:
        InputError: naming ``source`` and what is wrong with the id.

    >>> check_article_id("2016/03/article.txt", "in/2016/03/article.txt")
    """
    if not article_id.strip():
        raise InputError(source, "the article id is empty; give each article an 'id'")
    bad = next((i for i, ch in enumerate(article_id) if unicodedata.category(ch) == "Cc"), None)
    if bad is not None:
        raise InputError(
            source,
            f"the article id {article_id!r} contains a control character "
            f"(U+{ord(article_id[bad]):04X}) at character {bad}; an id must be one line of "
            "printable text: remove it",
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
        loaded = _load_header(m.group(1), source)
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


def read_html(path: str | Path, *, article_id: str | None = None) -> Article:
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
    return _article(meta, text, source, meta.get("url") or article_id or Path(path).name)


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

    A file's article id (when its header or page gives none) is its path relative to the
    folder given, with ``/`` between parts (``2016/03/article.txt``), so two ``article.txt`` in
    different sub-folders are two articles; a file given by itself is named by its bare file
    name. Hidden files and folders (a name starting with ``.``) are not read. Everything else in
    a folder that cannot be read becomes an :class:`InputError`, never a silent skip: a folder
    that cannot be listed, a dangling symbolic link, a link to a folder (not followed), a
    device, a pipe or a socket.

    Yields:
        Articles, and :class:`InputError` objects for inputs that cannot be read (the caller
        decides whether to stop or to report and go on).
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # a folder above it cannot be searched
            yield InputError(str(raw), f"cannot read: {exc.strerror}")
            continue
        if is_dir:
            entries = _folder_entries(path)
            if not entries:
                yield InputError(str(raw), "the folder holds no files to read")
            for file, problem in entries:
                if problem is not None:
                    yield problem
                else:
                    yield from _read_any(file, file.relative_to(path).as_posix())
            continue
        if not exists:
            yield InputError(str(raw), _missing(path))
            continue
        yield from _read_any(path, path.name)


def _missing(path: Path) -> str:
    if path.is_symlink():
        return "a symbolic link to something that does not exist; fix or remove the link"
    return "no such file or folder; check the path"


def _read_any(path: Path, default_id: str) -> Iterator[Article | InputError]:
    try:
        kind = _reader_for(path)
        if kind == "jsonl":
            yield from read_jsonl(path)
        elif kind == "html":
            yield read_html(path, article_id=default_id)
        else:
            yield read_text(path, article_id=default_id)
    except InputError as exc:
        yield exc


Entry = tuple[Path, InputError | None]


def _folder_entries(folder: Path) -> list[Entry]:
    """What :func:`iter_articles` reads in a folder (all levels, none hidden), sorted by path.

    Each entry is a regular file to read, or a path with the :class:`InputError` it stands for.
    """
    entries: list[Entry] = []

    def unreadable(exc: OSError) -> None:
        where = str(exc.filename or folder)
        entries.append((Path(where), InputError(where, f"cannot read the folder: {exc.strerror}")))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        here = Path(dirpath)
        for name in list(dirnames):
            if name.startswith(".") or not (here / name).is_symlink():
                continue
            entries.append((here / name, InputError(str(here / name), _LINKED_FOLDER)))
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                entries.append(_file_entry(here / name))
    entries.sort(key=lambda e: e[0].parts)
    return entries


_LINKED_FOLDER = (
    "a symbolic link to a folder, which is not followed (it could loop); give the folder itself"
)


def _file_entry(path: Path) -> Entry:
    if not path.exists():
        return path, InputError(str(path), _missing(path))
    if not path.is_file():
        return path, InputError(
            str(path),
            "not a regular file (a device, a named pipe or a socket, or a link to one); "
            "only regular files in a folder are read",
        )
    return path, None


def count_articles(paths: Iterable[str | Path]) -> int:
    """How many records :func:`iter_articles` would yield for ``paths`` (articles and errors).

    Nothing is parsed: a text or HTML file counts 1 unread, a JSON Lines corpus its non-blank
    lines (an over-long line 1, skipped as :func:`read_jsonl` skips it), and an input that
    cannot be read 1, as its :class:`InputError`. Memory stays bounded: a folder's paths are
    listed (not read), and no line over :data:`MAX_LINE_BYTES` is held. A JSON Lines input
    that is not a regular file (a named pipe) counts 1: counting would consume what it sends.

    >>> count_articles(["no-such-file.txt"])
    1
    """
    total = 0
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = path.is_dir()
        except OSError:
            total += 1  # "cannot read"
            continue
        if is_dir:
            entries = _folder_entries(path)
            found = sum(1 if bad else count_articles([p]) for p, bad in entries)
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
