"""A fast SHACL engine for claimgraph's shapes: the same checks as pyshacl, in milliseconds.

pyshacl needs about half a second for one article's graph, several times the cost of extracting the
article with spaCy. This engine reads the same shapes graph (``shapes.ttl``) and evaluates the SHACL
Core features the shapes use in plain Python over an index of the article's triples, and the
SPARQL-based constraints (``sh:sparql``) with Oxigraph on a small in-memory store holding only the
article's graph. It reports the same (focus node, constraint component) pairs as pyshacl; the tests
check that on a set of broken graphs. A shape using a feature outside the supported set makes it
refuse to run (:class:`~claimgraph.errors.ShapeEngineError`) rather than skip the check.

Supported: targets ``sh:targetClass`` (with ``rdfs:subClassOf`` in the data),
``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; predicate paths;
``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``, ``sh:maxCount``,
``sh:minLength``, ``sh:maxLength``, ``sh:pattern`` (``sh:flags``), ``sh:minInclusive``,
``sh:maxInclusive``, ``sh:minExclusive``, ``sh:maxExclusive``, ``sh:hasValue``, ``sh:lessThan``,
``sh:node``, ``sh:or``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``,
``sh:property`` and ``sh:sparql`` (SELECT, with ``sh:prefixes``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from oxrdflib._converter import to_ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from claimgraph.errors import ClaimgraphError

__all__ = ["CompiledShapes", "Result", "ShapeEngineError", "compile_shapes", "fast_results"]

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
    sparql: list[SparqlCheck] = field(default_factory=list)
    _plan: list[tuple[int, Node, Node]] | None = field(default=None, repr=False, compare=False)

    def plan(self) -> list[tuple[int, Node, Node]]:
        """The supported parameters as ``(code, parameter, value)``, in ``params`` order."""
        if self._plan is None:
            self._plan = [
                (_CODES[p], p, arg)
                for p, args in self.params.items()
                if p in _CODES
                for arg in args
            ]
        return self._plan


@dataclass(frozen=True)
class CompiledShapes:
    """The shapes graph, compiled: the shapes that have targets."""

    targeted: tuple[Shape, ...]

    def sparql_predicates(self) -> frozenset[str] | None:
        """The predicates any SPARQL constraint can match (``None``: any predicate at all)."""
        found: set[str] = set()
        seen: set[int] = set()
        todo = list(self.targeted)
        while todo:
            shape = todo.pop()
            if id(shape) in seen:
                continue
            seen.add(id(shape))
            for check in shape.sparql:
                if check.predicates is None:
                    return None
                found |= check.predicates
            todo += shape.properties + shape.node_refs + [q for q, _ in shape.qualified]
            todo += [m for members in shape.or_lists for m in members]
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


def _query_predicates(query: str) -> frozenset[str] | None:
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
def _shipped() -> CompiledShapes:
    from claimgraph.graph.validation import shapes_graph

    return compile_shapes(shapes_graph())


# ---------------------------------------------------------------------- data
class _Data:
    """An index of one small graph: subject -> predicate -> objects, and types."""

    def __init__(
        self,
        triples: Iterable[tuple[Node, Node, Node]],
        lines: list[str] | None = None,
        predicates: frozenset[str] | None = None,
    ) -> None:
        self.triples = list(triples)
        self.lines = lines
        self.predicates = predicates  # the only ones the SPARQL constraints can see
        self.spo: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
        self.by_pred: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in self.triples:
            self.spo[s][p].append(o)
            self.by_pred[p].append((s, o))
        self._store: ox.Store | None = None
        self._sub: dict[Node, set[Node]] = {}

    def objects(self, s: Node, p: Node) -> list[Node]:
        row = self.spo.get(s)
        return row.get(p, []) if row is not None else []

    def subclasses(self, cls: Node) -> set[Node]:
        if cls not in self._sub:
            out, todo = {cls}, [cls]
            while todo:
                c = todo.pop()
                for s, o in self.by_pred.get(RDFS.subClassOf, []):
                    if o == c and s not in out:
                        out.add(s)
                        todo.append(s)
            self._sub[cls] = out
        return self._sub[cls]

    def is_instance(self, node: Node, cls: Node) -> bool:
        subs = self.subclasses(cls)
        return any(t in subs for t in self.objects(node, _TYPE))

    def instances(self, cls: Node) -> set[Node]:
        subs = self.subclasses(cls)
        return {s for s, o in self.by_pred.get(RDF.type, []) if o in subs}

    def store(self) -> ox.Store:
        if self._store is None and self.lines is not None:
            # the graph's own N-Triples lines, parsed by Oxigraph: much cheaper than term by term
            self._store = ox.Store()
            lines = self.lines
            if self.predicates is not None:  # "<s> <p> o": no space inside an IRI
                wanted = {f"<{p}>" for p in self.predicates}
                lines = [line for line in lines if line.split(" ", 2)[1] in wanted]
            text = "".join(f"{line} .\n" for line in lines)
            self._store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
        if self._store is None:
            self._store = ox.Store()
            memo: dict[Node, Any] = {}

            def conv(t: Node) -> Any:
                if t not in memo:
                    memo[t] = to_ox(t)
                return memo[t]

            self._store.extend(
                ox.Quad(conv(s), conv(p), conv(o))
                for s, p, o in self.triples
                if self.predicates is None or str(p) in self.predicates
            )
        return self._store


def _focus_nodes(shape: Shape, data: _Data) -> set[Node]:
    out: set[Node] = set()
    for kind, value in shape.targets:
        if kind == SH.targetClass:
            out |= data.instances(value)
        elif kind == SH.targetNode:
            out.add(value)
        elif kind == SH.targetSubjectsOf:
            out |= {s for s, _ in data.by_pred.get(value, [])}
        else:
            out |= {o for _, o in data.by_pred.get(value, [])}
    return out


# ---------------------------------------------------------------------- evaluating
def _literal_ok(v: Node, datatype: Node) -> bool:
    if not isinstance(v, Literal) or getattr(v, "ill_typed", False):
        return False
    if v.language:
        return datatype == _LANG_STRING
    return (v.datatype or _XSD_STRING) == datatype


def _less(a: Node, b: Node) -> bool:
    return _compare(a, b, lambda x, y: bool(x < y))


def _compare(a: Node, b: Node, op: Callable[[Any, Any], bool]) -> bool:
    """``op`` on the literals' values; ``False`` when they are not comparable."""
    if not (isinstance(a, Literal) and isinstance(b, Literal)):
        return False
    try:
        return op(a.toPython(), b.toPython())
    except TypeError:
        return False


