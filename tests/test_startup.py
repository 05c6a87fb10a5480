"""What a process loads before its first article: little, and nothing it does not use.

``import claimgraph`` and the command line load names on first use; an ingestion worker loads
neither pyshacl nor rdflib's SPARQL engine, because the shipped shapes' SPARQL predicates come
from ``claimgraph/ontology/shapes-predicates.json``, which must match a fresh parse.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import claimgraph
from claimgraph.graph.shacl import _compile as shaclcompile
from claimgraph.graph.shacl._compile import (
    PREDICATE_TABLE,
    compile_shapes,
    predicate_table,
    query_key,
    write_predicate_table,
)
from claimgraph.graph.shacl._validation import shapes_graph

HEAVY = ("spacy", "networkx", "pyshacl", "rdflib", "rdflib.plugins.sparql", "oxrdflib", "typer")


def _loaded_after(code: str) -> set[str]:
    """The HEAVY modules a fresh interpreter has loaded after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(done.stdout.split())


def test_import_claimgraph_loads_no_heavy_library() -> None:
    assert _loaded_after("import claimgraph") == set()


def test_a_public_name_loads_its_module_on_first_use() -> None:
    loaded = _loaded_after("import claimgraph\nclaimgraph.KnowledgeGraph.memory()")
    assert "rdflib" in loaded
    assert loaded.isdisjoint({"spacy", "networkx", "pyshacl", "rdflib.plugins.sparql"})


def _cli(*args: str) -> str:
    return (
        "from typer.testing import CliRunner\nfrom claimgraph.cli import app\n"
        f"r = CliRunner().invoke(app, {list(args)!r})\nassert r.exit_code == 0, r.output\n"
    )


def test_the_command_line_help_loads_no_library() -> None:
    assert _loaded_after(_cli("--help")) == {"typer"}


def test_a_command_loads_only_what_it_runs(tmp_path: Path) -> None:
    assert _loaded_after(_cli("queries")) == {"typer", "rdflib"}
    with claimgraph.KnowledgeGraph.open(tmp_path / "s"):
        pass  # an empty store on disk
    stats = _loaded_after(_cli("stats", "--store", str(tmp_path / "s")))
    assert stats.isdisjoint({"spacy", "networkx", "pyshacl"})


def test_public_names_are_the_defining_modules_objects() -> None:
    from claimgraph.graph.store._kg import KnowledgeGraph
    from claimgraph.ingestion._pipeline import ingest

    assert claimgraph.KnowledgeGraph is KnowledgeGraph
    assert claimgraph.ingest is ingest
    assert set(claimgraph.__all__) <= set(dir(claimgraph))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="'KnowledgeGrpah'"):
        _ = claimgraph.KnowledgeGrpah


def test_a_worker_validates_without_pyshacl_or_the_sparql_parser() -> None:
    code = (
        "from claimgraph.ingestion._parallel import _prepare_one\n"
        "from tests.builders import harbour_extraction\n"
        'p = _prepare_one(harbour_extraction(), True, "digest")\n'
        "assert p.payload is not None and not p.violations, p\n"
    )
    assert _loaded_after(code) == {"rdflib"}


def test_the_shipped_predicate_table_is_up_to_date() -> None:
    path = resources.files("claimgraph.ontology").joinpath(PREDICATE_TABLE)
    shipped = json.loads(path.read_text("utf-8"))
    assert shipped == predicate_table(shapes_graph()), (
        "claimgraph/ontology/shapes-predicates.json is out of date: run `make shapes-table`"
    )
    assert len(shipped) == len(compile_shapes(shapes_graph()).sparql_checks()) > 0


def test_shipped_queries_are_looked_up_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(query: str) -> None:
        raise AssertionError(f"parsed {query[-60:]!r}")

    monkeypatch.setattr(shaclcompile, "parse_query_predicates", refuse)
    checks = compile_shapes(shapes_graph()).sparql_checks()
    assert all(c.predicates for c in checks)


def test_a_query_not_in_the_table_is_parsed() -> None:
    query = "PREFIX ex: <https://example.org/>\nSELECT $this WHERE { $this ex:zz ?o }"
    assert query_key(query) not in shaclcompile._table()
    assert shaclcompile._query_predicates(query) == frozenset({"https://example.org/zz"})


def test_writing_the_table_writes_what_a_parse_finds(tmp_path: Path) -> None:
    target = write_predicate_table(tmp_path / "t.json")
    assert json.loads(target.read_text("utf-8")) == predicate_table(shapes_graph())
