"""Importing plan bundles: read, validate everything, then write all of it or nothing.

`import_bundle` and `import_files` compare each element and link with what is stored and
write only what is new or different, in `UNWIND` batches inside ONE write transaction with
the change events (one per updated item, and one for the import, whose id stamps every
item it created: see `app.bundles.changes`); importing the same bundle twice writes
nothing and reports every item unchanged. With `dry_run=True` nothing is written and the
report says what would change.
Imports add and update; they never delete (use the write API for that).
"""

from __future__ import annotations

import functools
import gc
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from neo4j import ManagedTransaction

from app.bundles.changes import ChangeLog, visible_props
from app.bundles.parsing import BundleSource, Item, ParsedBundle, check_size, parse_sources
from app.bundles.places import Place
from app.bundles.store import (
    CHANGE_QUERIES,
    IMPORT_STAMP,
    batches,
    element_rows,
    link_rows,
    without_stamp,
    write_changes,
)
from app.bundles.validation import ValidBundle, link_key, referenced_ids, validate_bundle
from app.core.config import get_settings
from app.core.errors import BadRequest, ImportPartlyWritten
from app.db.graph import Graph, run_in

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` with Python's cyclic garbage collector paused. An import allocates
    millions of small objects and makes almost no cycles, and each collection would scan the
    whole heap again: about 1.3 s of a 100k-element import (bench/analysis.md)."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return paused


#: progress(phase, done, total) - phase is "elements", "links" or "changes"
Progress = Callable[[str, int, int], None]

#: How many changed items a report lists one by one (the counts are always complete).
LISTED_CHANGES = 200


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class ImportReport:
    elements: Counts = field(default_factory=Counts)
    links: Counts = field(default_factory=Counts)
    dry_run: bool = False
    files: list[str] = field(default_factory=list)
    #: what changed (or would change): {kind, key, action, fields}, the first LISTED_CHANGES
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.elements.created + self.elements.updated + self.links.created + self.links.updated
        )

    def note(self, kind: str, key: str, action: str, fields: list[str]) -> None:
        if len(self.changes) < LISTED_CHANGES:
            self.changes.append({"kind": kind, "key": key, "action": action, "fields": fields})

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "changed": self.changed,
            "files": self.files,
            "elements": self.elements.as_dict(),
            "links": self.links.as_dict(),
            "changes": self.changes,
        }


def _changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    old, new = visible_props(before) or {}, visible_props(after) or {}
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


@dataclass
class _Plan:
    report: ImportReport
    #: rows to write, by the named query that writes them (see store.CHANGE_QUERIES)
    rows: dict[str, list[dict[str, Any]]]
    log: ChangeLog
    #: the id of the import's change event, stamped on what it creates
    import_id: str
    #: the stored state of each updated row, same order (to undo a staged import)
    before: dict[str, list[dict[str, Any]]]


def stored_elements(tx: ManagedTransaction, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """{id: {id, type, props, stamp}} of the stored elements among `ids`; `props` without the
    import stamp, which is `stamp`."""
    found = {}
    for row in run_in(tx, "bundles/stored_elements", ids=list(ids)):
        props, stamp = without_stamp(row["props"])
        found[row["id"]] = {**row, "props": props, "stamp": stamp}
    return found


def stored_links(
    tx: ManagedTransaction, keys: Sequence[Mapping[str, str]]
) -> dict[str, tuple[dict[str, Any], str | None]]:
    """{link key: (props without the import stamp, stamp)} of the stored links among `keys`
    (each {from, type, to})."""
    found = {}
    for row in run_in(tx, "bundles/stored_links", rows=list(keys)):
        found[link_key(row["from"], row["type"], row["to"])] = without_stamp(row["props"])
    return found


#: stored_links for some link keys, read in whatever transaction the caller has
LinkReader = Callable[[Sequence[Mapping[str, str]]], dict[str, tuple[dict[str, Any], str | None]]]


def _empty_plan(report: ImportReport, log: ChangeLog) -> _Plan:
    return _Plan(
        report,
        {query: [] for _, query in CHANGE_QUERIES},
        log,
        str(uuid.uuid4()),
        {query: [] for _, query in CHANGE_QUERIES},
    )


def _plan_elements(plan: _Plan, valid: ValidBundle, stored: Mapping[str, dict[str, Any]]) -> None:
    """Sort the bundle's elements into new, changed and unchanged against `stored` (every
    stored element the bundle names). New rows get the import stamp; changed ones an event."""
    report, rows, before = plan.report, plan.rows, plan.before
    for row in element_rows(valid.elements):
        old = stored.get(row["id"])
        if old is None:
            report.elements.created += 1
            report.note("element", row["id"], "create", [])
            row["props"][IMPORT_STAMP] = plan.import_id
            rows["bundles/create_elements"].append(row)
        elif old["props"] == row["props"]:
            report.elements.unchanged += 1
        else:
            report.elements.updated += 1
            changed = _changed_fields(old["props"], row["props"])
            report.note("element", row["id"], "update", changed)
            plan.log.element("update", row["id"], old["props"], row["props"], old["stamp"])
            rows["bundles/update_elements"].append(row)
            before["bundles/update_elements"].append({**row, "props": old["props"]})


def _plan_links(
    plan: _Plan, valid: ValidBundle, stored: Mapping[str, dict[str, Any]], read: LinkReader
) -> None:
    """Sort the bundle's links into new, changed and unchanged against the stored links."""
    report, rows, before = plan.report, plan.rows, plan.before
    new_links = link_rows(valid.links)
    # a link can only be stored already when both its ends are
    keys = [
        {"from": r["from"], "type": r["type"], "to": r["to"]}
        for r in new_links
        if r["from"] in stored and r["to"] in stored
    ]
    links_stored = read(keys) if keys else {}
    for row in new_links:
        key = link_key(row["from"], row["type"], row["to"])
        old_props, stamp = links_stored.get(key, (None, None))
        if old_props is None:
            report.links.created += 1
            report.note("link", key, "create", [])
            row["props"][IMPORT_STAMP] = plan.import_id
            rows["bundles/create_links"].append(row)
        elif old_props == row["props"]:
            report.links.unchanged += 1
        else:
            report.links.updated += 1
            report.note("link", key, "update", _changed_fields(old_props, row["props"]))
            plan.log.link(
                "update", row["from"], row["type"], row["to"], old_props, row["props"], stamp
            )
            rows["bundles/update_links"].append(row)
            before["bundles/update_links"].append({**row, "props": old_props})


def _finish_plan(plan: _Plan) -> None:
    """The import's own change event, when it changes anything."""
    report = plan.report
    if report.changed:
        counts = {
            f"{kind}_{action}": getattr(getattr(report, kind), action)
            for kind in ("elements", "links")
            for action in ("created", "updated", "unchanged")
        }
        plan.log.import_event(report.files, counts, plan.import_id)


def _validate_in(
    tx: ManagedTransaction, parsed: ParsedBundle
) -> tuple[ValidBundle, dict[str, dict[str, Any]]]:
    """The valid bundle, and the stored elements it names (read once, for both steps)."""
    stored = stored_elements(tx, referenced_ids(parsed))
    return validate_bundle(parsed, {i: row["type"] for i, row in stored.items()}), stored


def _write(tx: ManagedTransaction, plan: _Plan, batch_size: int, progress: Progress | None) -> None:
    write_changes(lambda query, rows: run_in(tx, query, rows=rows), plan.rows, batch_size, progress)
    plan.log.record(tx, batch_size)
    if progress:
        progress("changes", len(plan.log.events), len(plan.log.events))


@gc_paused
def import_parsed(
    graph: Graph,
    parsed: ParsedBundle,
    *,
    dry_run: bool = False,
    who: str = "cli",
    via: str = "import",
    batch_size: int | None = None,
    progress: Progress | None = None,
    transaction_items: int | None = None,
) -> ImportReport:
    """Validate and write a parsed bundle (or, dry, only compare): in one transaction up to
    `transaction_items` (default: the setting `import_transaction_items`) elements and
    links, else staged (see `_import_staged`)."""
    parsed.raise_if_unreadable()
    settings = get_settings()
    size = batch_size or settings.import_batch_size
    most = settings.import_transaction_items if transaction_items is None else transaction_items
    log = ChangeLog(who=who, via=via)

    def validated(tx: ManagedTransaction) -> tuple[_Plan, ValidBundle, dict[str, Any]]:
        # a retried transaction starts over with a fresh report
        log.events.clear()
        plan = _empty_plan(ImportReport(dry_run=dry_run, files=list(parsed.files)), log)
        valid, stored = _validate_in(tx, parsed)
        _plan_elements(plan, valid, stored)
        return plan, valid, stored

    def work(tx: ManagedTransaction) -> ImportReport:
        plan, valid, stored = validated(tx)
        _plan_links(plan, valid, stored, lambda keys: stored_links(tx, keys))
        _finish_plan(plan)
        if not dry_run:
            _write(tx, plan, size, progress)
        return plan.report

    if dry_run:
        return graph.read_transaction(work)
    if len(parsed.elements) + len(parsed.links) > most:
        return _import_staged(graph, *graph.read_transaction(validated), size, progress)
    return graph.write_transaction(work)


def _import_staged(
    graph: Graph,
    plan: _Plan,
    valid: ValidBundle,
    stored: Mapping[str, dict[str, Any]],
    batch_size: int,
    progress: Progress | None,
) -> ImportReport:
    """Write a validated import in batches, each its own transaction, then its change events.

    For imports too large for one transaction (the transaction memory a 1M-element plan
    needs is more than a server usually allows), and faster for large ones. Still all or
    nothing: when a batch fails, what the earlier batches wrote is undone (`_undo`) before
    the error is raised. Unlike a one-transaction import, readers can see the import part
    way through, and the stored state is compared with the bundle once, before writing.

    The links are sorted (new, changed, unchanged) in a second thread while the elements are
    written, so that Python's work overlaps the database's.
    """

    def read_links(keys: Sequence[Mapping[str, str]]) -> dict[str, Any]:
        return graph.read_transaction(lambda tx: stored_links(tx, keys))

    written = {query: 0 for _, query in CHANGE_QUERIES}

    def commit_batch(query: str, rows: list[dict[str, Any]]) -> None:
        """One batch in a transaction of its own, counted in `written` once committed."""
        graph.write_transaction(lambda tx: run_in(tx, query, rows=rows))
        written[query] += len(rows)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-links") as pool:
        links_planned = pool.submit(_plan_links, plan, valid, stored, read_links)
        try:
            write_changes(commit_batch, plan.rows, batch_size, progress, phases=("elements",))
            links_planned.result()
            _finish_plan(plan)
            write_changes(commit_batch, plan.rows, batch_size, progress, phases=("links",))
            graph.write_transaction(lambda tx: plan.log.record(tx, batch_size))
        except BaseException as failure:
            links_planned.cancel()
            _undo_or_report(graph, plan, written, batch_size, failure)
            raise
    if progress:
        progress("changes", len(plan.log.events), len(plan.log.events))
    return plan.report


def _write_batch(graph: Graph, query: str, rows: Sequence[dict[str, Any]], **params: Any) -> None:
    """Run one named write query on a batch of rows in a transaction of its own."""
    batch = list(rows)
    graph.write_transaction(lambda tx: run_in(tx, query, rows=batch, **params))


def _undo_or_report(
    graph: Graph,
    plan: _Plan,
    written: Mapping[str, int],
    batch_size: int,
    failure: BaseException,
) -> None:
    """Undo what a failed staged import wrote; undoing is idempotent, so it is tried twice
    (an interrupted write can leave a broken connection in the driver's pool). When both
    tries fail: ImportPartlyWritten for an error; for an interrupt (Ctrl-C, SIGTERM) the
    interrupt goes on, with the same message attached as a note."""
    for attempt in (1, 2):
        try:
            _undo(graph, plan, written, batch_size)
            return
        except Exception as undo_failure:
            if attempt == 2:
                partly = ImportPartlyWritten(plan.import_id, undo_failure)
                if isinstance(failure, Exception):
                    raise partly from failure
                failure.add_note(f"{partly.detail} {partly.extra['hint']}")
                return


def _undo(graph: Graph, plan: _Plan, written: Mapping[str, int], batch_size: int) -> None:
    """Take back what a staged import wrote (`written`: rows per query), newest first:
    delete the links and elements it created (they carry its stamp), and put back the
    stored state of what it updated."""
    stamp = plan.import_id
    steps: list[tuple[str, Sequence[dict[str, Any]], dict[str, Any]]] = [
        (
            "bundles/delete_created_links",
            plan.rows["bundles/create_links"][: written["bundles/create_links"]],
            {"import_id": stamp},
        ),
        (
            "bundles/update_links",
            plan.before["bundles/update_links"][: written["bundles/update_links"]],
            {},
        ),
        (
            "bundles/update_elements",
            plan.before["bundles/update_elements"][: written["bundles/update_elements"]],
            {},
        ),
        (
            "bundles/delete_created_elements",
            plan.rows["bundles/create_elements"][: written["bundles/create_elements"]],
            {"import_id": stamp},
        ),
    ]
    for query, rows, params in steps:
        for batch in batches(rows, batch_size):
            _write_batch(graph, query, batch, **params)


def parsed_from_mapping(bundle: Mapping[str, Any], name: str = "bundle") -> ParsedBundle:
    """A bundle given as data (`{"elements": [...], "links": [...]}`), with index places."""
    if not isinstance(bundle, Mapping):
        raise BadRequest("A bundle is a mapping with 'elements' and 'links'.")
    parsed = ParsedBundle(files=[name])
    for key, target in (("elements", parsed.elements), ("links", parsed.links)):
        target.extend(
            Item(item, Place(name, f"{key}[{i}]")) for i, item in enumerate(bundle.get(key) or [])
        )
    return parsed


@gc_paused
def import_bundle(
    graph: Graph,
    bundle: Mapping[str, Any] | ParsedBundle,
    *,
    dry_run: bool = False,
    who: str = "cli",
    via: str = "import",
    batch_size: int | None = None,
    progress: Progress | None = None,
    transaction_items: int | None = None,
) -> ImportReport:
    """Import one bundle (as data or as parsed); see the module's docstring."""
    parsed = bundle if isinstance(bundle, ParsedBundle) else parsed_from_mapping(bundle)
    return import_parsed(
        graph,
        parsed,
        dry_run=dry_run,
        who=who,
        via=via,
        batch_size=batch_size,
        progress=progress,
        transaction_items=transaction_items,
    )


def read_files(paths: Iterable[Path], max_bytes: int) -> list[BundleSource]:
    """The bytes of each file; an oversized file is refused before it is read."""
    sources = []
    for path in paths:
        if not path.is_file():
            raise BadRequest(f"{path}: no such file", hint="Give the path of a bundle file.")
        check_size(str(path), path.stat().st_size, max_bytes)
        sources.append(BundleSource(str(path), path.read_bytes()))
    return sources


@gc_paused
def import_files(
    graph: Graph,
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    who: str = "cli",
    max_bytes: int | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Combine several files (JSON, YAML, CSV, zip) into one bundle and import it."""
    limit = max_bytes or get_settings().max_import_bytes
    parsed = parse_sources(read_files(paths, limit), limit)
    return import_parsed(
        graph, parsed, dry_run=dry_run, who=who, batch_size=batch_size, progress=progress
    )
