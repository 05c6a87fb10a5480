"""An article graph ready to commit: its quads as N-Quads bytes, its fingerprint and its size.

Parallel ingestion builds the payload in the worker that mapped the article, so the single
writer only looks the fingerprint up and hands the bytes to the store: one object crosses the
process boundary instead of thousands of lines, and the driver's share of the CPU (which the
workers feel as contention) drops by about a third.

Example:
    >>> p = GraphPayload.from_lines("http://example.org/g", ["<http://ex/s> <http://ex/p> 1"])
    >>> p.nquads
    b'<http://ex/s> <http://ex/p> 1 <http://example.org/g> .\\n'
    >>> p.lines(), p.triples
    (['<http://ex/s> <http://ex/p> 1'], 1)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["GraphPayload", "fingerprint"]


def fingerprint(lines: Sequence[str]) -> str:
    """The SHA-256 of a graph's sorted N-Triples lines joined by newlines (the stored digest)."""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class GraphPayload:
    """One named graph as the store loads it.

    Attributes:
        graph: the IRI of the named graph.
        nquads: the graph's quads, one N-Quads line each, in the order of its lines.
        fingerprint: :func:`fingerprint` of its lines (equal graphs, equal fingerprints).
        triples: how many triples it has.
    """

    graph: str
    nquads: bytes
    fingerprint: str
    triples: int

    @classmethod
    def from_lines(cls, graph: str, lines: Sequence[str]) -> GraphPayload:
        """The payload of a graph given as N-Triples lines (no final dot, no duplicates)."""
        suffix = _suffix(graph)
        body = (suffix.join(lines) + suffix) if lines else ""
        return cls(graph, body.encode("utf-8"), fingerprint(lines), len(lines))

    def lines(self) -> list[str]:
        """The graph's N-Triples lines again (no final dot), for stores that take SPARQL.

        N-Triples escapes line breaks inside literals, so each line ends at the graph's suffix.
        """
        return self.nquads.decode("utf-8").split(_suffix(self.graph))[:-1]


def _suffix(graph: str) -> str:
    return f" <{graph}> .\n"
