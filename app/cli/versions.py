"""`rbmtrace baseline ...` (named snapshots of the plan graph), `rbmtrace diff A B` (what
changed between two versions) and `rbmtrace cycles EARLIER LATER` (the crosswalk between
two planning cycles)."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path

import typer
from rich.markdown import Markdown
from rich.table import Table

from app.cli.context import command_settings, console, echo, open_graph
from app.db.graph import Graph
from app.reports.rendering import ReportFormat
from app.versions import baselines
from app.versions.committee import render_diff
from app.versions.cycles import DEFAULT_ENTRIES, cycle_diff
from app.versions.diff import DEFAULT_CHANGES, Version, diff_versions, version_of, version_of_file

#: Endings that make a diff side a bundle file rather than a baseline's name.
BUNDLE_SUFFIXES = (".json", ".yaml", ".yml", ".zip", ".csv")

baseline_cli = typer.Typer(
    help="Baselines: immutable, named snapshots of the whole plan graph.",
    no_args_is_help=True,
)


def _findings(count: int | None) -> str:
    return "findings not recorded" if count is None else f"{count} open findings"


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
        f"{made.links} links, {_findings(made.open_findings)} ({made.bytes} bytes stored)."
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
            _findings(b.open_findings),
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


def is_bundle_file(side: str) -> bool:
    return Path(side).suffix.lower() in BUNDLE_SUFFIXES or Path(side).is_file()


def _version(side: str, graph: Graph | None) -> Version:
    if is_bundle_file(side):
        return version_of_file(Path(side), command_settings().max_import_bytes)
    assert graph is not None
    return version_of(graph, side)


def diff_command(
    old: str = typer.Argument(..., help="current, a baseline's name, or a bundle file."),
    new: str = typer.Argument("current", help="current, a baseline's name, or a bundle file."),
    format: str = typer.Option(
        "markdown", "--format", "-f", help="markdown (rendered on a terminal) | html | json"
    ),
    raw: bool = typer.Option(False, "--raw", help="Print Markdown unrendered."),
    limit: int = typer.Option(DEFAULT_CHANGES, "--limit", help="Most changes listed."),
    cursor: str = typer.Option(None, "--cursor", help="Next page: the cursor printed before."),
    output: Path | None = typer.Option(None, "--output", "-o", help="File to write."),
) -> None:
    """What changed from OLD to NEW (elements, links, moves) and what it does (findings,
    budget per goal and priority, indicators and mandates cut off from the mission)."""
    if format not in ("markdown", "html", "json"):
        echo(f"--format {format!r}: use markdown, html or json.")
        raise typer.Exit(2)
    with ExitStack() as stack:
        needs_graph = not (is_bundle_file(old) and is_bundle_file(new))
        graph = stack.enter_context(open_graph()) if needs_graph else None
        found = diff_versions(_version(old, graph), _version(new, graph), limit, cursor)
    if format == "json":
        text = found.model_dump_json(by_alias=True, indent=2) + "\n"
    else:
        text = render_diff(found, ReportFormat(format))
    if output is not None:
        output.write_text(text, encoding="utf-8")
        echo(f"Wrote {output}.")
    elif format == "markdown" and not raw and sys.stdout.isatty():
        console.print(Markdown(text))
    else:
        sys.stdout.write(text)
    if found.next_cursor:
        echo(f"{found.total_changes} changes; next page: --cursor {found.next_cursor}")


def cycles_command(
    earlier: str = typer.Argument(..., help="The earlier plan: id, code or name."),
    later: str = typer.Argument(..., help="The later plan: id, code or name."),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
    limit: int = typer.Option(DEFAULT_ENTRIES, "--limit", help="Most entries listed."),
    cursor: str = typer.Option(None, "--cursor", help="Next page: the cursor printed before."),
) -> None:
    """The crosswalk from the EARLIER plan to the LATER one: what each element became,
    what is new, what is dropped (with what it served and what funded it)."""
    with open_graph() as graph:
        found = cycle_diff(graph, earlier, later, limit, cursor)
    if as_json:
        sys.stdout.write(found.model_dump_json(indent=2) + "\n")
    else:
        counts = ", ".join(f"{n} {fate}" for fate, n in found.counts.items() if n)
        console.print(f"{found.earlier.name} -> {found.later.name}: {counts or 'nothing'}")
        table = Table("element", "type", "fate", "became / served", "funded by")
        for e in found.entries:
            became = ", ".join(f"{s.code or s.id} ({s.kind})" for s in e.successors)
            served = ", ".join(f"{s.code or s.id} ({s.via})" for s in e.served)
            funded = ", ".join(
                f"{f.code or f.id} {f.amount if f.amount is not None else 'unknown'}"
                for f in e.funded_by
            )
            label = f"{e.element.code or e.element.id} {e.element.name or ''}".strip()
            table.add_row(label, e.element.type, e.fate, became or served, funded)
        console.print(table)
        for note in found.notes:
            echo(note)
    if found.next_cursor:
        echo(f"{found.total} entries; next page: --cursor {found.next_cursor}")


def register(cli: typer.Typer) -> None:
    cli.add_typer(baseline_cli, name="baseline")
    cli.command(name="diff")(diff_command)
    cli.command(name="cycles")(cycles_command)
