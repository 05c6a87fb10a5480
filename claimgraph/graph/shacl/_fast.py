"""A fast SHACL engine for claimgraph's shapes: the same checks as pyshacl, in milliseconds.

pyshacl needs about half a second for one article's graph, several times the cost of extracting the
article with spaCy. This engine reads the same shapes graph (``shapes.ttl``, compiled by
:mod:`claimgraph.graph.shacl._compile`) and evaluates the SHACL Core features the shapes use in
plain Python over an index of the article's N-Triples lines (terms stay N-Triples text; a literal
is parsed only when a check needs its value), and the SPARQL-based constraints (``sh:sparql``) with
Oxigraph on a small in-memory store holding the article's triples those queries can see. It
reports the same (focus node, constraint component) pairs as pyshacl; the tests check that on a
set of broken graphs. A shape using a feature outside the supported set makes it refuse to run
(:class:`ShapeEngineError`) rather than skip the check.

Supported: targets ``sh:targetClass`` (with ``rdfs:subClassOf`` in the data),
``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``; predicate paths;
``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:minCount``, ``sh:maxCount``,
``sh:minLength``, ``sh:maxLength``, ``sh:pattern`` (``sh:flags``), ``sh:minInclusive``,
``sh:maxInclusive``, ``sh:minExclusive``, ``sh:maxExclusive``, ``sh:hasValue``, ``sh:lessThan``,
``sh:in``, ``sh:node``, ``sh:or``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``,
``sh:property`` and ``sh:sparql`` (SELECT, with ``sh:prefixes``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from claimgraph.graph.shacl._compile import (
    C_CLASS,
    C_DATATYPE,
    C_HAS_VALUE,
    C_LESS_THAN,
    C_MAX_COUNT,
    C_MAX_LENGTH,
    C_MIN_COUNT,
    C_MIN_LENGTH,
    C_NODE_KIND,
    C_PATTERN,
    C_RANGE,
    KINDS,
    RANGES,
    CompiledShapes,
    Result,
    Shape,
    ShapeEngineError,
    SparqlCheck,
    compile_shapes,
    shipped,
)
from claimgraph.graph.shacl._fastterms import data_lines, skolem, skolem_line, unskolem
from claimgraph.graph.shacl._ntterms import NTriplesTerms, literal_parts
from claimgraph.loaders._oxterms import to_ox

__all__ = ["CompiledShapes", "Result", "ShapeEngineError", "compile_shapes", "fast_results"]

_C = str(SH)
_FLAGS = SH.flags
_TYPE = f"<{RDF.type}>"
_SUBCLASS = f"<{RDFS.subClassOf}>"
_XSD_STRING = str(XSD.string)
_LANG_STRING = str(RDF.langString)
_XSD_INTEGER = str(XSD.integer)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_MIN, _MAX = "MinCountConstraintComponent", "MaxCountConstraintComponent"
_VAR_TEMPLATE = re.compile(r"\{[?$](\w+)\}")
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)

Step = tuple[int, Node, Any]
"""One compiled parameter: its code, the parameter and its argument made ready for N-Triples."""


def _nt(term: Node) -> str:
    """The N-Triples text of a term of the shapes graph."""
    return str(to_ox(term))


def _ready(code: int, p: Node, arg: Node) -> Any:
    """A parameter's argument in the form its check uses (ints, N-Triples text, regexes)."""
    if code in (C_MIN_COUNT, C_MAX_COUNT, C_MIN_LENGTH, C_MAX_LENGTH):
        return int(arg)  # type: ignore[call-overload]
    if code in (C_HAS_VALUE, C_CLASS, C_LESS_THAN):
        return _nt(arg)
    if code == C_DATATYPE:
        return str(arg)
    if code == C_NODE_KIND:
        return KINDS.get(arg, ""), arg
    if code == C_RANGE:
        name, op = RANGES[p]
        return name, op, arg
    return arg


def _steps(shape: Shape) -> tuple[str | None, list[Step]]:
    """The shape's path as N-Triples text and its parameters as checks on N-Triples text (made
    once per shape)."""
    found = shape.__dict__.get("_nt_steps")
    if found is None:
        path = _nt(shape.path) if shape.path is not None else None
        found = path, [(code, p, _ready(code, p, arg)) for code, p, arg in shape.plan()]
        shape.__dict__["_nt_steps"] = found
    return found


