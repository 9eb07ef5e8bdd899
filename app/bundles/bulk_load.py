"""Bulk loading: a bundle into an EMPTY, locally managed database through Neo4j's offline
importer (`rbmtrace import --bulk FILE`), many times faster than the transactional import.

The bundle is read and validated exactly as by `app.bundles.importer` (a bundle that does
not validate writes nothing, and the server is not even stopped), and planned the same
way (every element and link new, stamped with the import's id, one change event), so the
graph stored is the one the online import would store. Then:

1. the database is checked to be empty (nothing at all: no element, no change event);
2. the plan's rows go into CSV files, one per element type or relationship type and set
   of property kinds (each file has its own typed header, so a property keeps its type);
   a value CSV cannot carry exactly (an empty list, a list holding only an empty string
   or the list delimiter U+001F, an integer beyond 64 bits) is left out of the file and
   written afterwards through Cypher;
3. the local server is stopped and `neo4j-admin database import full` writes the database
   (`app.local_neo4j.offline_import`);
4. the server is started again; the import is recorded as pending (crash safety, as for a
   staged import: `app.bundles.pending_imports`), the schema is applied
   (`app.db.schema.apply_schema`) and its indexes awaited, the left-out values written,
   and the change events recorded, which forgets the pending record. If one of these
   fails, what was loaded is deleted again (the database was empty before).

A server that was running before is left running; one that was not is stopped again.
Refused, with nothing touched: a configured NEO4J_URI (a server this process does not
manage), a database that holds anything.
"""

from __future__ import annotations

import csv
import math
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app import metamodel
from app.bundles.changes import ChangeLog
from app.bundles.import_plan import ImportPlan, finish_plan, plan_elements, plan_links
from app.bundles.import_report import ImportReport
from app.bundles.importer import BundleInput, ImportOptions, gc_paused, read_bundle
from app.bundles.pending_imports import forget_pending, record_pending, undo_pending
from app.bundles.store import batches
from app.bundles.validation import validate_bundle
from app.core.config import Settings
from app.core.errors import BadRequest, Conflict
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.local_neo4j.offline_import import CsvGroup, run_offline_import
from app.local_neo4j.server import LocalNeo4j

#: Between the items of a list in a CSV cell (the unit separator: not found in plan text).
ARRAY_DELIMITER = "\x1f"
#: How long the schema's indexes may take to fill after the load.
INDEX_WAIT_SECONDS = 3600

Echo = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def csv_kind(value: Any) -> str | None:
    """The importer's header type that carries `value` exactly; None when none does."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long" if -(2**63) <= value < 2**63 else None
    if isinstance(value, float):
        return "double" if math.isfinite(value) else None
    if isinstance(value, str):
        return "string"
    if (
        isinstance(value, list)
        and value
        and value != [""]
        and all(isinstance(item, str) and ARRAY_DELIMITER not in item for item in value)
    ):
        return "string[]"
    return None


def csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return ARRAY_DELIMITER.join(value)
    return str(value)


@dataclass
class _CsvFiles:
    """The CSV files of one load, one per (labels or type, property kinds), written as rows
    come; rows with a value CSV cannot carry are kept in `left_out` for Cypher."""

    directory: Path
    groups: dict[tuple[Any, ...], tuple[CsvGroup, IO[str], Any]] = field(default_factory=dict)
    left_out: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"bundles/update_elements": [], "bundles/update_links": []}
    )
    multiline: bool = False

    def _writer(self, key: tuple[Any, ...], header: list[str], group: CsvGroup) -> Any:
        if key not in self.groups:
            handle = group.path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(header)
            self.groups[key] = (group, handle, writer)
        return self.groups[key][2]

    def _cells(self, props: Mapping[str, Any], skip: str | None) -> tuple[list[Any], bool]:
        """(sorted (name, kind, value) of what CSV carries, whether something was left out)."""
        cells, left = [], False
        for name in sorted(props):
            if name == skip:
                continue
            kind = csv_kind(props[name])
            if kind is None:
                left = True
                continue
            value = props[name]
            if not self.multiline and kind.startswith("string") and _has_newline(value):
                self.multiline = True
            cells.append((name, kind, value))
        return cells, left

    def add_element(self, row: Mapping[str, Any]) -> None:
        cells, left = self._cells(row["props"], skip="id")
        kinds = tuple((name, kind) for name, kind, _ in cells)
        key = ("node", row["type"], kinds)
        path = self.directory / f"nodes-{len(self.groups)}.csv"
        writer = self._writer(
            key,
            ["id:ID", *(f"{name}:{kind}" for name, kind in kinds)],
            CsvGroup(path=path, labels=("Element", row["type"])),
        )
        writer.writerow([row["id"], *(csv_cell(value) for _, _, value in cells)])
        if left:
            self.left_out["bundles/update_elements"].append(dict(row))

    def add_link(self, row: Mapping[str, Any]) -> None:
        cells, left = self._cells(row["props"], skip=None)
        kinds = tuple((name, kind) for name, kind, _ in cells)
        key = ("relationship", row["type"], kinds)
        path = self.directory / f"relationships-{len(self.groups)}.csv"
        writer = self._writer(
            key,
            [":START_ID", ":END_ID", *(f"{name}:{kind}" for name, kind in kinds)],
            CsvGroup(path=path, type=row["type"]),
        )
        writer.writerow([row["from"], row["to"], *(csv_cell(value) for _, _, value in cells)])
        if left:
            self.left_out["bundles/update_links"].append(dict(row))

    def close(self) -> list[CsvGroup]:
        for _, handle, _ in self.groups.values():
            handle.close()
        return [group for group, _, _ in self.groups.values()]


def _has_newline(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return any("\n" in item or "\r" in item for item in items)


def write_csv_files(plan: ImportPlan, directory: Path) -> _CsvFiles:
    """The plan's new elements and links as CSV files in `directory`."""
    files = _CsvFiles(directory)
    try:
        for row in plan.rows["bundles/create_elements"]:
            files.add_element(row)
        for row in plan.rows["bundles/create_links"]:
            files.add_link(row)
    finally:
        files.close()
    return files


