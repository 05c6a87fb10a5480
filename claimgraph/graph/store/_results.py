"""Query results: rows of RDF terms, convertible to plain Python, CSV, JSON and DataFrames.

A back end may hand over its rows in its own term type (:meth:`QueryResult.lazy`): they are
converted to rdflib terms only when :attr:`QueryResult.rows` is first read, and the plain-Python
views (:meth:`QueryResult.to_dicts`, :meth:`QueryResult.column`) are computed from the back end's
terms directly, so a result read only as Python values never builds rdflib terms.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import FrozenInstanceError
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.errors import MissingDependencyError
from claimgraph.loaders._oxterms import python_value

__all__ = ["QueryResult", "python_value"]

Row = tuple[Node | None, ...]


def _sparql_json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _set(result: QueryResult, **attrs: object) -> None:
    """Set attributes of an immutable :class:`QueryResult` (construction and caching only)."""
    for name, value in attrs.items():
        object.__setattr__(result, name, value)


class QueryResult:
    """The rows of a SELECT query (or the answer of an ASK query). Immutable.

    Args:
        vars: the projected variable names, in order.
        rows: one tuple of terms (or ``None`` when unbound) per solution.
        boolean: the answer of an ASK query, else ``None``.

    Attributes:
        vars: the projected variable names, in order.
        rows: one tuple of terms (or ``None`` when unbound) per solution.
        boolean: the answer of an ASK query, else ``None``.
    """

    __slots__ = ("_native", "_node", "_rows", "_value", "boolean", "vars")

    vars: tuple[str, ...]
    boolean: bool | None
    _rows: tuple[Row, ...] | None
    _native: tuple[tuple[Any, ...], ...] | None
    _node: Callable[[Any], Node | None] | None
    _value: Callable[[Any], Any] | None

    def __init__(
        self,
        vars: tuple[str, ...],
        rows: tuple[Row, ...],
        boolean: bool | None = None,
    ) -> None:
        _set(self, vars=vars, boolean=boolean, _rows=rows, _native=None, _node=None, _value=None)

    @classmethod
    def lazy(
        cls,
        vars: tuple[str, ...],
        native: tuple[tuple[Any, ...], ...],
        node: Callable[[Any], Node | None],
        value: Callable[[Any], Any],
    ) -> QueryResult:
        """A result over a back end's own terms, converted only when read.

        Args:
            vars: the projected variable names, in order.
            native: the rows as the back end's terms (``None`` when unbound).
            node: converts one back-end term (or ``None``) to an rdflib term (or ``None``).
            value: one back-end term's plain Python value; must equal
                ``python_value(node(term))``.
        """
        result = cls.__new__(cls)
        _set(result, vars=vars, boolean=None, _rows=None, _native=native, _node=node, _value=value)
        return result

    @property
    def rows(self) -> tuple[Row, ...]:
        """One tuple of rdflib terms (or ``None`` when unbound) per solution."""
        rows: tuple[Row, ...] | None = self._rows
        if rows is None:
            node = self._node
            assert self._native is not None and node is not None
            rows = tuple(tuple(node(t) for t in row) for row in self._native)
            _set(self, _rows=rows, _native=None)  # the back end's terms are not needed now
        return rows

    def _plain(self) -> tuple[Sequence[Sequence[Any]], Callable[[Any], Any]]:
        """The rows as stored now, and the function that gives a stored term's Python value."""
        if self._rows is not None:
            return self._rows, python_value
        assert self._native is not None and self._value is not None
        return self._native, self._value

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, QueryResult)
        return (self.vars, self.rows, self.boolean) == (other.vars, other.rows, other.boolean)

    def __hash__(self) -> int:
        return hash((self.vars, self.rows, self.boolean))

    def __repr__(self) -> str:
        return f"QueryResult(vars={self.vars!r}, rows={self.rows!r}, boolean={self.boolean!r})"

    def __reduce__(self) -> tuple[type[QueryResult], tuple[Any, ...]]:
        return (QueryResult, (self.vars, self.rows, self.boolean))

    def __len__(self) -> int:
        return len(self._plain()[0])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.to_dicts())

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as dictionaries of plain Python values."""
        rows, value = self._plain()
        names = self.vars
        return [dict(zip(names, map(value, row), strict=True)) for row in rows]

    def column(self, name: str) -> list[Any]:
        """One column as plain Python values."""
        i = self.vars.index(name)
        rows, value = self._plain()
        return [value(row[i]) for row in rows]

    def to_dataframe(self) -> Any:
        """A :class:`pandas.DataFrame` of the rows (needs the ``pandas`` extra).

        Raises:
            MissingDependencyError: pandas is not installed.
        """
        try:
            import pandas as pd  # optional dependency
        except ImportError as exc:
            raise MissingDependencyError("pandas", "pandas", "QueryResult.to_dataframe") from exc

        return pd.DataFrame(self.to_dicts(), columns=list(self.vars))

    def to_csv(self) -> str:
        """Rows as CSV text with a header line."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.vars)
        for row in self.rows:
            writer.writerow(["" if t is None else str(t) for t in row])
        return buf.getvalue()

    def to_json(self) -> str:
        """Rows as a JSON array of objects with plain values."""
        return json.dumps(self.to_dicts(), ensure_ascii=False, indent=2, default=str)

    def to_sparql_json(self) -> str:
        """The W3C SPARQL 1.1 Query Results JSON format."""
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean})
        bindings = [
            {v: _sparql_json_term(t) for v, t in zip(self.vars, row, strict=True) if t is not None}
            for row in self.rows
        ]
        return json.dumps({"head": {"vars": list(self.vars)}, "results": {"bindings": bindings}})

    @classmethod
    def from_rows(cls, vars: Sequence[str], rows: Sequence[Sequence[Node | None]]) -> QueryResult:
        """Build a result from variable names and rows."""
        return cls(tuple(vars), tuple(tuple(r) for r in rows))
