"""Writing N-Triples terms as text, exactly as Oxigraph writes them (so digests stay stable).

Example:
    >>> string('say "hi"\\n')
    '"say \\\\"hi\\\\"\\\\n"'
    >>> iri("https://example.org/a")
    '<https://example.org/a>'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.loaders._oxterms import to_ox

__all__ = ["ESCAPE_TABLE", "integer", "iri", "literal", "string", "typed"]

_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"}
_ESCAPES.update({0x22: '\\"', 0x5C: "\\\\"})
for _c in [*range(0x20), 0x7F]:
    _ESCAPES.setdefault(_c, f"\\u{_c:04X}")
ESCAPE_TABLE = str.maketrans(_ESCAPES)
"""The string escapes of N-Triples as Oxigraph writes them (``str.translate`` table)."""
# the characters ESCAPE_TABLE changes, found at C speed: most text has none
_NEEDS_ESCAPE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_ESCAPES)) + "]")
_XSD_STRING = str(XSD.string)
_XSD_INTEGER = str(XSD.integer)


def iri(value: str) -> str:
    """An IRI term (the IRI must be valid: minted IRIs are)."""
    return f"<{value}>"


def string(text: str) -> str:
    """A plain string literal (``xsd:string``)."""
    if _NEEDS_ESCAPE.search(text) is None:
        return '"' + text + '"'
    return '"' + text.translate(ESCAPE_TABLE) + '"'


def typed(lexical: str, datatype: str) -> str:
    """A literal with a datatype (written plain for ``xsd:string``)."""
    text = string(lexical)
    return text if datatype == _XSD_STRING else f"{text}^^<{datatype}>"


def integer(n: int) -> str:
    """An ``xsd:integer`` literal."""
    return f'"{n}"^^<{_XSD_INTEGER}>'


def literal(term: Literal) -> str:
    """The N-Triples text of an rdflib literal (its lexical form, language or datatype)."""
    text = string(str(term))
    if term.language:
        return f"{text}@{to_ox(term).language}"  # type: ignore[union-attr]
    if term.datatype is None or str(term.datatype) == _XSD_STRING:
        return text
    return f"{text}^^<{term.datatype}>"


def nt_lines(triples: Iterable[tuple[Node, Node, Node]]) -> list[str]:
    """N-Triples lines (without the final dot) for rdflib triples, sorted for determinism.

    The same text as Oxigraph writes for each term; each distinct term is converted once.
    """
    memo: dict[Node, str] = {}

    def nt(term: Node) -> str:
        text = memo.get(term)
        if text is None:
            text = literal(term) if isinstance(term, Literal) else str(to_ox(term))
            memo[term] = text
        return text

    return sorted(f"{nt(s)} {nt(p)} {nt(o)}" for s, p, o in triples)
