"""Test fixtures: one real Neo4j for the whole session, chosen like production does.

Order (app/db/provision.py): `NEO4J_URI` in the environment (the tests WIPE that
database), else a `neo4j:5.26-community` container when a Docker engine answers, else a
locally managed Neo4j in a temporary directory on free ports. Nothing is skipped for want
of a database: if none can be had, the session errors. Every server started here is
stopped at the end of the session.

Tests do not depend on the shell they run in. At session start (`pytest_configure`) every
`RBMTRACE_*` and `NEO4J_*` variable is moved from the process environment into `SHELL`,
and `Settings` stops reading a `.env` file. Only these are then read from `SHELL`: which
Neo4j to test against (`NEO4J_URI` with `NEO4J_USER`, `NEO4J_PASSWORD`, `NEO4J_DATABASE`)
and where the Neo4j jars, Java and Chromium are (`RBMTRACE_CACHE_DIR`, `RBMTRACE_JAVA`,
`RBMTRACE_TEST_CHROMIUM`). So every `Settings()` and `get_settings()` made during the
tests (services, CLI commands through CliRunner, the app) has the defaults plus what a
test sets itself.
`tests/core/test_shell_isolation.py` proves it with a hostile shell and `.env`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from playwright.sync_api import Browser, sync_playwright

from app.api.main import create_app
from app.core.config import Settings, get_settings
from app.db.graph import Graph, create_driver
from app.db.provision import Neo4jTarget, TargetKind, provide_neo4j
from app.db.schema import apply_schema
from app.local_neo4j.server import LocalNeo4j, free_port
from tests.live_service import live_service as running_service

TEST_PASSWORD = "rbmtrace-test-pw"

#: Prefixes of the variables that configure RBM Trace (and Neo4j's conventional names).
CLEARED_PREFIXES = ("RBMTRACE_", "NEO4J_")

#: What the shell said before it was cleared (only the variables above).
SHELL: dict[str, str] = {}

_SETTINGS_ENV_FILE = Settings.model_config.get("env_file")


def pytest_configure(config: pytest.Config) -> None:
    """Read the shell's server and tooling settings, then clear RBMTRACE_*/NEO4J_* and .env."""
    for name in sorted(os.environ):
        if name.startswith(CLEARED_PREFIXES):
            SHELL[name] = os.environ.pop(name)
    Settings.model_config["env_file"] = None
    get_settings.cache_clear()


def pytest_unconfigure(config: pytest.Config) -> None:
    Settings.model_config["env_file"] = _SETTINGS_ENV_FILE
    get_settings.cache_clear()
    os.environ.update(SHELL)


def configured_server() -> dict[str, object]:
    """The server the shell named with `NEO4J_URI` (its user, password and database), or
    nothing when the tests are to use a Neo4j of their own."""
    uri = SHELL.get("NEO4J_URI")
    if not uri:
        return {}
    return {
        "neo4j_uri": uri,
        "neo4j_user": SHELL.get("NEO4J_USER") or SHELL.get("NEO4J_USERNAME") or "neo4j",
        "neo4j_password": SHELL.get("NEO4J_PASSWORD", TEST_PASSWORD),
        "neo4j_database": SHELL.get("NEO4J_DATABASE", "neo4j"),
    }


def tooling() -> dict[str, object]:
    """Where the shell said the Neo4j jars and Java are (they do not change an outcome)."""
    found: dict[str, object] = {}
    if SHELL.get("RBMTRACE_CACHE_DIR"):
        found["cache_dir"] = Path(SHELL["RBMTRACE_CACHE_DIR"])
    if SHELL.get("RBMTRACE_JAVA"):
        found["java"] = SHELL["RBMTRACE_JAVA"]
    return found


