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
from claimgraph.queries._binding import bind_values, term_text
from claimgraph.queries._template import FUNCTIONS, Derived, derive, render_blocks
from claimgraph.records import ACTS

__all__ = ["NamedQuery", "Param", "SparqlRunner", "list_queries", "load_query", "run_query"]

R_co = TypeVar("R_co", covariant=True)


class SparqlRunner(Protocol[R_co]):
    """What runs a query: a store's ``sparql(text, bindings)`` (the store is a room above)."""

    def sparql(self, query: str, bindings: Any = None, /) -> R_co: ...


_HEADER = re.compile(r"^#\s*(name|description|param|bind):\s*(.*)$")
_PARAM = re.compile(
    r"^(?P<name>\w+):\s*(?P<type>\w+)(?P<opt>,\s*optional)?"
    r"(?:,\s*default\s+(?P<default>[\w-]+))?(?:,\s*one of\s+(?P<choices>[\w|-]+))?"
    r"\.?\s*(?P<doc>.*)$"
)
_BIND = re.compile(r"^(?P<var>\w+)\s*=\s*(?P<fn>\w+)\((?P<param>\w+)\)$")
_VARIABLE = re.compile(r"[?$](\w+)")


@dataclass(frozen=True)
class Param:
    """A declared parameter of a named query."""

    name: str
    type: str  # string | iri | integer | decimal | date | act
    optional: bool
    doc: str
    default: str | None = None
    choices: tuple[str, ...] = ()

    def term(self, value: Any) -> Node:
        """Turn a Python value into the RDF term the query expects.

        Raises:
            QueryError: the value does not fit the declared type.
        """
        if self.choices and str(value) not in self.choices:
            raise QueryError(
                f"parameter {self.name}={value!r} is not one of {', '.join(self.choices)}"
            )
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
    sparql: str  # the source: a template (see :mod:`claimgraph.queries._template`)
    derived: tuple[Derived, ...] = ()

    def render(self, values: dict[str, Any]) -> tuple[str, dict[str, Node]]:
        """The query text for these parameter values and the RDF terms to bind into it.

        The text keeps the template blocks whose conditions the given values meet; the
        bindings are the parameters (defaults filled in) and the derived values, limited to
        the variables the text uses.

        Raises:
            QueryError: an unknown, missing or invalid parameter.
        """
        terms = self.bindings(values)
        for name, term in terms.items():  # checked even when the text does not use it
            term_text(name, term)
        given = {k: str(v) for k, v in terms.items()}
        text = render_blocks(self.sparql, given)
        used = set(_VARIABLE.findall(text))
        return text, {k: v for k, v in terms.items() if k in used}

    def example(self) -> str:
        """The query's text for no parameters given but the defaults (theirs bound with
        ``VALUES``): runnable as it is in any SPARQL client once the prefixes are declared."""
        terms = {p.name: p.term(p.default) for p in self.params if p.default is not None}
        plain = {k: str(v) for k, v in terms.items()}
        for d in self.derived:
            term = derive(d, plain)
            if term is not None:
                terms[d.var] = term
        text = render_blocks(self.sparql, {k: str(v) for k, v in terms.items()})
        used = set(_VARIABLE.findall(text))
        body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("# "))
        return bind_values(body, {k: v for k, v in terms.items() if k in used}) + "\n"

    def bindings(self, values: dict[str, Any]) -> dict[str, Node]:
        """Check ``values`` against the declared parameters and turn them into RDF terms,
        with defaults for parameters not given and the derived values (``# bind:``).

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
        filled = {p.name: p.default for p in self.params if p.default is not None}
        filled.update({k: v for k, v in values.items() if v is not None})
        terms = {k: known[k].term(v) for k, v in filled.items()}
        plain = {k: str(v) for k, v in terms.items()}
        for d in self.derived:
            term = derive(d, plain)
            if term is not None:
                terms[d.var] = term
        return terms


def _parse(text: str) -> NamedQuery:
    name = description = ""
    params = []
    derived = []
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = value.strip()
        elif key == "bind":
            derived.append(_parse_bind(value.strip()))
        else:
            params.append(_parse_param(value.strip()))
    return NamedQuery(name, description, tuple(params), text, tuple(derived))


def _parse_param(value: str) -> Param:
    pm = _PARAM.match(value)
    if pm is None:
        raise QueryError(f"bad parameter declaration {value!r}")
    choices = tuple(pm["choices"].split("|")) if pm["choices"] else ()
    return Param(pm["name"], pm["type"], bool(pm["opt"]), pm["doc"].strip(), pm["default"], choices)


def _parse_bind(value: str) -> Derived:
    bm = _BIND.match(value)
    if bm is None or bm["fn"] not in FUNCTIONS:
        raise QueryError(
            f"bad bind declaration {value!r}: write `# bind: var = FUNCTION(param)` with "
            f"FUNCTION one of {', '.join(FUNCTIONS)}"
        )
    return Derived(bm["var"], bm["fn"], bm["param"])


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
        return kg.sparql(*q.render(params))
    bindings = {k: v if isinstance(v, Node) else Literal(v) for k, v in params.items()}
    return kg.sparql(name_or_sparql, bindings)
