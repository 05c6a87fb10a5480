"""Every export format written, read back and compared to the projection (or the store)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest
from rdflib import Dataset, Graph

from claimgraph.errors import InputError, UnknownFormatError
from claimgraph.graph.export._export import export_graph, render_graph
from claimgraph.graph.export._projection import ATTR_TYPES, project
from claimgraph.graph.export._writers import dot_quote, to_mermaid
from claimgraph.graph.store._formats import GraphFormat, export_format
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.test_queries_builders import load_three


@pytest.fixture(scope="module")
def store() -> Iterator[KnowledgeGraph]:
    with KnowledgeGraph.memory() as kg:
        yield load_three(kg)


@pytest.fixture(scope="module")
def graph(store: KnowledgeGraph) -> nx.MultiDiGraph:
    return project(store)


def edge_set(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(str(u), str(v), str(d["relation"])) for u, v, d in g.edges(data=True)}


def same_graph(got: nx.MultiDiGraph, want: nx.MultiDiGraph) -> None:
    assert set(got.nodes) == set(want.nodes)
    assert edge_set(got) == edge_set(want)
    assert got.number_of_edges() == want.number_of_edges()
    for n, d in want.nodes(data=True):
        for k, v in d.items():
            assert got.nodes[n][k] == v, (n, k)


def test_graphml_round_trip_with_typed_keys(
    store: KnowledgeGraph, graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "g.graphml"
    assert export_graph(store, path) is None
    text = path.read_text("utf-8")
    keys = dict(re.findall(r'attr\.name="([^"]+)" attr\.type="([^"]+)"', text))
    assert (
        keys["evidence_start"] == "long" and keys["value"] == "double" and keys["label"] == "string"
    )
    assert "None" not in re.findall(r">([^<]*)</data>", text)
    got = nx.read_graphml(path, force_multigraph=True)
    same_graph(got, graph)


def test_gexf_1_3_round_trip(store: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    data = export_graph(store, format="gexf")
    assert data is not None and b'version="1.3"' in data
    got = nx.read_gexf(io.BytesIO(data), version="1.3")
    assert set(got.nodes) == set(graph.nodes)
    assert got.number_of_edges() == graph.number_of_edges()
    assert got.nodes["person/ada-quinn"]["label"] == "Ada Quinn"
    assert got.nodes["person/ada-quinn"]["type"] == "Person"
    assert b"networkx_key" not in data


def test_gexf_opens_coloured_and_sized(store: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    data = export_graph(store, format="gexf") or b""
    got = nx.read_gexf(io.BytesIO(data), version="1.3")
    quinn = got.nodes["person/ada-quinn"]["viz"]
    assert {k: quinn["color"][k] for k in "rgb"} == {"r": 0x1F, "g": 0x77, "b": 0xB4}
    claim = next(n for n, d in graph.nodes(data=True) if d["kind"] == "claim")
    assert got.nodes[claim]["viz"]["color"]["r"] == 0xFC  # claims in the claim colour
    # size grows with degree: Ada Quinn (five claims, two roles) outweighs a one-claim speaker
    spokesperson = next(n for n, d in graph.nodes(data=True) if d["label"] == "a spokesperson")
    assert quinn["size"] > got.nodes[spokesperson]["viz"]["size"]
    assert all(d["label"] == d["relation"] for _, _, d in got.edges(data=True))
    ns = {"g": "http://gexf.net/1.3", "viz": "http://gexf.net/1.3/viz"}
    said = ElementTree.fromstring(data).findall(".//g:edge[@label='said_by']/viz:color", ns)
    assert len(said) == sum(1 for *_, r in graph.edges(data="relation") if r == "said_by")
    assert {(c.get("r"), c.get("g"), c.get("b")) for c in said} == {("31", "119", "180")}


def test_cytoscape_round_trip(store: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    data = json.loads(export_graph(store, format="cytoscape") or b"")
    ids = [e["data"]["id"] for e in data["elements"]["edges"]]
    assert len(ids) == len(set(ids)) == graph.number_of_edges()
    got = nx.cytoscape_graph(data)
    assert set(got.nodes) == set(graph.nodes)
    assert edge_set(got) == edge_set(graph)
    selectors = {rule["selector"]: rule["style"] for rule in data["style"]}
    assert selectors["node"]["background-color"] == "data(color)"
    assert selectors["edge"]["target-arrow-shape"] == "triangle"
    quinn = next(
        n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == "person/ada-quinn"
    )
    assert quinn["color"] == "#1f77b4" and quinn["size"] > 6


def test_d3_node_link_round_trip(
    store: KnowledgeGraph, graph: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / "g.d3.json"
    export_graph(store, path)
    data = json.loads(path.read_text("utf-8"))
    assert "links" in data and len(data["links"]) == graph.number_of_edges()
    got = nx.node_link_graph(data, edges="links")
    same_graph(got, graph)


def test_dot_quotes_every_id(store: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    text = (export_graph(store, format="dot") or b"").decode()
    assert text.startswith("digraph claimgraph {") and text.rstrip().endswith("}")
    node_lines = re.findall(r'^  ("(?:[^"\\]|\\.)*") \[', text, re.M)
    assert len(node_lines) == graph.number_of_nodes()
    assert text.count(" -> ") == graph.number_of_edges()
    assert dot_quote('a "b"\\\nc') == '"a \\"b\\"\\\\\\nc"'


def test_mermaid_caps_and_says_so(graph: nx.MultiDiGraph) -> None:
    full = to_mermaid(graph).decode()
    assert full.startswith("flowchart LR") and "capped" not in full
    small = to_mermaid(graph, max_nodes=5).decode()
    assert small.startswith("%% claimgraph: showing 5 of 28 nodes (capped)")
    assert "23 more nodes not shown" in small
    assert len(re.findall(r"^  n\d+\[", small, re.M)) == 5


def test_html_is_self_contained(store: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    html = (export_graph(store, format="html") or b"").decode()
    assert "<script src" not in html and "<link" not in html
    data = re.search(r'<script type="application/json" id="cg-data">(.*?)</script>', html, re.S)
    assert data is not None
    model = json.loads(data.group(1))
    claims = [n for n, d in graph.nodes(data=True) if d["kind"] == "claim"]
    assert model["claim_fields"][0] == "id"
    chunks = re.findall(r'<script type="application/json" class="cg-claims">(.*?)</script>', html)
    assert sorted(row[0] for c in chunks for row in json.loads(c)) == sorted(claims)
    assert len(model["whole"]["nodes"]) == graph.number_of_nodes()
    assert "CGVendor" in html and "default-src 'none'" in html  # vendored, and nothing fetched


@pytest.mark.parametrize("rdf_format", ["trig", "turtle"])
def test_trig_and_turtle_declare_our_prefixes(store: KnowledgeGraph, rdf_format: str) -> None:
    text = (export_graph(store, format=rdf_format) or b"").decode()
    declared = dict(re.findall(r"^@prefix (\w+): <([^>]+)> \.$", text, re.M))
    assert declared["schema"] == "https://schema.org/"
    assert declared["cg"] == "https://w3id.org/claimgraph/ns#"
    assert {"prov", "oa", "cgid"} <= set(declared)
    assert "<https://schema.org/name>" not in text and "schema:name" in text
    full = store.serialize(format=rdf_format) or b""
    assert len(text.encode()) < 0.8 * len(full)


@pytest.mark.parametrize(
    ("name", "rdf_format"), [("g.trig", "trig"), ("g.nq", "nquads"), ("g.jsonld", "json-ld")]
)
def test_rdf_exports_round_trip(
    store: KnowledgeGraph, tmp_path: Path, name: str, rdf_format: str
) -> None:
    path = tmp_path / name
    export_graph(store, path)
    ds = Dataset()
    ds.parse(path, format=rdf_format)
    assert len(set(ds.quads())) == store.stats().quads


def test_rdf_export_of_one_article(store: KnowledgeGraph) -> None:
    data = export_graph(store, format="turtle", article="courier-1") or b""
    g = Graph().parse(data=data.decode(), format="turtle")
    assert len(g) == len(store.article_graph("courier-1"))


def test_restricted_graph_exports(store: KnowledgeGraph) -> None:
    data = json.loads(export_graph(store, format="d3", entity="FerryGo") or b"")
    ids = {n["id"] for n in data["nodes"]}
    assert "platform/ferrygo" in ids and "place/riverton" not in ids
    one = nx.read_graphml(
        io.BytesIO(export_graph(store, format="graphml", article="courier-1") or b"")
    )
    assert {d["kind"] for _, d in one.nodes(data=True)} == {
        "article",
        "claim",
        "entity",
        "observation",
    }
    assert {d.get("article_id") for _, d in one.nodes(data=True) if d["kind"] == "claim"} == {
        "courier-1"
    }


def test_format_lookup_and_errors(store: KnowledgeGraph) -> None:
    assert export_format("x/g.cyjs").name == "cytoscape"
    assert export_format("g.json").name == "jsonld"
    assert export_format(None, "GEXF").name == "gexf"
    assert GraphFormat.from_extension("a.gv").name == "dot"
    with pytest.raises(UnknownFormatError, match=r"svgz: unknown export format.*graphml, gexf"):
        export_graph(store, format="svgz")
    with pytest.raises(UnknownFormatError, match=r"g\.xyz: .*--to"):
        export_graph(store, "g.xyz")
    with pytest.raises(InputError, match="graph format"):
        export_graph(store, format="trig", entity="Bluewave")


def test_render_graph_numeric_types_stay_consistent(graph: nx.MultiDiGraph) -> None:
    got = nx.read_graphml(io.BytesIO(render_graph(graph, "graphml")), force_multigraph=True)
    for _, d in got.nodes(data=True):
        for key, typ in ATTR_TYPES.items():
            if key in d:
                assert isinstance(d[key], typ), key