def base_settings(**overrides: object) -> Settings:
    """Default settings, the shell's tooling paths and `overrides` (never a `.env`)."""
    values: dict[str, object] = {
        "neo4j_password": TEST_PASSWORD,
        # test plans are small: a lighter server than the 4g/2g default
        "local_heap": "1g",
        "local_pagecache": "512m",
        **tooling(),
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def neo4j_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    settings = base_settings(
        local_bolt_port=free_port(), local_http_port=free_port(), **configured_server()
    )
    instance = tmp_path_factory.mktemp("neo4j-instance")
    with provide_neo4j(
        settings, allow_container=True, local_instance_dir=instance, echo=print
    ) as target:
        yield target


@pytest.fixture(scope="session")
def settings(neo4j_target: Neo4jTarget) -> Settings:
    """Settings that point the service at the session's Neo4j."""
    return base_settings(
        neo4j_uri=neo4j_target.uri,
        neo4j_user=neo4j_target.auth[0],
        neo4j_password=neo4j_target.auth[1],
        neo4j_database=neo4j_target.database,
    )


@pytest.fixture(scope="session")
def server_is_ours(neo4j_target: Neo4jTarget) -> bool:
    """True when this session started the server (container or managed local: Neo4j 5.26
    Community, which tests may pin); False for a server configured with NEO4J_URI."""
    return neo4j_target.kind is not TargetKind.configured


#: Password of the tests' private Neo4j (`private_neo4j`).
PRIVATE_PASSWORD = "private-neo4j-pw"


@contextmanager
def managed_neo4j(
    instance_dir: Path,
    password: str,
    *,
    extra_config: dict[str, str] | None = None,
    start: bool = True,
) -> Iterator[LocalNeo4j]:
    """A managed local Neo4j of the tests' own (`instance_dir`, free ports, the shell's jars
    and Java), started unless `start` is False, and stopped when the block ends."""
    settings = base_settings(
        neo4j_password=password, local_bolt_port=free_port(), local_http_port=free_port()
    )
    server = LocalNeo4j.from_settings(settings, instance_dir=instance_dir)
    server.extra_config = dict(extra_config or {})
    if start:
        assert server.start() is True
    try:
        yield server
    finally:
        server.stop()
    assert not server.is_running()


def shell_cache_dir() -> Path:
    """Where the Neo4j jars are: the shell's `RBMTRACE_CACHE_DIR` (read before the shell was
    cleared) or the default."""
    return base_settings().cache_dir


@pytest.fixture(scope="session")
def private_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A managed local Neo4j of the tests' own (own directory, free ports), whatever server
    the rest of the session uses, for tests that stop and start it (outages, faults). Use
    `own_neo4j`, which makes sure it is running."""
    with managed_neo4j(tmp_path_factory.mktemp("private"), PRIVATE_PASSWORD) as server:
        yield server


#: Password of the tests' Neo4j with small limits (`limited_neo4j`).
LIMITED_PASSWORD = "limited-neo4j-pw"
#: Its limits: little memory per transaction, and a short wait for a lock.
LIMITS = {"db.memory.transaction.max": "8m", "db.lock.acquisition.timeout": "1s"}


@pytest.fixture(scope="session")
def limited_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A managed local Neo4j of the tests' own with small `LIMITS`, to see how running into
    them is reported. Running while the session lasts (a test that stops it starts it again)."""
    with managed_neo4j(
        tmp_path_factory.mktemp("limited"), LIMITED_PASSWORD, extra_config=LIMITS
    ) as server:
        yield server


@pytest.fixture
def emptied_private_neo4j(own_neo4j: LocalNeo4j) -> LocalNeo4j:
    """The private Neo4j, running and emptied."""
    with GraphDatabase.driver(own_neo4j.bolt_uri, auth=("neo4j", PRIVATE_PASSWORD)) as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n")
    return own_neo4j


@pytest.fixture
def own_neo4j(private_neo4j: LocalNeo4j) -> LocalNeo4j:
    """The private Neo4j, running (a test before may have left it stopped)."""
    if not private_neo4j.is_running():
        private_neo4j.start()
    return private_neo4j


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[Driver]:
    assert settings.neo4j_uri
    drv = create_driver(settings.neo4j_uri, settings.neo4j_auth, settings)
    drv.verify_connectivity()
    apply_schema(Graph(drv, settings.neo4j_database))
    yield drv
    drv.close()


@pytest.fixture
def graph(driver: Driver, settings: Settings) -> Graph:
    """The session database, emptied before each test (schema kept)."""
    g = Graph(driver, settings.neo4j_database)
    g.write("admin/clear_graph")
    return g


@pytest.fixture
def client(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    """The API in-process, with its lifespan, on the session's (emptied) database."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


# --- browser tests -------------------------------------------------------------------------
# Playwright drives the system Chromium (Debian `chromium`, installed by `make browser`):
# Playwright cannot download a browser of its own here.

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def system_chromium() -> str:
    """Path of the system Chromium, or a failure that says how to install it."""
    configured = SHELL.get("RBMTRACE_TEST_CHROMIUM")  # read before the shell was cleared
    for name in (configured, *CHROMIUM_NAMES):
        if name and (found := shutil.which(name)):
            return found
    pytest.fail(
        "no system Chromium found: run `make browser` (installs Debian's chromium) "
        "or set RBMTRACE_TEST_CHROMIUM to a Chromium executable",
        pytrace=False,
    )


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the session, stopped at its end."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=system_chromium(), headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def live_service(graph: Graph, settings: Settings) -> Iterator[str]:
    """The service on a free 127.0.0.1 port (real uvicorn, real HTTP), on the emptied database.

    Yields its base URL, e.g. `http://127.0.0.1:43121`; the server is stopped afterwards.
    """
    with running_service(settings) as url:
        yield url
