"""Where ingestion's time goes beyond spaCy: CPU per article of each stage, one process.

Run by hand on the development corpus (never committed):
``.venv/bin/python benchmarks/ingest_stages.py --corpus``
Without ``--corpus`` it uses texts written for the tests (tests/builders.py).

The texts are parsed once with the extractor's pipeline (``load_nlp``: the model on numpy's BLAS,
the sentence guard, the attribute rules matched by index, the lemmas remembered), with one BLAS
thread, each parse knowing its text, as in ``extract_many``; then each later stage runs over all
of them, in several rounds, and its best round is kept: the claim rules (``build``), mapping to
N-Triples lines (``article_lines``), validation (``validate_lines``) and the commit into a new
in-memory store (``commit_lines``). The parse and the sum of the other stages give the share of
the pipeline that is spaCy's.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from _common import corpus_texts, print_table, tune_as_the_command_line

from claimgraph.extraction import load_nlp
from claimgraph.extraction._doctext import parsed_from
from claimgraph.extraction._pipeline import build, mask_dateline
from claimgraph.graph.shacl._validation import validate_lines
from claimgraph.graph.store._kg import KnowledgeGraph
from claimgraph.loaders._mapping import article_lines
from claimgraph.records import Article
from tests.builders import HARBOUR_TEXT


def cpu(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of ``fn()`` in this process, and its result."""
    t = time.process_time()
    out = fn()
    return time.process_time() - t, out


def main() -> None:
    """Run and print the table."""
    tune_as_the_command_line()  # one BLAS thread, as the command line runs
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", action="store_true", help="use the development corpus texts")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of the later stages (best kept)")
    args = ap.parse_args()
    texts = corpus_texts() if args.corpus else [HARBOUR_TEXT] * 60
    arts = [Article(id=f"stage-{i}", text=t, publisher="Bench Wire") for i, t in enumerate(texts)]
    nlp = load_nlp()
    list(nlp.pipe(texts[:2]))
    masked = [mask_dateline(a.text) for a in arts]
    parse_s, docs = cpu(lambda: list(nlp.pipe(masked)))
    docs = [parsed_from(d, t) for d, t in zip(docs, masked, strict=True)]  # as extract_many
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        rules_s, exs = cpu(lambda: [build(d, a) for d, a in zip(docs, arts, strict=True)])
        map_s, graphs = cpu(lambda: [article_lines(e) for e in exs])  # noqa: B023
        valid_s, _ = cpu(lambda: [validate_lines(lines) for _, lines in graphs])  # noqa: B023
        with KnowledgeGraph.memory() as kg:
            commit_s, _ = cpu(
                lambda: [
                    kg._commit_lines(iri, lines, article=e.article.id, minted=True)
                    for (iri, lines), e in zip(graphs, exs, strict=True)  # noqa: B023
                ]
            )
        for name, secs in (
            ("claim rules", rules_s),
            ("mapping", map_s),
            ("validation", valid_s),
            ("commit", commit_s),
        ):
            best[name] = min(best.get(name, float("inf")), secs)
    n = len(arts)
    after = sum(best.values())
    rows = [
        [
            "spaCy parse (sentence guard, indexed attribute rules, cached lemmas)",
            parse_s / n * 1000,
            "",
        ]
    ]
    rows += [[name, secs / n * 1000, ""] for name, secs in best.items()]
    rows.append(
        ["all stages after the parse", after / n * 1000, f"{parse_s / (parse_s + after):.3f}"]
    )
    print_table(
        f"{n} articles ({'corpus' if args.corpus else 'test text'}), CPU ms per article "
        f"(later stages: best of {args.rounds} rounds)",
        ["stage", "ms/article", "parse share"],
        rows,
    )


if __name__ == "__main__":
    main()
