"""Bulk loading: a bundle into an EMPTY, locally managed database through Neo4j's offline
importer (`rbmtrace import --bulk FILE`), many times faster than the transactional import.

1. The bundle is read, validated and planned exactly as by `app.bundles.importer`, one item
   at a time: JSON files are streamed (`app.bundles.json_stream`; other formats, and JSON
   that reader does not take, are read whole), each item checked by the online import's
   own checks (`app.bundles.validation.BundleChecks`) and planned by its own planner
   (every element and link new, stamped with the import's id, one change event), so the
   graph stored is the one the online import would store. Each planned row goes at once
   into CSV files, one per element type or relationship type and set of property kinds
   (each file has its own typed header, so a property keeps its type), in a folder beside
   the instance's; per element only its type, its first place and the values a suspect
   stamp may need are kept. Each link carries the suspect stamp `create_links` would give
   it (`upstream_seen`). A value CSV cannot carry exactly is left out of the file and
   written afterwards through Cypher: an empty list (an empty cell writes no property) in
   one pass over the elements for the types whose every element has that property (nearly
   always: `aliases`), else by id; a list holding only an empty string or the list
   delimiter U+001F, or an integer beyond 64 bits, with the whole row; and so is a stamp
   CSV cannot carry (`cypher/bundles/stamp_loaded_links.cypher`). A bundle that does not
   validate writes nothing (its CSV files are deleted; the server is not even stopped).
2. The database is checked to be empty (nothing at all: no element, no change event).
3. The local server is stopped and `neo4j-admin database import full` writes the database
   (`app.local_neo4j.offline_import`).
4. The server is started again; the import is recorded as pending (crash safety, as for a
   staged import: `app.bundles.pending_imports`), the schema is applied
   (`app.db.schema.apply_schema`), the left-out values written while its indexes fill,
   the indexes awaited, and the change events recorded, which forgets the pending record.
   If one of these fails, what was loaded is deleted again (the database was empty).

Each phase's time and the peak memory so far are echoed (`Phases`). A server that was
running before is left running; one that was not is stopped again. Refused, with nothing
touched: a configured NEO4J_URI (a server this process does not manage), a database that
holds anything.
"""

from __future__ import annotations

import csv
import math
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from app import metamodel
from app.bundles.changes import ChangeLog
from app.bundles.import_plan import ImportPlan, finish_plan, plan_elements, plan_links
from app.bundles.import_report import ImportReport
from app.bundles.importer import BundleInput, ImportOptions, check_file, gc_paused, read_bundle
from app.bundles.json_stream import ItemNumbers, NotStreamable, json_bundle_items, streamable
from app.bundles.parsing import ParsedBundle
from app.bundles.pending_imports import forget_pending, record_pending, undo_pending
from app.bundles.places import Place
from app.bundles.store import batches
from app.bundles.validation import SPENT, BundleChecks, ValidBundle
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
#: Elements per transaction given their empty lists after the load, by id.
EMPTY_LIST_BATCH = 20_000
#: ... and by a scan of the elements (one transaction of a million such writes passes
#: the server's transaction memory limit of a 4 GiB heap).
EMPTY_LIST_SCAN_BATCH = 50_000
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
    #: {(element type, property names): ids} of elements whose only values CSV cannot
    #: carry are empty lists (an empty cell writes no property)
    empty_lists: dict[tuple[str, tuple[str, ...]], list[str]] = field(default_factory=dict)
    #: (element type, names of its properties) of every element written
    shapes: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
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

    def _cells(
        self, props: Mapping[str, Any], skip: str | None
    ) -> tuple[tuple[tuple[str, str], ...], list[str], list[str]]:
        """((name, kind) and the cell of each value CSV carries, by name; the names of the
        values it does not)."""
        kinds, cells, left = [], [], []
        for name in sorted(props):
            if name == skip:
                continue
            value = props[name]
            if type(value) is str:  # most values: csv_kind's answer, without its checks
                kinds.append((name, "string"))
                cells.append(value)
                if not self.multiline and ("\n" in value or "\r" in value):
                    self.multiline = True
                continue
            if type(value) is list and not value:  # an empty list (aliases, mostly)
                left.append(name)
                continue
            kind = csv_kind(value)
            if kind is None:
                left.append(name)
                continue
            if not self.multiline and kind.startswith("string") and _has_newline(value):
                self.multiline = True
            kinds.append((name, kind))
            cells.append(csv_cell(value))
        return tuple(kinds), cells, left

    def add_element(self, row: Mapping[str, Any]) -> None:
        props = row["props"]
        self.shapes.add((row["type"], tuple(props)))
        kinds, cells, left = self._cells(props, skip="id")
        writer = self._writer(
            ("node", row["type"], kinds),
            lambda: ["id:ID", *(f"{name}:{kind}" for name, kind in kinds)],
            lambda: CsvGroup(
                path=self.directory / f"nodes-{len(self.groups)}.csv",
                labels=("Element", row["type"]),
            ),
        )
        cells.insert(0, row["id"])
        writer.writerow(cells)
        if left:
            if all(props[name] == [] for name in left):
                self.empty_lists.setdefault((row["type"], tuple(left)), []).append(row["id"])
            else:
                self.left_out["bundles/update_elements"].append(dict(row))

    def add_link(self, row: Mapping[str, Any], seen: list[str] | None = None) -> None:
        """`seen`: the link's suspect stamp (`upstream_seen`), if it has one."""
        props = row["props"] if seen is None else {**row["props"], "upstream_seen": seen}
        if seen is not None and csv_kind(seen) is None:
            props = row["props"]
            self.unstamped_starts.add(row["from"])
        kinds, cells, left = self._cells(props, skip=None)
        writer = self._writer(
            ("relationship", row["type"], kinds),
            lambda: [":START_ID", ":END_ID", *(f"{name}:{kind}" for name, kind in kinds)],
            lambda: CsvGroup(
                path=self.directory / f"relationships-{len(self.groups)}.csv", type=row["type"]
            ),
        )
        writer.writerow([row["from"], row["to"], *cells])
        if left:
            self.left_out["bundles/update_links"].append(dict(row))

    def empty_lists_by_type(self) -> tuple[dict[str, list[str]], dict[tuple[str, ...], list[str]]]:
        """How the empty lists are written after the load: ({property: element types} whose
        every element holding no value of it was given an empty list, so that a pass over
        the type sets it wherever it is missing), and {property names: ids} of the others."""
        always: dict[str, set[str]] = {}  # per type, the properties every element has
        for type_name, names in self.shapes:
            if type_name in always:
                always[type_name].intersection_update(names)
            else:
                always[type_name] = set(names)
        by_type: dict[str, list[str]] = {}
        by_id: dict[tuple[str, ...], list[str]] = {}
        for (type_name, names), ids in self.empty_lists.items():
            if set(names) <= always[type_name]:
                for name in names:
                    by_type.setdefault(name, []).append(type_name)
            else:
                by_id.setdefault(names, []).extend(ids)
        return {name: sorted(set(types)) for name, types in by_type.items()}, by_id

    def close(self) -> list[CsvGroup]:
        for _, handle, _ in self.groups.values():
            handle.close()
        return [group for group, _, _ in self.groups.values()]


