"""The HTML view in a real browser (Debian chromium via playwright): speakers, claims, evidence,
search, filters, whole-graph mode, PNG export, and nothing fetched from outside ``file:``.

Each test saves a screenshot under its pytest tmp dir (``view-*.png``).
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from claimgraph.graph.export import _view
from claimgraph.graph.export._export import export_graph
from claimgraph.graph.export._projection import project
from claimgraph.graph.export._speakers import TOP_SPEAKERS
from claimgraph.graph.export._view import write_view
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.test_queries_builders import load_three

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "blob:", "data:")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, nx.MultiDiGraph]:
    """The view of the three hand-written harbour articles, and their projection."""
    path = tmp_path_factory.mktemp("view") / "three.html"
    with KnowledgeGraph.memory() as kg:
        load_three(kg)
        export_graph(kg, path)
        return path, project(kg)


class Opened:
    """A page opened on a view file, recording errors and every request."""

    def __init__(self, browser: Browser, path: Path) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=15_000)

    def _route(self, route: Any) -> None:
        url = str(route.request.url)
        self.requests.append(url)
        if url.startswith(LOCAL_SCHEMES):
            route.continue_()
        else:
            route.abort()

    def settled(self) -> None:
        self.page.wait_for_selector("body[data-layout=done]", timeout=15_000)

    def eval(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def click_node(self, node: str) -> None:
        """A real mouse click where the renderer drew ``node``."""
        box = self.page.locator("#canvas").bounding_box()
        assert box is not None
        xy = self.eval(
            """id => { const r = cgView.renderer();
                       return r.graphToViewport(cgView.graph.getNodeAttributes(id)); }""",
            node,
        )
        self.page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])

    def close(self, shot: Path) -> None:
        self.page.screenshot(path=str(shot))
        self.page.close()
        assert self.errors == []
        assert [u for u in self.requests if not u.startswith(LOCAL_SCHEMES)] == []
        assert shot.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_first_screen_shows_speakers_by_name(
    browser: Browser, three: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    path, _graph = three
    view = Opened(browser, path)
    view.settled()
    rows = view.page.get_by_test_id("speaker-row")
    names = [rows.nth(i).get_by_test_id("speaker-name").inner_text() for i in range(rows.count())]
    assert names[0] == "Ada Quinn"  # the most prolific first
    assert set(names) == {"Ada Quinn", "a spokesperson", "officials", "Coast Wire", "Harbour Times"}
    labels = view.eval("cgView.graph.mapNodes((n, a) => a.label)")
    assert "Ada Quinn" in labels and "Port Authority" in labels  # she holds a role there
    claims = view.eval("cgView.graph.filterNodes((n, a) => a.type === 'claim')")
    assert claims == []  # claims are rows of the panel, not nodes
    sizes = view.eval("cgView.graph.mapNodes((n, a) => [a.label, a.size])")
    assert max(sizes, key=lambda s: s[1])[0] == "Ada Quinn"
    relations = set(view.eval("cgView.graph.mapEdges((e, a) => a.relation)"))
    assert relations == {"mentions", "holds_role", "owns"}
    assert view.page.get_by_test_id("shown-count").inner_text() == "5"
    assert not view.page.get_by_test_id("hidden-count").is_visible()
    view.close(tmp_path / "view-first-screen.png")


def test_click_speaker_lists_claims_and_claim_shows_evidence(
    browser: Browser, three: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    path, graph = three
    relayed = next(n for n, d in graph.nodes(data=True) if d.get("relayed") == 1)
    view = Opened(browser, path)
    view.settled()
    view.click_node("person/ada-quinn")
    page = view.page
    assert page.get_by_test_id("detail-title").inner_text() == "Ada Quinn"
    rows = page.locator("[data-testid=claim-list]").first.get_by_test_id("claim-row")
    assert rows.count() == 5
    page.locator(f'[data-testid=claim-row][data-id="{relayed}"]').first.click()
    assert page.get_by_test_id("detail-text").inner_text() == graph.nodes[relayed]["text"]
    assert page.get_by_test_id("detail-speaker").inner_text() == "Ada Quinn"
    assert page.get_by_test_id("detail-cue").inner_text() == "said"
    assert "harbour-1" in page.get_by_test_id("detail-article").inner_text()
    assert (
        page.get_by_test_id("detail-date").inner_text()
        == graph.nodes[
            next(
                n
                for n, d in graph.nodes(data=True)
                if d.get("article_id") == "harbour-1" and d["kind"] == "article"
            )
        ]["date"][:10]
    )
    assert page.get_by_test_id("evidence-highlight").inner_text() == graph.nodes[relayed]["text"]
    body = page.get_by_test_id("detail-evidence").inner_text()
    assert body.startswith("Riverton, Mar 3 (Coast Wire)")
    assert view.eval("cgView.state.highlight") == "person/ada-quinn"
    view.close(tmp_path / "view-evidence.png")


def test_search_zooms_to_the_match(
    browser: Browser, three: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    path, _ = three
    view = Opened(browser, path)
    view.settled()
    before = view.eval("cgView.renderer().getCamera().getState()")
    view.page.get_by_test_id("search").fill("northstar")
    assert view.page.get_by_test_id("search-count").inner_text() == "1 match"
    view.page.get_by_test_id("search").press("Enter")
    view.page.wait_for_timeout(600)  # the camera animates for 300 ms
    cam = view.eval("cgView.renderer().getCamera().getState()")
    node = view.eval("cgView.renderer().getNodeDisplayData('org/northstar-holdings')")
    assert before["ratio"] == 1 and cam["ratio"] < 0.5
    assert abs(cam["x"] - node["x"]) < 0.05 and abs(cam["y"] - node["y"]) < 0.05
    assert view.page.get_by_test_id("detail-title").inner_text() == "Northstar Holdings"
    assert "Claims that mention Northstar Holdings (2)" in view.page.locator("#detail").inner_text()
    view.close(tmp_path / "view-search.png")


def test_filters_re_lay_out(
    browser: Browser, three: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    path, graph = three
    view = Opened(browser, path)
    view.settled()
    page = view.page
    page.get_by_test_id("filter-speaker").select_option(label="a spokesperson (1)")
    assert view.eval("cgView.graph.order") == 1
    assert page.get_by_test_id("claim-count").inner_text() == "1"
    page.get_by_test_id("filter-speaker").select_option(value="")
    page.get_by_test_id("filter-org").select_option(label="Port Authority")
    assert page.get_by_test_id("claim-count").inner_text() == "5"  # Ada Quinn works there
    assert view.eval("cgView.graph.hasNode('person/ada-quinn')")
    assert page.get_by_test_id("speaker-row").count() == 1
    page.get_by_test_id("filter-org").select_option(value="")
    page.get_by_test_id("filter-article").select_option(value="courier-1")
    assert page.get_by_test_id("claim-count").inner_text() == "1"
    page.get_by_test_id("filter-article").select_option(value="")
    dates = {
        d["article_id"]: d["date"] for _, d in graph.nodes(data=True) if d["kind"] == "article"
    }
    later = [d for _, d in graph.nodes(data=True) if d["kind"] == "claim" and d.get("speaker")]
    later = [d for d in later if dates[d["article_id"]][:10] >= "2024-03-04"]
    assert 0 < len(later) < 9
    page.get_by_test_id("filter-from").fill("2024-03-04")
    assert page.get_by_test_id("claim-count").inner_text() == str(len(later))
    assert page.evaluate("document.body.dataset.layout") == "running"  # laid out again
    view.settled()
    view.close(tmp_path / "view-filtered.png")


def test_whole_graph_mode_and_png_export(
    browser: Browser, three: tuple[Path, nx.MultiDiGraph], tmp_path: Path
) -> None:
    path, graph = three
    view = Opened(browser, path)
    page = view.page
    page.get_by_test_id("mode").click()
    assert view.eval("cgView.graph.order") == graph.number_of_nodes()
    view.settled()
    with page.expect_download() as info:
        page.get_by_test_id("save-png").click()
    png = tmp_path / "exported.png"
    info.value.save_as(png)
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height, coloured = view.eval(COUNT_PIXELS, base64.b64encode(data).decode())
    canvas = page.locator("#canvas").bounding_box()
    # the image has whole pixels: the canvas box may have a fractional size (layout of the header)
    assert canvas is not None and width >= int(canvas["width"]) and height >= int(canvas["height"])
    assert coloured > 500  # nodes and edges were drawn, not a blank image
    view.close(tmp_path / "view-whole.png")


def test_top_speakers_are_capped_and_acts_filtered(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = many_speakers(TOP_SPEAKERS + 40)
    monkeypatch.setattr(_view, "CHUNK", 50)  # the claims in several chunks, read one per task
    path = write_view(graph, tmp_path / "many.html")
    assert path.read_text("utf-8").count('class="cg-claims"') > 5
    view = Opened(browser, path)
    assert view.page.get_by_test_id("shown-count").inner_text() == str(TOP_SPEAKERS)
    assert view.page.get_by_test_id("hidden-count").inner_text() == "40"
    assert view.page.get_by_test_id("filter-act").input_value() == "Speech"  # the default
    # every speaker has one thought and (i % 3 + 1) speeches; thoughts are filtered out
    total = sum(i % 3 + 1 for i in range(TOP_SPEAKERS + 40))
    assert view.page.get_by_test_id("claim-count").inner_text() == str(total)
    view.page.get_by_test_id("filter-act").select_option(value="Thought")
    assert view.page.get_by_test_id("claim-count").inner_text() == str(TOP_SPEAKERS + 40)
    view.page.get_by_test_id("search").fill("Speaker 099")  # hidden under the cap
    view.page.get_by_test_id("search").press("Enter")
    assert view.eval("cgView.graph.hasNode('person/s099')")
    assert view.page.get_by_test_id("detail-title").inner_text() == "Speaker 099"
    view.close(tmp_path / "view-capped.png")


def many_speakers(n: int) -> nx.MultiDiGraph:
    """A projection with ``n`` speakers in one article, written for this test."""
    g = nx.MultiDiGraph()
    body = "A town meeting was held. " * 4
    g.add_node(
        "article/a",
        kind="article",
        article_id="a",
        label="Town",
        date="2025-01-02",
        body=body,
        headline="Town meeting",
    )
    g.add_node("org/council", kind="entity", type="Organization", label="Town Council")
    for i in range(n):
        who = f"person/s{i:03d}"
        g.add_node(who, kind="entity", type="Person", label=f"Speaker {i:03d}")
        acts = ["Thought"] + ["Speech"] * (i % 3 + 1)
        for j, act in enumerate(acts):
            c = f"claim/{i}-{j}"
            g.add_node(
                c,
                kind="claim",
                type="IndirectQuote",
                text="A meeting was held.",
                act=act,
                article_id="a",
                spans="0-24",
            )
            g.add_edge(c, who, key="said_by", relation="said_by")
            g.add_edge(c, "org/council", key="mentions", relation="mentions")
            g.add_edge(c, "article/a", key="appears_in", relation="appears_in")
    return g


COUNT_PIXELS = """async (b64) => {
  const img = new Image();
  img.src = "data:image/png;base64," + b64;
  await img.decode();
  const c = document.createElement("canvas");
  c.width = img.width; c.height = img.height;
  const ctx = c.getContext("2d");
  ctx.drawImage(img, 0, 0);
  const px = ctx.getImageData(0, 0, c.width, c.height).data;
  let coloured = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (Math.min(px[i], px[i + 1], px[i + 2]) < 200) { coloured++; }
  }
  return [img.width, img.height, coloured];
}"""