class _Data:
    """An index of one small graph given as N-Triples lines: subject -> predicate -> objects."""

    def __init__(
        self,
        lines: list[str],
        predicates: frozenset[str] | None = None,
        pair_predicates: frozenset[str] = frozenset(),
        aliases: dict[str, Node] | None = None,
    ) -> None:
        """Index ``lines``.

        Args:
            lines: the graph's N-Triples lines (without the final dot).
            predicates: the predicates the SPARQL constraints can see (``None``: any).
            pair_predicates: the predicates (as N-Triples text) whose (subject, object) pairs
                targets and class checks look up by predicate (``rdf:type`` is always one).
            aliases: stand-in texts of invalid IRIs and the IRIs they stand for
                (:func:`~claimgraph.graph.shacl._fastterms.data_lines`).
        """
        self.spo: dict[str, dict[str, list[str]]] = {}
        self.by_pred: dict[str, list[tuple[str, str]]] = {}
        # the lines the SPARQL constraints can see (only their predicates, when known)
        wanted = {f"<{p}>" for p in predicates} if predicates is not None else None
        self.sparql_lines = lines if wanted is None else []
        paired = pair_predicates | {_TYPE, _SUBCLASS}
        spo, by_pred, seen = self.spo, self.by_pred, self.sparql_lines
        row: dict[str, list[str]] = {}
        last = ""
        for line in dict.fromkeys(lines):  # each triple once: its objects are distinct values
            s, p, o = line.split(" ", 2)  # no space inside an IRI or a blank node label
            if wanted is not None and p in wanted:
                seen.append(line)
            if s != last:  # lines come sorted, so a subject's lines are usually together
                row = spo.setdefault(s, {})
                last = s
            objs = row.get(p)
            if objs is None:
                row[p] = [o]
            else:
                objs.append(o)
            if p in paired:
                by_pred.setdefault(p, []).append((s, o))
        self.terms = NTriplesTerms()
        self.aliases = aliases or {}
        for text, term in self.aliases.items():
            self.terms.alias(text, term)
        self.values: dict[str, Any] = {}  # literal text -> its Python value
        self._store: ox.Store | None = None
        self._sub: dict[str, set[str]] = {}
        self._instance: dict[tuple[str, str], bool] = {}

    def objects(self, s: str, p: str) -> list[str]:
        row = self.spo.get(s)
        return row.get(p, []) if row is not None else []

    def subclasses(self, cls: str) -> set[str]:
        found = self._sub.get(cls)
        if found is None:
            found, todo = {cls}, [cls]
            pairs = self.by_pred.get(_SUBCLASS, [])
            while todo:
                c = todo.pop()
                for s, o in pairs:
                    if o == c and s not in found:
                        found.add(s)
                        todo.append(s)
            self._sub[cls] = found
        return found

    def is_instance(self, node: str, cls: str) -> bool:
        key = (node, cls)
        found = self._instance.get(key)
        if found is None:  # many values share a node (every span's article, say): look up once
            subs = self.subclasses(cls)
            found = any(t in subs for t in self.objects(node, _TYPE))
            self._instance[key] = found
        return found

    def instances(self, cls: str) -> set[str]:
        subs = self.subclasses(cls)
        return {s for s, o in self.by_pred.get(_TYPE, []) if o in subs}

    def node(self, text: str) -> Node:
        """The rdflib term of an N-Triples text (for results and literal values)."""
        term = self.terms.node(text)
        assert term is not None
        return term

    def store(self) -> ox.Store:
        if self._store is None:
            # the graph's own N-Triples lines, parsed by Oxigraph: much cheaper than term by
            # term; lenient (IRIs unchecked, ~3x faster): the store only answers the checks, and
            # an invalid IRI is refused when the graph is committed
            self._store = ox.Store()
            text = "".join(
                f"{skolem_line(*line.split(' ', 2)) if '_:' in line else line} .\n"
                for line in self.sparql_lines
            )
            self._store.load(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return self._store


def _pair_predicates(compiled: CompiledShapes) -> frozenset[str]:
    """The predicates whose pairs the targets look up (``sh:targetSubjectsOf``/``ObjectsOf``)."""
    found = compiled.__dict__.get("_pairs")
    if found is None:
        found = frozenset(
            _nt(value)
            for shape in compiled.targeted
            for kind, value in shape.targets
            if kind in (SH.targetSubjectsOf, SH.targetObjectsOf)
        )
        object.__setattr__(compiled, "_pairs", found)
    return found


def _focus_nodes(shape: Shape, data: _Data) -> set[str]:
    out: set[str] = set()
    for kind, value in shape.targets:
        if kind == SH.targetClass:
            out |= data.instances(_nt(value))
        elif kind == SH.targetNode:
            out.add(_nt(value))
        elif kind == SH.targetSubjectsOf:
            out |= {s for s, _ in data.by_pred.get(_nt(value), [])}
        else:
            out |= {o for _, o in data.by_pred.get(_nt(value), [])}
    return out


# ---------------------------------------------------------------------- values
def _literal_ok(d: _Data, v: str, datatype: str) -> bool:
    """Whether ``v`` is a well-formed literal of ``datatype`` (rdflib's reading of well-formed)."""
    if v[:1] != '"':
        return False
    parts = literal_parts(v)
    if parts is None:  # not a plain N-Triples literal: let rdflib decide
        term = d.node(v)
        if not isinstance(term, Literal) or getattr(term, "ill_typed", False):
            return False
        return str(term.datatype or _XSD_STRING) == datatype and not term.language
    lexical, language, dt = parts
    if language is not None:
        return datatype == _LANG_STRING
    if dt != datatype:
        return False
    if dt == _XSD_STRING or (dt == _XSD_INTEGER and _INTEGER.fullmatch(lexical)):
        return True  # well formed for rdflib too
    return not getattr(d.node(v), "ill_typed", False)


def _string(d: _Data, v: str) -> str | None:
    """The string value of an IRI or literal (``str()`` of its rdflib term); ``None`` for a
    blank node."""
    first = v[:1]
    if first == "<":
        alias = d.aliases.get(v) if d.aliases else None
        return v[1:-1] if alias is None else str(alias)
    if first == '"':
        parts = literal_parts(v)
        return parts[0] if parts is not None else str(d.node(v))
    return None


def _value(d: _Data, v: str) -> Any:
    """A literal's Python value (rdflib's ``toPython``); ``None`` when ``v`` is no literal."""
    try:
        return d.values[v]
    except KeyError:
        pass
    value: Any = None
    if v[:1] == '"':
        parts = literal_parts(v)
        if parts is not None and parts[2] == _XSD_INTEGER and _INTEGER.fullmatch(parts[0]):
            value = int(parts[0])
        else:
            term = d.node(v)
            value = term.toPython() if isinstance(term, Literal) else None
    d.values[v] = value
    return value


def _compare(a: Any, b: Any, op: Callable[[Any, Any], bool]) -> bool:
    """``op`` on two literal values; ``False`` when one is missing or they are not comparable."""
    if a is None or b is None:
        return False
    try:
        return op(a, b)
    except TypeError:
        return False


def _less(x: Any, y: Any) -> bool:
    return bool(x < y)


# ---------------------------------------------------------------------- evaluating
class _Checker:
    def __init__(self, data: _Data) -> None:
        self.data = data

    def conforms(self, shape: Shape, node: str) -> bool:
        out: list[Result] = []
        self.check(shape, [node], out)
        return not out

    def results(self, shape: Shape, focus: Iterable[str]) -> list[Result]:
        out: list[Result] = []
        self.check(shape, focus, out)
        return out

    def check(self, shape: Shape, focus: Iterable[str], out: list[Result]) -> None:
        """Append the results of ``shape`` on the ``focus`` nodes to ``out``.

        Each parameter is checked over all the focus nodes at once (one dispatch per parameter,
        not per node).
        """
        nodes = focus if isinstance(focus, list) and len(focus) == 1 else sorted(focus)
        path, steps = _steps(shape)
        if path is None:
            pairs = [(f, [f]) for f in nodes]
        else:
            objects = self.data.objects
            pairs = [(f, objects(f, path)) for f in nodes]
        for code, p, arg in steps:
            self._param(shape, pairs, code, p, arg, out)
        reached = [v for _, values in pairs for v in values]  # focus nodes of the properties
        if pairs and (shape.allowed or shape.node_refs or shape.or_lists or shape.qualified):
            self._nested(shape, pairs, reached, out)
        if shape.properties and reached:
            for prop in shape.properties:
                self.check(prop, reached, out)
        for check in shape.sparql:
            self._sparql(shape, check, nodes, out)

    def failing(self, shape: Shape, values: list[str]) -> set[str]:
        """The values that do not conform to ``shape``, found with one check of them all.

        Every failure of a value yields a result whose focus is that value, so only the values
        some result names are checked again, one by one, to be sure.
        """
        batch = self.results(shape, values) if values else []
        if not batch:
            return set()
        named = {r.focus for r in batch}
        node = self.data.node
        return {v for v in values if node(v) in named and not self.conforms(shape, v)}

    def _result(self, shape: Shape, focus: str, component: str, default: str) -> Result:
        return Result(
            self.data.node(focus),
            _C + component,
            shape.node,
            shape.path,
            shape.message or default,
        )

    def _nested(
        self,
        shape: Shape,
        pairs: list[tuple[str, list[str]]],
        values: list[str],
        out: list[Result],
    ) -> None:
        """``sh:in``, ``sh:node``, ``sh:or`` and qualified-count checks of each focus node's
        values."""
        for allowed in shape.allowed:
            for f, vals in pairs:
                for v in vals:
                    if v not in allowed:
                        out.append(self._result(shape, f, "InConstraintComponent", f"{v} not in"))
        for ref in shape.node_refs:
            bad = self.failing(ref, values)
            for f, vals in pairs:
                for v in vals:
                    if v in bad:  # pyshacl reports the nested results (sh:detail) too
                        out.append(
                            self._result(
                                shape, f, "NodeConstraintComponent", f"{v} fails {ref.node}"
                            )
                        )
                        out.extend(self.results(ref, [v]))
        for members in shape.or_lists:
            left = set(values)  # the values no member has accepted yet
            for m in members:
                left = self.failing(m, sorted(left)) if left else left
            for f, vals in pairs:
                for v in vals:
                    if v in left:
                        out.append(
                            self._result(
                                shape, f, "OrConstraintComponent", f"{v} fails every sh:or"
                            )
                        )
        for qshape, low in shape.qualified:
            bad = self.failing(qshape, values)
            for f, vals in pairs:
                if sum(1 for v in vals if v not in bad) < low:
                    out.append(
                        self._result(
                            shape,
                            f,
                            "QualifiedMinCountConstraintComponent",
                            "too few qualified values",
                        )
                    )

    def _param(
        self,
        shape: Shape,
        pairs: list[tuple[str, list[str]]],
        code: int,
        p: Node,
        arg: Any,
        out: list[Result],
    ) -> None:
        """One parameter's check of every (focus node, values) pair."""
        d = self.data
        add = out.append
        result = self._result
        if code == C_MIN_COUNT:  # values are distinct, so counting is len()
            for f, values in pairs:
                if len(values) < arg:
                    add(result(shape, f, _MIN, f"fewer than {arg} values"))
        elif code == C_MAX_COUNT:
            for f, values in pairs:
                if len(values) > arg:
                    add(result(shape, f, _MAX, f"more than {arg} values"))
        elif code == C_HAS_VALUE:
            for f, values in pairs:
                if arg not in values:
                    add(result(shape, f, "HasValueConstraintComponent", f"no value {arg}"))
        elif code == C_CLASS:
            instance = d.is_instance
            for f, values in pairs:
                for v in values:
                    if not instance(v, arg):
                        add(result(shape, f, "ClassConstraintComponent", f"{v} is not a {arg}"))
        elif code == C_DATATYPE:
            for f, values in pairs:
                for v in values:
                    if not _literal_ok(d, v, arg):
                        add(result(shape, f, "DatatypeConstraintComponent", f"{v} not {arg}"))
        elif code in (C_MIN_LENGTH, C_MAX_LENGTH):
            self._length(shape, pairs, code, arg, out)
        elif code == C_RANGE:
            name, op, bound = arg
            limit = bound.toPython() if isinstance(bound, Literal) else None
            for f, values in pairs:
                for v in values:
                    if not _compare(_value(d, v), limit, op):
                        add(result(shape, f, name, f"{v} is out of range ({bound})"))
        elif code == C_PATTERN:
            self._pattern(shape, pairs, str(arg), out)
        elif code == C_NODE_KIND:
            starts, kind = arg
            for f, values in pairs:
                for v in values:
                    if v[:1] not in starts:
                        add(result(shape, f, "NodeKindConstraintComponent", f"{v} not {kind}"))
        elif code == C_LESS_THAN:
            for f, values in pairs:
                others = d.objects(f, arg)
                for v in values:
                    if any(not _compare(_value(d, v), _value(d, w), _less) for w in others):
                        add(result(shape, f, "LessThanConstraintComponent", f"{v} not less"))

    def _length(
        self,
        shape: Shape,
        pairs: list[tuple[str, list[str]]],
        code: int,
        arg: int,
        out: list[Result],
    ) -> None:
        for f, values in pairs:
            for v in values:
                text = _string(self.data, v)
                if code == C_MIN_LENGTH and (text is None or len(text) < arg):
                    out.append(self._result(shape, f, "MinLengthConstraintComponent", "too short"))
                elif code == C_MAX_LENGTH and (text is None or len(text) > arg):
                    out.append(self._result(shape, f, "MaxLengthConstraintComponent", "too long"))

    def _pattern(
        self, shape: Shape, pairs: list[tuple[str, list[str]]], pattern: str, out: list[Result]
    ) -> None:
        flags = "".join(str(x) for x in shape.params.get(_FLAGS, []))
        rx = re.compile(pattern, re.IGNORECASE if "i" in flags else 0)
        for f, values in pairs:
            for v in values:
                text = _string(self.data, v)
                if text is None or rx.search(text) is None:
                    out.append(
                        self._result(shape, f, "PatternConstraintComponent", f"{v} !~ {pattern}")
                    )

    def _sparql(
        self, shape: Shape, check: SparqlCheck, nodes: list[str], out: list[Result]
    ) -> None:
        if not nodes:
            return
        for row in _run_sparql(self.data, check.query, nodes):
            focus = row.get("this")
            if focus is None:
                continue
            msg = _fill(check.message, row) if check.message else shape.message
            out.append(Result(focus, _C + "SPARQLConstraintComponent", shape.node, None, msg or ""))


def _run_sparql(data: _Data, query: str, nodes: list[str]) -> list[dict[str, Node]]:
    """The rows of a SPARQL constraint for the focus ``nodes`` (blank nodes as skolem IRIs in
    the query, and back again in the rows; stand-ins of invalid IRIs back to the IRIs)."""
    from claimgraph.loaders._oxterms import from_ox

    head = _WHERE.search(query)
    if head is None:
        raise ShapeEngineError(f"SPARQL constraint has no WHERE {{ ... }} group: {query}")
    values = " ".join(map(skolem, nodes))  # focus nodes are N-Triples terms already
    text = f"{query[: head.end()]} VALUES $this {{ {values} }} {query[head.end() :]}"
    result = data.store().query(text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    out: list[dict[str, Node]] = []
    for sol in result:
        row = {n: from_ox(t) for n, t in zip(names, sol, strict=True) if t is not None}
        out.append({n: _back(data, t) for n, t in row.items() if isinstance(t, Node)})
    return out


def _back(data: _Data, term: Node) -> Node:
    """A term of the constraints' store as the data graph has it."""
    term = unskolem(term)
    if data.aliases and isinstance(term, URIRef):
        return data.aliases.get(f"<{term}>", term)
    return term


def _fill(template: str, row: dict[str, Node]) -> str:
    return _VAR_TEMPLATE.sub(lambda m: str(row.get(m.group(1), m.group(0))), template)


def fast_results(
    triples: Iterable[tuple[Node, Node, Node]] | None = None,
    shapes: CompiledShapes | None = None,
    *,
    lines: list[str] | None = None,
) -> list[Result]:
    """Validate a graph against compiled shapes (the shipped shapes by default).

    Args:
        triples: the data graph (an rdflib :class:`Graph` works); not needed with ``lines``.
        shapes: compiled shapes from :func:`compile_shapes`.
        lines: the graph as N-Triples lines without the final dot
            (:func:`~claimgraph.loaders._ntwrite.nt_lines`), if already made; checked directly.

    Returns:
        Every validation result, in a stable order.
    """
    compiled = shapes if shapes is not None else shipped()
    aliases: dict[str, Node] = {}
    if lines is None:  # invalid IRIs get stand-ins here: the engine reports, the store refuses
        lines, aliases = data_lines(triples or ())
    data = _Data(lines, compiled.sparql_predicates(), _pair_predicates(compiled), aliases)
    checker = _Checker(data)
    out: list[Result] = []
    for shape in compiled.targeted:
        checker.check(shape, _focus_nodes(shape, checker.data), out)
    return out
