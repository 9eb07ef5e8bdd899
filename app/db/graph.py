"""One Neo4j driver per process, and the `Graph` that runs named Cypher files on it.

Every call names its database and its routing (read or write), so a `neo4j://` cluster
works unchanged. Driver failures become domain errors in one place (`translated`):
"the database is not there right now" is `DatabaseUnavailable` (HTTP 503 with Retry-After,
CLI exit code 3), a write that met another one is `WriteConflict` (409, exit code 4), a
key stored first by another write is `Conflict` (409).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, LiteralString, TypeVar
from urllib.parse import urlsplit

from neo4j import (
    Bookmarks,
    Driver,
    GraphDatabase,
    ManagedTransaction,
    NotificationMinimumSeverity,
    RoutingControl,
)
from neo4j.api import BookmarkManager
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from app.core.config import Settings
from app.core.errors import (
    Conflict,
    DatabaseRefused,
    DatabaseUnavailable,
    RbmTraceError,
    TooLargeForDatabase,
    WriteConflict,
)
from app.db import cypher

T = TypeVar("T")
Row = dict[str, Any]

#: While set (see `witnessing_bookmarks`), the bookmark manager every `Graph` read uses.
_witness: ContextVar[BookmarkManager | None] = ContextVar("rbmtrace_bookmarks", default=None)


@contextmanager
def witnessing_bookmarks(consumer: Callable[[Bookmarks], None]) -> Iterator[None]:
    """While active, every read transaction a `Graph` runs in this context (and in the
    worker threads it hands work to, which copy the context) reports the bookmarks its
    commit returned to `consumer`, in order. A read transaction's bookmark names the last
    transaction committed in the database when it ran, so the first one witnessed says which
    state of the database an answer was read from (`app/db/change_token.py`)."""
    manager = GraphDatabase.bookmark_manager(bookmarks_consumer=consumer)
    reset = _witness.set(manager)
    try:
        yield
    finally:
        _witness.reset(reset)


def _witnessed() -> dict[str, Any]:
    """The `execute_query` keyword naming the witnessing bookmark manager, if one is set."""
    manager = _witness.get()
    return {} if manager is None else {"bookmark_manager_": manager}


def create_driver(uri: str, auth: tuple[str, str], settings: Settings) -> Driver:
    return GraphDatabase.driver(
        uri,
        auth=auth,
        connection_timeout=settings.neo4j_connection_timeout,
        connection_acquisition_timeout=settings.neo4j_acquisition_timeout,
        max_transaction_retry_time=settings.neo4j_max_retry_time,
        user_agent="rbmtrace",
        # Queries name relationship types and properties that a given plan may not use
        # (e.g. SUCCEEDS); the server's "does not exist" notices would flood the logs.
        notifications_min_severity=NotificationMinimumSeverity.OFF,
    )


#: Transient failures that are about this transaction meeting another one, not about the
#: database being unreachable (Neo4j's `Neo.TransientError.Transaction.*` codes).
_CONFLICT_CODES = "Neo.TransientError.Transaction."


def translated(exc: Neo4jError | DriverError) -> RbmTraceError:
    """The domain error for a driver error: the one place where Neo4j's errors get their
    meaning (the API's problem handlers and the CLI's `main` both come here)."""
    if isinstance(exc, AuthError):
        return DatabaseUnavailable(
            f"Neo4j refused our credentials: {exc.message}. Check NEO4J_USER/NEO4J_PASSWORD."
        )
    if isinstance(exc, ConstraintError):
        return Conflict(
            f"The write conflicts with data already stored: {exc.message}",
            hint="Another write may have created the same element or link at the same time; "
            "read the current state and retry.",
        )
    if isinstance(exc, TransientError):
        code = exc.code or ""
        if "MemoryPoolOutOfMemoryError" in code:
            return TooLargeForDatabase(
                "Neo4j ran out of transaction memory for this work; nothing was written. "
                f"({exc.message})",
                hint="Give the server more memory (RBMTRACE_LOCAL_HEAP for the local server, "
                "or dbms.memory.transaction.total.max on yours), or split the bundle.",
            )
        if code.startswith(_CONFLICT_CODES):
            return WriteConflict(
                "The write met another transaction holding the same elements or links "
                f"({code.removeprefix(_CONFLICT_CODES)}: {exc.message}). It was retried for "
                "a while, then rolled back: nothing of it was written.",
                code=code,
                hint="Run the same command (or send the same request) again; if it keeps "
                "failing, find the long write that holds the lock (SHOW TRANSACTIONS).",
            )
        return DatabaseUnavailable(f"Neo4j is not reachable: {exc}")
    if isinstance(exc, (ServiceUnavailable, SessionExpired, DriverError)):
        # DriverError: e.g. no connection could be acquired from the pool in time
        return DatabaseUnavailable(f"Neo4j is not reachable: {exc}")
    return DatabaseRefused(
        f"Neo4j refused the work ({exc.code}): {exc.message}",
        code=exc.code,
        hint="Nothing of this transaction was written. If it happens again, report it with "
        "this message.",
    )


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn the driver's errors about the database's state ("not reachable now", "a
    conflicting write", "too large") into domain errors. A `ConstraintError` passes through
    (the importer and its callers tell it apart); the API's and the CLI's last handlers
    translate it, and any other driver error, with `translated` too."""
    try:
        yield
    except (AuthError, TransientError, ServiceUnavailable, DriverError) as exc:
        raise translated(exc) from exc


