"""Is the database ready for the service: reachable, and the schema applied and online."""

from __future__ import annotations

import threading

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
    """Server facts when ready; raises `DatabaseUnavailable` (503) when not."""
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
