"""``ingest``, ``validate`` and ``stats``, and the options every store command shares."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.table import Table

from claimgraph.cli import progress
from claimgraph.cli.app import (
    EXIT_INVALID,
    app,
    err,
    escape,
    fail,
    handle_errors,
    out,
)
from claimgraph.errors import ClaimgraphError, OutputError, StoreError, StoreUnavailableError

if TYPE_CHECKING:  # the library is imported by the commands that run it (a quick --help)
    from claimgraph.graph.store._kg import KnowledgeGraph
    from claimgraph.ingestion._pipeline import BatchReport

# every command's store when --store is not given: CLAIMGRAPH_STORE, else this folder
DEFAULT_STORE = "claimgraph-store"

StoreOpt = Annotated[
    str,
    typer.Option(
        "--store",
        "-s",
        envvar="CLAIMGRAPH_STORE",
        help="Store directory, ':memory:' or a SPARQL endpoint URL (a login: user:password@ in "
        "the URL, CLAIMGRAPH_STORE_USER and CLAIMGRAPH_STORE_PASSWORD, CLAIMGRAPH_STORE_TOKEN, "
        "or ~/.netrc; Neptune IAM: CLAIMGRAPH_STORE_AUTH=aws-sigv4 with AWS credentials).",
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        help="Remote store: seconds to wait for each answer (default CLAIMGRAPH_STORE_TIMEOUT, "
        "else 120).",
    ),
]
UpdateUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--update-url",
        help="Remote store: the SPARQL update endpoint, if not derived from --store.",
    ),
]
EXIT_INTERRUPTED = 130  # 128 + SIGINT: what shells report for a command stopped by Ctrl-C

GspUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--gsp-url", help="Remote store: the Graph Store Protocol endpoint (exports), if any."
    ),
]


def print_report(report: BatchReport) -> None:
    """Print a batch report's counts and rejects."""
    out.print(
        f"stored {report.stored} article(s): {report.added} added, {report.replaced} replaced, "
        f"{report.unchanged} unchanged; {len(report.rejected)} rejected "
        f"({report.articles_per_second:.1f} articles/s)"
    )
    for r in report.rejected:
        err.print(f"[red]rejected[/] {escape(r.input)}: {escape(r.reason)}", highlight=False)
    for n in report.notes:
        err.print(f"[yellow]note[/] {escape(n.input)}: {escape(n.reason)}", highlight=False)


@app.command("ingest")
@handle_errors
def ingest_cmd(
    paths: Annotated[
        list[Path], typer.Argument(help="Text/HTML files, JSON Lines corpora, folders.")
    ],
    store: StoreOpt = DEFAULT_STORE,
    timeout: TimeoutOpt = None,
    curated: Annotated[
        bool, typer.Option("--curated/--no-curated", help="Also load the curated facts table.")
    ] = True,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Write rejected inputs here (JSON Lines).")
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", "-j", min=1, help="Extract in this many processes.")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Extract on the Dask cluster at this scheduler address."),
    ] = None,
    update_url: UpdateUrlOpt = None,
    gsp_url: GspUrlOpt = None,
    reextract: Annotated[
        bool,
        typer.Option(
            "--reextract",
            help="Extract every article, even one already stored from the same input by this "
            "version (by default those are skipped, so a rerun goes on where a batch stopped).",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bar or lines; only the summary."),
    ] = False,
    progress_every: Annotated[
        str | None,
        typer.Option(
            "--progress-every",
            envvar="CLAIMGRAPH_PROGRESS_EVERY",
            metavar="SECONDS",
            help=f"When stdout is not a terminal: a progress line on stderr at most this often "
            f"(default {progress.PROGRESS_EVERY:g}).",
        ),
    ] = None,
) -> None:
    """Read articles, extract who said what, validate each article's graph and store it.

    On a terminal a progress bar shows on stderr; otherwise (cron, nohup, CI logs) a progress
    line now and then (--progress-every). Ctrl-C stops the batch: what was stored is kept, the
    summary and --rejects are written (exit code 130), and the same command again goes on.
    Articles already stored from the same input by this version are skipped, not extracted.
    """
    from claimgraph.graph.store._kg import KnowledgeGraph, add_curated
    from claimgraph.ingestion._pipeline import BatchReport, ingest

    every = progress.PROGRESS_EVERY if progress_every is None else _seconds(progress_every)
    if rejects is not None:
        check_rejects(rejects, paths)  # before any work: a bad path is refused up front
    report = BatchReport()
    try:
        opened = KnowledgeGraph.open(store, update_url=update_url, gsp_url=gsp_url, timeout=timeout)
        bar_off = quiet or not progress.show_bar()
        with _session(opened) as kg, progress.progress_bar(disable=bar_off) as bar:
            if curated:
                add_curated(kg)
            tick = progress.ticker(paths, bar, quiet=quiet, every=every)
            ingest(
                kg,
                paths,
                progress=tick,
                workers=dask if dask is not None else workers,
                report=report,
                reextract=reextract,
            )
    except StoreUnavailableError as exc:
        if isinstance(exc.report, BatchReport):  # what the batch did before the store went away
            _finish(exc.report, rejects)
        raise
    except KeyboardInterrupt:
        _interrupted(report, rejects)
    _finish(report, rejects)
    if report.rejected:
        raise typer.Exit(EXIT_INVALID)


