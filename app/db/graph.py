"""One Neo4j driver per process, and the `Graph` that runs named Cypher files on it.

Every call names its database and its routing (read or write), so a `neo4j://` cluster
works unchanged. Driver failures that mean "the database is not there right now" become
`DatabaseUnavailable` (HTTP 503 with Retry-After, CLI exit code 3).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, LiteralString, TypeVar

from neo4j import (
    Driver,
    GraphDatabase,
    ManagedTransaction,
    NotificationMinimumSeverity,
    RoutingControl,
)
from neo4j.exceptions import (
    AuthError,
    DriverError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from app.core.config import Settings
from app.core.errors import DatabaseUnavailable, TooLargeForDatabase
from app.db import cypher

T = TypeVar("T")
Row = dict[str, Any]


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


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn the driver's "not reachable now" errors into `DatabaseUnavailable`."""
    try:
        yield
    except AuthError as exc:
        raise DatabaseUnavailable(
            f"Neo4j refused our credentials: {exc.message}. Check NEO4J_USER/NEO4J_PASSWORD."
        ) from exc
    except TransientError as exc:
        if exc.code and "MemoryPoolOutOfMemoryError" in exc.code:
            raise TooLargeForDatabase(
                "Neo4j ran out of transaction memory for this work; nothing was written. "
                f"({exc.message})",
                hint="Give the server more memory (RBMTRACE_LOCAL_HEAP for the local server, "
                "or dbms.memory.transaction.total.max on yours), or split the bundle.",
            ) from exc
        raise DatabaseUnavailable(f"Neo4j is not reachable: {exc}") from exc
    except (ServiceUnavailable, SessionExpired) as exc:
        raise DatabaseUnavailable(f"Neo4j is not reachable: {exc}") from exc
    except DriverError as exc:
        # e.g. no connection could be acquired from the pool in time
        raise DatabaseUnavailable(f"Neo4j is not reachable: {exc}") from exc


class Graph:
    """Runs named Cypher files (see `app/db/cypher.py`) against one database."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database

    # --- named queries ------------------------------------------------------------------
    def read(self, name: str, **params: Any) -> list[Row]:
        return self.run(cypher.query(name), params, write=False)

    def write(self, name: str, **params: Any) -> list[Row]:
        return self.run(cypher.query(name), params, write=True)

    def run(self, text: LiteralString, params: dict[str, Any], *, write: bool) -> list[Row]:
        """Run one statement in its own transaction (retried by the driver when transient).

        `text` must come from a `cypher/` file or be built only from the metamodel's fixed
        lists of labels and relationship types; values always travel as parameters.
        """
        with database_errors():
            records, _, _ = self.driver.execute_query(
                text,
                params,
                database_=self.database,
                routing_=RoutingControl.WRITE if write else RoutingControl.READ,
            )
        return [record.data() for record in records]

    def counts(self) -> tuple[int, int]:
        """(nodes, relationships) in the database."""
        row = self.read("admin/count_graph")[0]
        return int(row["nodes"]), int(row["relationships"])

    # --- explicit transactions ------------------------------------------------------------
    def write_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work` in one write transaction: all of it is committed, or none of it."""
        with database_errors(), self.driver.session(database=self.database) as session:
            return session.execute_write(work)

    def read_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        with (
            database_errors(),
            self.driver.session(database=self.database, default_access_mode="READ") as session,
        ):
            return session.execute_read(work)


def run_in(tx: ManagedTransaction, name: str, **params: Any) -> list[Row]:
    """Run a named Cypher file inside an explicit transaction."""
    return [record.data() for record in tx.run(cypher.query(name), params)]
