"""`rbmtrace check|waive|unwaive|waivers|checks`: gap analysis in the terminal.

`rbmtrace check` prints the findings, each with its key whole (or, above
`SUMMARY_ABOVE` findings, counts per check; `--list`/`--summary` choose), or `--format
json|csv` for scripts, and exits 1 when an open finding is at or above `--fail-on`
(default error), so a plan can be gated in CI like code; `--fail-on none` never fails.
"""

from __future__ import annotations

import csv
import getpass
import io
from enum import StrEnum

import typer
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from app.cli.context import command_settings, console, echo, open_graph
from app.core.errors import BadRequest
from app.gaps.catalogue import Severity, load_catalogue, markdown_table
from app.gaps.engine import list_waivers, open_findings, remove_waiver, run_gaps, waive_finding
from app.gaps.findings import FindingStatus, GapReport
from app.performance.service import PerformanceOptions

FAIL_LEVELS = ("error", "warning", "info", "none")
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "dim"}


def _totals(report: GapReport) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in report.summary.open_by_severity.items())
    return (
        f"{report.summary.open} open ({counts}), {report.summary.waived} waived, "
        f"{report.summary.checks_run} checks run."
    )


def print_summary(report: GapReport) -> None:
    """Counts per check and severity: what a large result is, in a screenful."""
    table = Table(title=f"Gap findings by check ({len(report.findings)} findings)")
    shown = [c for c in report.summary.by_check if c.open or c.waived]
    check_width = max([5, *(len(c.check) for c in shown)])
    # one line per check: the title gets what the other columns and the borders leave
    # the columns around it: severity (its header), check, open, waived, and the borders
    title_width = max(10, console.width - len("severity") - check_width - 4 - 6 - 16)
    table.add_column("severity", no_wrap=True, min_width=7)
    table.add_column("check", no_wrap=True, min_width=check_width)
    table.add_column("finds", no_wrap=True, max_width=title_width, overflow="ellipsis")
    table.add_column("open", justify="right", no_wrap=True)
    table.add_column("waived", justify="right", no_wrap=True, min_width=6)
    for c in sorted(report.summary.by_check, key=lambda c: (-Severity(c.severity).rank, c.check)):
        if c.open or c.waived:
            style = SEVERITY_STYLE.get(c.severity, "")
            table.add_row(f"[{style}]{c.severity}[/]", c.check, c.title, str(c.open), str(c.waived))
    console.print(table)
    console.print(_totals(report))
    console.print(
        "[dim]Findings with their keys: `rbmtrace check --list`, or one check: "
        "`rbmtrace check --check ID --list`.[/]"
    )


def print_findings(report: GapReport) -> None:
    """Each finding: severity and check, the message (wrapped), and its key on a line of
    its own, never wrapped, so it can be copied into `rbmtrace waive`."""
    for f in report.findings:
        state = f.status.value
        if f.waiver is not None and f.status == FindingStatus.open:
            state = f"open (waiver {f.waiver.state.value})"
        style = SEVERITY_STYLE.get(f.severity, "")
        console.print(f"[{style}]{f.severity}[/] {f.check} [dim]{state}[/]", highlight=False)
        console.print(Padding(Text(f.message), (0, 0, 0, 2)), highlight=False)
        console.print(Text("  key: ") + Text(f.key, style="bold"), soft_wrap=True, crop=False)
    console.print(_totals(report))


def findings_csv(report: GapReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in report.findings:
        elements = " ".join(e.id for e in f.elements)
        writer.writerow([f.key, f.check, f.severity, f.status.value, f.message, elements])
    return out.getvalue()


class CheckFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


#: Above this many findings, `check` prints counts per check unless --list is given.
SUMMARY_ABOVE = 20
CSV_COLUMNS = ("key", "check", "severity", "status", "message", "elements")


def register(cli: typer.Typer) -> None:
    @cli.command()
    def check(
        plan: str = typer.Option(None, help="Only findings on elements of this plan."),
        check_id: str = typer.Option(None, "--check", help="Check id(s), comma-separated."),
        severity: str = typer.Option(None, help="Only checks of this severity."),
        evidence: str = typer.Option(
            None,
            help="stated: the plan as written (assumed and inferred elements and links left "
            "out); inferred: also inferred ones; assumed: everything (the default).",
        ),
        as_of: str = typer.Option(
            None,
            "--as-of",
            help="The reporting date (YYYY-MM-DD) the results checks judge against (periods "
            "ended on or before it); default today.",
            metavar="DATE",
        ),
        fail_on: str = typer.Option(
            "error",
            help="Exit 1 when an open finding is at least: error, warning, info, none.",
            metavar="SEVERITY",
        ),
        fmt: CheckFormat = typer.Option(
            CheckFormat.table,
            "--format",
            "-f",
            help="table (for people), json (the API's answer) or csv (a row per finding).",
        ),
        listing: bool = typer.Option(
            None,
            "--list/--summary",
            help=f"Every finding with its key, or counts per check. Default: the list up "
            f"to {SUMMARY_ABOVE} findings, the counts above.",
            show_default=False,
        ),
        as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    ) -> None:
        """Run the gap checks: counts or findings (keys whole, for `waive`), and an exit
        code for CI."""
        if fail_on not in FAIL_LEVELS:
            raise BadRequest(
                f"--fail-on {fail_on!r} is not one of {', '.join(FAIL_LEVELS)}.",
                hint="e.g. --fail-on warning",
            )
        settings = command_settings()
        with open_graph(settings) as graph:
            report = run_gaps(
                graph,
                check=check_id,
                severity=severity,
                plan=plan,
                evidence=evidence,
                as_of=as_of,
                rule=PerformanceOptions.from_settings(settings).rule,
            )
        fmt = CheckFormat.json if as_json else fmt
        if fmt == CheckFormat.json:
            typer.echo(report.model_dump_json(indent=2))
        elif fmt == CheckFormat.csv:
            typer.echo(findings_csv(report), nl=False)
        elif listing or (listing is None and len(report.findings) <= SUMMARY_ABOVE):
            print_findings(report)
        else:
            print_summary(report)
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
        evidence: str = typer.Option(
            None, help="The --evidence of the `rbmtrace check` run that listed the finding."
        ),
        as_of: str = typer.Option(
            None,
            "--as-of",
            help="The --as-of of the `rbmtrace check` run that listed the finding.",
            metavar="DATE",
        ),
    ) -> None:
        """Accept a finding: it stays listed as waived until it expires or changes."""
        settings = command_settings()
        with open_graph(settings) as graph:
            waiver = waive_finding(
                graph,
                key,
                reason,
                by or getpass.getuser(),
                expires,
                evidence=evidence,
                as_of=as_of,
                rule=PerformanceOptions.from_settings(settings).rule,
            )
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
