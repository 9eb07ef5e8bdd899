"""Planning an import: sort a validated bundle's elements and links into new, changed and
unchanged against what is stored, into the rows each named write query takes, with the
change events to record and the stored state to put back if a staged write is undone.

Reading what is stored happens in whatever transaction the caller gives; nothing here
writes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction

from app.bundles.changes import ChangeLog, visible_props
from app.bundles.codec import element_rows, link_rows, without_stamp
from app.bundles.import_report import LISTED_CHANGES, Change, Counts, ImportReport
from app.bundles.parsing import ParsedBundle
from app.bundles.store import CHANGE_QUERIES
from app.bundles.validation import ValidBundle, referenced_ids, validate_bundle
from app.db.graph import run_in
from app.lookup_keys import IMPORT_STAMP, link_key

#: Stored elements by id: {id, type, props (without the import stamp), stamp}
StoredElements = Mapping[str, dict[str, Any]]
#: {link key: (props without the import stamp, stamp)} of stored links
LinksStored = dict[str, tuple[dict[str, Any], str | None]]
#: stored_links for some link keys, read in whatever transaction the caller has
LinkReader = Callable[[Sequence[Mapping[str, str]]], LinksStored]


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportPlan:
    """What an import will write, and the report of it."""

    files: list[str]
    dry_run: bool
    log: ChangeLog
    #: the id of the import's change event, stamped on what it creates
    import_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    #: rows to write, by the named query that writes them (see store.CHANGE_QUERIES)
    rows: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {query: [] for _, query in CHANGE_QUERIES}
    )
    #: the stored state of each updated row, same order (to undo a staged import)
    before: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {query: [] for _, query in CHANGE_QUERIES}
    )
    elements: _Tally = field(default_factory=_Tally)
    links: _Tally = field(default_factory=_Tally)
    changes: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.elements.created + self.elements.updated + self.links.created + self.links.updated
        )

    def note(self, kind: str, key: str, action: str, fields: list[str]) -> None:
        if len(self.changes) < LISTED_CHANGES:
            self.changes.append(Change(kind=kind, key=key, action=action, fields=fields))  # type: ignore[arg-type]

    def report(self) -> ImportReport:
        return ImportReport(
            dry_run=self.dry_run,
            files=list(self.files),
            elements=Counts(**vars(self.elements)),
            links=Counts(**vars(self.links)),
            changes=list(self.changes),
        )


def stored_elements(tx: ManagedTransaction, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """{id: {id, type, props, stamp}} of the stored elements among `ids`; `props` without the
    import stamp, which is `stamp`."""
    found = {}
    for row in run_in(tx, "bundles/stored_elements", ids=list(ids)):
        props, stamp = without_stamp(row["props"])
        found[row["id"]] = {**row, "props": props, "stamp": stamp}
    return found


def stored_links(tx: ManagedTransaction, keys: Sequence[Mapping[str, str]]) -> LinksStored:
    """{link key: (props without the import stamp, stamp)} of the stored links among `keys`
    (each {from, type, to})."""
    found = {}
    for row in run_in(tx, "bundles/stored_links", rows=list(keys)):
        found[link_key(row["from"], row["type"], row["to"])] = without_stamp(row["props"])
    return found


def lock_link_starts(tx: ManagedTransaction, keys: Sequence[Mapping[str, str]]) -> None:
    """Take the write lock of the elements the links `keys` start from (in one order for
    every writer), so that what `stored_links` reads next stays true until `tx` commits: a
    concurrent import of the same link waits, then finds it stored."""
    run_in(tx, "bundles/lock_link_starts", ids=sorted({key["from"] for key in keys}))


def validate_against_stored(
    tx: ManagedTransaction, parsed: ParsedBundle
) -> tuple[ValidBundle, dict[str, dict[str, Any]]]:
    """The valid bundle, and the stored elements it names (read once, for both steps)."""
    stored = stored_elements(tx, referenced_ids(parsed))
    return validate_bundle(parsed, {i: row["type"] for i, row in stored.items()}), stored


def _changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    old, new = visible_props(before) or {}, visible_props(after) or {}
    return sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))


def plan_elements(plan: ImportPlan, valid: ValidBundle, stored: StoredElements) -> None:
    """Sort the bundle's elements into new, changed and unchanged against `stored` (every
    stored element the bundle names). New rows get the import stamp; changed ones an event."""
    rows, before, tally = plan.rows, plan.before, plan.elements
    for row in element_rows(valid.elements):
        old = stored.get(row["id"])
        if old is None:
            tally.created += 1
            plan.note("element", row["id"], "create", [])
            row["props"][IMPORT_STAMP] = plan.import_id
            rows["bundles/create_elements"].append(row)
        elif old["props"] == row["props"]:
            tally.unchanged += 1
        else:
            tally.updated += 1
            plan.note("element", row["id"], "update", _changed_fields(old["props"], row["props"]))
            plan.log.element("update", row["id"], old["props"], row["props"], old["stamp"])
            rows["bundles/update_elements"].append(row)
            before["bundles/update_elements"].append({**row, "props": old["props"]})


def plan_links(
    plan: ImportPlan, valid: ValidBundle, stored: Container[str], read: LinkReader
) -> None:
    """Sort the bundle's links into new, changed and unchanged against the stored links
    (`stored`: the ids of the elements stored before the import)."""
    rows, before, tally = plan.rows, plan.before, plan.links
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
            tally.created += 1
            plan.note("link", key, "create", [])
            row["props"][IMPORT_STAMP] = plan.import_id
            rows["bundles/create_links"].append(row)
        elif old_props == row["props"]:
            tally.unchanged += 1
        else:
            tally.updated += 1
            plan.note("link", key, "update", _changed_fields(old_props, row["props"]))
            plan.log.link(
                "update", row["from"], row["type"], row["to"], old_props, row["props"], stamp
            )
            rows["bundles/update_links"].append(row)
            before["bundles/update_links"].append({**row, "props": old_props})


def links_found_stored(plan: ImportPlan, count: int) -> None:
    """`count` links planned as new were stored by a concurrent import before this one's
    batch took the lock (a staged import plans before it writes): report them unchanged
    ("already present"), in the report and in the import's change event."""
    plan.links.created -= count
    plan.links.unchanged += count
    for event in plan.log.events:
        if event["action"] == "import" and event["id"] == plan.import_id:
            event["links_created"] = plan.links.created
            event["links_unchanged"] = plan.links.unchanged


def finish_plan(plan: ImportPlan) -> None:
    """The import's own change event, when it changes anything."""
    if plan.changed:
        counts = {
            f"{kind}_{action}": getattr(getattr(plan, kind), action)
            for kind in ("elements", "links")
            for action in ("created", "updated", "unchanged")
        }
        plan.log.import_event(plan.files, counts, plan.import_id)