def bolt_address(uri: str) -> tuple[str, int]:
    """Host and port of a bolt:// or neo4j:// URI (7687 when no port is given)."""
    parts = urlsplit(uri)
    return parts.hostname or "127.0.0.1", parts.port or 7687


class Outage:
    """What this process knows about the database being down: a small circuit breaker.

    It opens on a failure that means "not reachable" (`DatabaseUnavailable`), or when the
    watcher (`start_watching`, run by the service) finds the Bolt port closed: a plain TCP
    connection every `watch_interval` seconds, with a short timeout (`probe_timeout`). So
    an outage is usually known before any request meets it. While it is open, calls are
    answered `DatabaseUnavailable` at once, without waiting for the driver's connection
    timeout and retries, until the watcher finds the port answering again; then calls go to
    the driver, and its first success closes the breaker (a failure keeps it open). Without
    a watcher, each call while open makes the probe itself.
    """

    def __init__(
        self, address: tuple[str, int], probe_timeout: float = 0.5, watch_interval: float = 1.0
    ) -> None:
        self.address = address
        self.probe_timeout = probe_timeout
        self.watch_interval = watch_interval
        self.down_since: float | None = None
        #: While open: the watcher found the port answering again (calls may try the driver).
        self.port_back = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def port_answers(self) -> bool:
        try:
            with socket.create_connection(self.address, timeout=self.probe_timeout):
                return True
        except OSError:
            return False

    # --- the watcher ------------------------------------------------------------------
    def start_watching(self) -> None:
        """Probe the port every `watch_interval` seconds in a daemon thread (until
        `stop_watching`)."""
        if self._watcher is not None:
            return
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, name="neo4j-outage-watch", daemon=True)
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=self.probe_timeout + self.watch_interval + 1)
            self._watcher = None

    def _watch(self) -> None:
        while not self._stop.wait(self.watch_interval):
            self.probe()

    def probe(self) -> None:
        """One look at the port: closed opens the breaker; open again lets calls through."""
        if not self.port_answers():
            self.failed()
        elif self.down_since is not None:
            self.port_back = True

    # --- the calls ----------------------------------------------------------------------
    def refuse_if_down(self, *, probe_always: bool = False) -> None:
        """`DatabaseUnavailable` at once when the database is known to be down (or, with
        `probe_always`, may be: the readiness check) and its port does not answer."""
        if probe_always:
            self.probe()
            if self.down_since is None or self.port_back:
                return
        elif self.down_since is None:
            return
        elif self._watcher is not None:
            if self.port_back:
                return
        else:
            self.probe()
            if self.port_back:
                return
        seconds = max(0, round(time.time() - (self.down_since or time.time())))
        host, port = self.address
        raise DatabaseUnavailable(
            f"Neo4j is not reachable at {host}:{port} (down for {seconds} s).",
            down_for_seconds=seconds,
            hint="The service retries by itself; try again after Retry-After seconds.",
        )

    def failed(self) -> None:
        with self._lock:
            self.port_back = False
            if self.down_since is None:
                self.down_since = time.time()

    def recovered(self) -> None:
        if self.down_since is not None:
            with self._lock:
                self.down_since = None
                self.port_back = False


