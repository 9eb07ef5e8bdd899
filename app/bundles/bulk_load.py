"""Bulk loading: a bundle into an EMPTY, locally managed database through Neo4j's offline
importer (`rbmtrace import --bulk FILE`), many times faster than the transactional import.

The bundle is read and validated exactly as by `app.bundles.importer` (a bundle that does
not validate writes nothing, and the server is not even stopped), and planned the same
way (every element and link new, stamped with the import's id, one change event), so the
graph stored is the one the online import would store; each raw item is dropped once
validated and each model once planned, so that the bundle is not held several times.
Each phase's time and the peak memory so far are echoed (`Phases`). Then:

1. the database is checked to be empty (nothing at all: no element, no change event);
2. the plan's rows go into CSV files, one per element type or relationship type and set
   of property kinds (each file has its own typed header, so a property keeps its type);
   each link carries the suspect stamp `create_links` would give it (`upstream_seen`,
   computed here from its upstream end's values, `upstream_seen()`); a value CSV cannot
   carry exactly (an empty list, a list holding only an empty string or the list
   delimiter U+001F, an integer beyond 64 bits) is left out of the file and written
   afterwards through Cypher (empty lists by a light query of their own), and so is a
   stamp CSV cannot carry (`cypher/bundles/stamp_loaded_links.cypher`);
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
import resource
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from app import metamodel
from app.bundles.changes import ChangeLog
from app.bundles.import_plan import ImportPlan, finish_plan, plan_elements, plan_links
from app.bundles.import_report import ImportReport
from app.bundles.importer import BundleInput, ImportOptions, gc_paused, read_bundle
from app.bundles.parsing import ParsedBundle
from app.bundles.pending_imports import forget_pending, record_pending, undo_pending
from app.bundles.store import batches
from app.bundles.validation import ValidBundle, validate_bundle
from app.core.config import Settings
from app.core.errors import BadRequest, Conflict
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.local_neo4j.offline_import import CsvGroup, run_offline_import
from app.local_neo4j.server import LocalNeo4j

#: Between the items of a list in a CSV cell (the unit separator: not found in plan text).
ARRAY_DELIMITER = "\x1f"
#: Validated models planned at a time (and then dropped).
PLAN_SLICE = 10_000
#: Elements per transaction given their empty lists after the load.
EMPTY_LIST_BATCH = 20_000
#: How long the schema's indexes may take to fill after the load.
INDEX_WAIT_SECONDS = 3600

Echo = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def peak_rss_mib() -> float:
    """The process's peak resident memory so far, MiB (Linux: VmHWM, which the bench resets;
    elsewhere the rusage maximum)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Phases:
    """Progress of a bulk load: each phase's wall time and the peak memory so far, echoed
    as it ends (`rbmtrace import --bulk` prints them)."""

    def __init__(self, echo: Echo) -> None:
        self.echo = echo
        self.started = self.last = time.perf_counter()
        self.times: dict[str, float] = {}

    def done(self, phase: str) -> None:
        now = time.perf_counter()
        took, self.last = now - self.last, now
        self.times[phase] = self.times.get(phase, 0.0) + took
        self.echo(
            f"  {phase}: {took:.1f} s (total {now - self.started:.1f} s, "
            f"peak memory {peak_rss_mib():,.0f} MiB)"
        )


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


