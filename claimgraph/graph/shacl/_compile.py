"""Compiling a SHACL shapes graph for the fast engine (:mod:`claimgraph.graph.shacl._fast`).

A shapes graph becomes plain Python objects: each node or property shape with its targets, its
parameters as ``(code, parameter, value)`` steps, its nested shapes and its SPARQL constraints
(each with the predicates its query can match). A shape that uses a SHACL feature the engine does
not implement is refused (:class:`ShapeEngineError`), never skipped.

Finding a query's predicates means parsing it with rdflib's SPARQL parser, about 0.3 s for the
shipped shapes' queries plus 0.15 s to load the parser: paid by every process that validates
(each ingestion worker too). For the shipped shapes the answers are kept in
``claimgraph/ontology/shapes-predicates.json``, keyed by the SHA-256 of each query's text, so a
changed query is parsed again, never looked up wrongly; ``make shapes-table`` rewrites the file
(a test fails while it is out of date).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from claimgraph.errors import ClaimgraphError
from claimgraph.graph.shacl._shapes import shapes_graph
from claimgraph.loaders._oxterms import to_ox

__all__ = [
    "CODES",
    "KINDS",
    "RANGES",
    "CompiledShapes",
    "Result",
    "Shape",
    "ShapeEngineError",
    "SparqlCheck",
    "compile_shapes",
    "parse_query_predicates",
    "predicate_table",
    "query_key",
    "shipped",
    "write_predicate_table",
]

_C = str(SH)
_MIN_COUNT, _MAX_COUNT, _HAS_VALUE, _CLASS = SH.minCount, SH.maxCount, SH.hasValue, SH["class"]
_DATATYPE, _MIN_LENGTH, _MAX_LENGTH, _LESS_THAN = (
    SH.datatype,
    SH.minLength,
    SH.maxLength,
    SH.lessThan,
)
_PATTERN, _NODE_KIND, _FLAGS = SH.pattern, SH.nodeKind, SH.flags
_XSD_STRING, _LANG_STRING, _TYPE = XSD.string, RDF.langString, RDF.type
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
_PARAMS = {
    SH["class"],
    SH.datatype,
    SH.minCount,
    SH.maxCount,
    SH.minLength,
    SH.maxLength,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.pattern,
    SH.flags,
    SH.nodeKind,
    SH.hasValue,
    SH.lessThan,
    SH.node,
    SH["or"],
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.property,
    SH.sparql,
}
_IGNORED = {SH.path, SH.message, SH.name, SH.description, SH.declare, SH.prefixes}
_VAR_TEMPLATE = re.compile(r"\{[?$](\w+)\}")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


class ShapeEngineError(ClaimgraphError):
    """The shapes use a SHACL feature the fast engine does not implement."""


@dataclass(frozen=True)
class Result:
    """One validation result: the focus node, the component, the shape, the path and message."""

    focus: Node
    component: str
    shape: Node
    path: URIRef | None
    message: str


@dataclass(frozen=True)
class SparqlCheck:
    """A compiled ``sh:sparql`` constraint.

    Attributes:
        predicates: the IRIs the query can match as predicates, or ``None`` when it may match
            any (a variable or a negated property set in predicate position).
    """

    node: Node
    query: str
    message: str | None
    predicates: frozenset[str] | None = None


@dataclass
class Shape:
    """A compiled node or property shape."""

    node: Node
    path: URIRef | None = None
    message: str | None = None
    targets: list[tuple[URIRef, Node]] = field(default_factory=list)
    params: dict[Node, list[Node]] = field(default_factory=dict)
    properties: list[Shape] = field(default_factory=list)
    node_refs: list[Shape] = field(default_factory=list)
    or_lists: list[list[Shape]] = field(default_factory=list)
    qualified: list[tuple[Shape, int]] = field(default_factory=list)
    allowed: list[frozenset[str]] = field(default_factory=list)
    """Each ``sh:in`` list, as the N-Triples texts of its members."""
    sparql: list[SparqlCheck] = field(default_factory=list)
    _plan: list[tuple[int, Node, Node]] | None = field(default=None, repr=False, compare=False)

    def plan(self) -> list[tuple[int, Node, Node]]:
        """The supported parameters as ``(code, parameter, value)``, in ``params`` order."""
        if self._plan is None:
            self._plan = [
                (CODES[p], p, arg) for p, args in self.params.items() if p in CODES for arg in args
            ]
        return self._plan


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes graph, compiled: the shapes that have targets."""

    targeted: tuple[Shape, ...]

    def sparql_checks(self) -> list[SparqlCheck]:
        """Every SPARQL constraint of the targeted shapes and the shapes they reach, once each."""
        checks: list[SparqlCheck] = []
        seen: set[int] = set()
        todo = list(self.targeted)
        while todo:
            shape = todo.pop()
            if id(shape) in seen:
                continue
            seen.add(id(shape))
            checks += shape.sparql
            todo += shape.properties + shape.node_refs + [q for q, _ in shape.qualified]
            todo += [m for members in shape.or_lists for m in members]
        return checks

    def sparql_predicates(self) -> frozenset[str] | None:
        """The predicates any SPARQL constraint can match (``None``: any predicate at all)."""
        found: set[str] = set()
        for check in self.sparql_checks():
            if check.predicates is None:
                return None
            found |= check.predicates
        return frozenset(found)