_RANGES: dict[Node, tuple[str, Callable[[Any, Any], bool]]] = {
    SH.minInclusive: ("MinInclusiveConstraintComponent", lambda v, a: bool(v >= a)),
    SH.maxInclusive: ("MaxInclusiveConstraintComponent", lambda v, a: bool(v <= a)),
    SH.minExclusive: ("MinExclusiveConstraintComponent", lambda v, a: bool(v > a)),
    SH.maxExclusive: ("MaxExclusiveConstraintComponent", lambda v, a: bool(v < a)),
}
_KINDS: dict[Node, tuple[type, ...]] = {
    SH.IRI: (URIRef,),
    SH.BlankNode: (BNode,),
    SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef),
    SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}


(
    _C_MIN_COUNT,
    _C_MAX_COUNT,
    _C_HAS_VALUE,
    _C_CLASS,
    _C_DATATYPE,
    _C_MIN_LENGTH,
    _C_RANGE,
    _C_MAX_LENGTH,
    _C_PATTERN,
    _C_NODE_KIND,
    _C_LESS_THAN,
) = range(11)
_CODES: dict[Node, int] = {
    _MIN_COUNT: _C_MIN_COUNT,
    _MAX_COUNT: _C_MAX_COUNT,
    _HAS_VALUE: _C_HAS_VALUE,
    _CLASS: _C_CLASS,
    _DATATYPE: _C_DATATYPE,
    _MIN_LENGTH: _C_MIN_LENGTH,
    **{r: _C_RANGE for r in _RANGES},
    _MAX_LENGTH: _C_MAX_LENGTH,
    _PATTERN: _C_PATTERN,
    _NODE_KIND: _C_NODE_KIND,
    _LESS_THAN: _C_LESS_THAN,
}


