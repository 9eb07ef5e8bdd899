"""Neo4j itself killed (kill -9 of its JVM) part way through a staged import: after Neo4j
restarts on the same store, what the import committed is found and undone by each route
(`rbmtrace import --recover`, the next import, the service at start and on `/ready`), and
the export is byte-identical to the one taken before the import.

The Neo4j killed here is this module's own (`crashing_neo4j`: its own directory and free
ports), never the session's. The moment of each kill is chosen by watching the import's
progress through a second driver (the rows it has committed so far), not by sleeping: early
in its new elements, during its new links, and late, in its link updates (the last phase
before the step that finishes it). Batches of 5 rows, each its own transaction: Neo4j's own
recovery must keep whole batches only.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, LiteralString

import httpx
import pytest
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase

from app.api.main import create_app
from app.bundles.exporter import export_graph
from app.bundles.importer import import_bundle
from app.bundles.pending_imports import pending_imports
from app.core.config import Settings
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.local_neo4j.server import LocalNeo4j
from app.synth import synthesize
from tests.api.api_keys import API_KEYS, EDITOR
from tests.bundles.importing import options
from tests.bundles.test_pending_imports import cli_env, rbmtrace
from tests.conftest import base_settings, managed_neo4j
from tests.live_service import live_service

CRASH_PASSWORD = "crash-neo4j-pw"
#: Rows per batch (each batch a transaction of its own), as `cli_env` sets it for the CLI.
BATCH = 5
#: New outputs (and new DELIVERED_BY links to them) in the interrupted import.
NEW = 400
#: The share every stored DELIVERED_BY and FUNDED_BY link gets: the mark of an updated link.
MARK_SHARE = 0.123


@dataclass(frozen=True)
class KillPoint:
    """When to kill Neo4j: once `count` (a read of what the import committed) reaches
    `at`, well before the phase ends."""

    count: LiteralString
    at: int


NEW_ELEMENTS = KillPoint(
    "MATCH (e:Element) WHERE e.id STARTS WITH 'crash-new-' RETURN count(e) AS n", NEW // 5
)
NEW_LINKS = KillPoint(
    "MATCH (:Element)-[r:DELIVERED_BY]->(e:Element) WHERE e.id STARTS WITH 'crash-new-' "
    "RETURN count(r) AS n",
    NEW // 5,
)
UPDATED_LINKS = KillPoint(
    "MATCH (:Element)-[r]->(:Element) WHERE r.share = 0.123 RETURN count(r) AS n", 100
)


@pytest.fixture(scope="module")
def crashing_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    """A Neo4j of this module's own, which its tests kill; stopped at the end."""
    with managed_neo4j(tmp_path_factory.mktemp("crashing"), CRASH_PASSWORD) as server:
        yield server


@dataclass
class Crash:
    """The crashing Neo4j with the plan stored, and what to watch it with."""

    server: LocalNeo4j
    settings: Settings
    graph: Graph
    watcher: Driver
    stored: dict[str, Any]
    before: bytes

    def count(self, point: KillPoint) -> int:
        records, _, _ = self.watcher.execute_query(point.count)
        return int(records[0]["n"])

    def kill_neo4j(self) -> None:
        """kill -9 of the JVM of this module's Neo4j (its pid, from its pid file)."""
        pid = self.server.pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        for _ in range(600):
            if not self.server.is_running():  # reaps it: it is this process's child
                return
            time.sleep(0.05)
        raise AssertionError(f"Neo4j (pid {pid}) still runs after kill -9")

    def kill_when(self, point: KillPoint, importing: Any) -> None:
        """Kill Neo4j once `point` is reached, while `importing` (a process or a thread)
        still runs."""
        while self.count(point) < point.at:
            assert _running(importing), "the import ended before Neo4j could be killed"
            time.sleep(0.01)
        self.kill_neo4j()

    def export(self) -> bytes:
        return export_graph(self.graph, "json")


def _running(importing: Any) -> bool:
    if isinstance(importing, subprocess.Popen):
        return importing.poll() is None
    return bool(importing.is_alive())


@pytest.fixture
def crash(crashing_neo4j: LocalNeo4j) -> Iterator[Crash]:
    """The module's Neo4j running (a test before killed it), emptied, with the schema and
    a synthetic plan of 600 elements stored; its JSON export taken."""
    server = crashing_neo4j
    if not server.is_running():
        server.start()
    settings = base_settings(
        neo4j_uri=server.bolt_uri,
        neo4j_password=CRASH_PASSWORD,
        import_transaction_items=0,
        import_batch_size=BATCH,
    )
    driver = create_driver(server.bolt_uri, settings.neo4j_auth, settings)
    watcher = GraphDatabase.driver(server.bolt_uri, auth=("neo4j", CRASH_PASSWORD))
    try:
        graph = Graph(driver, "neo4j")
        graph.write("admin/clear_graph")
        apply_schema(graph)
        stored = synthesize(600, seed=3).bundle
        import_bundle(graph, stored, options(transaction_items=100_000))
        yield Crash(server, settings, graph, watcher, stored, export_graph(graph, "json"))
    finally:
        watcher.close()
        driver.close()


