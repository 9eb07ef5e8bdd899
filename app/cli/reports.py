"""`rbmtrace report`: the linkage report, rendered in the terminal or written to a file.

To the terminal the Markdown is rendered (headings, tables) by rich; `--raw` prints the
Markdown itself. `-o FILE` writes the format its extension names (.pdf, .html, .md).
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markdown import Markdown

from app.cli.context import console, open_graph
from app.core.errors import BadRequest
from app.reports.rendering import ReportFormat, format_of, linkage_report

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def register(cli: typer.Typer) -> None:
    @cli.command()
    def report(
        plan: list[str] = typer.Option(
            [],
            "--plan",
            "-p",
            help="A plan (id, code or name); repeat for several. "
            "Default: every plan, each in its own chapter.",
            metavar="PLAN",
        ),
        output: Path = typer.Option(
            None,
            "--output",
            "-o",
            help="Write to this file; its extension picks the format (.pdf, .html, .md).",
            metavar="FILE",
        ),
        format: ReportFormat = typer.Option(
            None,
            help="markdown, html or pdf (default: by the file's extension, else "
            "Markdown rendered in the terminal).",
        ),
        raw: bool = typer.Option(False, "--raw", help="Print the Markdown text unrendered."),
        base_url: str = typer.Option(
            DEFAULT_BASE_URL, help="The service's address, for the links to the explorer."
        ),
    ) -> None:
        """The linkage report: summary, budget tables, matrix, findings, chain and sources."""
        fmt = format or (format_of(output) if output else ReportFormat.markdown)
        if output is not None and format is not None and format_of(output) != format:
            raise BadRequest(
                f"--format {format.value} does not match the file name {output}.",
                hint="Leave out --format: the extension picks it.",
            )
        if output is None and fmt == ReportFormat.pdf:
            raise BadRequest("A PDF cannot be printed to the terminal.", hint="Add -o report.pdf.")
        with open_graph() as graph:
            content = linkage_report(graph, fmt, plan, base_url=base_url)
        if output is not None:
            output.write_bytes(content)
            typer.echo(f"Linkage report ({fmt.value}) written to {output}", err=True)
        elif fmt == ReportFormat.markdown and not raw:
            console.print(Markdown(content.decode("utf-8"), hyperlinks=True))
        else:
            typer.echo(content.decode("utf-8"), nl=False)
