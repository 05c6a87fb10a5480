"""Query results: rows converted on first read give exactly what converting them at once gave."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from oxrdflib._converter import from_ox
from rdflib import Literal, URIRef

from claimgraph.graph.shacl._ntterms import NTriplesTerms
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.graph.store._results import QueryResult
from claimgraph.loaders._oxterms import python_value
from claimgraph.queries import list_queries
from tests.test_queries_builders import acts_extraction, load_three

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # rdflib on ill-typed literals
XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = [
    "string", "integer", "int", "long", "decimal", "double", "float", "boolean", "date",
    "dateTime", "gYear", "anyURI", "nonNegativeInteger",
]  # fmt: skip
LEXICAL = ["12", "012", "+7", "-0", " 5 ", "1_0", "abc", "", "1.5", "1.5E0", "true", "0",
           "2020-01-02", "2020-01-02T10:00:00Z", "Zoë 北京 🙂", 'a "quote"\n', "१२"]  # fmt: skip
XSD_STRING = URIRef(XSD + "string")
PARAMS = {"speaker": "Quinn", "entity": "Bluewave", "about": "ships"}


def _terms() -> list[object]:
    terms: list[object] = [ox.NamedNode("https://example.org/a?b=é"), ox.BlankNode("b1")]
    terms += [ox.Literal(text, language=lang) for text in LEXICAL for lang in ("en", "EN-gb")]
    terms += [ox.Literal(text) for text in LEXICAL]
    terms += [
        ox.Literal(text, datatype=ox.NamedNode(XSD + dt)) for text in LEXICAL for dt in DATATYPES
    ]
    terms += [ox.Literal("x", datatype=ox.NamedNode("https://example.org/dt"))]
    terms += [ox.Literal("x", language="en", direction=ox.BaseDirection.LTR)]
    iri = ox.NamedNode("https://example.org/p")
    terms += [ox.Triple(ox.BlankNode("s"), iri, ox.Literal('a "b"\n', language="en"))]
    terms += [ox.Triple(iri, iri, ox.Triple(iri, iri, ox.Literal("1")))]
    return terms


@pytest.fixture(scope="module")
def store() -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.memory() as kg:
        load_three(kg)
        kg.add(acts_extraction())  # a claim of another act than speech
        yield kg


def _eager(kg: KnowledgeGraph, sparql: str) -> QueryResult:
    """The query's result converted the old way: every term to rdflib at once."""
    res = kg.backend.store.query(sparql, use_default_graph_as_union=True)  # type: ignore[attr-defined]
    names = tuple(v.value for v in res.variables)
    return QueryResult(names, tuple(tuple(from_ox(t) for t in row) for row in res))


def _typed(values: list[dict[str, Any]]) -> list[list[tuple[str, type, Any]]]:
    return [[(k, type(v), v) for k, v in row.items()] for row in values]


@pytest.mark.parametrize("term", _terms(), ids=repr)
def test_plain_value_of_a_term_is_that_of_its_rdflib_term(term: object) -> None:
    expected = python_value(from_ox(term))  # type: ignore[arg-type]
    got = NTriplesTerms().value(str(term))
    assert type(got) is type(expected)
    assert got == expected


@pytest.mark.parametrize("term", _terms(), ids=repr)
def test_term_from_its_text_is_what_from_ox_makes(term: object) -> None:
    expected = from_ox(term)  # type: ignore[arg-type]
    got = NTriplesTerms().node(str(term))
    assert type(got) is type(expected)
    assert got == expected
    if isinstance(expected, Literal):
        assert isinstance(got, Literal)
        assert (got.language, got.datatype) == (expected.language, expected.datatype)


@given(st.text(), st.sampled_from([None, "en", "zh-hant-tw"]))
def test_any_string_survives_its_text(text: str, language: str | None) -> None:
    term = ox.Literal(text, language=language)
    got = NTriplesTerms().node(str(term))
    assert isinstance(got, Literal)
    assert str(got) == text
    assert (got.language, got.datatype) == (language, None if language else XSD_STRING)
    assert NTriplesTerms().value(str(term)) == text


def test_unbound_is_none() -> None:
    terms = NTriplesTerms()
    assert terms.node(str(None)) is None and terms.value(str(None)) is None


@given(st.text(max_size=12), st.sampled_from(DATATYPES))
def test_plain_value_of_any_lexical_form(text: str, datatype: str) -> None:
    term = ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))
    expected = python_value(from_ox(term))
    got = NTriplesTerms().value(str(term))
    assert type(got) is type(expected)
    assert got == expected or (got != got and expected != expected)  # NaN


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_query_rows_and_values_equal_eager_conversion(
    store: KnowledgeGraph, name: str
) -> None:
    from claimgraph.graph.store._kgread import _with_prefixes
    from claimgraph.queries import load_query
    from claimgraph.queries._binding import bind_values

    q = load_query(name)
    params = {p.name: PARAMS[p.name] for p in q.params if not p.optional}
    eager = _eager(store, _with_prefixes(bind_values(*q.render(params))))
    values_first = store.query(name, **params)
    assert len(values_first) == len(eager) > 0
    assert _typed(values_first.to_dicts()) == _typed(eager.to_dicts())
    assert values_first.column(eager.vars[0]) == eager.column(eager.vars[0])
    assert values_first.rows == eager.rows
    assert _typed(values_first.to_dicts()) == _typed(eager.to_dicts())  # after conversion too
    rows_first = store.query(name, **params)
    assert rows_first.rows == eager.rows
    assert rows_first == eager and hash(rows_first) == hash(eager)


def test_a_lazy_result_behaves_as_an_immutable_value(store: KnowledgeGraph) -> None:
    res = store.sparql("SELECT ?id ?n WHERE { ?a schema:identifier ?id } ORDER BY ?id LIMIT 2")
    assert res.vars == ("id", "n") and res.boolean is None
    assert len(res) == 2
    with pytest.raises(FrozenInstanceError):
        res.rows = ()  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        res.vars = ()  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(res))
    assert copy == res and copy.rows == res.rows
    assert all(row[1] is None for row in res.rows)
    assert isinstance(res.rows[0][0], Literal)
    assert repr(res).startswith("QueryResult(vars=('id', 'n'), rows=((rdflib.term.Literal(")
    assert res.to_csv().splitlines()[0] == "id,n"


def test_eager_results_keep_their_constructor_and_equality() -> None:
    a = QueryResult(("x",), ((URIRef("https://example.org/a"),), (None,)))
    b = QueryResult.from_rows(["x"], [[URIRef("https://example.org/a")], [None]])
    assert a == b and hash(a) == hash(b)
    assert a != QueryResult(("x",), ((None,),))
    assert a.to_dicts() == [{"x": "https://example.org/a"}, {"x": None}]
    assert QueryResult((), (), boolean=True).to_sparql_json() == '{"head": {}, "boolean": true}'


def test_a_dataframe_has_the_rows_and_without_pandas_the_error_names_the_extra(
    store: KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from claimgraph.errors import MissingDependencyError

    result = store.query("speakers")
    frame = result.to_dataframe()
    assert list(frame.columns) == list(result.vars)
    assert len(frame) == len(result.rows) > 0
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    with pytest.raises(MissingDependencyError, match=r"pip install 'claimgraph\[pandas\]'"):
        result.to_dataframe()
