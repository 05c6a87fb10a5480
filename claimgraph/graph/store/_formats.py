"""RDF serialisation formats as objects, looked up by name, file extension or media type.

Example:
    >>> RdfFormat.from_extension("graph.trig").name
    'trig'
    >>> RdfFormat.from_media_type("application/n-quads").extension
    'nq'
    >>> GraphFormat.from_extension("out.d3.json").name
    'd3'
    >>> export_format("graph.gexf").name
    'gexf'
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO

from claimgraph.errors import OutputError, UnknownFormatError

__all__ = [
    "EXPORT_FORMATS",
    "GRAPH_FORMATS",
    "RDF_FORMATS",
    "ExportFormat",
    "GraphFormat",
    "RdfFormat",
    "check_writable",
    "export_format",
    "write_atomically",
    "write_output",
]


@dataclass(frozen=True)
class RdfFormat:
    """An RDF serialisation format.

    Attributes:
        name: short name used on the command line (``trig``).
        extension: the usual file extension, without the dot.
        media_type: the IANA media type.
        datasets: whether it carries named graphs (TriG, N-Quads, JSON-LD) or only triples.
    """

    name: str
    extension: str
    media_type: str
    datasets: bool

    @classmethod
    def from_name(cls, name: str) -> RdfFormat:
        """Look a format up by its short name (``trig``, ``nquads``, ``turtle``, ``jsonld``)."""
        key = name.lower().lstrip(".")
        for fmt in RDF_FORMATS:
            if key in (fmt.name, fmt.extension):
                return fmt
        raise UnknownFormatError(name, f"unknown RDF format; use one of {_names()}")

    @classmethod
    def from_extension(cls, path: str) -> RdfFormat:
        """Look a format up by a file name or extension (``out.nq``, ``nq``)."""
        suffix = PurePath(path).suffix.lstrip(".") or path.lstrip(".")
        for fmt in RDF_FORMATS:
            if suffix.lower() in (fmt.extension, *_ALIASES.get(fmt.name, ())):
                return fmt
        raise UnknownFormatError(path, f"unknown RDF file extension; use one of {_names()}")

    @classmethod
    def from_media_type(cls, media_type: str) -> RdfFormat:
        """Look a format up by media type (``text/turtle``; parameters are ignored)."""
        base = media_type.split(";")[0].strip().lower()
        for fmt in RDF_FORMATS:
            if base == fmt.media_type:
                return fmt
        raise UnknownFormatError(media_type, "unknown RDF media type")


RDF_FORMATS: tuple[RdfFormat, ...] = (
    RdfFormat("trig", "trig", "application/trig", True),
    RdfFormat("nquads", "nq", "application/n-quads", True),
    RdfFormat("turtle", "ttl", "text/turtle", False),
    RdfFormat("ntriples", "nt", "application/n-triples", False),
    RdfFormat("jsonld", "jsonld", "application/ld+json", True),
)
_ALIASES = {"jsonld": ("json",), "nquads": ("nquads",), "turtle": ("turtle",)}


def _names() -> str:
    return ", ".join(f.name for f in RDF_FORMATS)


@dataclass(frozen=True)
class GraphFormat:
    """A property-graph or view format written from the networkx projection.

    Attributes:
        name: short name used on the command line (``graphml``).
        extensions: file name endings, without the leading dot, the first the usual one.
        media_type: the media type of the file.
    """

    name: str
    extensions: tuple[str, ...]
    media_type: str

    @property
    def extension(self) -> str:
        """The usual file extension, without the dot."""
        return self.extensions[0]

    @classmethod
    def from_name(cls, name: str) -> GraphFormat:
        """Look a format up by its short name or an extension (``graphml``, ``cytoscape``)."""
        key = name.lower().lstrip(".")
        for fmt in GRAPH_FORMATS:
            if key == fmt.name or key in fmt.extensions:
                return fmt
        raise UnknownFormatError(name, f"unknown graph format; use one of {_all_names()}")

    @classmethod
    def from_extension(cls, path: str) -> GraphFormat:
        """Look a format up by a file name (``out.gexf``, ``net.cyjs``, ``g.d3.json``)."""
        fmt = _graph_by_path(path)
        if fmt is None:
            raise UnknownFormatError(
                path, f"unknown graph file extension; use one of {_graph_extensions()}"
            )
        return fmt


GRAPH_FORMATS: tuple[GraphFormat, ...] = (
    GraphFormat("graphml", ("graphml",), "application/graphml+xml"),
    GraphFormat("gexf", ("gexf",), "application/gexf+xml"),
    GraphFormat("cytoscape", ("cyjs", "cytoscape.json"), "application/json"),
    GraphFormat("d3", ("d3.json",), "application/json"),
    GraphFormat("dot", ("dot", "gv"), "text/vnd.graphviz"),
    GraphFormat("mermaid", ("mmd", "mermaid"), "text/vnd.mermaid"),
    GraphFormat("html", ("html", "htm"), "text/html"),
)
ExportFormat = RdfFormat | GraphFormat
EXPORT_FORMATS: tuple[ExportFormat, ...] = (*RDF_FORMATS, *GRAPH_FORMATS)


def _graph_by_path(path: str) -> GraphFormat | None:
    name = PurePath(path).name.lower()
    pairs = sorted(
        ((ext, fmt) for fmt in GRAPH_FORMATS for ext in fmt.extensions),
        key=lambda p: -len(p[0]),
    )
    for ext, fmt in pairs:
        if name.endswith("." + ext) or name == ext:
            return fmt
    return None


def _graph_extensions() -> str:
    return ", ".join("." + e for f in GRAPH_FORMATS for e in f.extensions)


def _all_names() -> str:
    return ", ".join(f.name for f in EXPORT_FORMATS)


def export_format(path: str | None = None, name: str | None = None) -> ExportFormat:
    """The export format named ``name``, else the one ``path``'s extension implies.

    Graph formats are tried before RDF ones for a path, so ``g.d3.json`` is D3 while ``g.json``
    stays JSON-LD.

    Raises:
        UnknownFormatError: the name or the extension is not known; the message lists the names.
    """
    if name is not None:
        key = name.lower().lstrip(".")
        for fmt in EXPORT_FORMATS:
            exts = fmt.extensions if isinstance(fmt, GraphFormat) else (fmt.extension,)
            if key == fmt.name or key in exts:
                return fmt
        raise UnknownFormatError(name, f"unknown export format; use one of {_all_names()}")
    if path is None:
        return RdfFormat.from_name("trig")
    graph = _graph_by_path(path)
    if graph is not None:
        return graph
    try:
        return RdfFormat.from_extension(path)
    except UnknownFormatError:
        raise UnknownFormatError(
            path,
            f"cannot tell the export format from this file name; give --to with one of "
            f"{_all_names()}",
        ) from None


def write_output(data: bytes, output: str | Path | IO[bytes] | None) -> bytes | None:
    """Return ``data`` when ``output`` is ``None``; else write it to the path or binary file.

    A path is written atomically (:func:`write_atomically`): whoever reads it sees the last
    whole export or the new whole export, never a part.

    Raises:
        OutputError: the path cannot be written (no such folder, no permission, disk full).
    """
    if output is None:
        return data
    if isinstance(output, (str, Path)):
        write_atomically(Path(output), data)
    else:
        output.write(data)
    return None


def check_writable(path: Path) -> None:
    """Refuse, before any work, a file that cannot be created: its folder is missing, is not a
    folder or is not writable, or the path is a folder.

    Raises:
        OutputError: naming ``path`` and what to fix.
    """
    folder = path.parent
    if path.is_dir():
        raise OutputError(str(path), "is a folder; give a file name to write")
    if not folder.is_dir():
        raise OutputError(
            str(path),
            f"the folder {str(folder)!r} does not exist; create it first or give another path",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(str(path), f"the folder {str(folder)!r} is not writable")


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file in ``path``'s folder, flush it to disk, then rename
    it over ``path`` (a rename within a folder is atomic): a crash or a full disk leaves the
    old file, or none, never a part of the new one.

    Raises:
        OutputError: the file cannot be written (the temporary file is removed).
    """
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _output_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():  # keep the old file's permissions
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _output_error(path, exc) from exc
    _sync_folder(folder)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for the renamed file (best effort: not every file system can)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _output_error(path: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(
            str(path), "the disk is full; free some space and export again (nothing was written)"
        )
    if exc.errno == errno.ENOENT:
        return OutputError(str(path), f"the folder {str(path.parent)!r} does not exist")
    return OutputError(str(path), f"cannot write: {exc.strerror}")
