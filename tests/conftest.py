"""Test fixtures: one real Neo4j for the whole session, chosen like production does.

Order (app/db/provision.py): `NEO4J_URI` in the environment (the tests WIPE that
database), else a `neo4j:5.26-community` container when a Docker engine answers, else a
locally managed Neo4j in a temporary directory on free ports. Nothing is skipped for want
of a database: if none can be had, the session errors. Every server started here is
stopped at the end of the session.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient
from neo4j import Driver
from playwright.sync_api import Browser, sync_playwright

from app.api.main import create_app
from app.core.config import Settings
from app.db.graph import Graph, create_driver
from app.db.provision import Neo4jTarget, provide_neo4j
from app.db.schema import apply_schema
from app.local_neo4j.server import free_port

TEST_PASSWORD = "rbmtrace-test-pw"


def base_settings(**overrides: object) -> Settings:
    """Settings from the process environment only (never a developer's `.env`)."""
    values: dict[str, object] = {
        "neo4j_password": TEST_PASSWORD,
        # test plans are small: a lighter server than the 4g/2g default
        "local_heap": "1g",
        "local_pagecache": "512m",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="session")
def neo4j_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jTarget]:
    overrides: dict[str, object] = {
        "local_bolt_port": free_port(),
        "local_http_port": free_port(),
    }
    if os.environ.get("NEO4J_URI"):
        overrides["neo4j_password"] = os.environ.get("NEO4J_PASSWORD", TEST_PASSWORD)
    settings = base_settings(**overrides)
    instance = tmp_path_factory.mktemp("neo4j-instance")
    with provide_neo4j(
        settings, allow_container=True, local_instance_dir=instance, echo=print
    ) as target:
        yield target


@pytest.fixture(scope="session")
def settings(neo4j_target: Neo4jTarget, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings that point the service at the session's Neo4j."""
    return base_settings(
        neo4j_uri=neo4j_target.uri,
        neo4j_user=neo4j_target.auth[0],
        neo4j_password=neo4j_target.auth[1],
        neo4j_database=neo4j_target.database,
        cache_dir=Path(os.environ.get("RBMTRACE_CACHE_DIR", Path.home() / ".cache" / "rbmtrace")),
    )


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
    configured = os.environ.get("RBMTRACE_TEST_CHROMIUM")
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
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"live-service-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"the service did not start on 127.0.0.1:{port}", pytrace=False)
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
