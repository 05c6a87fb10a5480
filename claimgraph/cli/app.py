"""The typer application, shared helpers, and how errors become exit codes."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from claimgraph.errors import ClaimgraphError, ShapeViolationError

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "app",
    "err",
    "escape",
    "fail",
    "handle_errors",
    "out",
    "plain",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="claimgraph",
    help="Turn news articles into a knowledge graph of who said what, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(show: bool) -> None:
    if show:
        from importlib.metadata import version

        typer.echo(f"claimgraph {version('claimgraph')}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help="Print claimgraph's version and exit.",
    ),
) -> None:
    """Turn news articles into a knowledge graph of who said what, with evidence."""


out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


def plain(value: object) -> Text:
    """A table cell that shows ``value`` as it is, not as rich markup (``None``: empty).

    Quotes hold editors' brackets (``[sic]``, ``[the mayor]``), which rich would take for tags.
    """
    return Text("" if value is None else str(value))


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print an error to stderr and exit with ``code``."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def handle_errors(func: F) -> F:
    """Turn claimgraph's typed errors into a message and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ShapeViolationError as exc:
            fail(str(exc), EXIT_INVALID)
        except ClaimgraphError as exc:
            fail(str(exc), EXIT_USAGE)
        except BrokenPipeError:  # e.g. `claimgraph export - | head`
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None

    return wrapper  # type: ignore[return-value]


def interactive() -> bool:
    """Whether stdout is a terminal (progress bars are shown only then)."""
    return sys.stdout.isatty()
