"""The HTML view in a real browser (Debian chromium via playwright): count, click, filter."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

from claimgraph.graph.export._export import export_graph
from claimgraph.graph.export._projection import project
from claimgraph.graph.store._kg import KnowledgeGraph
from tests.test_queries_builders import load_three

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


def test_view_in_browser(kg: KnowledgeGraph, tmp_path: Path) -> None:
    load_three(kg)
    graph = project(kg)
    page_path = tmp_path / "graph.html"
    export_graph(kg, page_path)
    relayed = next(n for n, d in graph.nodes(data=True) if d.get("relayed") == 1)
    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 850})
            page.on("pageerror", lambda e: errors.append(str(e)))
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-ready=true]", timeout=10_000)
            count = page.get_by_test_id("node-count").inner_text()
            assert int(count) == graph.number_of_nodes()
            assert page.get_by_test_id("node").count() == graph.number_of_nodes()
            assert page.get_by_test_id("edge").count() == graph.number_of_edges()

            page.locator(f'[data-testid=node][data-id="{relayed}"]').click()
            assert page.get_by_test_id("detail-text").inner_text() == graph.nodes[relayed]["text"]
            assert page.get_by_test_id("detail-speaker").inner_text() == "Ada Quinn"
            assert page.get_by_test_id("detail-cue").inner_text() == "said"
            assert "harbour-1" in page.get_by_test_id("detail-article").inner_text()
            mark = page.get_by_test_id("evidence-highlight")
            assert mark.inner_text() == graph.nodes[relayed]["text"]
            body = page.get_by_test_id("detail-evidence").inner_text()
            assert body.startswith("Riverton, Mar 3 (Coast Wire)")

            page.get_by_test_id("filter-speaker").select_option(label="a spokesperson")
            # the spokesperson's one claim, the spokesperson, and the claim's article
            assert page.get_by_test_id("visible-count").inner_text() == "3"
            assert page.locator("[data-testid=node]:not(.hidden)").count() == 3
            page.get_by_test_id("filter-speaker").select_option(value="")
            page.get_by_test_id("filter-org").select_option(label="Port Authority")
            visible = page.locator("[data-testid=node][data-kind=claim]:not(.hidden)").count()
            assert visible == 5  # Ada Quinn's five claims: she is head of safety there
            page.get_by_test_id("filter-org").select_option(value="")
            assert page.get_by_test_id("visible-count").inner_text() == count

            page.get_by_test_id("search").fill("northstar")
            matches = page.locator("[data-testid=node].match")
            assert matches.count() == 3  # the entity and the two claims that name it
            assert "3 matches" in page.get_by_test_id("search-count").inner_text()

            shot = tmp_path / "view.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert errors == []
    assert all(u.startswith("file://") for u in requests), requests
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