# ---------------------------------------------------------------------- compiling
class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.done: dict[Node, Shape] = {}

    def shape(self, node: Node) -> Shape:
        if node in self.done:
            return self.done[node]
        path = self.g.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise ShapeEngineError(f"shape {node}: only predicate paths are supported, not {path}")
        msg = self.g.value(node, SH.message)
        s = Shape(node, path, str(msg) if msg is not None else None)
        self.done[node] = s
        for p, o in self.g.predicate_objects(node):
            self._param(s, p, o)
        return s

    def _param(self, s: Shape, p: Node, o: Node) -> None:
        if p in _TARGETS:
            s.targets.append((p, o))  # type: ignore[arg-type]
        elif p == SH.property:
            s.properties.append(self.shape(o))
        elif p == SH.node:
            s.node_refs.append(self.shape(o))
        elif p == SH["or"]:
            s.or_lists.append([self.shape(m) for m in Collection(self.g, o)])
        elif p == SH["in"]:
            s.allowed.append(frozenset(str(to_ox(m)) for m in Collection(self.g, o)))
        elif p == SH.qualifiedValueShape:
            low = self.g.value(s.node, SH.qualifiedMinCount)
            s.qualified.append((self.shape(o), int(low) if low is not None else 0))  # type: ignore[call-overload]
        elif p == SH.sparql:
            s.sparql.append(self._sparql(o))
        elif p in _PARAMS:
            s.params.setdefault(p, []).append(o)
        elif str(p).startswith(_C) and p not in _IGNORED:
            raise ShapeEngineError(
                f"shape {s.node} uses {p}, which the fast engine does not support; "
                'use validate_graph(..., engine="pyshacl")'
            )

    def _sparql(self, node: Node) -> SparqlCheck:
        select = self.g.value(node, SH.select)
        if select is None:
            raise ShapeEngineError(f"SPARQL constraint {node} has no sh:select")
        # like pyshacl (rdflib), the shapes graph's own bindings (xsd, rdf...) are known too
        prefixes = {str(p): str(ns) for p, ns in self.g.namespaces() if p}
        for decl_owner in self.g.objects(node, SH.prefixes):
            for decl in self.g.objects(decl_owner, SH.declare):
                prefixes[str(self.g.value(decl, SH.prefix))] = str(self.g.value(decl, SH.namespace))
        head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
        msg = self.g.value(node, SH.message)
        query = head + str(select)
        return SparqlCheck(
            node, query, str(msg) if msg is not None else None, _query_predicates(query)
        )


PREDICATE_TABLE = "shapes-predicates.json"  # in claimgraph/ontology


def query_key(query: str) -> str:
    """The key of a query in the predicate table: the SHA-256 of its text, in hex."""
    return hashlib.sha256(query.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _table() -> dict[str, list[str] | None]:
    path = resources.files("claimgraph.ontology").joinpath(PREDICATE_TABLE)
    try:
        table: dict[str, list[str] | None] = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):  # no table, or a broken one: parse every query
        return {}
    return table


def _query_predicates(query: str) -> frozenset[str] | None:
    """The predicates of ``query``: from the shipped table if it is there, else parsed."""
    key = query_key(query)
    table = _table()
    if key not in table:
        return parse_query_predicates(query)
    known = table[key]
    return frozenset(known) if known is not None else None


def predicate_table(shapes: Graph) -> dict[str, list[str] | None]:
    """The predicates of every SPARQL constraint in ``shapes``, parsed, keyed by :func:`query_key`.

    ``None`` stands for "may match any predicate".
    """
    out: dict[str, list[str] | None] = {}
    for check in compile_shapes(shapes).sparql_checks():
        found = parse_query_predicates(check.query)
        out[query_key(check.query)] = sorted(found) if found is not None else None
    return dict(sorted(out.items()))


