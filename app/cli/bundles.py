"""`rbmtrace import FILE...` and `rbmtrace export`: plan bundles to and from the graph."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import FrameType

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from app.bundles import exporter
from app.bundles.bulk_load import bulk_import
from app.bundles.import_report import ImportReport
from app.bundles.importer import (
    NO_SIZE_LIMIT,
    ImportOptions,
    import_bundle,
    json_files,
    read_bundle,
)
from app.bundles.link_duplicates import dedupe_links
from app.bundles.parsing import ParsedBundle
from app.bundles.pending_imports import pending_imports, recover_abandoned
from app.cli.context import command_settings, console, echo, err_console, open_graph
from app.core.config import Settings
from app.performance.iati import Reporter, iati_activities
from app.versions.baselines import baseline_bundle

#: Bundles with more items than this get a progress bar while they are written.
PROGRESS_FROM_ITEMS = 2000
#: How many changes a dry run lists one by one (the counts table is always complete).
LISTED_IN_DRY_RUN = 20


def _counts_table(report: ImportReport) -> Table:
    verb = "would be" if report.dry_run else "were"
    table = Table(title=f"Import {'(dry run) ' if report.dry_run else ''}- items that {verb}:")
    table.add_column("")
    for column in ("created", "updated", "unchanged"):
        table.add_column(column, justify="right")
    for label, counts in (("elements", report.elements), ("links", report.links)):
        table.add_row(label, str(counts.created), str(counts.updated), str(counts.unchanged))
    return table


@contextmanager
def import_progress(parsed: ParsedBundle | None) -> Iterator[Callable[[str, int, int], None]]:
    """Labelled phases on standard error: validating (until the writes start), then the
    elements and the links written, each with its bar and the time it has left. Without
    `parsed` (JSON files read item by item) the totals come with the phases."""
    with Progress(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err_console,
    ) as bar:
        elements = None if parsed is None else len(parsed.elements)
        links = None if parsed is None else len(parsed.links)
        total = None if parsed is None else len(parsed.elements) + len(parsed.links)
        validating = bar.add_task("1/2 validating", total=None)
        tasks = {
            "elements": bar.add_task("2/2 writing elements", total=elements),
            "links": bar.add_task("2/2 writing links", total=links),
        }

        def advance(phase: str, done: int, total_of_phase: int) -> None:
            if phase == "validating":
                bar.update(validating, completed=done, total=total_of_phase or total)
            elif phase in tasks:
                bar.update(validating, completed=total, total=total)
                bar.update(tasks[phase], completed=done, total=total_of_phase)

        yield advance


@contextmanager
def stop_between_batches() -> Iterator[Callable[[str, int, int], None]]:
    """While an import runs, Ctrl-C and SIGTERM ask it to stop after the batch it is writing:
    the progress callback this yields raises KeyboardInterrupt then, so the driver is never
    cut off in the middle of a message, and the import is undone (a staged one explicitly,
    a one-transaction one by its rollback)."""
    asked = threading.Event()

    def ask(signum: int, frame: FrameType | None) -> None:
        if not asked.is_set():
            asked.set()
            err_console.print("Stopping after the batch being written ...", highlight=False)

    def stop_if_asked(phase: str, done: int, total: int) -> None:
        if asked.is_set() and phase in ("elements", "links"):
            raise KeyboardInterrupt

    previous = {stop: signal.signal(stop, ask) for stop in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop_if_asked
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


def _recover(files: list[Path] | None) -> None:
    """`rbmtrace import --recover`: undo the imports whose process died part way."""
    if files:
        echo("--recover takes no files: it undoes interrupted imports, then stops.")
        raise typer.Exit(2)
    settings = command_settings()
    with open_graph(settings) as graph:
        undone = recover_abandoned(graph, settings.import_batch_size)
        running = [p for p in pending_imports(graph) if not p.abandoned()]
    for pending in undone:
        console.print(f"Undone: the interrupted {pending.describe()}.", markup=False)
    for pending in running:
        console.print(f"Still running, left alone: {pending.describe()}.", markup=False)
    if not undone:
        console.print("No interrupted import to undo.")


def _bulk(settings: Settings, files: list[Path], options: ImportOptions) -> None:
    """`rbmtrace import --bulk FILE...`: the offline importer into the empty local database."""
    if options.dry_run:
        echo("--bulk and --dry-run do not go together: a dry run compares without --bulk.")
        raise typer.Exit(2)
    report = bulk_import(settings, files, options, echo)
    console.print(_counts_table(report))


def register(cli: typer.Typer) -> None:
    @cli.command(name="import")
    def import_command(
        files: list[Path] = typer.Argument(
            None, help="Bundle files: .json, .yaml/.yml, elements.csv + links.csv, or a .zip."
        ),
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Validate and show what would change; write nothing."
        ),
        recover: bool = typer.Option(
            False,
            "--recover",
            help="Undo imports that were interrupted part way (their process is gone).",
        ),
        bulk: bool = typer.Option(
            False,
            "--bulk",
            help="Load into the EMPTY local database with Neo4j's offline importer (stops "
            "and restarts the local server); much faster for large plans.",
        ),
    ) -> None:
        """Import plan bundles, all or nothing (exit code 2 listing every problem).

        Several files are combined into one bundle; importing it again changes nothing.
        """
        if recover:
            _recover(files)
            return
        if not files:
            echo("Give the bundle files to import (or --recover).")
            raise typer.Exit(2)
        settings = command_settings()
        options = ImportOptions.from_settings(
            settings, who="cli", dry_run=dry_run, max_bytes=NO_SIZE_LIMIT
        )
        if bulk:
            _bulk(settings, files, options)
            return
        # large JSON files are read item by item (app.bundles.streamed_import), others whole
        paths = json_files(files, options)
        bundle: list[Path] | ParsedBundle
        if paths is None:
            bundle = parsed = read_bundle(files, options.max_bytes)
            items = len(parsed.elements) + len(parsed.links)
        else:
            bundle, parsed, items = paths, None, None
        try:
            with open_graph(settings) as graph, stop_between_batches() as stop_if_asked:
                small = items is not None and items < PROGRESS_FROM_ITEMS
                if small or dry_run or not sys.stderr.isatty():
                    report = import_bundle(graph, bundle, replace(options, progress=stop_if_asked))
                else:
                    with import_progress(parsed) as advance:

                        def shown(phase: str, done: int, total: int) -> None:
                            stop_if_asked(phase, done, total)
                            advance(phase, done, total)

                        report = import_bundle(graph, bundle, replace(options, progress=shown))
        except KeyboardInterrupt as stop:  # Ctrl-C or SIGTERM: say what became of the import
            err_console.print("[bold red]Interrupted.[/]", highlight=False)
            for note in getattr(stop, "__notes__", []):
                err_console.print(note, markup=False, highlight=False)
            raise typer.Exit(130) from None
        console.print(_counts_table(report))
        if not report.changed:
            console.print("Nothing to change: the graph already holds this bundle.")
        elif report.dry_run:
            for change in report.changes[:LISTED_IN_DRY_RUN]:
                fields = f" ({', '.join(change.fields)})" if change.fields else ""
                console.print(f"  would {change.action} {change.kind} {change.key}{fields}")
            changed = sum(c.created + c.updated for c in (report.elements, report.links))
            if changed > LISTED_IN_DRY_RUN:
                console.print(f"  ... and {changed - LISTED_IN_DRY_RUN} more")
            console.print("Dry run: nothing was written.")

    @cli.command(name="dedupe-links")
    def dedupe_links_command(
        dry_run: bool = typer.Option(
            False, "--dry-run", help="List the duplicated links; delete nothing."
        ),
    ) -> None:
        """Delete extra copies of links stored more than once by older versions (a copy
        whose properties differ from the kept one is left alone and listed)."""
        settings = command_settings()
        with open_graph(settings) as graph:
            found = dedupe_links(graph, dry_run=dry_run, batch_size=settings.import_batch_size)
        verb = "would be deleted" if dry_run else "deleted"
        for key, count in found.removed.items():
            console.print(
                f"  {key}: {count} extra {'copy' if count == 1 else 'copies'}", markup=False
            )
        console.print(f"{found.removed_total} extra link copies {verb}.")
        for key in found.differing:
            console.print(f"  left alone, copies with different properties: {key}", markup=False)

    @cli.command(name="export")
    def export_command(
        format: str = typer.Option(
            "json",
            "--format",
            "-f",
            help="json | yaml | csv (a zip of the two CSVs) | graphml | iati (IATI 2.03 results)",
        ),
        output: Path | None = typer.Option(
            None, "--output", "-o", help="File to write; standard output when omitted."
        ),
        baseline: str | None = typer.Option(
            None, "--baseline", help="Export this baseline (the graph as it was) instead."
        ),
    ) -> None:
        """Export the whole graph (or a baseline of it) as a plan bundle, GraphML or IATI."""
        if format == "iati" and baseline is not None:
            raise typer.BadParameter(
                "the IATI export reads the current graph; export the baseline as a bundle "
                "(--format json or yaml) instead",
                param_hint="--baseline",
            )
        settings = command_settings()
        with open_graph(settings) as graph:
            if format == "iati":
                content = iati_activities(graph, Reporter.from_settings(settings))
            elif baseline is None:
                content = exporter.export_graph(graph, format)
            else:
                content = exporter.render(baseline_bundle(graph, baseline), format)
        if output is None:
            if format == "csv" and sys.stdout.isatty():
                echo("A csv export is a zip archive: give --output FILE.zip.")
                raise typer.Exit(2)
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        output.write_bytes(content)
        echo(f"Wrote {output} ({len(content)} bytes, {format}).")