class _Checker:
    def __init__(self, data: _Data) -> None:
        self.data = data

    def conforms(self, shape: Shape, node: Node) -> bool:
        return next(iter(self.results(shape, [node])), None) is None

    def results(self, shape: Shape, focus: Iterable[Node]) -> Iterator[Result]:
        nodes = focus if isinstance(focus, list) and len(focus) == 1 else sorted(focus, key=str)
        for f in nodes:
            values = self.data.objects(f, shape.path) if shape.path is not None else [f]
            yield from self._value_checks(shape, f, values)
            for prop in shape.properties:
                for v in values:
                    yield from self.results(prop, [v])
        for check in shape.sparql:
            yield from self._sparql(shape, check, nodes)

    def _result(self, shape: Shape, focus: Node, component: str, default: str) -> Result:
        return Result(focus, _C + component, shape.node, shape.path, shape.message or default)

    def _value_checks(self, shape: Shape, f: Node, values: list[Node]) -> Iterator[Result]:
        for code, p, arg in shape.plan():
            yield from self._param(shape, f, values, code, p, arg)
        for ref in shape.node_refs:
            for v in values:
                # pyshacl reports the nested results (sh:detail) as validation results too
                nested = list(self.results(ref, [v]))
                if nested:
                    yield self._result(shape, f, "NodeConstraintComponent", f"{v} fails {ref.node}")
                    yield from nested
        for members in shape.or_lists:
            for v in values:
                if not any(self.conforms(m, v) for m in members):
                    yield self._result(shape, f, "OrConstraintComponent", f"{v} fails every sh:or")
        for qshape, low in shape.qualified:
            if sum(1 for v in values if self.conforms(qshape, v)) < low:
                yield self._result(
                    shape, f, "QualifiedMinCountConstraintComponent", "too few qualified values"
                )

    def _param(
        self, shape: Shape, f: Node, values: list[Node], code: int, p: Node, arg: Node
    ) -> Iterator[Result]:
        # ``code`` is ``_CODES[p]``: small ints compare much faster than rdflib terms
        d = self.data
        if code == _C_MIN_COUNT:
            if len(set(values)) < int(arg):  # type: ignore[call-overload]
                yield self._result(
                    shape, f, "MinCountConstraintComponent", f"fewer than {arg} values"
                )
        elif code == _C_MAX_COUNT:
            if len(set(values)) > int(arg):  # type: ignore[call-overload]
                yield self._result(
                    shape, f, "MaxCountConstraintComponent", f"more than {arg} values"
                )
        elif code == _C_HAS_VALUE:
            if arg not in values:
                yield self._result(shape, f, "HasValueConstraintComponent", f"no value {arg}")
        elif code == _C_CLASS:
            for v in values:
                if not d.is_instance(v, arg):
                    yield self._result(shape, f, "ClassConstraintComponent", f"{v} is not a {arg}")
        elif code == _C_DATATYPE:
            for v in values:
                if not _literal_ok(v, arg):
                    yield self._result(shape, f, "DatatypeConstraintComponent", f"{v} not {arg}")
        elif code == _C_MIN_LENGTH:
            for v in values:
                if isinstance(v, BNode) or len(str(v)) < int(arg):  # type: ignore[call-overload]
                    yield self._result(shape, f, "MinLengthConstraintComponent", "too short")
        elif code == _C_RANGE:
            name, op = _RANGES[p]
            for v in values:
                if not _compare(v, arg, op):
                    yield self._result(shape, f, name, f"{v} is out of range ({arg})")
        elif code == _C_MAX_LENGTH:
            for v in values:
                if isinstance(v, BNode) or len(str(v)) > int(arg):  # type: ignore[call-overload]
                    yield self._result(shape, f, "MaxLengthConstraintComponent", "too long")
        elif code == _C_PATTERN:
            yield from self._pattern(shape, f, values, str(arg))
        elif code == _C_NODE_KIND:
            for v in values:
                if not isinstance(v, _KINDS.get(arg, ())):
                    yield self._result(shape, f, "NodeKindConstraintComponent", f"{v} not {arg}")
        elif code == _C_LESS_THAN:
            others = d.objects(f, arg)
            for v in values:
                if any(not _less(v, w) for w in others):
                    yield self._result(shape, f, "LessThanConstraintComponent", f"{v} not less")

    def _pattern(self, shape: Shape, f: Node, values: list[Node], pattern: str) -> Iterator[Result]:
        flags = "".join(str(x) for x in shape.params.get(_FLAGS, []))
        rx = re.compile(pattern, re.IGNORECASE if "i" in flags else 0)
        for v in values:
            if isinstance(v, BNode) or rx.search(str(v)) is None:
                yield self._result(shape, f, "PatternConstraintComponent", f"{v} !~ {pattern}")

    def _sparql(self, shape: Shape, check: SparqlCheck, nodes: list[Node]) -> Iterator[Result]:
        if not nodes:
            return
        rows = _run_sparql(self.data.store(), check.query, nodes)
        for row in rows:
            focus = row.get("this")
            if focus is None:
                continue
            msg = _fill(check.message, row) if check.message else shape.message
            yield Result(focus, _C + "SPARQLConstraintComponent", shape.node, None, msg or "")


