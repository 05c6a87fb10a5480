"""Progress of ``ingest``: a bar on a terminal, a line now and then in a log, or nothing."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from claimgraph.cli.app import err, interactive

if TYPE_CHECKING:
    from claimgraph.ingestion._pipeline import BatchReport

PROGRESS_EVERY = 30.0
"""Seconds between two progress lines on stderr when stdout is not a terminal (cron, CI logs)."""


class _CountColumn(ProgressColumn):
    """``M/N`` records done, or ``M`` while the total is still being counted."""

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        shown = f"{done:,}" if task.total is None else f"{done:,}/{int(task.total):,}"
        return Text(shown, style="progress.download")


def progress_bar(*, disable: bool) -> Progress:
    return Progress(
        TextColumn("[bold]ingesting"),
        BarColumn(),
        _CountColumn(),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("{task.fields[rejected]:,} rejected"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        disable=disable,
        transient=True,
    )


def _duration(seconds: float) -> str:
    """``6h 23m``, ``4m 10s``, ``9s``: two units at most, and 1s at least."""
    minutes, secs = divmod(max(round(seconds), 1), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m {secs}s" if minutes else f"{secs}s"


def progress_line(report: BatchReport, total: int | None, seconds: float) -> str:
    r"""One line on how far a batch is, for logs: counts, rate and (given a total) time left.

    >>> from claimgraph.ingestion._pipeline import BatchReport
    >>> print(progress_line(BatchReport(added=90), 360, 30.0).replace("; ", ";\n"))
    ingested 90 of 360 article(s) (25.0%): 90 stored, 0 rejected;
    3.0 articles/s;
    about 1m 30s left
    >>> progress_line(BatchReport(added=90), None, 30.0)
    'ingested 90 article(s): 90 stored, 0 rejected; 3.0 articles/s'
    """
    rejected = len(report.rejected)
    done = report.stored + rejected
    rate = done / seconds if seconds > 0 else 0.0
    of = f" of {total:,}" if total is not None else ""
    line = f"ingested {done:,}{of} article(s)"
    if total:
        line += f" ({100 * done / total:.1f}%)"
    line += f": {report.stored:,} stored, {rejected:,} rejected; {rate:.1f} articles/s"
    if total is not None and done < total and rate > 0:
        line += f"; about {_duration((total - done) / rate)} left"
    return line


class _Ticker:
    """The ``progress`` callback of a batch: moves the bar, or prints a line now and then.

    Given ``paths``, a background thread counts their records (so that the batch starts at
    once) and gives the bar its total as soon as it is known; ``every`` is the number of
    seconds between progress lines, ``None`` for none.
    """

    def __init__(self, bar: Progress, paths: list[Path] | None, every: float | None) -> None:
        self.bar, self.every = bar, every
        self.task = bar.add_task("ingest", total=None, rate=0.0, rejected=0)
        self.counted: int | None = None  # None: not counted (yet), or the count failed
        self.completed = 0
        self.lock = threading.Lock()
        self.started = self.last_line = time.perf_counter()
        if paths is not None:
            name = "claimgraph-count"
            threading.Thread(target=self._count, args=(paths,), name=name, daemon=True).start()

    def _count(self, paths: list[Path]) -> None:
        from claimgraph.loaders._readers import count_articles

        with contextlib.suppress(Exception):  # the count only feeds the display
            counted = count_articles(paths)
            with self.lock:
                self.counted = counted
                self.bar.update(self.task, total=self._total())

    def _total(self) -> int | None:
        """The counted total, raised to the records done if the inputs grew while read."""
        return None if self.counted is None else max(self.counted, self.completed)

    def __call__(self, done: int, report: BatchReport) -> None:
        now = time.perf_counter()
        seconds = max(now - self.started, 1e-9)
        rejected = len(report.rejected)
        with self.lock:
            self.completed = report.stored + rejected
            total = self._total()
            rate = self.completed / seconds
            self.bar.update(
                self.task, completed=self.completed, total=total, rate=rate, rejected=rejected
            )
        if self.every is not None and now - self.last_line >= self.every:
            self.last_line = now
            err.print(progress_line(report, total, seconds), highlight=False, markup=False)


def show_bar() -> bool:
    """Whether progress is a bar (on a terminal) rather than lines in a log."""
    return interactive() and sys.stderr.isatty()


def ticker(paths: list[Path], bar: Progress, *, quiet: bool, every: float) -> _Ticker:
    """The bar on a terminal, progress lines every ``every`` seconds elsewhere, or nothing."""
    if quiet:
        return _Ticker(bar, None, None)
    return _Ticker(bar, paths, None if show_bar() else every)