def _has_newline(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return any("\n" in item or "\r" in item for item in items)


class _BundleToCsv:
    """One pass over a bundle's items, elements first: each checked as the online import
    checks it (`BundleChecks`), planned as it plans them (a slice of models at a time, into
    an empty database: every element and link created, stamped) and its row written to the
    CSV files at once, each link with the suspect stamp `create_links` would give it. Kept
    per element: what the checks keep (its type, its first place) and the values a link's
    stamp may need; nothing is planned or written once a problem is found."""

    def __init__(
        self,
        directory: Path,
        files: list[str],
        options: ImportOptions,
        place_of: Callable[[Any], Place] | None,
    ) -> None:
        self.directory = directory
        self.checks = BundleChecks({}, place_of)
        log = ChangeLog(who=options.who, via=options.via)
        self.plan = ImportPlan(files=files, dry_run=False, log=log)
        self.csv = _CsvFiles(directory)
        self.watch = metamodel.suspect_watch()
        self.watched = sorted({name for w in self.watch.values() for name in w["fields"]})
        #: per element id of a type that may be a stamped link's upstream end, the values
        #: of `watched` (what a suspect stamp may need)
        self.upstream: dict[str, tuple[Any, ...]] = {}
        self.upstream_types = metamodel.suspect_upstream_types()
        self._elements: list[BaseModel] = []
        self._links: list[BaseModel] = []

    def element(self, data: Any, where: Any) -> None:
        model = self.checks.element(data, where)
        if model is not None and not self.checks.errors:
            self._elements.append(model)
            if len(self._elements) >= PLAN_SLICE:
                self._plan_elements()

    def link(self, data: Any, where: Any) -> None:
        if self._elements:
            self._plan_elements()
        model = self.checks.link(data, where)
        if model is not None and not self.checks.errors:
            self._links.append(model)
            if len(self._links) >= PLAN_SLICE:
                self._plan_links()

    def _plan_elements(self) -> None:
        if not self.checks.errors:
            plan_elements(self.plan, ValidBundle(elements=self._elements), {})
            rows = self.plan.rows["bundles/create_elements"]
            for row in rows:
                self.csv.add_element(row)
                if row["type"] in self.upstream_types:
                    props = row["props"]
                    self.upstream[row["id"]] = tuple(props.get(name) for name in self.watched)
            rows.clear()
        self._elements = []

    def _plan_links(self) -> None:
        if not self.checks.errors:
            plan_links(self.plan, ValidBundle(links=self._links), {}, _nothing_stored)
            rows = self.plan.rows["bundles/create_links"]
            for row in rows:
                rel_watch = self.watch.get(row["type"])
                seen = None
                if rel_watch is not None:
                    upstream = row["to"] if rel_watch["end"] == "to" else row["from"]
                    values = dict(zip(self.watched, self.upstream[upstream], strict=True))
                    seen = upstream_seen(rel_watch, values, values)
                    if seen is None:
                        self.csv.unstamped_starts.add(row["from"])
                self.csv.add_link(row, seen)
            rows.clear()
        self._links = []

    def discard(self) -> None:
        """Forget what was written (the files are read again another way)."""
        self.csv.close()
        shutil.rmtree(self.directory)
        self.directory.mkdir()

    def finish(self) -> tuple[ImportPlan, _CsvFiles]:
        """The plan (rows written, counts and change event kept) and the CSV files, closed;
        InvalidBundle listing every problem, if any."""
        self._plan_elements()
        self._plan_links()
        self.csv.close()
        self.checks.raise_if_invalid()
        self.upstream.clear()
        finish_plan(self.plan)
        return self.plan, self.csv


def _nothing_stored(keys: Any) -> dict[str, Any]:
    return {}


def bundle_to_csv(
    bundle: BundleInput, options: ImportOptions, directory: Path
) -> tuple[ImportPlan, _CsvFiles]:
    """Read, validate and plan the bundle as the online import does into an empty database,
    writing its rows into CSV files in `directory` as they are planned (InvalidBundle,
    nothing kept, if it does not validate). JSON files are read an item at a time
    (`app.bundles.json_stream`); anything else, or JSON that reader does not take, whole."""
    if not isinstance(bundle, Mapping | ParsedBundle):
        bundle = list(bundle)
        paths = [item for item in bundle if isinstance(item, Path)]
        if len(paths) == len(bundle) and streamable(paths):
            for path in paths:
                check_file(path, options.max_bytes)
            numbers = ItemNumbers()
            loading = _BundleToCsv(directory, [str(p) for p in paths], options, numbers.place)
            try:
                for key, number, item in json_bundle_items(paths, numbers):
                    if key == "elements":
                        loading.element(item, number)
                    else:
                        loading.link(item, number)
            except NotStreamable:
                loading.discard()  # read whole below: its errors, or what it accepts
            else:
                return loading.finish()
    parsed = read_bundle(bundle, options.max_bytes)
    parsed.raise_if_unreadable()
    loading = _BundleToCsv(directory, list(parsed.files), options, None)
    # a bundle read here from files or data is ours to spend; one given parsed is not
    release = not isinstance(bundle, ParsedBundle)
    for kind, items in (("elements", parsed.elements), ("links", parsed.links)):
        take = loading.element if kind == "elements" else loading.link
        for index, item in enumerate(items):
            if release:
                items[index] = SPENT
            take(item.data, item.place)
    return loading.finish()


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
    local = LocalNeo4j.from_settings(settings)
    # the CSV files go beside the instance's folder (which may not exist yet), not into it
    local.instance_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="rbmtrace-bulk-", dir=local.instance_dir.parent))
    try:
        echo("Reading and validating the bundle, writing CSV files ...")
        plan, files = bundle_to_csv(bundle, options, work)  # InvalidBundle: nothing touched
        groups = files.close()
        phases.done(
            f"read, validate and write CSV files ({plan.elements.created:,} elements, "
            f"{plan.links.created:,} links)"
        )
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
        _load(local, settings, plan, files, groups, options.batch_size, phases, was_running)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return plan.report()


def _load(
    local: LocalNeo4j,
    settings: Settings,
    plan: ImportPlan,
    files: _CsvFiles,
    groups: list[CsvGroup],
    batch_size: int,
    phases: Phases,
    was_running: bool,
) -> None:
    """The offline importer on the CSV files, then what follows it (`_finish`); the server
    is left stopped if it was not running before."""
    echo = phases.echo
    try:
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
        _finish(local, settings, plan, files, batch_size, phases)
    finally:
        if not was_running:
            local.stop()
            phases.done("stop the server (it was not running before)")


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
            echo("Applying the schema ...")
            apply_schema(graph)  # its indexes fill in the background meanwhile
            phases.done("apply the schema")
            by_type, by_id = files.empty_lists_by_type()
            for name, types in by_type.items():  # one scan of the elements each
                graph.write_in_batches(
                    "bundles/set_loaded_empty_lists_of_types",
                    types=types,
                    property=name,
                    props={name: []},
                    batch=EMPTY_LIST_SCAN_BATCH,
                )
            for names, ids in by_id.items():
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
            echo("Waiting for the schema's indexes ...")
            graph.write("bundles/await_indexes", seconds=INDEX_WAIT_SECONDS)
            phases.done("the schema's indexes online")

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
