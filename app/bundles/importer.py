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

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from app.bundles.changes import ChangeLog, visible_props
from app.bundles.parsing import BundleSource, Item, ParsedBundle, check_size, parse_sources
from app.bundles.places import Place
from app.bundles.store import (
    CHANGE_QUERIES,
    IMPORT_STAMP,
    element_rows,
    link_rows,
    without_stamp,
    write_changes,
)
from app.bundles.validation import ValidBundle, link_key, referenced_ids, validate_bundle
from app.core.config import get_settings
from app.core.errors import BadRequest
from app.db.graph import Graph, run_in

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


def _plan(
    tx: ManagedTransaction,
    valid: ValidBundle,
    stored: Mapping[str, dict[str, Any]],
    report: ImportReport,
    log: ChangeLog,
) -> _Plan:
    """Sort the bundle's rows into new, changed and unchanged against `stored` (every
    stored element the bundle names) and the stored links. New rows get the import stamp;
    changed ones get a change event each, and the import one event."""
    import_id = str(uuid.uuid4())
    new_elements = element_rows(valid.elements)
    rows: dict[str, list[dict[str, Any]]] = {query: [] for _, query in CHANGE_QUERIES}
    for row in new_elements:
        old = stored.get(row["id"])
        if old is None:
            report.elements.created += 1
            report.note("element", row["id"], "create", [])
            row["props"][IMPORT_STAMP] = import_id
            rows["bundles/create_elements"].append(row)
        elif old["props"] == row["props"]:
            report.elements.unchanged += 1
            continue
        else:
            report.elements.updated += 1
            changed = _changed_fields(old["props"], row["props"])
            report.note("element", row["id"], "update", changed)
            log.element("update", row["id"], old["props"], row["props"], old["stamp"])
            rows["bundles/update_elements"].append(row)
    new_links = link_rows(valid.links)
    # a link can only be stored already when both its ends are
    keys = [
        {"from": r["from"], "type": r["type"], "to": r["to"]}
        for r in new_links
        if r["from"] in stored and r["to"] in stored
    ]
    links_stored = stored_links(tx, keys) if keys else {}
    for row in new_links:
        key = link_key(row["from"], row["type"], row["to"])
        old_props, stamp = links_stored.get(key, (None, None))
        if old_props is None:
            report.links.created += 1
            report.note("link", key, "create", [])
            row["props"][IMPORT_STAMP] = import_id
            rows["bundles/create_links"].append(row)
        elif old_props == row["props"]:
            report.links.unchanged += 1
            continue
        else:
            report.links.updated += 1
            report.note("link", key, "update", _changed_fields(old_props, row["props"]))
            log.link("update", row["from"], row["type"], row["to"], old_props, row["props"], stamp)
            rows["bundles/update_links"].append(row)
    if report.changed:
        counts = {
            f"{kind}_{action}": getattr(getattr(report, kind), action)
            for kind in ("elements", "links")
            for action in ("created", "updated", "unchanged")
        }
        log.import_event(report.files, counts, import_id)
    return _Plan(report, rows, log)


def _validate_in(
    tx: ManagedTransaction, parsed: ParsedBundle
) -> tuple[ValidBundle, dict[str, dict[str, Any]]]:
    """The valid bundle, and the stored elements it names (read once, for both steps)."""
    stored = stored_elements(tx, referenced_ids(parsed))
    return validate_bundle(parsed, {i: row["type"] for i, row in stored.items()}), stored


def _write(tx: ManagedTransaction, plan: _Plan, batch_size: int, progress: Progress | None) -> None:
    write_changes(tx, plan.rows, batch_size, progress)
    plan.log.record(tx, batch_size)
    if progress:
        progress("changes", len(plan.log.events), len(plan.log.events))


def import_parsed(
    graph: Graph,
    parsed: ParsedBundle,
    *,
    dry_run: bool = False,
    who: str = "cli",
    via: str = "import",
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate and write a parsed bundle in one transaction (or, dry, only compare)."""
    parsed.raise_if_unreadable()
    size = batch_size or get_settings().import_batch_size
    log = ChangeLog(who=who, via=via)

    def work(tx: ManagedTransaction) -> ImportReport:
        # a retried transaction starts over with a fresh report
        fresh = ImportReport(dry_run=dry_run, files=list(parsed.files))
        log.events.clear()
        valid, stored = _validate_in(tx, parsed)
        plan = _plan(tx, valid, stored, fresh, log)
        if not dry_run:
            _write(tx, plan, size, progress)
        return plan.report

    if dry_run:
        return graph.read_transaction(work)
    return graph.write_transaction(work)


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


def import_bundle(
    graph: Graph,
    bundle: Mapping[str, Any] | ParsedBundle,
    *,
    dry_run: bool = False,
    who: str = "cli",
    via: str = "import",
    batch_size: int | None = None,
    progress: Progress | None = None,
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
