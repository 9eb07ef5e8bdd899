"""`rbmtrace results import FILE`, `rbmtrace performance --by LEVEL` and `rbmtrace indicator
REF`: results in, statuses and their reasons out (the same functions as the API)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from app.bundles.importer import ImportOptions
from app.bundles.parsing import BundleSource
from app.cli.bundles import _counts_table
from app.cli.context import command_settings, console, echo, open_graph
from app.cli.traversal import PLAN_HELP
from app.performance.results_csv import import_results
from app.performance.schemas import PerformanceNode
from app.performance.service import (
    MAX_DEPTH,
    PerformanceOptions,
    check_level,
    indicator_performance,
    performance,
)

#: The terminal colour of each status (plain words when the output is not a terminal).
STATUS_STYLE = {"green": "bold green", "amber": "bold yellow", "red": "bold red", "grey": "dim"}
JSON_HELP = "Print JSON (as the API returns it) instead of a table."


def status_cell(status: str) -> str:
    return f"[{STATUS_STYLE[status]}]{status}[/]"


def _label(node: PerformanceNode) -> str:
    code = f"{node.code} " if node.code else ""
    return escape(f"{code}{node.name or node.id}")


def _rows(table: Table, node: PerformanceNode, indent: int) -> None:
    weight = "" if node.weight is None else f"{node.weight:,.4g}"
    table.add_row(
        "  " * indent + _label(node),
        node.type,
        status_cell(node.status),
        weight if indent else "",
        escape(node.why),
    )
    for child in node.children:
        _rows(table, child, indent + 1)


def register(cli: typer.Typer) -> None:
    results = typer.Typer(help="Targets and actuals per period (the results CSV).")
    cli.add_typer(results, name="results")

    @results.command(name="import")
    def results_import(
        files: list[Path] = typer.Argument(
            ...,
            help="Results CSV files: indicator, period_start, period_end, kind, value, "
            "dimension, dimension_value, comment (status optional).",
        ),
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Validate and show what would change; write nothing."
        ),
    ) -> None:
        """Import targets and actuals, all or nothing (exit code 2 listing every problem by
        file and row)."""
        settings = command_settings()
        options = ImportOptions.from_settings(settings, who="cli", dry_run=dry_run, via="results")
        sources = []
        for path in files:
            if not path.is_file():
                echo(f"{path}: no such file. Give the path of a results CSV.")
                raise typer.Exit(2)
            sources.append(BundleSource(str(path), path.read_bytes()))
        with open_graph(settings) as graph:
            report = import_results(graph, sources, options)
        console.print(_counts_table(report))
        if report.dry_run:
            console.print("Dry run: nothing was written.")

    @cli.command(name="performance")
    def performance_command(
        by: str = typer.Option(
            "Goal", "--by", help="Level: Goal, ThematicPriority or Outcome.", metavar="LEVEL"
        ),
        as_of: str | None = typer.Option(
            None, "--as-of", help="Read statuses as of this date (YYYY-MM-DD); default today."
        ),
        depth: int = typer.Option(
            1, "--depth", min=0, max=MAX_DEPTH, help="Levels of children shown (to indicators)."
        ),
        plan: str | None = typer.Option(
            None,
            "--plan",
            help="Only the level's elements this plan (id, code or name) contains.",
        ),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """Status of every goal, priority or outcome, rolled up, with why."""
        settings = command_settings()
        check_level(by)
        with open_graph(settings) as graph:
            options = PerformanceOptions.from_settings(settings)
            report = performance(graph, by, as_of, options, depth, plan=plan)
        if as_json:
            typer.echo(report.model_dump_json(indent=2))
            return
        in_plan = f" in plan {report.plan}" if report.plan else ""
        table = Table(
            title=f"Performance by {report.by}{in_plan} as of {report.as_of} "
            f"({report.weighting} weights)"
        )
        for column in ("element", "type", "status", "weight", "why"):
            table.add_column(column, overflow="fold")
        for item in report.items:
            _rows(table, item, 0)
        console.print(table)
        counts = ", ".join(f"{status_cell(s)} {n}" for s, n in report.counts.items())
        console.print(f"{len(report.items)} {report.by}: {counts}", highlight=False)
        console.print(f"Indicator status: {escape(report.rule)}.", highlight=False)

    @cli.command(name="indicator")
    def indicator_command(
        ref: str = typer.Argument(..., help="The indicator's id, code, alias or name."),
        as_of: str | None = typer.Option(
            None, "--as-of", help="Read the status as of this date (YYYY-MM-DD); default today."
        ),
        plan: str | None = typer.Option(None, "--plan", help=PLAN_HELP),
        as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
    ) -> None:
        """An indicator's periods, targets and actuals, its status and why."""
        settings = command_settings()
        with open_graph(settings) as graph:
            options = PerformanceOptions.from_settings(settings)
            answer = indicator_performance(graph, ref, as_of, options, plan=plan)
        if as_json:
            typer.echo(answer.model_dump_json(indent=2))
            return
        code = f"{answer.code} " if answer.code else ""
        console.print(
            f"{escape(code + (answer.name or answer.id))} [dim]({answer.id})[/]: "
            f"{answer.measure}, {answer.direction} is better, {answer.aggregation}, "
            f"baseline {answer.baseline if answer.baseline is not None else 'none'}"
            + (f" ({answer.baseline_year})" if answer.baseline_year else ""),
            highlight=False,
        )
        table = Table()
        for column in ("period", "target", "actual", "status", "why", "breakdown"):
            table.add_column(column, overflow="fold")
        for period in answer.periods:
            breakdown = "; ".join(
                f"{v.kind} {v.dimension}={v.dimension_value}: {v.value}"
                for v in period.values
                if v.dimension
            )
            table.add_row(
                f"{period.start}..{period.end}",
                "" if period.target is None else f"{period.target:,.6g}",
                "" if period.actual is None else f"{period.actual:,.6g}",
                status_cell(period.assessment.status),
                escape(period.assessment.why),
                escape(breakdown),
            )
        console.print(table)
        console.print(
            f"Status as of {answer.as_of}: {status_cell(answer.status.status)} - "
            f"{escape(answer.status.why)}",
            highlight=False,
        )
