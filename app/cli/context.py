"""What CLI commands share: the settings, and a `Graph` on the configured or local Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from app.api.main import neo4j_uri
from app.core.config import Settings, get_settings
from app.core.errors import DatabaseUnavailable
from app.db.graph import Graph, create_driver
from app.local_neo4j.server import LocalNeo4j

console = Console()
err_console = Console(stderr=True)


def echo(message: str) -> None:
    err_console.print(message, highlight=False)


@contextmanager
def open_graph(settings: Settings | None = None) -> Iterator[Graph]:
    """A Graph for one CLI command; a clear error when no Neo4j is running."""
    settings = settings or get_settings()
    if not settings.neo4j_uri and not LocalNeo4j.from_settings(settings).is_running():
        raise DatabaseUnavailable(
            "No NEO4J_URI is set and the local Neo4j is not running.",
            hint="Start it with `rbmtrace neo4j start` (or `make run`), or set NEO4J_URI.",
        )
    driver = create_driver(neo4j_uri(settings), settings.neo4j_auth, settings)
    try:
        yield Graph(driver, settings.neo4j_database)
    finally:
        driver.close()
