"""`rbmtrace check|waive|unwaive|waivers|checks`: gap analysis in the terminal.

`rbmtrace check` prints the findings as a table (or `--json`, as the API returns it) and
exits 1 when an open finding is at or above `--fail-on` (default error), so a plan can be
gated in CI like code; `--fail-on none` never fails.
"""

from __future__ import annotations

import getpass

import typer
from rich.table import Table

from app.cli.context import console, echo, open_graph
from app.core.errors import BadRequest
from app.gaps.catalogue import Severity, load_catalogue, markdown_table
from app.gaps.engine import list_waivers, open_findings, remove_waiver, run_gaps, waive_finding
from app.gaps.findings import FindingStatus

FAIL_LEVELS = ("error", "warning", "info", "none")


def register(cli: typer.Typer) -> None:
    @cli.command()
    def check(
        plan: str = typer.Option(None, help="Only findings on elements of this plan."),
        check_id: str = typer.Option(None, "--check", help="Check id(s), comma-separated."),
        severity: str = typer.Option(None, help="Only checks of this severity."),
        fail_on: str = typer.Option(
            "error", help="Exit 1 when an open finding is at least: error, warning, info, none."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the API's JSON."),
    ) -> None:
        """Run the gap checks; a table of findings and an exit code for CI."""
        if fail_on not in FAIL_LEVELS:
            raise BadRequest(
                f"--fail-on {fail_on!r} is not one of {', '.join(FAIL_LEVELS)}.",
                hint="e.g. --fail-on warning",
            )
        with open_graph() as graph:
            report = run_gaps(graph, check=check_id, severity=severity, plan=plan)
        if as_json:
            typer.echo(report.model_dump_json(indent=2))
        else:
            table = Table(title="Gap findings")
            for column in ("severity", "check", "message", "status", "key"):
                table.add_column(column, overflow="fold")
            for f in report.findings:
                state = f.status.value
                if f.waiver is not None and f.status == FindingStatus.open:
                    state = f"open (waiver {f.waiver.state.value})"
                table.add_row(f.severity, f.check, f.message, state, f.key)
            console.print(table)
            counts = ", ".join(f"{n} {s}" for s, n in report.summary.open_by_severity.items())
            console.print(
                f"{report.summary.open} open ({counts}), {report.summary.waived} waived, "
                f"{report.summary.checks_run} checks run."
            )
        if fail_on != "none":
            failing = open_findings(report, Severity(fail_on))
            if failing:
                echo(f"[red]{len(failing)} open finding(s) at or above {fail_on}.[/]")
                raise typer.Exit(1)

    @cli.command()
    def checks(
        markdown: bool = typer.Option(False, "--markdown", help="The README's table."),
    ) -> None:
        """The check catalogue."""
        if markdown:
            typer.echo(markdown_table(), nl=False)
            return
        table = Table(title="Gap checks")
        for column in ("check", "severity", "finds", "fix"):
            table.add_column(column, overflow="fold")
        for c in load_catalogue():
            table.add_row(c.id, c.severity.value, c.title, c.fix)
        console.print(table)

    @cli.command()
    def waive(
        key: str = typer.Argument(..., help="The finding key, as `rbmtrace check` lists it."),
        reason: str = typer.Option(..., help="Why the finding is accepted."),
        expires: str = typer.Option(None, help="ISO date after which the finding is back."),
        by: str = typer.Option(None, help="Who accepts it (default: the login name)."),
    ) -> None:
        """Accept a finding: it stays listed as waived until it expires or changes."""
        with open_graph() as graph:
            waiver = waive_finding(graph, key, reason, by or getpass.getuser(), expires)
        until = f" until {waiver.expires}" if waiver.expires else ""
        console.print(f"Waived {waiver.key}{until}: {waiver.reason}")

    @cli.command()
    def unwaive(key: str = typer.Argument(..., help="The finding key.")) -> None:
        """Withdraw a waiver: the finding is open again."""
        with open_graph() as graph:
            remove_waiver(graph, key)
        console.print(f"Waiver of {key} withdrawn.")

    @cli.command()
    def waivers(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
        """The recorded waivers."""
        with open_graph() as graph:
            items = list_waivers(graph)
        if as_json:
            typer.echo("[" + ",".join(w.model_dump_json() for w in items) + "]")
            return
        table = Table(title="Waivers")
        for column in ("key", "reason", "who", "created", "expires"):
            table.add_column(column, overflow="fold")
        for w in items:
            expiry = (w.expires or "never") + (" (expired)" if w.expired else "")
            table.add_row(w.key, w.reason, w.who, w.created, expiry)
        console.print(table)
