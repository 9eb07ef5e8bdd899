"""Which Neo4j to use: the one piece of code that decides, in this order.

1. `NEO4J_URI` is set: that server (bolt://, neo4j://, and the +s / +ssc schemes).
2. A Docker engine answers and the caller allows containers (the test suite does):
   testcontainers' Neo4j container, pinned to `CONTAINER_IMAGE`.
3. Otherwise: the locally managed Neo4j Community server (`app/local_neo4j`).

`provide_neo4j` is a context manager: whatever it started, it stops on exit; a server
that was already running (for example by `rbmtrace neo4j start`) is left running.
`neo4j_uri` is where the service and the CLI connect once a server is there (1 or 3), and
`running_neo4j_uri` the same for a command that needs it now.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from app.core.config import Settings
from app.core.errors import DatabaseUnavailable
from app.local_neo4j.server import LocalNeo4j

#: The image `docker-compose.yml` and the test containers use.
CONTAINER_IMAGE = "neo4j:5.26-community"


class TargetKind(StrEnum):
    configured = "configured"
    container = "container"
    local = "local"


@dataclass(frozen=True)
class Neo4jTarget:
    uri: str
    auth: tuple[str, str]
    database: str
    kind: TargetKind
    started_here: bool
    browser_url: str | None = None
    local: LocalNeo4j | None = None


def neo4j_uri(settings: Settings) -> str:
    """The configured server, or else the locally managed one on its Bolt port."""
    return settings.neo4j_uri or LocalNeo4j.from_settings(settings).bolt_uri


def running_neo4j_uri(settings: Settings) -> str:
    """`neo4j_uri`, for a command that needs the database now: DatabaseUnavailable when no
    NEO4J_URI is set and the local server is not running."""
    if not settings.neo4j_uri and not LocalNeo4j.from_settings(settings).is_running():
        raise DatabaseUnavailable(
            "No NEO4J_URI is set and the local Neo4j is not running.",
            hint="Start it with `rbmtrace neo4j start` (or `make run`), or set NEO4J_URI.",
        )
    return neo4j_uri(settings)


def docker_engine_available() -> bool:
    """True when a Docker engine answers (not just the client being installed)."""
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        result = subprocess.run(
            [docker, "version", "--format", "{{.Server.Version}}"],
            capture_output=True,
            timeout=15,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


@contextmanager
def provide_neo4j(
    settings: Settings,
    *,
    allow_container: bool = False,
    local_instance_dir: Path | None = None,
    echo: Callable[[str], None] = lambda _: None,
) -> Iterator[Neo4jTarget]:
    if settings.neo4j_uri:
        yield Neo4jTarget(
            uri=settings.neo4j_uri,
            auth=settings.neo4j_auth,
            database=settings.neo4j_database,
            kind=TargetKind.configured,
            started_here=False,
        )
        return

    if allow_container and docker_engine_available():
        from testcontainers.community.neo4j import Neo4jContainer

        password = settings.neo4j_password.get_secret_value()
        echo(f"Starting a {CONTAINER_IMAGE} container ...")
        with Neo4jContainer(CONTAINER_IMAGE, password=password) as container:
            yield Neo4jTarget(
                uri=container.get_connection_url(),
                auth=(container.username, password),
                database="neo4j",
                kind=TargetKind.container,
                started_here=True,
            )
        return

    server = LocalNeo4j.from_settings(settings, instance_dir=local_instance_dir)
    started = server.start(echo=echo)
    # stop exactly this process on exit, not a server someone started after a crash of it
    started_pid = server.pid() if started else None
    try:
        yield Neo4jTarget(
            uri=server.bolt_uri,
            auth=("neo4j", server.password),
            database="neo4j",
            kind=TargetKind.local,
            started_here=started,
            browser_url=server.browser_url,
            local=server,
        )
    finally:
        if started:
            echo("Stopping the local Neo4j this run started ...")
            server.stop(pid=started_pid)
