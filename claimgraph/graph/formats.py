"""RDF serialisation formats as objects, looked up by name, file extension or media type.

Example:
    >>> RdfFormat.from_extension("graph.trig").name
    'trig'
    >>> RdfFormat.from_media_type("application/n-quads").extension
    'nq'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from claimgraph.errors import UnknownFormatError

__all__ = ["RDF_FORMATS", "RdfFormat"]


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
