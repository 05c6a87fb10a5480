"""SHACL validation of one article's graph against claimgraph's shapes (pyshacl).

Validation sees only the article's own graph: every article graph is self-contained, so the cost
depends on the article, not on the size of the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from claimgraph.errors import InputError
from claimgraph.graph.shacl._shapes import shapes_graph

__all__ = [
    "ValidationReport",
    "Violation",
    "shapes_graph",
    "validate_graph",
    "validate_lines",
    "validate_triples",
]


@dataclass(frozen=True)
class Violation:
    """One failed constraint.

    Attributes:
        focus: the node that failed (a claim, an evidence span, an article...).
        component: the SHACL constraint component IRI (``sh:MinCountConstraintComponent``...).
        shape: the shape that failed.
        path: the property path, if the constraint is on a property.
        message: a plain-words explanation.
    """

    focus: str
    component: str
    shape: str
    path: str | None
    message: str

    def __str__(self) -> str:
        where = f" ({_short(self.path)})" if self.path else ""
        return f"{_short(self.focus)}{where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a graph: ``conforms`` and the violations."""

    conforms: bool
    violations: tuple[Violation, ...]

    def __bool__(self) -> bool:
        return self.conforms


def _short(iri: str) -> str:
    for ns, prefix in (
        ("https://w3id.org/claimgraph/id/", "cgid:"),
        ("https://w3id.org/claimgraph/ns#", "cg:"),
        ("https://schema.org/", "schema:"),
        ("http://www.w3.org/ns/prov#", "prov:"),
        ("http://www.w3.org/ns/oa#", "oa:"),
    ):
        if iri.startswith(ns):
            return prefix + iri[len(ns) :]
    return iri


def _violations(report: Graph) -> list[Violation]:
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        component = report.value(result, SH.sourceConstraintComponent)
        out.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                component=str(component),
                shape=str(report.value(result, SH.sourceShape)),
                path=str(path) if isinstance(path, URIRef) else None,
                message=str(message) if message is not None else _short(str(component)),
            )
        )
    return sorted(out, key=lambda v: (v.focus, v.component, v.message))


def validate_graph(
    graph: Graph, *, extra: Graph | None = None, engine: str = "fast"
) -> ValidationReport:
    """Validate one article's graph against the shapes.

    Args:
        graph: the article's graph.
        extra: optional facts the graph relies on (e.g. curated entity types).
        engine: ``"fast"`` (the default: :mod:`claimgraph.graph.shacl._fast`, the same checks
            in milliseconds) or ``"pyshacl"`` (the reference SHACL engine, ~0.5 s per article).

    Returns:
        A :class:`ValidationReport`; ``bool(report)`` is ``report.conforms``.

    Raises:
        InputError: ``engine`` is not one of the two names.
    """
    data: Graph = graph
    if extra is not None:
        data = Graph()
        for triple in graph:
            data.add(triple)
        for triple in extra:
            data.add(triple)
    if engine == "fast":
        return _fast_report(data)
    if engine != "pyshacl":
        raise InputError(repr(engine), "unknown validation engine; use 'fast' or 'pyshacl'")
    from pyshacl import validate as shacl_validate  # only here: it loads rdflib's SPARQL engine

    conforms, report, _ = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        allow_warnings=True,
        advanced=True,
    )
    assert isinstance(report, Graph)
    violations = _violations(report)
    return ValidationReport(
        conforms=bool(conforms) and not violations, violations=tuple(violations)
    )


def validate_lines(lines: list[str]) -> ValidationReport:
    """Validate one article's graph given as N-Triples lines (no final dot) with the fast engine.

    Returns:
        The same report as :func:`validate_graph` on a graph of these lines.
    """
    return _fast_report(None, lines)


def validate_triples(
    triples: Iterable[tuple[Node, Node, Node]], *, lines: list[str] | None = None
) -> ValidationReport:
    """Validate one article's triples (no rdflib Graph needed) with the fast engine.

    Args:
        triples: the article's triples, without duplicates.
        lines: the same triples as N-Triples lines (:func:`~claimgraph.loaders._ntwrite.nt_lines`),
            if already made; they are reused for the SPARQL-based constraints.

    Returns:
        The same report as :func:`validate_graph` on a graph of these triples.
    """
    return _fast_report(triples, lines)


def _fast_report(
    data: Iterable[tuple[Node, Node, Node]] | None, lines: list[str] | None = None
) -> ValidationReport:
    from claimgraph.graph.shacl._fast import fast_results

    violations = sorted(
        (
            Violation(
                focus=str(r.focus),
                component=r.component,
                shape=str(r.shape),
                path=str(r.path) if r.path is not None else None,
                message=r.message or _short(r.component),
            )
            for r in fast_results(data, lines=lines)
        ),
        key=lambda v: (v.focus, v.component, v.message),
    )
    return ValidationReport(conforms=not violations, violations=tuple(violations))


def focus_nodes(report: ValidationReport) -> set[tuple[Node, str]]:
    """The (focus node, constraint component) pairs of a report, for tests and tooling."""
    return {(URIRef(v.focus), v.component) for v in report.violations}
