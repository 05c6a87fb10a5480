"""Named queries as templates: blocks kept or dropped by the parameters given, derived values.

A named query's ``.rq`` file is its readable source. Lines between ``#if COND`` and ``#end``
(with an optional ``#else``; blocks nest) are kept only when ``COND`` holds, so each call runs
a query that starts from what it was given instead of filtering every row afterwards. ``COND``
is one or more words, all of which must hold: ``NAME`` (the parameter or derived value is
given), ``!NAME`` (it is not), ``NAME=VALUE`` and ``NAME!=VALUE``.

A ``# bind: VAR = FUNCTION(PARAM)`` header derives a value that is bound as ``?VAR`` (as an RDF
term, like every parameter) and can be tested in conditions:

- ``graph(article)``: the IRI of the article's named graph (``cgg:article/...``).
- ``namekey(speaker)``: the key the name index files the name under
  (:mod:`claimgraph.queries._namekeys`); not given when ``match=substring`` or when the index
  cannot answer (an empty or very long value), so the query's substring block runs instead.
- ``act(act)``: the ``cg:act`` concept of the act selector (``speech`` -> ``cg:Speech``); not
  given for ``all``.

Example:
    >>> print(render_blocks("A\\n#if x\\nB\\n#else\\nC\\n#end\\nD", {"x": "1"}))
    A
    B
    D
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from rdflib import Literal
from rdflib.term import Node

from claimgraph.errors import QueryError
from claimgraph.loaders._iris import article_graph_iri
from claimgraph.loaders._mapping import ACT_CONCEPTS
from claimgraph.queries._namekeys import lookup_key

__all__ = ["FUNCTIONS", "Derived", "derive", "render_blocks"]

_DIRECTIVE = re.compile(r"^\s*#(if|else|end)\b\s*(.*)$")


def _holds(cond: str, given: Mapping[str, str]) -> bool:
    for word in cond.split():
        if word.startswith("!"):
            ok = word[1:] not in given
        elif "!=" in word:
            name, value = word.split("!=", 1)
            ok = given.get(name) != value
        elif "=" in word:
            name, value = word.split("=", 1)
            ok = given.get(name) == value
        else:
            ok = word in given
        if not ok:
            return False
    return True


def render_blocks(text: str, given: Mapping[str, str]) -> str:
    """``text`` with the ``#if`` blocks whose condition fails (and the directives) removed.

    Raises:
        QueryError: an ``#else`` or ``#end`` without its ``#if``, or an ``#if`` left open.
    """
    out: list[str] = []
    stack: list[tuple[bool, bool]] = []  # (this block keeps its lines, the enclosing one does)
    for line in text.splitlines():
        m = _DIRECTIVE.match(line)
        keeping = all(k for k, _ in stack)
        if m is None:
            if keeping:
                out.append(line)
            continue
        word, cond = m.groups()
        if word == "if":
            stack.append((_holds(cond, given), keeping))
        elif not stack:
            raise QueryError(f"#{word} without #if in a named query")
        elif word == "else":
            kept, outer = stack.pop()
            stack.append((not kept, outer))
        else:
            stack.pop()
    if stack:
        raise QueryError("an #if block of a named query is not closed with #end")
    return "\n".join(out)


@dataclass(frozen=True)
class Derived:
    """A ``# bind: var = function(param)`` header."""

    var: str
    function: str
    param: str


def _namekey(value: str, values: Mapping[str, str]) -> Node | None:
    if values.get("match") == "substring":
        return None
    key = lookup_key(value)
    return Literal(key) if key is not None else None


def _graph(value: str, values: Mapping[str, str]) -> Node | None:
    return article_graph_iri(value)


def _act(value: str, values: Mapping[str, str]) -> Node | None:
    return ACT_CONCEPTS.get(value)  # None for "all"


FUNCTIONS: dict[str, Callable[[str, Mapping[str, str]], Node | None]] = {
    "namekey": _namekey,
    "graph": _graph,
    "act": _act,
}


def derive(derived: Derived, values: Mapping[str, str]) -> Node | None:
    """The value of a derived variable, or ``None`` when its parameter is not given (or the
    function gives none)."""
    value = values.get(derived.param)
    if value is None:
        return None
    return FUNCTIONS[derived.function](value, values)
