"""The online import of large JSON files, read item by item: neither the parsed bundle, nor
its typed models, nor its planned rows are ever held whole.

`import_streamed(graph, paths, options)` reads the files twice with
`app.bundles.json_stream`:

1. Validation: every item is checked by the importer's own checks (`BundleChecks`), a slice
   at a time, the stored types of the ids a slice names looked up just before it is checked.
   Kept: what the checks keep (each id's type and first place, a number per link) and the
   stored types. An invalid bundle is refused there, every problem listed with its place
   (`plan.json: elements[12]`, as the whole-file reader names it), and nothing is written.
2. Planning and writing: a slice of items at a time, each item made into its typed model
   again, compared with what is stored (`app.bundles.import_plan`), and its new and changed
   rows written in batches, each its own transaction, as a staged write does
   (`app.bundles.staged_write`). Before the first batch the import is recorded as pending,
   and the stored state of what a slice updates is kept in the database before the slice
   is written (`app.bundles.pending_imports`). When a batch fails, or the process is
   stopped, the pending import is undone (`undo_pending`: what carries the import's stamp
   is deleted and the kept state put back) before the failure goes on; a process that dies
   leaves it to the next import, the service's start or `rbmtrace import --recover`. The
   change events are recorded, and the pending record forgotten, in the last transaction.

Kept in memory through the second pass: the counts, the first LISTED_CHANGES changes for
the report, the stored types read in the first pass, and the change event of each updated
element and link (an import that updates a million items holds a million events until
they are recorded).

The report and the change events are those the in-memory import gives for the same
bundle. What differs: the stored state is read a slice at a time rather than once (a
concurrent writer may change what a later slice finds), the hint of a link to a missing
id ("Did you mean ...") suggests only the stored ids named up to the item's slice, an undo
puts back the kept state of a slice's updates even when the failure came before they were
written (the state read moments before), and the files must not change between the two
passes (checked: the import fails and is undone if they do). Bundles of at most
`transaction_items` items are left to the in-memory import (None).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neo4j import ManagedTransaction
from pydantic import BaseModel

from app.bundles import schemas
from app.bundles.changes import ChangeLog
from app.bundles.import_plan import (
    ImportPlan,
    finish_plan,
    plan_elements,
    plan_links,
    stored_elements,
    stored_links,
)
from app.bundles.import_report import ImportReport
from app.bundles.json_stream import ItemNumbers, NotStreamable, json_bundle_items
from app.bundles.pending_imports import (
    keep_before,
    record_pending,
    undo_pending,
    writing_here,
)
from app.bundles.staged_write import commit_batch, finish_staged, undo_or_report
from app.bundles.store import CHANGE_QUERIES, batches
from app.bundles.validation import BundleChecks, ValidBundle
from app.core.errors import BadRequest
from app.db.graph import Graph, run_in

if TYPE_CHECKING:
    from app.bundles.importer import ImportOptions

#: Batches of `batch_size` items read, checked and planned at a time.
BATCHES_PER_SLICE = 4


def _slices(
    paths: Sequence[Path], numbers: ItemNumbers, size: int
) -> Iterator[tuple[str, list[tuple[int, Any]]]]:
    """(key, [(number, item), ...]): the items of the files, elements first, `size` at a
    time, a slice holding only elements or only links."""
    key_of_slice = ""
    taken: list[tuple[int, Any]] = []
    for key, number, item in json_bundle_items(paths, numbers):
        if taken and (key != key_of_slice or len(taken) >= size):
            yield key_of_slice, taken
            taken = []
        key_of_slice = key
        taken.append((number, item))
    if taken:
        yield key_of_slice, taken


def _collect_cycles() -> None:
    """Free the reference cycles of the slice just done: the import runs with the cyclic
    collector paused (`importer.gc_paused`), and the driver's sessions and results leave
    cycles behind that made the second pass grow with every slice (2,854 MiB at 1M). Only the
    young generations are scanned: what the slice allocated, not the import's own state."""
    gc.collect(1)


def _stat(paths: Sequence[Path]) -> list[tuple[int, int, int]]:
    return [(s.st_ino, s.st_size, s.st_mtime_ns) for s in (os.stat(p) for p in paths)]


def _read_types(graph: Graph, ids: Sequence[str]) -> dict[str, str]:
    rows = graph.read_transaction(lambda tx: run_in(tx, "bundles/stored_types", ids=list(ids)))
    return {row["id"]: row["type"] for row in rows}


