"""Extraction quality and speed on gold corpora.

usage: python benchmarks/extraction_quality.py GOLD.jsonl [GOLD2.jsonl ...] [--half even|odd]

Extracts every article of each gold file, scores with
:func:`claimgraph.evaluation.score`, and
prints the figures, the extraction time and the time of bare ``nlp.pipe`` on the same texts.
``--half`` keeps every other article (by position), to report a held-out half.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterator
from typing import Any

import spacy

from claimgraph.evaluation._predictions import prediction_record
from claimgraph.evaluation._score import read_jsonl, score
from claimgraph.extraction import MODEL, extract_many, load_nlp
from claimgraph.records import Article


def _gold(path: str, half: str | None) -> list[dict[str, Any]]:
    records = list(read_jsonl(path))
    if half is not None:
        records = records[0 if half == "even" else 1 :: 2]
    return records


def _articles(records: list[dict[str, Any]]) -> Iterator[Article]:
    for r in records:
        meta = r.get("meta") or {}
        yield Article(id=r["id"], text=r["text"], publisher=meta.get("publisher"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--half", choices=("even", "odd"))
    args = parser.parse_args()
    nlp = load_nlp()
    bare = spacy.load(MODEL)  # the model as shipped, none of claimgraph's components
    for path in args.gold:
        gold = _gold(path, args.half)
        start = time.perf_counter()
        preds = [prediction_record(x) for x in extract_many(_articles(gold), nlp=nlp)]
        extract_s = time.perf_counter() - start
        start = time.perf_counter()
        for _ in bare.pipe((r["text"] for r in gold), batch_size=32):
            pass
        bare_s = time.perf_counter() - start
        print(f"== {path} ({len(gold)} articles{', half ' + args.half if args.half else ''})")
        for key, value in score(gold, preds).items():
            print(f"{key:36} {json.dumps(value)}")
        ratio = bare_s / extract_s if extract_s else 0.0
        print(f"{'extract_seconds':36} {extract_s:.2f}")
        print(f"{'bare_nlp_pipe_seconds':36} {bare_s:.2f}  (throughput ratio {ratio:.2f})")


if __name__ == "__main__":
    main()
