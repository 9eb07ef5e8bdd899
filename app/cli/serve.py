"""`rbmtrace serve`: the API on 127.0.0.1:8000, with a local Neo4j when NEO4J_URI is unset.

Ctrl-C (SIGINT) and SIGTERM (systemd, Docker, `kill`) end it the same way: the API shuts
down, then the local Neo4j is stopped if, and only if, this run started it (a server that
was already running, or one started by hand after this run's server died, is left alone).
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

import typer
import uvicorn

from app.api.main import create_app
from app.cli.context import console, echo
from app.core.config import Settings, get_settings
from app.db.graph import Graph, create_driver
from app.db.provision import Neo4jTarget, TargetKind, neo4j_uri, provide_neo4j
from app.db.readiness import wait_for_database
from app.db.schema import apply_schema
from app.seeding import seed_empty_database

#: Steps run once the database answers and before the API serves (e.g. loading the seed
#: dataset into an empty database). Each takes the Graph and the settings and returns a
#: line to print.
STARTUP_STEPS: list[Callable[[Graph, Settings], str | None]] = [seed_empty_database]

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM unwind the command (exit code 128 + signal), so every `finally`
    on the way out runs; a repeated signal while stopping is ignored, not half-stopping.

    uvicorn puts its own handlers in place while it serves and, once shut down, restores
    these and raises the signal again, so they also see a signal that stopped the API.
    """

    def unwind(signum: int, _frame: FrameType | None) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, unwind) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def browser_line(target: Neo4jTarget) -> str | None:
    """Where Neo4j Browser is and how to log in: for the local server only (a configured
    server's password is never printed)."""
    if target.kind is not TargetKind.local or target.local is None:
        return None
    local = target.local
    return (
        f"Neo4j Browser: {local.browser_connect_url}\n"
        f"               user {target.auth[0]}, password {target.auth[1]} "
        f"(connect URL {local.bolt_uri})"
    )


def register(cli: typer.Typer) -> None:
    @cli.command()
    def serve(
        host: str = typer.Option(None, help="Interface to bind (default RBMTRACE_HOST)."),
        port: int = typer.Option(None, help="Port (default RBMTRACE_PORT, 8000)."),
        workers: int = typer.Option(
            None,
            min=1,
            help="uvicorn worker processes (default RBMTRACE_WORKERS, 1); each has its own "
            "Neo4j driver and read cache.",
        ),
    ) -> None:
        """Serve the API. Starts the local Neo4j if needed and stops it on exit if it did."""
        settings = get_settings()
        if host or port or workers:
            settings = settings.model_copy(
                update={
                    "host": host or settings.host,
                    "port": port or settings.port,
                    "workers": workers or settings.workers,
                }
            )
        with stop_on_signals(), provide_neo4j(settings, echo=echo) as target:
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
            # addresses are never wrapped, so they can be copied whatever the terminal width
            api = f"http://{settings.host}:{settings.port}"
            console.print(f"Explorer:     {api}/", soft_wrap=True)
            console.print(f"API:          {api}/api/v1/", soft_wrap=True)
            console.print(f"API docs:     {api}/docs  (offline; also /redoc)", soft_wrap=True)
            line = browser_line(target)
            if line:
                console.print(line, highlight=False, soft_wrap=True)
            if settings.workers > 1:
                # Several processes: each worker builds the app from the environment
                # (the same settings: RBMTRACE_*, NEO4J_*), with its own driver and cache.
                console.print(f"Workers:      {settings.workers}", highlight=False)
                uvicorn.run(
                    "app.api.main:create_app",
                    factory=True,
                    workers=settings.workers,
                    host=settings.host,
                    port=settings.port,
                    log_level="info",
                    server_header=False,
                )
            else:
                uvicorn.run(
                    create_app(settings),
                    host=settings.host,
                    port=settings.port,
                    log_level="info",
                    server_header=False,
                )
