"""Is the database ready for the service: reachable, and the schema applied and online."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from app.core.errors import DatabaseUnavailable
from app.db.graph import Graph
from app.db.schema import apply_schema, missing_schema, server_info


class SchemaState:
    """Remembers whether this process has applied the schema (re-applied after an outage
    only if objects are missing, e.g. when the database was recreated)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.applied = False

    def ensure(self, graph: Graph) -> None:
        with self._lock:
            if not self.applied:
                apply_schema(graph)
                self.applied = True


def readiness(graph: Graph, state: SchemaState) -> dict[str, object]:
    """Server facts when ready; raises `DatabaseUnavailable` (503) when not. The Bolt port
    is tried first with a short timeout, so a server that is down is reported at once."""
    if graph.outage is not None:
        graph.outage.refuse_if_down(probe_always=True)
    info = server_info(graph)
    state.ensure(graph)
    missing = missing_schema(graph)
    if missing:
        state.applied = False
        state.ensure(graph)
        missing = missing_schema(graph)
    if missing:
        raise DatabaseUnavailable(
            "The schema is not online yet: " + ", ".join(missing), missing=missing
        )
    return {
        "product": info.get("name", "unknown"),
        "version": info.get("version", "unknown"),
        "edition": info.get("edition", "unknown"),
        "database": graph.database,
    }


def wait_for_database(
    graph: Graph,
    wait_seconds: float,
    echo: Callable[[str], None],
    *,
    pause: Callable[[float], None] = time.sleep,
) -> None:
    """Return once the database answers a query; retry (pausing 1, 2, 4 ... up to 5 s)
    while it is not reachable, for at most `wait_seconds`, then raise `DatabaseUnavailable`.

    `rbmtrace serve` waits here before applying the schema and loading the seed: in a
    container, Neo4j's HTTP port may be healthy before Bolt accepts connections."""
    deadline = time.monotonic() + wait_seconds
    delay = 1.0
    attempt = 0
    while True:
        attempt += 1
        try:
            server_info(graph)
            if attempt > 1:
                echo(f"Neo4j answers (attempt {attempt}).")
            return
        except DatabaseUnavailable as exc:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DatabaseUnavailable(
                    f"Neo4j did not become reachable within {wait_seconds:.0f} s: {exc.detail}",
                    hint="Check NEO4J_URI and that Neo4j runs; raise RBMTRACE_NEO4J_WAIT_SECONDS "
                    "to wait longer.",
                ) from exc
            echo(f"Neo4j is not reachable yet (attempt {attempt}); retrying, {left:.0f} s left.")
            pause(min(delay, max(left, 0.1)))
            delay = min(delay * 2, 5.0)
