"""Shared helpers of the benchmarks: synthetic articles and graphs, texts, timing, tables.

Synthetic graphs are copies of the hand-made extraction in ``tests/builders.py`` (text written for
the tests) with new article ids, so they are valid, distinct article graphs built in microseconds.
Corpus texts are only read when a benchmark is run by hand with ``--corpus``.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claimgraph.graph.store._kg import META_GRAPH  # noqa: E402
from claimgraph.loaders._iris import article_key  # noqa: E402
from claimgraph.loaders._mapping import article_graph  # noqa: E402
from claimgraph.loaders._ntwrite import nt_lines  # noqa: E402
from claimgraph.ontology.namespaces import CG  # noqa: E402
from claimgraph.records import (  # noqa: E402
    Article,
    Claim,
    Entity,
    Extraction,
)
from tests.builders import HARBOUR_TEXT, harbour_extraction  # noqa: E402

CORPUS = Path("/work/shared/corpus/polnear-dev.jsonl")
_TEMPLATE_ID = "benchtemplate"


class Template:
    """One article graph as N-Triples lines, re-keyed cheaply to make many distinct articles."""

    def __init__(self, *, small: bool = False) -> None:
        ex = _small_extraction(_TEMPLATE_ID) if small else harbour_extraction(_TEMPLATE_ID)
        graph = article_graph(ex)
        self.graph_iri = str(graph.identifier)
        self.lines = nt_lines(graph)
        self.key = article_key(_TEMPLATE_ID)
        self.text = "\n".join(self.lines)

    def article(self, i: int, *, speakers: int = 0) -> tuple[str, str]:
        """The graph IRI and N-Triples text of synthetic article ``i``.

        Args:
            i: the article number (the id is ``syn-{i}``).
            speakers: when > 0, the speaker's name cycles through this many people.
        """
        aid = f"syn-{i}"
        text = self.text.replace(self.key, article_key(aid)).replace(
            f'"{_TEMPLATE_ID}"', f'"{aid}"'
        )
        if speakers:
            k = i % speakers
            text = text.replace("Quinn", f"Qu{k:03d}").replace("quinn", f"qu{k:03d}")
        return self.graph_iri.replace(self.key, article_key(aid)), text


def _small_extraction(article_id: str) -> Extraction:
    """A one-claim article (about 40 triples), for filling big stores quickly."""
    art = Article(id=article_id, text="Ann Lee said rain is coming.", publisher="Daily")
    return Extraction(
        article=art,
        entities=[Entity(key="e1", name="Ann Lee", type="Person", mentions=[(0, 7)])],
        claims=[
            Claim(
                key="c1",
                content=[(13, 27)],
                kind="indirect",
                cue=(8, 12),
                cue_lemma="say",
                speaker="e1",
            )
        ],
    )


def synthetic_nquads(
    n: int, *, speakers: int = 0, start: int = 0, small: bool = False
) -> Iterator[bytes]:
    """N-Quads of ``n`` synthetic articles with their metadata, one article per chunk."""
    tmpl = Template(small=small)
    for i in range(start, start + n):
        iri, text = tmpl.article(i, speakers=speakers)
        body = "".join(f"{line} <{iri}> .\n" for line in text.split("\n"))
        meta = (
            f'<{iri}> <{CG.fingerprint}> "syn{i}" <{META_GRAPH}> .\n'
            f'<{iri}> <{CG.describes}> "syn-{i}" <{META_GRAPH}> .\n'
        )
        yield (body + meta).encode("utf-8")


def synthetic_articles(n: int, *, start: int = 0) -> Iterator[Article]:
    """``n`` distinct articles with the harbour text (the stub extractor understands them)."""
    for i in range(start, start + n):
        yield Article(id=f"gen-{i}", text=HARBOUR_TEXT, publisher="Coast Wire")


def corpus_texts(limit: int | None = None) -> list[str]:
    """Texts of the development corpus (only when run by hand; never committed)."""
    with CORPUS.open(encoding="utf-8") as fh:
        texts = [str(json.loads(line)["text"]) for line in fh if line.strip()]
    return texts[:limit] if limit else texts


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds taken by ``fn()`` and its result."""
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def verdict(ok: bool) -> str:
    """``pass`` or ``FAIL``."""
    return "pass" if ok else "FAIL"


def print_table(title: str, header: list[str], rows: list[list[Any]]) -> None:
    """Print a plain-text table."""
    cells = [header, *[[_fmt(c) for c in row] for row in rows]]
    widths = [max(len(str(r[i])) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    for j, row in enumerate(cells):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
        if j == 0:
            print("  ".join("-" * w for w in widths))


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 100 else f"{value:.0f}"
    return str(value)


def tune_as_the_command_line() -> None:
    """The process settings the ``claimgraph`` command applies (one BLAS thread, malloc arenas).

    The library applies none; a benchmark that measures what the command line does calls this
    first, before numpy is imported.
    """
    from claimgraph.cli._process import tune_process

    tune_process()