class Graph:
    """Runs named Cypher files (see `app/db/cypher.py`) against one database.

    With an `Outage` (the service has one), calls while the database is known to be down
    are answered at once (see `Outage`)."""

    def __init__(self, driver: Driver, database: str, outage: Outage | None = None) -> None:
        self.driver = driver
        self.database = database
        self.outage = outage

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """`database_errors`, with the outage breaker around it."""
        if self.outage is not None:
            self.outage.refuse_if_down()
        try:
            with database_errors():
                yield
        except DatabaseUnavailable:
            if self.outage is not None:
                self.outage.failed()
            raise
        if self.outage is not None:
            self.outage.recovered()

    # --- named queries ------------------------------------------------------------------
    def read(self, name: str, **params: Any) -> list[Row]:
        return self.run(cypher.query(name), params, write=False)

    def read_plain(self, name: str, **params: Any) -> list[Row]:
        """`read` for a query that returns only plain values (strings, numbers, lists of
        them; no nodes, relationships or paths): the rows as the driver decoded them,
        without `Record.data()`'s walk through every list (a large cost on rows holding
        lists of a hundred thousand ids)."""
        with self._guarded():
            records, _, _ = self.driver.execute_query(
                cypher.query(name),
                params,
                database_=self.database,
                routing_=RoutingControl.READ,
                **_witnessed(),
            )
        return [dict(record.items()) for record in records]

    def write(self, name: str, **params: Any) -> list[Row]:
        return self.run(cypher.query(name), params, write=True)

    def run(self, text: LiteralString, params: dict[str, Any], *, write: bool) -> list[Row]:
        """Run one statement in its own transaction (retried by the driver when transient).

        `text` must come from a `cypher/` file or be built only from the metamodel's fixed
        lists of labels and relationship types; values always travel as parameters.
        """
        with self._guarded():
            records, _, _ = self.driver.execute_query(
                text,
                params,
                database_=self.database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
                **({} if write else _witnessed()),
            )
        return [record.data() for record in records]

    def write_in_batches(self, name: str, **params: Any) -> list[Row]:
        """Run a named statement that commits its own batches (`CALL { ... } IN
        TRANSACTIONS`) in an auto-commit transaction, the only kind it may run in; not
        retried (the batches it committed stay). Later reads see what it wrote."""
        with (
            self._guarded(),
            self.driver.session(
                database=self.database,
                bookmark_manager=self.driver.execute_query_bookmark_manager,
            ) as session,
        ):
            return [record.data() for record in session.run(cypher.query(name), params)]

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) in the database."""
        row = self.read("admin/count_graph")[0]
        return int(row["nodes"]), int(row["relationships"])

    # --- explicit transactions ------------------------------------------------------------
    def write_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` in one write transaction: all of it is committed, or none of it."""
        with self._guarded(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def read_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        with (
            self._guarded(),
            self.driver.session(
                database=self.database,
                default_access_mode="READ",
                bookmark_manager=_witness.get(),
            ) as session,
        ):
            return session.execute_read(work)


def run_in(tx: ManagedTransaction, name: str, **params: Any) -> list[Row]:
    """Run a named Cypher file inside an explicit transaction."""
    return [record.data() for record in tx.run(cypher.query(name), params)]
