"""Loading named queries and running them with bound parameters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol, TypeVar

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node

from claimgraph.errors import QueryError
from claimgraph.records import ACTS

__all__ = ["NamedQuery", "Param", "SparqlRunner", "list_queries", "load_query", "run_query"]

R_co = TypeVar("R_co", covariant=True)


class SparqlRunner(Protocol[R_co]):
    """What runs a query: a store's ``sparql(text, bindings)`` (the store is a room above)."""

    def sparql(self, query: str, bindings: Any = None, /) -> R_co: ...


_HEADER = re.compile(r"^#\s*(name|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(?P<name>\w+):\s*(?P<type>\w+)(?P<opt>,\s*optional)?\.?\s*(?P<doc>.*)$")


@dataclass(frozen=True)
class Param:
    """A declared parameter of a named query."""

    name: str
    type: str  # string | iri | integer | decimal | date | act
    optional: bool
    doc: str

    def term(self, value: Any) -> Node:
        """Turn a Python value into the RDF term the query expects.

        Raises:
            QueryError: the value does not fit the declared type.
        """
        if isinstance(value, Node):
            return value
        try:
            if self.type == "date":
                return Literal(date.fromisoformat(str(value)).isoformat(), datatype=XSD.date)
            if self.type == "iri":
                return URIRef(str(value))
            if self.type == "integer":
                return Literal(int(value))
            if self.type == "decimal":
                return Literal(float(value))
            if self.type == "act":
                return Literal(_act(str(value)))
        except (TypeError, ValueError) as exc:
            hint = " (write dates as YYYY-MM-DD)" if self.type == "date" else ""
            raise QueryError(
                f"parameter {self.name}={value!r} is not a valid {self.type}{hint}"
            ) from exc
        return Literal(str(value))


ACT_CHOICES = (*ACTS, "all")
"""The values of an ``act`` parameter: one attribution act, or ``all``."""


def _act(value: str) -> str:
    act = value.strip().lower()
    if act not in ACT_CHOICES:
        raise ValueError(f"{value!r} is not an act; use one of {', '.join(ACT_CHOICES)}")
    return act


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped with claimgraph: its name, description, parameters and SPARQL text."""

    name: str
    description: str
    params: tuple[Param, ...]
    sparql: str

    def bindings(self, values: dict[str, Any]) -> dict[str, Node]:
        """Check ``values`` against the declared parameters and turn them into RDF terms.

        Raises:
            QueryError: an unknown parameter, or a required one is missing.
        """
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {unknown[0]!r}; "
                f"its parameters are {sorted(known) or 'none'}"
            )
        missing = [p.name for p in self.params if not p.optional and values.get(p.name) is None]
        if missing:
            raise QueryError(f"query {self.name!r} needs parameter {missing[0]!r}")
        return {k: known[k].term(v) for k, v in values.items() if v is not None}


def _parse(text: str) -> NamedQuery:
    name = description = ""
    params = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = value.strip()
        else:
            pm = _PARAM.match(value.strip())
            if pm is None:
                raise QueryError(f"bad parameter declaration {value!r}")
            params.append(Param(pm["name"], pm["type"], bool(pm["opt"]), pm["doc"].strip()))
    return NamedQuery(name, description, tuple(params), text)


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, NamedQuery]:
    out = {}
    for entry in resources.files("claimgraph.queries").iterdir():
        if entry.name.endswith(".rq"):
            q = _parse(entry.read_text("utf-8"))
            out[q.name or entry.name[:-3]] = q
    return dict(sorted(out.items()))


def list_queries() -> list[NamedQuery]:
    """The named queries shipped with claimgraph, sorted by name."""
    return list(_catalogue().values())


def load_query(name: str) -> NamedQuery:
    """Look a named query up.

    Raises:
        QueryError: no query has that name.
    """
    try:
        return _catalogue()[name]
    except KeyError:
        raise QueryError(
            f"no named query {name!r}; run `claimgraph queries` to list them"
        ) from None


def _is_name(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9_\-]+", text.strip()) is not None


def run_query(kg: SparqlRunner[R_co], name_or_sparql: str, /, **params: Any) -> R_co:
    """Run a named query with parameters, or a SPARQL text with ``params`` bound as variables."""
    if _is_name(name_or_sparql):
        q = load_query(name_or_sparql)
        return kg.sparql(q.sparql, q.bindings(params))
    bindings = {k: v if isinstance(v, Node) else Literal(v) for k, v in params.items()}
    return kg.sparql(name_or_sparql, bindings)
