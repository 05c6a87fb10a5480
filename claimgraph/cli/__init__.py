"""The ``claimgraph`` command line: a thin layer over the library.

Every command calls one library function and prints what it returns. Exit codes: 0 ok,
1 validation failures (or rejected articles in a batch), 2 bad usage or input.
"""

from __future__ import annotations

from claimgraph.cli.app import app

# Importing the command modules registers their commands on ``app``.
from claimgraph.cli import core, demo, export, extract, index, query, serve, view  # noqa: F401  isort: skip

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the ``claimgraph`` script: the process's settings, then the command."""
    from claimgraph.cli._process import tune_process

    tune_process()
    app()
