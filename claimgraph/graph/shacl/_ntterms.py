"""Query-result terms kept as N-Triples text, converted to rdflib or plain Python when read.

The embedded back end keeps each solution as the N-Triples text of its terms (``str`` of a
pyoxigraph term; ``"None"`` when unbound): one call into pyoxigraph per row, and plain Python
strings that are cheap to hold, where keeping pyoxigraph's own term objects alive costs about a
tenth of a fast query's time. :class:`NTriplesTerms` turns that text into exactly what
:func:`~claimgraph.loaders._oxterms.from_ox` makes of the pyoxigraph term (and into its plain
Python value) for IRIs, blank nodes and literals; anything else (triple terms, directional
language strings) is parsed back by pyoxigraph and converted by ``from_ox``.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.loaders._oxterms import from_ox, python_value

__all__ = ["UNBOUND", "NTriplesTerms", "literal_parts", "row_text", "unescape"]

UNBOUND = "None"  # str(None): no N-Triples term is spelt so
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_XSD_STRING_REF = URIRef(_XSD_STRING)
_XSD_INTEGER = _XSD + "integer"
_INTEGER = re.compile(r"[+-]?[0-9]+")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_CHARS = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def row_text(solution: ox.QuerySolution) -> tuple[str, ...]:
    """The N-Triples text of a solution's terms, :data:`UNBOUND` for unbound variables."""
    return tuple(map(str, solution))


def _unescape_one(m: re.Match[str]) -> str:
    code = m.group(1) or m.group(2)
    return chr(int(code, 16)) if code else _CHARS[m.group(3)]


def unescape(body: str) -> str:
    """A literal body's N-Triples escapes (``\\n``, ``\\"``, ``\\u00E9`` ...) read as characters."""
    return _ESCAPE.sub(_unescape_one, body) if "\\" in body else body


def literal_parts(text: str) -> tuple[str, str | None, str | None] | None:
    """Lexical form, language and datatype IRI of a literal's text; ``None`` if not simple."""
    end = text.rfind('"')
    lexical, rest = unescape(text[1:end]), text[end + 1 :]
    if not rest:
        return lexical, None, _XSD_STRING
    if rest[0] == "@" and "--" not in rest:  # a base direction ("@en--ltr") is not simple
        return lexical, rest[1:], None
    if rest.startswith("^^<") and rest[-1] == ">":
        return lexical, None, rest[3:-1]
    return None


def _simple_kind(text: str) -> str:
    """``iri``, ``bnode``, ``literal`` or ``other`` (needs parsing) for a term's text."""
    first = text[:1]
    if first == '"':
        return "literal"
    if " " in text:  # a triple term: "<s> <p> <o>"
        return "other"
    if first == "<":
        return "iri"
    return "bnode" if text.startswith("_:") else "other"


def _parse(text: str) -> object:
    """The pyoxigraph term written as ``text``, parsed back by pyoxigraph."""
    if " " in text and text[:1] != '"':
        data = f"{text} .".encode()
        t = next(iter(ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)))
        return ox.Triple(t.subject, t.predicate, t.object)
    data = f"<x:s> <x:p> {text} .".encode()
    return next(iter(ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES))).object


class NTriplesTerms:
    """Converts the terms of one result from N-Triples text, each distinct text once."""

    def __init__(self) -> None:
        self._nodes: dict[str, Any] = {UNBOUND: None}
        self._values: dict[str, Any] = {UNBOUND: None}

    def alias(self, text: str, node: Node) -> None:
        """Make ``text`` stand for ``node`` (an IRI too invalid to have N-Triples text)."""
        self._nodes[text] = node
        self._values[text] = str(node)

    def node(self, text: str) -> Node | None:
        """The rdflib term (``None`` for :data:`UNBOUND`), as ``from_ox`` makes it."""
        try:
            node: Node | None = self._nodes[text]
        except KeyError:
            node = self._nodes[text] = _node(text)
        return node

    def value(self, text: str) -> Any:
        """The plain Python value, equal to ``python_value(self.node(text))``."""
        try:
            return self._values[text]
        except KeyError:
            found = self._values[text] = self._value(text)
            return found

    def _value(self, text: str) -> Any:
        kind = _simple_kind(text)
        if kind == "iri":
            return text[1:-1]
        if kind == "bnode":
            return text[2:]
        parts = literal_parts(text) if kind == "literal" else None
        if parts is not None:
            lexical, language, datatype = parts
            if language is not None or datatype == _XSD_STRING:
                return lexical
            if datatype == _XSD_INTEGER and _INTEGER.fullmatch(lexical):
                return int(lexical)
        return python_value(self.node(text))


def _node(text: str) -> Any:
    kind = _simple_kind(text)
    if kind == "iri":
        return URIRef(text[1:-1])
    if kind == "bnode":
        return BNode(text[2:])
    parts = literal_parts(text) if kind == "literal" else None
    if parts is None:
        return from_ox(_parse(text))
    lexical, language, datatype = parts
    if language is not None:
        return Literal(lexical, lang=language)
    dt = _XSD_STRING_REF if datatype == _XSD_STRING else URIRef(str(datatype))
    return Literal(lexical, datatype=dt)
