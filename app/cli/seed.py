"""`rbmtrace seed load [itu|demo]`, `rbmtrace seed sources [itu|demo]` and `rbmtrace seed
findings`."""

from __future__ import annotations

import typer

from app.cli.context import command_settings, console, open_graph
from app.seeding import (
    DEFAULT_SEED,
    SEED_DATASETS,
    findings_table,
    load_seed,
    load_seed_if_empty,
    read_seed,
)
from app.seeding import sources_table as render_sources_table

cli = typer.Typer(help="The seed datasets of seed/: the ITU plan and the synthetic demo.")

_NAME_HELP = "Seed dataset: " + " or ".join(SEED_DATASETS) + "."


@cli.command()
def load(
    name: str = typer.Argument(DEFAULT_SEED, help=_NAME_HELP),
    if_empty: bool = typer.Option(
        False, "--if-empty", help="Load it only when the database holds no element."
    ),
) -> None:
    """Load a seed dataset (merged by id: loading it again changes nothing)."""
    settings = command_settings()
    with open_graph(settings) as graph:
        if if_empty:
            loaded = load_seed_if_empty(graph, name, settings)
        else:
            loaded = load_seed(graph, name, settings)
    if loaded is None:
        console.print("The database already holds elements: nothing loaded.")
        return
    console.print(
        f"Seed dataset [bold]{loaded.name}[/] loaded from {', '.join(loaded.files)}: "
        f"{loaded.summary()}.",
        soft_wrap=True,
    )


@cli.command()
def sources(name: str = typer.Argument(DEFAULT_SEED, help=_NAME_HELP)) -> None:
    """Print the markdown table of each element's source (as in seed/README.md)."""
    typer.echo(render_sources_table(read_seed(name, command_settings())), nl=False)


@cli.command()
def findings() -> None:
    """The seed findings table of seed/README.md: each problem the ITU documents raise and
    the check and findings that flag it on the graph (load the ITU seed first)."""
    settings = command_settings()
    with open_graph(settings) as graph:
        typer.echo(findings_table(graph, settings), nl=False)


def register(parent: typer.Typer) -> None:
    parent.add_typer(cli, name="seed")
