"""Query results: rows of RDF terms, convertible to plain Python, CSV, JSON and DataFrames."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

__all__ = ["QueryResult", "python_value"]


def python_value(term: Node | None) -> Any:
    """A plain Python value for a term: ``str`` for IRIs, the literal's value for literals."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    return str(term)


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


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT query (or the answer of an ASK query).

    Attributes:
        vars: the projected variable names, in order.
        rows: one tuple of terms (or ``None`` when unbound) per solution.
        boolean: the answer of an ASK query, else ``None``.
    """

    vars: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]
    boolean: bool | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.to_dicts())

    def to_dicts(self) -> list[dict[str, Any]]:
        """Rows as dictionaries of plain Python values."""
        return [
            {v: python_value(t) for v, t in zip(self.vars, row, strict=True)} for row in self.rows
        ]

    def column(self, name: str) -> list[Any]:
        """One column as plain Python values."""
        i = self.vars.index(name)
        return [python_value(row[i]) for row in self.rows]

    def to_dataframe(self) -> Any:
        """A :class:`pandas.DataFrame` of the rows (needs pandas installed)."""
        import pandas as pd  # optional dependency

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