@contextlib.contextmanager
def _session(kg: KnowledgeGraph) -> Iterator[KnowledgeGraph]:
    """Use ``kg`` and close it; a close that fails on a full disk is :class:`StoreFullError`,
    and a close that fails while an error is on its way does not hide that error."""
    from claimgraph.ingestion._pipeline import disk_full, store_full

    try:
        yield kg
    except BaseException:
        with contextlib.suppress(OSError, ClaimgraphError):
            kg.close()
        raise
    try:
        kg.close()
    except OSError as exc:
        if disk_full(exc):
            raise store_full(kg.location, exc) from exc
        raise StoreError(f"{kg.location}: closing the store failed: {exc}") from exc


def _seconds(value: str) -> float:
    """``--progress-every`` as a number of seconds (a usage error if it is not one)."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:  # also NaN
        fail(
            f"--progress-every (or CLAIMGRAPH_PROGRESS_EVERY) is {value!r}, not a number of "
            "seconds; give 0 or more, e.g. --progress-every 300"
        )
    return seconds


def _interrupted(report: BatchReport, rejects: Path | None) -> NoReturn:
    _finish(report, rejects)
    err.print(
        f"interrupted: {report.stored} article(s) stored before the interrupt are kept; "
        "run the same command again to go on",
        highlight=False,
    )
    raise typer.Exit(EXIT_INTERRUPTED)


def _finish(report: BatchReport, rejects: Path | None) -> None:
    """Write the rejects file, then print the report (to a closed pipe too: nothing is lost)."""
    if rejects is not None:
        from claimgraph.graph.store._formats import write_atomically

        lines = (json.dumps(r.as_dict(), ensure_ascii=False) + "\n" for r in report.rejected)
        write_atomically(rejects, "".join(lines).encode("utf-8"))
    try:
        print_report(report)
    except BrokenPipeError:  # stdout went away (`| head`): the exit code still tells
        _stdout_to_devnull()


def _stdout_to_devnull() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush does not fail again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def check_rejects(rejects: Path, inputs: list[Path]) -> None:
    """Refuse a ``--rejects`` file that could not be written, or that is one of the inputs: a
    file given, or a file already in a folder given (writing the rejects would destroy it). A
    new file inside an input folder is allowed (nothing is lost), though the next run reads it.

    Raises:
        OutputError: naming the file and the input it collides with.
    """
    from claimgraph.graph.store._formats import check_writable

    check_writable(rejects)
    target = rejects.resolve()
    for given in inputs:
        source = given.resolve()
        inside = source.is_dir() and source in target.parents and target.exists()
        if target == source or inside:
            where = "is" if target == source else "is inside"
            raise OutputError(
                str(rejects),
                f"the rejects file {where} the input {str(given)!r}; writing it would "
                "overwrite what is read. Give --rejects a path outside the inputs",
            )


@app.command("validate")
@handle_errors
def validate_cmd(
    store: StoreOpt = DEFAULT_STORE,
    timeout: TimeoutOpt = None,
    article: Annotated[str | None, typer.Option(help="Only this article id.")] = None,
) -> None:
    """Validate stored article graphs against the SHACL shapes."""
    from claimgraph.graph.store._kg import KnowledgeGraph

    with KnowledgeGraph.open(store, read_only=True, timeout=timeout) as kg:
        reports = kg.validate(article)
    bad = {a: r for a, r in reports.items() if not r.conforms}
    for aid, r in bad.items():
        err.print(f"[red]{escape(aid)}[/]: {len(r.violations)} violation(s)", highlight=False)
        for v in r.violations:
            err.print(f"  - {escape(str(v))}", highlight=False)
    out.print(f"{len(reports) - len(bad)} of {len(reports)} article graph(s) conform")
    if bad:
        raise typer.Exit(EXIT_INVALID)


@app.command("stats")
@handle_errors
def stats_cmd(
    store: StoreOpt = DEFAULT_STORE,
    timeout: TimeoutOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Counts of quads, graphs, articles, claims, agents and observations."""
    from claimgraph.graph.store._kg import KnowledgeGraph

    with KnowledgeGraph.open(store, read_only=True, timeout=timeout) as kg:
        stats = kg.stats().as_dict()
    if as_json:
        out.print_json(json.dumps(stats))
        return
    table = Table("what", "count")
    for k, v in stats.items():
        table.add_row(k, f"{v:,}")
    out.print(table)
