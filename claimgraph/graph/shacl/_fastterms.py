"""Terms the fast SHACL engine cannot write as they are: invalid IRIs and blank nodes in SPARQL.

The fast engine (:mod:`claimgraph.graph.shacl._fast`) keys every term by its N-Triples text and
runs the shapes' SPARQL constraints on a small Oxigraph store. Two kinds of term need care there,
so that it reports what pyshacl reports instead of crashing:

- **An IRI that is not valid** (a space in it, or a relative IRI) has no N-Triples text: Oxigraph
  refuses it. rdflib builds such terms, and pyshacl validates them like any other. Each gets a
  stand-in text, its invalid characters percent-encoded (``<https://example.org/a%20b>``), or
  ``<urn:claimgraph:invalid-iri:...>`` when still not an absolute IRI; the engine maps the
  stand-in back to the original term in its results and string checks. The store refuses the
  graph when it is committed (a typed error naming the IRI).
- **A blank node** cannot be named in a SPARQL query (``VALUES $this { _:b0 }`` is a syntax
  error). In the constraints' store each blank node is an IRI ``<urn:claimgraph:bnode:LABEL>``
  (skolemised), and results are mapped back to the blank node.

Example:
    >>> from rdflib import URIRef
    >>> lines, aliases = data_lines([(URIRef("https://ex.org/a b"), URIRef("https://ex.org/p"),
    ...                               URIRef("https://ex.org/o"))])
    >>> lines
    ['<https://ex.org/a%20b> <https://ex.org/p> <https://ex.org/o>']
    >>> aliases
    {'<https://ex.org/a%20b>': rdflib.term.URIRef('https://ex.org/a b')}
    >>> skolem("_:b0"), unskolem(URIRef(SKOLEM + "b0"))
    ('<urn:claimgraph:bnode:b0>', rdflib.term.BNode('b0'))
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.loaders._ntwrite import literal, nt_lines
from claimgraph.loaders._oxterms import to_ox

__all__ = ["INVALID", "SKOLEM", "data_lines", "skolem", "skolem_line", "unskolem"]

SKOLEM = "urn:claimgraph:bnode:"
INVALID = "urn:claimgraph:invalid-iri:"
_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def data_lines(triples: Iterable[tuple[Node, Node, Node]]) -> tuple[list[str], dict[str, Node]]:
    """The triples as sorted N-Triples lines, and the stand-ins used for invalid IRIs.

    Returns:
        The lines (as :func:`~claimgraph.loaders._ntwrite.nt_lines` makes them when every IRI
        is valid) and a map from each stand-in's text to the original IRI (empty when none).
    """
    triples = list(triples)
    try:
        return nt_lines(triples), {}
    except ValueError:  # an IRI Oxigraph refuses: write that one as a stand-in
        pass
    aliases: dict[str, Node] = {}
    memo: dict[Node, str] = {}

    def nt(term: Node) -> str:
        text = memo.get(term)
        if text is None:
            text = memo[term] = _text(term, aliases)
        return text

    return sorted(f"{nt(s)} {nt(p)} {nt(o)}" for s, p, o in triples), aliases


def _text(term: Node, aliases: dict[str, Node]) -> str:
    if isinstance(term, Literal):
        return literal(term)
    try:
        return str(to_ox(term))
    except ValueError:
        if not isinstance(term, URIRef):
            raise
    text = f"<{stand_in(str(term))}>"
    aliases[text] = term
    return text


def stand_in(iri: str) -> str:
    """A valid absolute IRI standing for the invalid ``iri`` (as close to its text as can be)."""
    encoded = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), iri)
    try:
        ox.NamedNode(encoded)
        return encoded
    except ValueError:
        return INVALID + urllib.parse.quote(iri, safe="")


def skolem(text: str) -> str:
    """A blank node's N-Triples text as its skolem IRI's text; other terms as they are."""
    return f"<{SKOLEM}{text[2:]}>" if text.startswith("_:") else text


def skolem_line(s: str, p: str, o: str) -> str:
    """An N-Triples line with its blank nodes skolemised."""
    return f"{skolem(s)} {p} {skolem(o)}"


def unskolem(term: Node) -> Node:
    """The blank node a skolem IRI stands for; other terms as they are."""
    if isinstance(term, URIRef) and term.startswith(SKOLEM):
        return BNode(term[len(SKOLEM) :])
    return term
