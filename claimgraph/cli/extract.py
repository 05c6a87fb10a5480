"""``extract`` (JSON Lines in, predictions out) and ``evaluate`` (score predictions on gold)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from claimgraph.cli.app import EXIT_INVALID, app, err, escape, fail, handle_errors, out


@app.command("extract")
@handle_errors
def extract_cmd(
    corpus: Annotated[
        Path, typer.Argument(help="JSON Lines with 'id' and 'text', or a text file.")
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write ('-' = stdout).")
    ] = Path("-"),
    fmt: Annotated[str, typer.Option("--format", help="Output format: jsonl.")] = "jsonl",
) -> None:
    """Extract claims, entities, roles and ownership; write the prediction format."""
    from claimgraph.ingestion._pipeline import BatchReport, predict

    if fmt != "jsonl":
        fail(f"unknown --format {fmt!r}; use jsonl")
    report = BatchReport()
    sink = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
    count = 0
    try:
        for record in predict([corpus], report):
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if sink is not sys.stdout:
            sink.close()
    rejected = report.rejected
    for r in rejected:
        err.print(f"[red]rejected[/] {escape(r.input)}: {escape(r.reason)}", highlight=False)
    err.print(f"extracted {count} article(s), {len(rejected)} rejected")
    if rejected:
        raise typer.Exit(EXIT_INVALID)


@app.command("evaluate")
@handle_errors
def evaluate_cmd(
    gold: Annotated[Path, typer.Argument(help="Gold JSON Lines (evaluation format).")],
    pred: Annotated[Path, typer.Argument(help="Predictions JSON Lines (from `extract`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score predictions against gold: claims, attribution, entities, ownership, roles, numbers."""
    from claimgraph.evaluation._score import read_jsonl, score

    scores = score(read_jsonl(gold), read_jsonl(pred))
    if as_json:
        out.print_json(json.dumps(scores))
    else:
        out.print(scores_table(scores))


def scores_table(scores: dict[str, Any]) -> Table:
    """The scores of :func:`claimgraph.evaluation._score.score` as a table (P, R, F1, counts)."""
    from claimgraph.evaluation._score import METRICS

    table = Table(
        "metric", "P", "R", "F1", "pred", "gold", title=f"{scores['articles']} article(s)"
    )
    for name in METRICS:
        m = scores.get(name)
        if m is not None:
            table.add_row(
                name,
                f"{m['p']:.3f}",
                f"{m['r']:.3f}",
                f"{m['f1']:.3f}",
                str(m["pred"]),
                str(m["gold"]),
            )
    table.caption = (
        f"speaker accuracy on matched claims: {scores['speaker_accuracy_on_matched']:.3f}"
    )
    if "act_accuracy_on_matched" in scores:
        table.caption += f"; act accuracy on matched: {scores['act_accuracy_on_matched']:.3f}"
    return table
