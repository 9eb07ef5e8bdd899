"""The `rbmtrace` command line. Each command group lives in a module of this package.

Exit codes: 0 success, 1 unexpected failure or a gate that failed (e.g. `check --fail-on`),
2 bad input (invalid bundle, unknown reference ...), 3 Neo4j unavailable.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from app.cli import bundles, model, neo4j_server, schema, seed, serve, synth, traversal
from app.cli import gaps as gap_commands
from app.core.errors import RbmTraceError

cli = typer.Typer(
    name="rbmtrace",
    help="RBM Trace: traceability of results-based management plans, backed by Neo4j.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
cli.add_typer(neo4j_server.cli, name="neo4j")
cli.add_typer(schema.cli, name="schema")
cli.add_typer(seed.cli, name="seed")
serve.register(cli)
synth.register(cli)
bundles.register(cli)
traversal.register(cli)
gap_commands.register(cli)
cli.add_typer(model.cli, name="model")

err_console = Console(stderr=True)


def main() -> None:
    try:
        cli()
    except RbmTraceError as exc:
        err_console.print(f"[bold red]{exc.title}:[/] {exc.detail}", highlight=False)
        hint = exc.extra.get("hint")
        if hint:
            err_console.print(f"[yellow]hint:[/] {hint}", highlight=False)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