def cypher_text(value: Any) -> str | None:
    """What Cypher's `coalesce(toString(value), '')` gives for a stored scalar, when Python
    can tell it exactly (text, whole numbers, booleans, nothing); None otherwise (a float,
    whose digits Java writes its own way: that link is stamped through Cypher)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if -(2**63) <= value < 2**63 else None
    if isinstance(value, str):
        return value
    return None


def upstream_seen(
    watch: Mapping[str, Any], start: Mapping[str, Any], end: Mapping[str, Any]
) -> list[str] | None:
    """The suspect stamp `create_links` gives a new link (`upstream_seen`: `field=value` of
    its upstream end's watched fields), from the stored properties of its `start` and `end`;
    None when one of the values is not one `cypher_text` can tell."""
    upstream = end if watch["end"] == "to" else start
    seen = []
    for name in watch["fields"]:
        text = cypher_text(upstream.get(name))
        if text is None:
            return None
        seen.append(name + "=" + text)
    return seen


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
    #: {property names: ids} of elements whose only values CSV cannot carry are empty lists
    empty_lists: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    #: start ids of links whose suspect stamp could not go into the CSV (stamped by Cypher)
    unstamped_starts: set[str] = field(default_factory=set)

    def _writer(
        self, key: tuple[Any, ...], header: Callable[[], list[str]], group: Callable[[], CsvGroup]
    ) -> Any:
        """The writer of the file of `key`; a new file (its `header` and `group` made only
        then, not for every row) when there is none yet."""
        found = self.groups.get(key)
        if found is None:
            made = group()
            handle = made.path.open("w", encoding="utf-8", newline="")
            writer = csv.writer(handle, quoting=csv.QUOTE_ALL, lineterminator="\n")
            writer.writerow(header())
            found = self.groups[key] = (made, handle, writer)
        return found[2]

    def _cells(self, props: Mapping[str, Any], skip: str | None) -> tuple[list[Any], bool]:
        """(sorted (name, kind, value) of what CSV carries, whether something was left out)."""
        cells, left = [], False
        for name in sorted(props):
            if name == skip:
                continue
            value = props[name]
            if type(value) is str:  # most values: csv_kind's answer, without its checks
                kind: str | None = "string"
                if not self.multiline and ("\n" in value or "\r" in value):
                    self.multiline = True
            else:
                kind = csv_kind(value)
                if kind is None:
                    left = True
                    continue
                if not self.multiline and kind.startswith("string") and _has_newline(value):
                    self.multiline = True
            cells.append((name, kind, value))
        return cells, left

    def add_element(self, row: Mapping[str, Any]) -> None:
        cells, left = self._cells(row["props"], skip="id")
        kinds = tuple((name, kind) for name, kind, _ in cells)
        writer = self._writer(
            ("node", row["type"], kinds),
            lambda: ["id:ID", *(f"{name}:{kind}" for name, kind in kinds)],
            lambda: CsvGroup(
                path=self.directory / f"nodes-{len(self.groups)}.csv",
                labels=("Element", row["type"]),
            ),
        )
        writer.writerow([row["id"], *(csv_cell(value) for _, _, value in cells)])
        if left:
            props = row["props"]
            empty = tuple(sorted(name for name, value in props.items() if value == []))
            if empty and all(csv_kind(props[n]) is not None for n in props if n not in empty):
                self.empty_lists.setdefault(empty, []).append(row["id"])
            else:
                self.left_out["bundles/update_elements"].append(dict(row))

    def add_link(self, row: Mapping[str, Any], seen: list[str] | None = None) -> None:
        """`seen`: the link's suspect stamp (`upstream_seen`), if it has one."""
        props = row["props"] if seen is None else {**row["props"], "upstream_seen": seen}
        if seen is not None and csv_kind(seen) is None:
            props = row["props"]
            self.unstamped_starts.add(row["from"])
        cells, left = self._cells(props, skip=None)
        kinds = tuple((name, kind) for name, kind, _ in cells)
        writer = self._writer(
            ("relationship", row["type"], kinds),
            lambda: [":START_ID", ":END_ID", *(f"{name}:{kind}" for name, kind in kinds)],
            lambda: CsvGroup(
                path=self.directory / f"relationships-{len(self.groups)}.csv", type=row["type"]
            ),
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
    """The plan's new elements and links as CSV files in `directory`, each link with the
    suspect stamp `create_links` would give it; the plan's rows are emptied as they are
    written (what CSV cannot carry is kept in the files' `left_out`)."""
    files = _CsvFiles(directory)
    watch = metamodel.suspect_watch()
    watched = sorted({name for w in watch.values() for name in w["fields"]})
    # per element, only the values a suspect stamp may need
    upstream: dict[str, dict[str, Any]] = {}
    try:
        elements = plan.rows["bundles/create_elements"]
        for row in elements:
            files.add_element(row)
            upstream[row["id"]] = {name: row["props"].get(name) for name in watched}
        elements.clear()
        links = plan.rows["bundles/create_links"]
        for row in links:
            rel_watch = watch.get(row["type"])
            seen = None
            if rel_watch is not None:
                seen = upstream_seen(rel_watch, upstream[row["from"]], upstream[row["to"]])
                if seen is None:
                    files.unstamped_starts.add(row["from"])
            files.add_link(row, seen)
        links.clear()
    finally:
        files.close()
    return files


def plan_new_graph(
    bundle: BundleInput, options: ImportOptions, phases: Phases | None = None
) -> ImportPlan:
    """Read and validate the bundle, and plan it as the online import plans it into an
    empty database: every element and link created, stamped, one change event."""
    phases = phases or Phases(_quiet)
    parsed = read_bundle(bundle, options.max_bytes)
    parsed.raise_if_unreadable()
    files = list(parsed.files)
    phases.done("read")
    # a bundle read here from files or data is ours to spend; one given parsed is not
    valid = validate_bundle(parsed, {}, release=not isinstance(bundle, ParsedBundle))
    del parsed
    phases.done("validate")
    plan = ImportPlan(files=files, dry_run=False, log=ChangeLog(who=options.who, via=options.via))
    # planned a slice at a time, each slice's models dropped once it has its rows
    elements, links = valid.elements, valid.links
    while elements:
        plan_elements(plan, ValidBundle(elements=elements[:PLAN_SLICE]), {})
        del elements[:PLAN_SLICE]
    while links:
        plan_links(plan, ValidBundle(links=links[:PLAN_SLICE]), {}, _nothing_stored)
        del links[:PLAN_SLICE]
    del valid
    finish_plan(plan)
    phases.done("plan")
    return plan


def _nothing_stored(keys: Any) -> dict[str, Any]:
    return {}


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
    phases = Phases(echo)
    echo("Reading and validating the bundle ...")
    plan = plan_new_graph(bundle, options, phases)  # InvalidBundle: nothing touched
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
        phases.done("check the database is empty")
    work = local.instance_dir / f"bulk-import-{plan.import_id}"
    work.mkdir(parents=True)
    try:
        echo(f"Writing CSV files for {_count(plan)} ...")
        files = write_csv_files(plan, work)
        groups = [group for group, _, _ in files.groups.values()]
        phases.done("write CSV files")
        if local.is_running():
            echo("Stopping Neo4j for the offline importer ...")
            local.stop()
            phases.done("stop the server")
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
            phases.done("neo4j-admin database import")
        finally:
            local.start(echo)
            phases.done("start the server")
        _finish(local, settings, plan, files, options.batch_size, phases)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not was_running:
            local.stop()
            phases.done("stop the server (it was not running before)")
    return plan.report()


def _count(plan: ImportPlan) -> str:
    return (
        f"{len(plan.rows['bundles/create_elements']):,} elements and "
        f"{len(plan.rows['bundles/create_links']):,} links"
    )


def _slices(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _finish(
    local: LocalNeo4j,
    settings: Settings,
    plan: ImportPlan,
    files: _CsvFiles,
    batch_size: int,
    phases: Phases,
) -> None:
    """After the offline import: schema, left-out values, the suspect stamps CSV did not
    carry, change events; on failure, delete what was loaded (the database was empty)."""
    echo = phases.echo
    driver, graph = _graph(local, settings)
    try:
        record_pending(graph, plan.import_id, plan.log.who, plan.log.via, plan.files)
        try:
            echo("Applying the schema and waiting for its indexes ...")
            apply_schema(graph)
            graph.write("bundles/await_indexes", seconds=INDEX_WAIT_SECONDS)
            phases.done("schema and its indexes")
            for names, ids in files.empty_lists.items():
                props: dict[str, list[str]] = {name: [] for name in names}
                for some in _slices(ids, EMPTY_LIST_BATCH):
                    graph.write("bundles/set_loaded_empty_lists", ids=some, props=props)
            for query, rows in files.left_out.items():
                for batch in batches(list(rows), batch_size):
                    graph.write(query, rows=list(batch))
            phases.done("values CSV cannot carry")
            # after the left-out link values (update_links keeps the stamp it finds)
            watch = metamodel.suspect_watch()
            for some in _slices(sorted(files.unstamped_starts), batch_size):
                graph.write("bundles/stamp_loaded_links", ids=some, watch=watch)
            phases.done("suspect stamps CSV did not carry")

            def record(tx: Any) -> None:
                plan.log.record(tx, batch_size)
                forget_pending(tx, plan.import_id)

            graph.write_transaction(record)
            phases.done("record the change events")
        except BaseException:
            undo_pending(graph, plan.import_id, batch_size)
            raise
    finally:
        driver.close()