def validate_streamed(
    graph: Graph, paths: Sequence[Path], slice_size: int
) -> tuple[dict[str, str], int, int]:
    """The first pass: check every item (InvalidBundle listing every problem, if any);
    (the stored types of the ids the bundle names, its elements, its links)."""
    numbers = ItemNumbers()
    checks = BundleChecks({}, numbers.place)
    counts = {"elements": 0, "links": 0}
    for key, items in _slices(paths, numbers, slice_size):
        counts[key] += len(items)
        fields = ("id",) if key == "elements" else ("from", "to")
        named = [data.get(f) for _, data in items if isinstance(data, dict) for f in fields]
        ids = list({name for name in named if isinstance(name, str)})
        if key == "links":  # the ends not known yet
            ids = [name for name in ids if name not in checks.types_by_id]
        if ids:
            checks.know_stored(_read_types(graph, ids))
        check = checks.element if key == "elements" else checks.link
        for number, data in items:
            check(data, number)
        _collect_cycles()
    checks.raise_if_invalid()
    return checks.stored_types, counts["elements"], counts["links"]


def _model(key: str, data: Any) -> BaseModel:
    """The typed model of an item the first pass found valid."""
    if key == "elements":
        model: BaseModel = schemas.element_adapter(data["type"]).validate_python(dict(data))
        return model
    link: BaseModel = schemas.link_adapter().validate_python(dict(data))
    return link


def import_streamed(
    graph: Graph, paths: Sequence[Path], options: ImportOptions
) -> ImportReport | None:
    """Validate, then plan and write the JSON files `paths` a slice at a time (see the
    module); None, having written nothing, when they hold at most `transaction_items`
    items. NotStreamable (nothing written) when a file is not one json_stream reads."""
    progress, batch_size = options.progress, options.batch_size
    slice_size = batch_size * BATCHES_PER_SLICE
    files = [str(path) for path in paths]
    read_at = _stat(paths)
    if progress:
        progress("validating", 0, 0)
    stored_before, elements, links = validate_streamed(graph, paths, slice_size)
    if elements + links <= options.transaction_items:
        return None
    if progress:
        progress("validating", elements + links, elements + links)

    plan = ImportPlan(files=files, dry_run=False, log=ChangeLog(who=options.who, via=options.via))
    import_id = plan.import_id
    totals = {"elements": elements, "links": links}
    done = {"elements": 0, "links": 0}

    def commit(query: str, rows: list[dict[str, Any]]) -> None:
        commit_batch(graph, plan, query, rows)
        if progress:  # after each batch: a stop asked for is taken here
            phase = "elements" if "elements" in query else "links"
            progress(phase, done[phase], totals[phase])

    def read_links(keys: Sequence[Any]) -> dict[str, Any]:
        return graph.read_transaction(lambda tx: stored_links(tx, keys))

    def write_slice(key: str, items: list[tuple[int, Any]]) -> None:
        models = [_model(key, data) for _, data in items]
        if key == "elements":
            ids = [str(getattr(model, "id")) for model in models]  # noqa: B009
            stored = graph.read_transaction(lambda tx: stored_elements(tx, ids))
            plan_elements(plan, ValidBundle(elements=models), stored)
        else:
            plan_links(plan, ValidBundle(links=models), stored_before, read_links)
        del models
        for query, rows in plan.before.items():
            if rows:
                keep_before(graph, import_id, query, rows, batch_size)
                rows.clear()
        done[key] += len(items)
        write_batches(key, whole_only=True)

    def write_batches(phase: str, whole_only: bool) -> None:
        """Write the planned rows of `phase` in batches; with `whole_only`, the rows short of
        a whole batch wait for the next slice (so the batches are those of a staged write)."""
        for query_phase, query in CHANGE_QUERIES:
            if query_phase != phase:
                continue
            rows = plan.rows[query]
            whole = len(rows) - len(rows) % batch_size if whole_only else len(rows)
            for batch in batches(rows[:whole], batch_size):
                commit(query, list(batch))
            del rows[:whole]
        if progress:
            progress(phase, done[phase], totals[phase])

    def finish(tx: ManagedTransaction) -> None:
        finish_staged(tx, plan, batch_size)

    with writing_here(import_id):
        record_pending(graph, import_id, options.who, options.via, files)
        try:
            if progress:  # both totals are known now: each bar shows its own from the start
                for phase in ("elements", "links"):
                    progress(phase, 0, totals[phase])
            count = 0
            try:
                for key, items in _slices(paths, ItemNumbers(), slice_size):
                    if key == "links" and not done["links"]:
                        write_batches("elements", whole_only=False)  # every end before a link
                    count += len(items)
                    write_slice(key, items)
                    _collect_cycles()
                write_batches("elements", whole_only=False)  # a bundle without links
                write_batches("links", whole_only=False)
            except NotStreamable:
                count = -1  # the files were readable in the first pass: they changed
            if count != elements + links or _stat(paths) != read_at:
                raise BadRequest(
                    f"{', '.join(files)} changed while being imported; nothing was written.",
                    hint="Import the files again once nothing else writes them.",
                )
            finish_plan(plan)
            graph.write_transaction(finish)
        except BaseException as failure:
            undo_or_report(lambda: undo_pending(graph, import_id, batch_size), import_id, failure)
            raise
    if progress:
        progress("changes", len(plan.log.events), len(plan.log.events))
    return plan.report()
