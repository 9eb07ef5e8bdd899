"""`rbmtrace serve`: the API on 127.0.0.1:8000, with a local Neo4j when NEO4J_URI is unset."""

from __future__ import annotations

from collections.abc import Callable

import typer
import uvicorn

from app.api.main import create_app
from app.cli.context import console, echo
from app.core.config import Settings, get_settings
from app.db.graph import Graph, create_driver
from app.db.provision import neo4j_uri, provide_neo4j
from app.db.readiness import wait_for_database
from app.db.schema import apply_schema
from app.seeding import seed_empty_database

#: Steps run once the database answers and before the API serves (e.g. loading the seed
#: dataset into an empty database). Each takes the Graph and the settings and returns a
#: line to print.
STARTUP_STEPS: list[Callable[[Graph, Settings], str | None]] = [seed_empty_database]


def register(cli: typer.Typer) -> None:
    @cli.command()
    def serve(
        host: str = typer.Option(None, help="Interface to bind (default RBMTRACE_HOST)."),
        port: int = typer.Option(None, help="Port (default RBMTRACE_PORT, 8000)."),
    ) -> None:
        """Serve the API. Starts the local Neo4j if needed and stops it on exit if it did."""
        settings = get_settings()
        host = host or settings.host
        port = port or settings.port
        with provide_neo4j(settings, echo=echo) as target:
            driver = create_driver(neo4j_uri(settings), settings.neo4j_auth, settings)
            try:
                graph = Graph(driver, settings.neo4j_database)
                wait_for_database(graph, settings.neo4j_wait_seconds, echo)
                apply_schema(graph)
                for step in STARTUP_STEPS:
                    message = step(graph, settings)
                    if message:
                        console.print(message, highlight=False)
            finally:
                driver.close()
            console.print(f"API:          http://{host}:{port}/")
            console.print(f"API docs:     http://{host}:{port}/docs")
            if target.browser_url:
                console.print(f"Neo4j Browser: {target.browser_url}  (user neo4j)")
            uvicorn.run(
                create_app(settings), host=host, port=port, log_level="info", server_header=False
            )