def the_change(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored plan with something of every kind a staged import writes, in order: NEW
    new outputs, 200 renamed elements, NEW new links and every share-carrying link updated."""
    bundle = copy.deepcopy(stored)
    for element in bundle["elements"][::10]:
        element["name"] = element["name"] + " (revised)"
    outcomes = [e["id"] for e in bundle["elements"] if e["type"] == "Outcome"]
    for link in bundle["links"]:
        if link["type"] in ("DELIVERED_BY", "FUNDED_BY"):
            link["share"] = MARK_SHARE
    for i in range(NEW):
        bundle["elements"].append({"id": f"crash-new-{i}", "type": "Output", "name": f"New {i}"})
        bundle["links"].append(
            {"from": outcomes[i % len(outcomes)], "type": "DELIVERED_BY", "to": f"crash-new-{i}"}
        )
    return bundle


def cli_import_killed_at(crash: Crash, point: KillPoint, tmp_path: Path) -> str:
    """`rbmtrace import` of the change, with Neo4j killed at `point`; what it printed on
    standard error, as one line. Neo4j stays down."""
    path = tmp_path / "change.json"
    path.write_text(json.dumps(the_change(crash.stored)))
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "import", str(path)],
        cwd=tmp_path,
        env=cli_env(crash.settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        crash.kill_when(point, process)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=60)
    assert process.returncode == 1, stderr
    return " ".join(stderr.split())  # as one line, however the terminal wrapped it


#: The hint of an import left partly written (without the CLI's `hint: `): the ways that
#: undo it, each of which the tests below take.
RECOVERY_HINT = (
    "When the database is reachable again: `rbmtrace import --recover` undoes it once the "
    "process that ran the import has ended; a running service undoes it by itself, at its "
    "start and on `GET /ready`. Then import again."
)


def assert_told_how_to_recover(said: str) -> None:
    """The CLI's message after the crash: partly written, with its hint printed as written."""
    assert "Import partly written:" in said, said
    assert f"hint: {RECOVERY_HINT}" in said
    assert "Traceback" not in said


def restarted_with_leftovers(crash: Crash, point: KillPoint) -> str:
    """Start the killed Neo4j again on its store; check that what the import committed is
    there, in whole batches, and recorded as pending; the pending import's id."""
    assert crash.server.start() is True
    committed = crash.count(point)
    assert committed >= point.at
    assert committed % BATCH == 0  # Neo4j's recovery keeps whole transactions only
    assert crash.export() != crash.before
    [pending] = pending_imports(crash.graph)
    assert pending.abandoned() and pending.who == "cli"
    return pending.id


def test_killed_in_its_new_elements_then_import_recover_gives_back_the_graph(
    crash: Crash, tmp_path: Path
) -> None:
    assert_told_how_to_recover(cli_import_killed_at(crash, NEW_ELEMENTS, tmp_path))
    import_id = restarted_with_leftovers(crash, NEW_ELEMENTS)

    recovered = rbmtrace(crash.settings, tmp_path, "import", "--recover")
    assert recovered.returncode == 0, recovered.stderr
    assert f"Undone: the interrupted import {import_id}" in recovered.stdout
    assert crash.export() == crash.before
    assert pending_imports(crash.graph) == []


def test_killed_in_its_new_links_then_the_next_import_undoes_it_first(
    crash: Crash, tmp_path: Path
) -> None:
    assert_told_how_to_recover(cli_import_killed_at(crash, NEW_LINKS, tmp_path))
    restarted_with_leftovers(crash, NEW_LINKS)

    plan = tmp_path / "stored.json"
    plan.write_text(json.dumps(crash.stored))
    again = rbmtrace(crash.settings, tmp_path, "import", str(plan))
    assert again.returncode == 0, again.stderr
    assert "Nothing to change: the graph already holds this bundle." in again.stdout
    assert crash.export() == crash.before
    assert pending_imports(crash.graph) == []


def test_killed_in_its_link_updates_then_the_service_undoes_it_at_start(
    crash: Crash, tmp_path: Path
) -> None:
    assert_told_how_to_recover(cli_import_killed_at(crash, UPDATED_LINKS, tmp_path))
    restarted_with_leftovers(crash, UPDATED_LINKS)

    with TestClient(create_app(crash.settings)) as api:
        assert crash.export() == crash.before  # undone by the start-up, before any request
        assert api.get("/ready").status_code == 200
    assert pending_imports(crash.graph) == []


def test_killed_under_the_service_importing_then_ready_undoes_it(crash: Crash) -> None:
    """The service itself imports (POST /api/v1/import) when Neo4j dies: its own undo
    cannot run, and the service lives on. `/ready` answers 503 while Neo4j is down, and
    once Neo4j is back the service undoes the import it left pending."""
    keyed = crash.settings.model_copy(update={"api_keys": API_KEYS})
    change = the_change(crash.stored)
    with live_service(keyed) as url, httpx.Client(base_url=url, timeout=120) as http:
        answers: list[httpx.Response] = []
        posting = threading.Thread(
            target=lambda: answers.append(http.post("/api/v1/import", json=change, headers=EDITOR))
        )
        posting.start()
        try:
            crash.kill_when(NEW_LINKS, posting)
        finally:
            posting.join(timeout=120)
        [answer] = answers
        assert answer.status_code == 500, answer.text
        problem = answer.json()
        assert problem["title"] == "Import partly written"
        assert problem["hint"] == RECOVERY_HINT
        assert http.get("/ready").status_code == 503  # Neo4j is down

        assert crash.server.start() is True
        assert crash.export() != crash.before
        assert [p.id for p in pending_imports(crash.graph)] == [problem["import_id"]]
        ready = http.get("/ready")
        for _ in range(120):  # the service's watcher sees the port again within a second
            if ready.status_code != 503 or ready.json().get("title") == "Unfinished import":
                break
            time.sleep(0.25)
            ready = http.get("/ready")
        assert ready.status_code == 200, ready.text
    assert crash.export() == crash.before
    assert pending_imports(crash.graph) == []
