"""Binding parameter values into SPARQL as RDF terms, portably.

Values are written as a ``VALUES`` block at the start of the query's outer ``WHERE`` group, each
value checked and serialised by Oxigraph as one N-Triples term (quotes, newlines and braces are
escaped inside the literal; an IRI, a datatype IRI or a language tag that is not valid is refused
before it reaches the text), so a value can never change the query's structure. This works on
every SPARQL 1.1 engine, embedded or remote. A query whose parameters are used inside a
sub-query marks the group to bind into with a line ``#values`` (a comment to SPARQL): the block
goes there instead, since a sub-query does not see values bound outside it.

Example:
    >>> from rdflib import Literal
    >>> print(bind_values("SELECT ?x WHERE { ?x ?p ?name }", {"name": Literal('a" } #')}))
    SELECT ?x WHERE { VALUES (?name) { ("a\\" } #") }
     ?x ?p ?name }
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.errors import QueryError
from claimgraph.loaders._oxterms import to_ox

__all__ = ["bind_values", "term_text"]

_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b[^{]*\{", re.IGNORECASE)
_MARK = "#values"
_MARKER = re.compile(r"^[ \t]*#values[ \t]*$", re.MULTILINE)


def _strip_comments(query: str) -> str:
    return "\n".join(
        line
        for line in query.splitlines()
        if not line.lstrip().startswith("#") or line.strip() == _MARK
    )


def bind_values(query: str, bindings: Mapping[str, Node]) -> str:
    """Return ``query`` with ``bindings`` as a ``VALUES`` block inside its outer ``WHERE``.

    Raises:
        QueryError: a variable name is not a plain SPARQL variable name, a value is a blank
            node or not an RDF term, an IRI, datatype IRI or language tag in a value is not
            valid, or the query has no ``WHERE`` group to bind into.
    """
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not _VAR.match(name):
            raise QueryError(f"{name!r} is not a valid SPARQL variable name for a parameter")
        if isinstance(bindings[name], BNode):
            raise QueryError(f"parameter {name!r}: blank nodes cannot be bound")
    text = _strip_comments(query)
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(term_text(n, bindings[n]) for n in names)
    block = f" VALUES ({head}) {{ ({row}) }}\n"
    mark = _MARKER.search(text)
    if mark is not None:
        return _MARKER.sub("", text[: mark.start()] + block + text[mark.end() :])
    m = _WHERE.search(text) or _FORM.search(text)
    if m is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { ... } group")
    return f"{text[: m.end()]}{block}{text[m.end() :]}"


def term_text(name: str, value: Node) -> str:
    """The N-Triples text of a parameter's value, after Oxigraph has checked its parts.

    Raises:
        QueryError: the value is not an IRI or a literal, or its IRI, datatype IRI or language
            tag is not valid (a relative IRI, a space or ``>`` in an IRI, a tag like ``en )``).
    """
    if not isinstance(value, (URIRef, Literal)):
        raise QueryError(
            f"parameter {name!r}: {value!r} is not an IRI or a literal; give an rdflib "
            "URIRef or Literal (or a plain Python value)"
        )
    try:
        return str(to_ox(value))
    except ValueError as exc:
        part = _bad_part(value)
        raise QueryError(
            f"parameter {name!r}: {part} is not valid ({exc}); give an absolute IRI such as "
            "<https://example.org/x> and a language tag such as 'en' or 'en-GB'"
        ) from None


def _bad_part(value: URIRef | Literal) -> str:
    if isinstance(value, URIRef):
        return f"the IRI {str(value)!r}"
    if value.language:
        return f"the language tag {value.language!r}"
    return f"the datatype IRI {str(value.datatype)!r}"
