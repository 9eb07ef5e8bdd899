"""The `rbmtrace` command line. Each command group lives in a module of this package.

Exit codes: 0 success, 1 unexpected failure or a gate that failed (e.g. `check --fail-on`),
2 bad input (invalid bundle, unknown reference ...), 3 Neo4j unavailable, 4 a write that met
another one (a lock held too long, a deadlock: nothing was written, run it again), 130
interrupted (Ctrl-C or SIGTERM). Neo4j's errors get their meaning in one place
(`app.db.graph.translated`), for the CLI as for the API.
"""

from __future__ import annotations

import logging
import signal
import sys
from importlib.metadata import version
from types import FrameType

import typer
from neo4j.exceptions import DriverError, Neo4jError
from rich.console import Console
from rich.markup import escape

from app.cli import (
    bundles,
    gaps,
    model,
    neo4j_server,
    performance,
    reports,
    schema,
    seed,
    serve,
    suspects,
    synth,
    traversal,
    versions,
)
from app.cli.readable_help import ReadableGroup
from app.core.errors import RbmTraceError
from app.db.graph import translated

cli = typer.Typer(
    name="rbmtrace",
    cls=ReadableGroup,
    help="RBM Trace: traceability of results-based management plans, backed by Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"rbmtrace {version('rbmtrace')}")
        raise typer.Exit()


@cli.callback()
def _options(
    show_version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        is_eager=True,
        callback=_print_version,
    ),
) -> None:
    """RBM Trace: traceability of results-based management plans, backed by Neo4j."""


#: Every command module registers its commands (or its group) the same way, in this order.
COMMAND_MODULES = (
    neo4j_server,
    schema,
    seed,
    serve,
    synth,
    bundles,
    traversal,
    gaps,
    suspects,
    reports,
    model,
    performance,
    versions,
)
for _module in COMMAND_MODULES:
    _module.register(cli)

err_console = Console(stderr=True)


def _stop_like_ctrl_c(signum: int, frame: FrameType | None) -> None:
    """SIGTERM (kill, systemd, Docker) stops a command the way Ctrl-C does: an import
    being written is undone before the process ends."""
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _stop_like_ctrl_c)
    # the driver's "will be retried" warnings: the outcome is reported once, below
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    try:
        cli(prog_name="rbmtrace")
    except RbmTraceError as exc:
        report_error(exc)
        sys.exit(exc.exit_code)
    except (Neo4jError, DriverError) as exc:  # one raised outside `Graph`: the same meaning
        translation = translated(exc)
        report_error(translation)
        sys.exit(translation.exit_code)


def report_error(exc: RbmTraceError) -> None:
    """The error on standard error: every listed problem on its own line (place, message,
    hint), then one summary line that does not repeat them, then the hint."""
    problems = exc.extra.get("errors") or []
    for problem in problems:
        place, message = escape(str(problem["place"])), escape(str(problem["message"]))
        err_console.print(f"[red]x[/] {place}: {message}", highlight=False)
        if problem.get("hint"):
            err_console.print(f"    [yellow]hint:[/] {escape(problem['hint'])}", highlight=False)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        err_console.print(
            f"[bold red]{exc.title}:[/] {len(problems)} {noun}, listed above.", highlight=False
        )
    else:
        err_console.print(f"[bold red]{exc.title}:[/] {escape(exc.detail)}", highlight=False)
    hint = exc.extra.get("hint")
    if hint:  # printed as written: hints hold text like a-[TYPE]->b, not terminal markup
        err_console.print(f"[yellow]hint:[/] {escape(hint)}", highlight=False)


if __name__ == "__main__":
    main()
