"""TriG and Turtle written with claimgraph's prefixes (schema, prov, oa, cg, cgid, cgg, ...).

The store's own dump writes full IRIs; an export for people re-writes it with the prefixes of
:data:`claimgraph.ontology.namespaces.PREFIXES` declared and used, which makes files readable
and smaller (a ``/`` inside a local name is escaped, ``cgid:person\\/ann``, as Turtle allows).
Other formats pass through unchanged (JSON-LD is already compacted by our context).

Example:
    >>> nt = b'<https://w3id.org/claimgraph/id/ann> <https://schema.org/name> "Ann" .\\n'
    >>> print(with_prefixes(nt, "text/turtle").decode().splitlines()[-1])
    cgid:ann schema:name "Ann" .
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.namespace import DefinedNamespace, Namespace

from claimgraph.ontology.namespaces import PREFIXES

__all__ = ["PREFIX_MAP", "with_prefixes"]

PREFIX_MAP: dict[str, str] = {
    name: str(ns) if isinstance(ns, Namespace) else str(ns._NS)
    for name, ns in PREFIXES.items()
    if isinstance(ns, Namespace) or (isinstance(ns, type) and issubclass(ns, DefinedNamespace))
}
"""Prefix name -> namespace IRI, as bound on rdflib graphs by ``bind_prefixes``."""

_PREFIXED = {"text/turtle": ox.RdfFormat.TURTLE, "application/trig": ox.RdfFormat.TRIG}


def with_prefixes(data: bytes, media_type: str) -> bytes:
    """``data`` (N-Triples, Turtle or TriG of ``media_type``) re-written with our prefixes.

    Input that is neither Turtle nor TriG is returned unchanged.
    """
    fmt = _PREFIXED.get(media_type)
    if fmt is None:
        return data
    parsed = ox.parse(data, format=fmt)
    out = ox.serialize(parsed, format=fmt, prefixes=PREFIX_MAP)
    assert out is not None
    return out