def write_predicate_table(path: Path | None = None) -> Path:
    """Write the predicate table of the shipped shapes (``make shapes-table``); return its path."""
    target = path or Path(str(resources.files("claimgraph.ontology").joinpath(PREDICATE_TABLE)))
    target.write_text(json.dumps(predicate_table(shapes_graph()), indent=2) + "\n", "utf-8")
    _table.cache_clear()
    return target


def parse_query_predicates(query: str) -> frozenset[str] | None:
    """The predicate IRIs a SPARQL query's patterns use, or ``None`` if it may use any.

    Every triple pattern and property path of the parsed query is visited (inside FILTER
    EXISTS / NOT EXISTS too); a variable or a negated property set as predicate means "any".
    """
    from rdflib.plugins.sparql import prepareQuery

    found: set[str] = set()
    try:
        algebra = prepareQuery(query).algebra
    except Exception:  # rdflib cannot parse it: make no assumption
        return None
    return frozenset(found) if _collect_predicates(algebra, found) else None


def _collect_predicates(node: object, found: set[str]) -> bool:
    """Add the predicates of the triple patterns under ``node``; ``False`` if one is open."""
    if isinstance(node, dict):  # CompValue (algebra and parse nodes) is a dict
        triples = node.get("triples")
        if isinstance(triples, list):
            for triple in triples:
                if len(triple) == 3 and not _add_predicate(triple[1], found):
                    return False
        return all(_collect_predicates(v, found) for k, v in node.items() if k != "triples")
    if isinstance(node, list | tuple):
        return all(_collect_predicates(v, found) for v in node)
    return True


def _add_predicate(pred: object, found: set[str]) -> bool:
    from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath

    if isinstance(pred, URIRef):
        found.add(str(pred))
        return True
    if isinstance(pred, SequencePath | AlternativePath):
        return all(_add_predicate(a, found) for a in pred.args)
    if isinstance(pred, InvPath):
        return _add_predicate(pred.arg, found)
    if isinstance(pred, MulPath):
        return _add_predicate(pred.path, found)
    if isinstance(pred, NegatedPath):
        return False
    return False  # a variable, or a path we do not know


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile a shapes graph for :func:`fast_results`.

    Raises:
        ShapeEngineError: a shape uses a feature this engine does not implement.
    """
    comp = _Compiler(shapes)
    heads = {s for t in _TARGETS for s in shapes.subjects(t, None)}
    return CompiledShapes(tuple(comp.shape(h) for h in sorted(heads, key=str)))


@lru_cache(maxsize=1)
def shipped() -> CompiledShapes:
    """The shipped shapes (``claimgraph/ontology/shapes.ttl``), compiled once."""
    return compile_shapes(shapes_graph())


RANGES: dict[Node, tuple[str, Callable[[Any, Any], bool]]] = {
    SH.minInclusive: ("MinInclusiveConstraintComponent", lambda v, a: bool(v >= a)),
    SH.maxInclusive: ("MaxInclusiveConstraintComponent", lambda v, a: bool(v <= a)),
    SH.minExclusive: ("MinExclusiveConstraintComponent", lambda v, a: bool(v > a)),
    SH.maxExclusive: ("MaxExclusiveConstraintComponent", lambda v, a: bool(v < a)),
}
KINDS: dict[Node, str] = {
    SH.IRI: "<",
    SH.BlankNode: "_",
    SH.Literal: '"',
    SH.BlankNodeOrIRI: "_<",
    SH.BlankNodeOrLiteral: '_"',
    SH.IRIOrLiteral: '<"',
}
"""Each node kind as the first characters its terms can have in N-Triples."""


(
    C_MIN_COUNT,
    C_MAX_COUNT,
    C_HAS_VALUE,
    C_CLASS,
    C_DATATYPE,
    C_MIN_LENGTH,
    C_RANGE,
    C_MAX_LENGTH,
    C_PATTERN,
    C_NODE_KIND,
    C_LESS_THAN,
) = range(11)
CODES: dict[Node, int] = {
    _MIN_COUNT: C_MIN_COUNT,
    _MAX_COUNT: C_MAX_COUNT,
    _HAS_VALUE: C_HAS_VALUE,
    _CLASS: C_CLASS,
    _DATATYPE: C_DATATYPE,
    _MIN_LENGTH: C_MIN_LENGTH,
    **{r: C_RANGE for r in RANGES},
    _MAX_LENGTH: C_MAX_LENGTH,
    _PATTERN: C_PATTERN,
    _NODE_KIND: C_NODE_KIND,
    _LESS_THAN: C_LESS_THAN,
}
