"""`rbmtrace model docs`: write docs/metamodel.md from app/metamodel.py."""

from __future__ import annotations

from pathlib import Path

import typer

from app.cli.context import echo
from app.metamodel_docs import METAMODEL_DOC, write_metamodel_doc

cli = typer.Typer(help="The planning metamodel (app/metamodel.py).")


@cli.command()
def docs(
    output: Path = typer.Option(METAMODEL_DOC, "--output", "-o", help="Where to write it."),
) -> None:
    """Generate the metamodel reference (docs/metamodel.md)."""
    echo(f"Wrote {write_metamodel_doc(output)}.")


@cli.callback()
def model() -> None:
    """The planning metamodel."""


def register(parent: typer.Typer) -> None:
    parent.add_typer(cli, name="model")
