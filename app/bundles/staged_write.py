"""The staged write of a large import, and its undo.

For imports too large for one transaction (the transaction memory a 1M-element plan needs
is more than a server usually allows), and faster for large ones: the planned rows are
written in batches, each its own transaction, then the change events. Still all or
nothing: when a batch fails, what the earlier batches wrote is undone (`undo_staged`)
before the error is raised. Unlike a one-transaction import, readers can see the import
part way through, and the stored state is compared with the bundle once, before writing.

The links are sorted (new, changed, unchanged) in a second thread while the elements are
written, so that Python's work overlaps the database's.

Before the first batch the import is recorded as pending (`app.bundles.pending_imports`),
and forgotten with its change events: when the process dies part way, the next import, the
service's start or `rbmtrace import --recover` finds it and undoes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from neo4j import ManagedTransaction

from app.bundles.import_plan import (
    ImportPlan,
    StoredElements,
    finish_plan,
    links_found_stored,
    plan_links,
    stored_links,
)
from app.bundles.pending_imports import (
    forget_pending,
    heartbeat,
    keep_before,
    record_pending,
    writing_here,
)
from app.bundles.store import CHANGE_QUERIES, batches, write_changes
from app.bundles.validation import ValidBundle
from app.core.errors import ImportPartlyWritten
from app.db.graph import Graph, run_in

#: progress(phase, done, total) - phase is "elements", "links" or "changes"
Progress = Callable[[str, int, int], None]


def write_staged(
    graph: Graph,
    plan: ImportPlan,
    valid: ValidBundle,
    stored: StoredElements,
    batch_size: int,
    progress: Progress | None,
) -> None:
    """Plan the links and write the plan in batches, each its own transaction; on any
    failure or interrupt, undo what was written, then let the failure go on."""

    def read_links(keys: Sequence[Mapping[str, str]]) -> dict[str, Any]:
        return graph.read_transaction(lambda tx: stored_links(tx, keys))

    written = {query: 0 for _, query in CHANGE_QUERIES}
    import_id = plan.import_id

    def commit(query: str, rows: list[dict[str, Any]]) -> None:
        """One batch (`commit_batch`), counted in `written` once committed."""
        commit_batch(graph, plan, query, rows)
        written[query] += len(rows)

    def finish(tx: ManagedTransaction) -> None:
        finish_staged(tx, plan, batch_size)

    with (
        writing_here(import_id),
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-links") as pool,
    ):
        record_pending(graph, import_id, plan.log.who, plan.log.via, plan.files)
        links_planned = pool.submit(plan_links, plan, valid, stored, read_links)
        try:
            keep = plan.before["bundles/update_elements"]
            keep_before(graph, import_id, "bundles/update_elements", keep, batch_size)
            write_changes(commit, plan.rows, batch_size, progress, phases=("elements",))
            links_planned.result()
            finish_plan(plan)
            keep = plan.before["bundles/update_links"]
            keep_before(graph, import_id, "bundles/update_links", keep, batch_size)
            write_changes(commit, plan.rows, batch_size, progress, phases=("links",))
            graph.write_transaction(finish)
        except BaseException as failure:
            links_planned.cancel()

            def undo() -> None:
                undo_staged(graph, plan, written, batch_size)
                graph.write_transaction(lambda tx: forget_pending(tx, import_id))

            undo_or_report(undo, import_id, failure)
            raise
    if progress:
        progress("changes", len(plan.log.events), len(plan.log.events))


def undo_or_report(undo: Callable[[], None], import_id: str, failure: BaseException) -> None:
    """Undo what a failed staged import wrote (`undo` also forgets its pending record);
    undoing is idempotent, so it is tried twice (an interrupted write can leave a broken
    connection in the driver's pool). When both tries fail: ImportPartlyWritten for an
    error; for an interrupt (Ctrl-C, SIGTERM) the interrupt goes on, with the same message
    attached as a note."""
    for attempt in (1, 2):
        try:
            undo()
            if not isinstance(failure, Exception):
                failure.add_note("Stopped: what the import had written is undone.")
            return
        except Exception as undo_failure:
            if attempt == 2:
                partly = ImportPartlyWritten(import_id, undo_failure)
                if isinstance(failure, Exception):
                    raise partly from failure
                failure.add_note(f"{partly.detail} {partly.extra['hint']}")
                return


def commit_batch(graph: Graph, plan: ImportPlan, query: str, rows: list[dict[str, Any]]) -> None:
    """One batch of `plan`'s rows for the named write `query`, in a transaction of its own
    that also beats the pending import's heartbeat; links that a concurrent import stored
    meanwhile are counted as found stored, not created."""

    def work(tx: ManagedTransaction) -> int:
        result = run_in(tx, query, rows=rows)
        heartbeat(tx, plan.import_id)
        return int(result[0]["written"]) if result else len(rows)

    stored = graph.write_transaction(work)
    if query == "bundles/create_links" and stored < len(rows):
        links_found_stored(plan, len(rows) - stored)  # a concurrent import's, meanwhile


def finish_staged(tx: ManagedTransaction, plan: ImportPlan, batch_size: int) -> None:
    """The last transaction of a staged write: record the change events and forget the
    pending import."""
    plan.log.record(tx, batch_size)
    forget_pending(tx, plan.import_id)


def _write_batch(graph: Graph, query: str, rows: Sequence[dict[str, Any]], **params: Any) -> None:
    """Run one named write query on a batch of rows in a transaction of its own."""
    batch = list(rows)
    graph.write_transaction(lambda tx: run_in(tx, query, rows=batch, **params))


def undo_staged(
    graph: Graph, plan: ImportPlan, written: Mapping[str, int], batch_size: int
) -> None:
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