def plan_new_graph(bundle: BundleInput, options: ImportOptions) -> ImportPlan:
    """Read and validate the bundle, and plan it as the online import plans it into an
    empty database: every element and link created, stamped, one change event."""
    parsed = read_bundle(bundle, options.max_bytes)
    parsed.raise_if_unreadable()
    valid = validate_bundle(parsed, {})
    plan = ImportPlan(
        files=list(parsed.files), dry_run=False, log=ChangeLog(who=options.who, via=options.via)
    )
    plan_elements(plan, valid, {})
    plan_links(plan, valid, {}, lambda keys: {})
    finish_plan(plan)
    return plan


def refuse_remote(settings: Settings) -> None:
    if settings.neo4j_uri:
        raise BadRequest(
            f"--bulk loads only the locally managed Neo4j, and NEO4J_URI names another "
            f"server ({settings.neo4j_uri}); nothing was written.",
            hint="Import without --bulk (the online import works with any server), or unset "
            "NEO4J_URI to load the local server of `rbmtrace neo4j start`.",
        )


def _graph(local: LocalNeo4j, settings: Settings) -> tuple[Any, Graph]:
    driver = create_driver(local.bolt_uri, settings.neo4j_auth, settings)
    return driver, Graph(driver, settings.neo4j_database)


def _refuse_if_not_empty(graph: Graph) -> None:
    nodes, relationships = graph.counts()
    if nodes or relationships:
        raise Conflict(
            f"--bulk loads only an empty database, and this one holds {nodes:,} nodes and "
            f"{relationships:,} relationships; nothing was written.",
            hint="Import without --bulk to add to what is stored, or load into a new local "
            "instance (RBMTRACE_LOCAL_INSTANCE_DIR naming an empty folder).",
        )


@gc_paused
def bulk_import(
    settings: Settings, bundle: BundleInput, options: ImportOptions, echo: Echo = _quiet
) -> ImportReport:
    """Load the bundle into the empty local database; see the module's docstring."""
    refuse_remote(settings)
    plan = plan_new_graph(bundle, options)  # InvalidBundle: nothing touched
    local = LocalNeo4j.from_settings(settings)
    was_running = local.is_running()
    store = local.instance_dir / "data" / "databases" / settings.neo4j_database
    if was_running or store.exists():  # a new instance has no store yet: empty for sure
        local.start(echo)
        driver, graph = _graph(local, settings)
        try:
            _refuse_if_not_empty(graph)
        finally:
            driver.close()
    work = local.instance_dir / f"bulk-import-{plan.import_id}"
    work.mkdir(parents=True)
    try:
        echo(f"Writing CSV files for {_count(plan)} ...")
        files = write_csv_files(plan, work)
        groups = [group for group, _, _ in files.groups.values()]
        echo("Stopping Neo4j for the offline importer ...")
        local.stop()
        echo("Running neo4j-admin database import full ...")
        try:
            run_offline_import(
                local,
                settings.neo4j_database,
                groups,
                array_delimiter=ARRAY_DELIMITER,
                multiline=files.multiline,
                log_path=local.log_dir / "bulk-import.log",
            )
        finally:
            local.start(echo)
        _finish(local, settings, plan, files.left_out, options.batch_size, echo)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not was_running:
            local.stop()
    return plan.report()


def _count(plan: ImportPlan) -> str:
    return (
        f"{len(plan.rows['bundles/create_elements']):,} elements and "
        f"{len(plan.rows['bundles/create_links']):,} links"
    )


def _finish(
    local: LocalNeo4j,
    settings: Settings,
    plan: ImportPlan,
    left_out: Mapping[str, Iterable[dict[str, Any]]],
    batch_size: int,
    echo: Echo,
) -> None:
    """After the offline import: schema, left-out values, change events; on failure, delete
    what was loaded (the database was empty)."""
    driver, graph = _graph(local, settings)
    try:
        record_pending(graph, plan.import_id, plan.log.who, plan.log.via, plan.files)
        try:
            echo("Applying the schema and waiting for its indexes ...")
            apply_schema(graph)
            graph.write("bundles/await_indexes", seconds=INDEX_WAIT_SECONDS)
            for query, rows in left_out.items():
                for batch in batches(list(rows), batch_size):
                    graph.write(query, rows=list(batch))
            # after the left-out link values (update_links keeps the stamp it finds)
            echo("Stamping the links with what their upstream ends say (suspect links) ...")
            starts = sorted({row["from"] for row in plan.rows["bundles/create_links"]})
            watch = metamodel.suspect_watch()
            for batch in batches(starts, batch_size):
                graph.write("bundles/stamp_loaded_links", ids=list(batch), watch=watch)

            def record(tx: Any) -> None:
                plan.log.record(tx, batch_size)
                forget_pending(tx, plan.import_id)

            graph.write_transaction(record)
        except BaseException:
            undo_pending(graph, plan.import_id, batch_size)
            raise
    finally:
        driver.close()
