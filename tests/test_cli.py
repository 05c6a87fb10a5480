"""The command line end to end, on text written for the tests and on the bundled seed article."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.graph.store._kg import KnowledgeGraph

runner = CliRunner()

STORY = (
    "---\nid: bridge-1\npublisher: Harbour Times\n---\n"
    "Mayor Lena Ortiz said on Tuesday that the old bridge would reopen in May.\n"
    '"We have fixed every cable," Ortiz told reporters.\n'
)


@pytest.fixture
def story(tmp_path: Path) -> Path:
    p = tmp_path / "bridge.txt"
    p.write_text(STORY, encoding="utf-8")
    return p


def test_ingest_validate_query_export(tmp_path: Path, story: Path) -> None:
    store = str(tmp_path / "store")
    r = runner.invoke(app, ["ingest", str(story), "--store", store])
    assert r.exit_code == 0, r.output
    assert "1 added" in r.output

    r = runner.invoke(app, ["ingest", str(story), "--store", store])
    assert r.exit_code == 0 and "1 unchanged" in r.output

    r = runner.invoke(app, ["validate", "--store", store])
    assert r.exit_code == 0 and "1 of 1" in r.output

    r = runner.invoke(app, ["query", "who-said-what", "--store", store, "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    speakers = {row["speakerName"] for row in rows}
    assert "Lena Ortiz" in speakers
    assert any("bridge would reopen in May" in row["text"] for row in rows)

    out = tmp_path / "g.nq"
    r = runner.invoke(app, ["export", "-o", str(out), "--store", store])
    assert r.exit_code == 0, r.output
    assert "Lena Ortiz" in out.read_text(encoding="utf-8")

    r = runner.invoke(app, ["stats", "--store", store, "--json"])
    assert r.exit_code == 0
    assert json.loads(r.stdout)["articles"] == 1


def test_extract_writes_the_prediction_format(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "x1", "text": STORY.split("---\n")[-1]}) + "\n", encoding="utf-8"
    )
    pred = tmp_path / "p.jsonl"
    r = runner.invoke(app, ["extract", str(corpus), "--format", "jsonl", "-o", str(pred)])
    assert r.exit_code == 0, r.output
    rec = json.loads(pred.read_text(encoding="utf-8"))
    assert rec["id"] == "x1"
    assert {"claims", "entities", "ownership", "roles"} <= set(rec)
    names = {c["speaker"]["name"] for c in rec["claims"] if c["speaker"]}
    assert "Lena Ortiz" in names


def test_bad_usage_exits_2(tmp_path: Path, story: Path) -> None:
    store = str(tmp_path / "s")
    r = runner.invoke(app, ["query", "who-said-what", "--store", store])
    assert r.exit_code == 2
    assert "no store" in r.output
    assert runner.invoke(app, ["ingest", str(story), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["query", "no-such-query", "--store", store])
    assert r.exit_code == 2
    assert "no-such-query" in r.output


def test_demo_on_the_bundled_seed_article(tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = runner.invoke(app, ["demo", "--store", str(tmp_path / "s"), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "Simon Bailey" in r.output
    assert "1 of 1 article graph(s) conform" in r.output
    assert (out / "graph.trig").stat().st_size > 1000


def test_demo_indexes_a_store_an_older_version_wrote(tmp_path: Path) -> None:
    from claimgraph.graph.store._indexing import NAMES_GRAPH, TOTALS_GRAPH

    store, out = tmp_path / "s", tmp_path / "out"
    assert runner.invoke(app, ["demo", "--store", str(store), "--out", str(out)]).exit_code == 0
    with KnowledgeGraph.open(store) as kg:  # as a store written before the index existed
        kg.backend.run_update(f"DROP GRAPH <{NAMES_GRAPH}> ; DROP GRAPH <{TOTALS_GRAPH}>")
    r = runner.invoke(app, ["query", "said-by", "--param", "speaker=Bailey", "--store", str(store)])
    assert r.exit_code == 2 and "claimgraph index" in r.output
    r = runner.invoke(app, ["demo", "--store", str(store), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert "name index" in r.output
    r = runner.invoke(app, ["query", "said-by", "--param", "speaker=Bailey", "--store", str(store)])
    assert r.exit_code == 0 and "Bailey" in r.output, r.output
    r = runner.invoke(app, ["demo", "--store", str(store), "--out", str(out)])
    assert "name index" not in r.output  # once is enough


def test_brackets_in_quotes_and_inputs_are_printed_as_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """News quotes hold editors' brackets ("[the mayor]", "[sic]"): text, not rich markup."""
    from claimgraph.cli.app import out

    monkeypatch.setattr(out, "_width", 400)  # no cell wraps
    story = tmp_path / "odd [draft].txt"
    story.write_text(
        "---\nid: council-[2]\npublisher: Harbour Times\n---\n"
        '"They [the council] will decide [sic] on Friday [/]," Mayor Lena Ortiz said.\n',
        encoding="utf-8",
    )
    store = str(tmp_path / "store")
    r = runner.invoke(app, ["ingest", str(story), "--store", store])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["query", "who-said-what", "--store", store])
    assert r.exit_code == 0, r.output
    flat = r.output
    assert "[the council]" in flat and "[sic]" in flat and "[/]" in flat
    assert "council-[2]" in flat
    r = runner.invoke(app, ["query", "who-said-what", "--store", store, "--param", "[bold]"])
    assert r.exit_code == 2 and "'[bold]' is not key=value" in r.output, r.output


def test_every_command_uses_one_default_store_which_claimgraph_store_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``demo`` writes where ``stats``, ``query`` and ``view`` read when no --store is given."""
    from typer.testing import CliRunner

    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--out", "out"]).exit_code == 0
    assert (tmp_path / "claimgraph-store").is_dir()
    stats = runner.invoke(app, ["stats"])
    assert stats.exit_code == 0 and "articles" in stats.output
    assert runner.invoke(app, ["view", "-o", "v.html"]).exit_code == 0
    assert (tmp_path / "v.html").stat().st_size > 0
    monkeypatch.setenv("CLAIMGRAPH_STORE", str(tmp_path / "other"))
    assert runner.invoke(app, ["demo", "--out", "out2"]).exit_code == 0
    assert (tmp_path / "other").is_dir()


def test_version_is_the_packages() -> None:
    from importlib.metadata import version

    from typer.testing import CliRunner

    got = CliRunner().invoke(app, ["--version"])
    assert got.exit_code == 0
    assert got.output.strip() == f"claimgraph {version('claimgraph')}"
