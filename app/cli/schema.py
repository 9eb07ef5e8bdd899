"""`rbmtrace schema apply|status`: constraints and indexes from cypher/schema.cypher."""

from __future__ import annotations

import typer

from app.cli.context import console, open_graph
from app.db.schema import apply_schema, missing_schema

cli = typer.Typer(help="Constraints and indexes (cypher/schema.cypher).")


@cli.command()
def apply() -> None:
    """Apply the schema; safe to run any number of times."""
    with open_graph() as graph:
        names = apply_schema(graph)
    console.print(f"Schema applied: {len(names)} constraints and indexes.")


@cli.command()
def status() -> None:
    """List schema objects that are missing or not yet online."""
    with open_graph() as graph:
        missing = missing_schema(graph)
    if missing:
        console.print("Missing or not online: " + ", ".join(missing))
        raise typer.Exit(1)
    console.print("All constraints and indexes are present and online.")


def register(parent: typer.Typer) -> None:
    parent.add_typer(cli, name="schema")
