"""N-Triples lines from outside claimgraph, read by Oxigraph's parser and written back canonically.

The fast validator reads N-Triples lines as claimgraph writes them (one space between terms, no
escapes a writer need not use, no comments). Lines from elsewhere can say the same triple in
other ways (``\\u0074ype`` for ``type``, two spaces or a tab between terms, a ``# comment``),
which the validator would misread while the store reads them right. So lines handed to
``KnowledgeGraph._add_nt_lines`` are parsed by Oxigraph's strict N-Triples parser first (every IRI
and language tag checked) and written back as Oxigraph writes each triple: the validator and the
store then see the same triples. :func:`triple_lines` makes the lines of rdflib triples, refusing
an IRI that has no N-Triples form (a space in it, or relative) with a typed error.

Example:
    >>> canonical_lines(['<http://ex.org/s>  <http://ex.org/\\\\u0070>\\t"x"'], "doc")
    ['<http://ex.org/s> <http://ex.org/p> "x"']
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from claimgraph.errors import StoreError
from claimgraph.loaders._ntwrite import nt_lines
from claimgraph.loaders._oxterms import to_ox

__all__ = ["canonical_lines", "triple_lines"]


def canonical_lines(lines: Sequence[str], article: str) -> list[str]:
    """The triples of ``lines`` (N-Triples, each without its final dot) in canonical form,
    sorted and without duplicates.

    Raises:
        StoreError: a line is not one valid N-Triples triple; the message quotes it.
    """
    data = "".join(f"{line} .\n" for line in lines).encode("utf-8")
    try:
        quads = list(ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise _refused(lines, article, exc) from None
    return sorted({f"{q.subject} {q.predicate} {q.object}" for q in quads})


def _refused(lines: Sequence[str], article: str, exc: SyntaxError) -> StoreError:
    """The error for the first line that does not parse on its own."""
    for number, line in enumerate(lines, 1):
        try:
            list(ox.parse(input=f"{line} .\n".encode(), format=ox.RdfFormat.N_TRIPLES))
        except SyntaxError as bad:
            return StoreError(
                f"article {article!r} was not stored, nothing was changed: line {number} "
                f"{line[:200]!r} is not a valid N-Triples triple ({bad}); give one triple per "
                "line, without the final dot and without comments"
            )
    return StoreError(
        f"article {article!r} was not stored, nothing was changed: the lines are not valid "
        f"N-Triples ({exc})"
    )


def triple_lines(triples: Collection[tuple[Node, Node, Node]] | Graph, article: str) -> list[str]:
    """:func:`~claimgraph.loaders._ntwrite.nt_lines` of an article's triples.

    Raises:
        StoreError: a term has no N-Triples form (an IRI with a space, a relative IRI).
    """
    try:
        return nt_lines(triples)
    except ValueError as exc:
        bad = next((t for tr in triples for t in tr if not _writable(t)), None)
        raise StoreError(
            f"article {article!r} was not stored, nothing was changed: {str(bad)!r} is not a "
            f"valid IRI ({exc}); use absolute IRIs without spaces, e.g. https://example.org/a_b"
        ) from None


def _writable(term: Node) -> bool:
    try:
        to_ox(term)
    except (ValueError, TypeError):
        return False
    return True
