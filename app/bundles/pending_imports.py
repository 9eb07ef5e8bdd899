"""Crash-safe staged imports: a staged import is recorded as pending before its first batch
and forgotten in the transaction that records its change events, so an import whose process
died part way (kill -9, a lost machine) is found afterwards and undone.

The record is a `:PendingImport` node (who, files, when, host, process id and the process's
start time, and a heartbeat each batch renews) and `:PendingImportRows` nodes keeping the
stored state of what the import updates. Undoing deletes what carries the import's stamp
(`import_id`) and puts the kept state back; it is idempotent, so running it twice, or from
two processes, does no harm.

A pending import is *abandoned* when its process is gone (same host: no process has its
pid, or the one that has it started at another time, so a reused pid hides nothing), when
it is this process's own but no longer being written here (its undo failed, e.g. the
database went away part way, and the process lives on: a service), or when its heartbeat
is older than ABANDONED_AFTER (another host). `recover_abandoned` undoes those: the
importer calls it before each import, the service at start-up and on `/ready` (which
answers 503 while one cannot be undone), and `rbmtrace import --recover` on demand.

A process's start time is field 22 of Linux's `/proc/<pid>/stat` (clock ticks since boot).
Where there is no `/proc`, and for records made before it was kept, the pid alone decides.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from app.bundles.store import batches
from app.core.errors import UnfinishedImport
from app.db.graph import Graph, run_in

log = logging.getLogger(__name__)

#: A pending import of another host whose heartbeat is older than this is abandoned.
ABANDONED_AFTER = timedelta(minutes=15)

#: The queries that put kept rows back, in the order an undo runs them.
RESTORE_QUERIES = ("bundles/update_links", "bundles/update_elements")


#: Ids of the pending imports that this process is writing (or undoing) now.
_writing_here: set[str] = set()
_writing_lock = threading.Lock()


@contextmanager
def writing_here(import_id: str) -> Iterator[None]:
    """While the block runs, `import_id` is being written by this process (not abandoned)."""
    with _writing_lock:
        _writing_here.add(import_id)
    try:
        yield
    finally:
        with _writing_lock:
            _writing_here.discard(import_id)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


#: Where Linux shows each process (`<pid>/stat`); absent elsewhere.
PROC = Path("/proc")


def process_started(pid: int) -> int | None:
    """When process `pid` started, in clock ticks since boot (field 22 of
    `/proc/<pid>/stat`); None without `/proc` or without such a process."""
    try:
        stat = (PROC / str(pid) / "stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    # field 2, the command name, is in parentheses and may hold spaces and parentheses:
    # the fields after it are split from its last ')'; field 3 is the first of them
    fields = stat[stat.rfind(")") + 1 :].split()
    try:
        return int(fields[22 - 3])
    except (IndexError, ValueError):
        return None


def _process_alive(pid: int, started: int | None) -> bool:
    """Whether the process `pid` that started at `started` (None: not known) still runs: a
    process that has the pid but started at another time is another one (the pid was
    reused)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        pass
    if started is None:
        return True
    now = process_started(pid)
    return now is None or now == started


@dataclass(frozen=True)
class PendingImport:
    id: str
    who: str
    via: str
    files: list[str]
    started_at: str
    heartbeat_at: str
    host: str
    pid: int
    #: when the importing process started (`process_started`); None when not known
    pid_started: int | None = None

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> PendingImport:
        return cls(**{name: stored.get(name) for name in cls.__dataclass_fields__})  # type: ignore[arg-type]

    def abandoned(self) -> bool:
        if self.host == socket.gethostname():
            if self.pid == os.getpid():  # ours (or a dead process's whose pid we got again)
                with _writing_lock:
                    return self.id not in _writing_here
            return not _process_alive(self.pid, self.pid_started)
        heartbeat = datetime.fromisoformat(self.heartbeat_at)
        return datetime.now(UTC) - heartbeat > ABANDONED_AFTER

    def describe(self) -> str:
        files = ", ".join(self.files) or "no file"
        return (
            f"import {self.id} by {self.who} ({files}), started {self.started_at} "
            f"by process {self.pid} on {self.host}"
        )


def record_pending(graph: Graph, import_id: str, who: str, via: str, files: Sequence[str]) -> None:
    """Record an import as pending; before it writes anything."""
    at = _now()
    pending = {
        "id": import_id,
        "who": who,
        "via": via,
        "files": list(files),
        "started_at": at,
        "heartbeat_at": at,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "pid_started": process_started(os.getpid()),
    }
    graph.write("imports/record_pending", pending=pending)


def keep_before(
    graph: Graph, import_id: str, query: str, rows: Sequence[dict[str, Any]], batch_size: int
) -> None:
    """Keep the stored state of rows the import will update (`query` puts it back)."""
    for seq, batch in enumerate(batches(rows, batch_size)):
        graph.write(
            "imports/record_pending_before",
            import_id=import_id,
            query=query,
            seq=seq,
            rows=json.dumps(list(batch)),
        )


def heartbeat(tx: ManagedTransaction, import_id: str) -> None:
    run_in(tx, "imports/pending_heartbeat", import_id=import_id, at=_now())


def forget_pending(tx: ManagedTransaction, import_id: str) -> None:
    run_in(tx, "imports/forget_pending", import_id=import_id)


def pending_imports(graph: Graph) -> list[PendingImport]:
    return [
        PendingImport.from_stored(row["pending"]) for row in graph.read("imports/pending_imports")
    ]


def undo_pending(graph: Graph, import_id: str, batch_size: int) -> None:
    """Undo what a pending import wrote, then forget it: delete the links and elements it
    created, and put back the stored state of what it updated."""
    kept = graph.read("imports/pending_before", import_id=import_id)
    unknown = {row["query"] for row in kept} - set(RESTORE_QUERIES)
    if unknown:
        raise ValueError(f"the kept rows of import {import_id} name unknown queries: {unknown}")
    _delete_all(graph, "imports/delete_stamped_links", import_id, batch_size)
    for query in RESTORE_QUERIES:
        for row in kept:
            if row["query"] == query:
                graph.write(query, rows=json.loads(row["rows"]))
    _delete_all(graph, "imports/delete_stamped_elements", import_id, batch_size)
    graph.write("imports/forget_pending", import_id=import_id)


def _delete_all(graph: Graph, query: str, import_id: str, batch_size: int) -> None:
    while graph.write(query, import_id=import_id, limit=batch_size)[0]["deleted"]:
        pass


def recover_abandoned(graph: Graph, batch_size: int) -> list[PendingImport]:
    """Undo every abandoned pending import; the ones undone."""
    undone = []
    for pending in pending_imports(graph):
        if pending.abandoned():
            log.warning("Undoing an interrupted %s", pending.describe())
            undo_pending(graph, pending.id, batch_size)
            undone.append(pending)
    return undone


def require_no_abandoned_import(graph: Graph, batch_size: int) -> None:
    """For `/ready`: undo abandoned imports; UnfinishedImport (503) while one remains."""
    try:
        recover_abandoned(graph, batch_size)
    except Exception as failure:  # the answer says what is left and what to do
        log.warning("Undoing an interrupted import failed: %s", failure)
    left = [p for p in pending_imports(graph) if p.abandoned()]
    if left:
        raise UnfinishedImport(left[0].describe())