def _run_sparql(store: ox.Store, query: str, nodes: list[Node]) -> list[dict[str, Node]]:
    from oxrdflib._converter import from_ox

    values = " ".join(str(to_ox(n)) for n in nodes)
    head = _WHERE.search(query)
    if head is None:
        raise ShapeEngineError(f"SPARQL constraint has no WHERE {{ ... }} group: {query}")
    text = f"{query[: head.end()]} VALUES $this {{ {values} }} {query[head.end() :]}"
    result = store.query(text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    out: list[dict[str, Node]] = []
    for sol in result:
        row = {n: from_ox(t) for n, t in zip(names, sol, strict=True) if t is not None}
        out.append({n: t for n, t in row.items() if isinstance(t, Node)})
    return out


def _fill(template: str, row: dict[str, Node]) -> str:
    return _VAR_TEMPLATE.sub(lambda m: str(row.get(m.group(1), m.group(0))), template)


def fast_results(
    triples: Iterable[tuple[Node, Node, Node]],
    shapes: CompiledShapes | None = None,
    *,
    lines: list[str] | None = None,
) -> list[Result]:
    """Validate triples against compiled shapes (the shipped shapes by default).

    Args:
        triples: the data graph (an rdflib :class:`Graph` works).
        shapes: compiled shapes from :func:`compile_shapes`.
        lines: the same triples as N-Triples lines without the final dot
            (:func:`~claimgraph.graph.backend.nt_lines`), if already made: the SPARQL-based
            constraints then load them instead of converting the triples.

    Returns:
        Every validation result, in a stable order.
    """
    compiled = shapes if shapes is not None else _shipped()
    checker = _Checker(_Data(triples, lines, compiled.sparql_predicates()))
    out: list[Result] = []
    for shape in compiled.targeted:
        out.extend(checker.results(shape, _focus_nodes(shape, checker.data)))
    return out
