"""N-Triples lines from outside claimgraph, read by Oxigraph's parser and written back canonically.

The fast validator reads N-Triples lines as claimgraph writes them (one space between terms, no
escapes a writer need not use, no comments). Lines from elsewhere can say the same triple in
other ways (``\\u0074ype`` for ``type``, two spaces or a tab between terms, a ``# comment``),
which the validator would misread while the store reads them right. So lines handed to
``KnowledgeGraph._add_nt_lines`` are parsed by Oxigraph's strict N-Triples parser first (every IRI
and language tag checked) and written back as Oxigraph writes each triple: the validator and the
store then see the same triples.

Example:
    >>> canonical_lines(['<http://ex.org/s>  <http://ex.org/\\\\u0070>\\t"x"'], "doc")
    ['<http://ex.org/s> <http://ex.org/p> "x"']
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from claimgraph.errors import StoreError

__all__ = ["canonical_lines"]


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
