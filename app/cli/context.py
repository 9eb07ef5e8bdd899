"""What CLI commands share: the settings, and a `Graph` on the configured or local Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console

from app.core.config import Settings, get_settings
from app.db.graph import Graph, create_driver
from app.db.provision import running_neo4j_uri

console = Console()
err_console = Console(stderr=True)


def echo(message: str) -> None:
    err_console.print(message, highlight=False)


def command_settings() -> Settings:
    """The settings of this command's process (environment and `.env`): read here, at the
    edge, and handed to everything the command calls."""
    return get_settings()


@contextmanager
def open_graph(settings: Settings | None = None) -> Iterator[Graph]:
    """A Graph for one CLI command; a clear error when no Neo4j is running."""
    settings = settings or command_settings()
    driver = create_driver(running_neo4j_uri(settings), settings.neo4j_auth, settings)
    try:
        yield Graph(driver, settings.neo4j_database)
    finally:
        driver.close()
