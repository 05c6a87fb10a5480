"""Terms between rdflib and pyoxigraph.

An rdflib term becomes the pyoxigraph term with the same N-Triples text, and back: IRIs, blank
nodes and literals (a literal keeps its language tag, else its datatype, ``xsd:string``
included, as pyoxigraph reports it). Quoted triples come back as a tuple of three terms.

These functions are all that claimgraph needs of a converter; they stand in for oxrdflib's
private ``_converter`` module, whose import also loads rdflib's SPARQL engine (~0.15 s in every
process, worker processes included).

Example:
    >>> from rdflib import Literal, URIRef
    >>> to_ox(URIRef("https://example.org/a"))
    <NamedNode value=https://example.org/a>
    >>> from_ox(to_ox(Literal("hi", lang="en"))) == Literal("hi", lang="en")
    True
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib.term import BNode, Literal, Node, URIRef

__all__ = ["from_ox", "to_ox", "triple_from_ox"]

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal


def to_ox(term: Node) -> OxTerm:
    """The pyoxigraph term for an rdflib IRI, blank node or literal.

    Raises:
        TypeError: ``term`` is none of these (a variable, a graph, a path).
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = ox.NamedNode(str(term.datatype)) if term.datatype else None
        return ox.Literal(str(term), datatype=datatype)
    raise TypeError(
        f"cannot convert {term!r} to a pyoxigraph term: it is not an IRI, a blank node or a literal"
    )


def from_ox(term: Any) -> Any:
    """The rdflib term for a pyoxigraph term (a quoted triple: a tuple of three terms).

    Raises:
        TypeError: ``term`` is not a pyoxigraph IRI, blank node, literal or triple.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.Triple):
        return triple_from_ox(term)
    raise TypeError(f"cannot convert {term!r} to an rdflib term")


def triple_from_ox(triple: ox.Triple) -> tuple[Node, Node, Node]:
    """The rdflib (subject, predicate, object) of a pyoxigraph triple."""
    return from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)


def python_value(term: Node | None) -> Any:
    """A plain Python value for a term: ``str`` for IRIs, the literal's value for literals."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    return str(term)
