"""`rbmtrace baseline ...` (named snapshots of the plan graph), `rbmtrace diff A B` (what
changed between two versions) and `rbmtrace cycles EARLIER LATER` (the crosswalk between
two planning cycles)."""

from __future__ import annotations

import typer
from rich.table import Table

from app.cli.context import console, echo, open_graph
from app.versions import baselines

baseline_cli = typer.Typer(
    help="Baselines: immutable, named snapshots of the whole plan graph.",
    no_args_is_help=True,
)


@baseline_cli.command("create")
def create(
    name: str = typer.Argument(..., help="Letters, digits, '.', '_', '-'; not 'current'."),
    note: str = typer.Option(None, "--note", help="Why the baseline is taken."),
) -> None:
    """Take a baseline of the whole graph (elements, links, properties, findings)."""
    with open_graph() as graph:
        made = baselines.create_baseline(graph, name, note, "cli")
    echo(
        f"Baseline {made.name!r} taken at {made.created_at}: {made.elements} elements, "
        f"{made.links} links, {made.open_findings} open findings ({made.bytes} bytes stored)."
    )


@baseline_cli.command("list")
def list_command() -> None:
    """The baselines, newest first."""
    with open_graph() as graph:
        found = baselines.list_baselines(graph)
    if not found:
        echo("No baseline yet: rbmtrace baseline create NAME [--note TEXT].")
        return
    table = Table("name", "created", "by", "elements", "links", "open findings", "note")
    for b in found:
        table.add_row(
            b.name,
            b.created_at,
            b.created_by,
            str(b.elements),
            str(b.links),
            str(b.open_findings),
            b.note or "",
        )
    console.print(table)


@baseline_cli.command("show")
def show(name: str = typer.Argument(..., help="The baseline's name.")) -> None:
    """One baseline: who took it, when, why, and its size."""
    with open_graph() as graph:
        b = baselines.get_baseline(graph, name)
    for key, value in b.model_dump().items():
        console.print(f"{key}: {value if value is not None else ''}", highlight=False)


@baseline_cli.command("delete")
def delete(
    name: str = typer.Argument(..., help="The baseline's name."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Delete a baseline (over the API this needs the admin role)."""
    if not yes:
        typer.confirm(f"Delete baseline {name!r}?", abort=True)
    with open_graph() as graph:
        baselines.delete_baseline(graph, name)
    echo(f"Deleted baseline {name!r}.")


def register(cli: typer.Typer) -> None:
    cli.add_typer(baseline_cli, name="baseline")
