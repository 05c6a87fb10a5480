"""The HTML view at scale: file size, time to interactive and the longest main-thread block.

Builds views of 1,000 and 10,000 synthetic articles (copies of the hand-made harbour article of
``tests/builders.py``; their speakers drawn from a pool with a long tail, as in real news), opens
each in headless Debian Chromium and prints:

- the file size;
- time to interactive: from navigation start to the page's first drawn frame with its controls
  wired (``window.cgReadyAt``);
- the longest main-thread task and the sum of tasks over 50 ms while the page opens and lays out
  (``PerformanceObserver`` of ``longtask`` entries, installed before the page's scripts run);
- how long a search (type + Enter) and a speaker filter take to answer (to the next frame).

Run by hand:
    PYTHONPATH=$PWD .venv/bin/python benchmarks/view_scale.py            # 1k and 10k articles
    PYTHONPATH=$PWD .venv/bin/python benchmarks/view_scale.py --html /tmp/view84.html
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import networkx as nx  # noqa: E402
from _common import print_table, verdict  # noqa: E402

from claimgraph.graph.export._projection import project_rdf  # noqa: E402
from claimgraph.graph.export._view import write_view  # noqa: E402
from claimgraph.loaders._mapping import article_graph  # noqa: E402
from tests.builders import harbour_extraction  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"]
TTI_LIMIT = 5.0
BLOCK_LIMIT = 0.5
_OBSERVER = """
window.cgLongTasks = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) { window.cgLongTasks.push(e.duration); }
}).observe({ type: "longtask", buffered: true });
"""
_NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"


def synthetic_graph(n: int) -> nx.MultiDiGraph:
    """The projection of ``n`` copies of the harbour article, Ada Quinn replaced by one of
    ``n // 4`` people chosen with a long tail (a few speak often, most once or twice)."""
    template = project_rdf(article_graph(harbour_extraction("tmpl")))
    per_article = {
        nid for nid, d in template.nodes(data=True) if d.get("kind") != "entity" or "tmpl" in nid
    }
    pool = max(1, n // 4)
    parts = []
    for i in range(n):
        k = int(pool * (((i * 0.6180339887) % 1.0) ** 3))
        names = {nid: f"{nid}~{i}" for nid in per_article}
        names["person/ada-quinn"] = f"person/p{k:05d}"
        copy = nx.relabel_nodes(template, names, copy=True)
        copy.nodes[f"person/p{k:05d}"]["label"] = f"Person {k:05d}"
        for nid in names.values():
            if copy.nodes[nid].get("kind") in ("article", "claim"):
                copy.nodes[nid]["article_id"] = f"syn-{i}"
        parts.append(copy)
    return nx.compose_all(parts)


def measure(path: Path) -> dict[str, Any]:
    """Open ``path`` in headless Chromium and time it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 850})
            page.add_init_script(_OBSERVER)
            page.goto(path.as_uri(), timeout=120_000)
            page.wait_for_selector("body[data-ready=true]", timeout=120_000)
            tti = page.evaluate("window.cgReadyAt") / 1000
            page.wait_for_selector("body[data-layout=done]", timeout=120_000)
            status = page.get_by_test_id("status").inner_text()
            name = page.evaluate("cgView.graph.getNodeAttribute(cgView.graph.nodes()[0], 'label')")
            t = time.perf_counter()
            page.get_by_test_id("search").fill(name)
            page.get_by_test_id("search").press("Enter")
            page.evaluate(_NEXT_FRAME)
            search = time.perf_counter() - t
            options = page.locator("[data-testid=filter-speaker] option")
            value = options.nth(min(5, options.count() - 1)).get_attribute("value") or ""
            t = time.perf_counter()
            page.get_by_test_id("filter-speaker").select_option(value=value)
            page.evaluate(_NEXT_FRAME)
            filt = time.perf_counter() - t
            tasks = page.evaluate("window.cgLongTasks")
        finally:
            browser.close()
    return {
        "size": path.stat().st_size,
        "tti": tti,
        "longest": max(tasks, default=0.0) / 1000,
        "blocked": sum(tasks) / 1000,
        "search": search,
        "filter": filt,
        "status": " ".join(status.split()),
    }


def row(label: str, m: dict[str, Any], build: float | None) -> list[Any]:
    ok = m["tti"] <= TTI_LIMIT and m["longest"] <= BLOCK_LIMIT
    return [
        label,
        f"{m['size'] / 1e6:.2f} MB",
        "-" if build is None else build,
        m["tti"],
        m["longest"],
        m["blocked"],
        m["search"],
        m["filter"],
        verdict(ok),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, help="measure this view file instead")
    parser.add_argument("--sizes", default="1000,10000", help="article counts (comma-separated)")
    parser.add_argument("--runs", type=int, default=1, help="open each view this many times")
    args = parser.parse_args()
    header = ["view", "file", "build s", "TTI s", "longest task s", "long tasks s", "search s"]
    header += ["filter s", f"TTI<={TTI_LIMIT:g}s, task<={BLOCK_LIMIT:g}s"]
    rows, notes = [], []
    if args.html:
        for _ in range(args.runs):
            m = measure(args.html)
            rows.append(row(args.html.name, m, None))
        notes.append(m["status"])
    else:
        with tempfile.TemporaryDirectory() as tmp:
            for n in (int(x) for x in args.sizes.split(",")):
                t = time.perf_counter()
                path = write_view(synthetic_graph(n), Path(tmp) / f"view-{n}.html")
                build = time.perf_counter() - t
                for _ in range(args.runs):
                    m = measure(path)
                    rows.append(row(f"{n:,} articles", m, build))
                notes.append(f"{n:,}: {m['status']}")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print_table(f"HTML view in headless Chromium (load average {load})", header, rows)
    for note in notes:
        print("  " + note)


if __name__ == "__main__":
    main()
