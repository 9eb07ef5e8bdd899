"""Faults at every phase of a staged import, through the function, the API and the CLI.

Real faults, no mocks: a constraint that the data violates part way through a phase (the
database refuses one batch after earlier batches of the same import committed), and, for
an undo that itself fails, the database stopping while the import waits for a lock that
another writer holds. Imports are staged (`transaction_items` 0, batches of one row), so
every batch is a transaction of its own and a failure must be undone batch by batch.

Phases, in the order an import writes them: new elements, updated elements, new links,
updated links, change events. In each case the stored graph (elements, links and change
events, with every property) must be exactly what it was before the import.
"""

from __future__ import annotations

import contextlib
import copy
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from neo4j import GraphDatabase
from neo4j.exceptions import ConstraintError

from app.api.main import create_app
from app.bundles.importer import ImportOptions, import_bundle
from app.bundles.pending_imports import pending_imports, undo_pending
from app.core.config import Settings
from app.core.errors import ImportPartlyWritten
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.local_neo4j.server import LocalNeo4j
from tests.api.api_keys import API_KEYS, EDITOR
from tests.bundles.test_staged_import import everything
from tests.conftest import PRIVATE_PASSWORD, base_settings

#: What is stored before each faulty import (imported by "setup": one change event).
STORED: dict[str, list[dict[str, Any]]] = {
    "elements": [
        {"id": "m", "type": "Mission", "name": "Mission"},
        {"id": "g1", "type": "Goal", "name": "Goal one"},
        {"id": "tp1", "type": "ThematicPriority", "name": "Priority one"},
        {"id": "oc1", "type": "Outcome", "name": "Outcome one"},
        {"id": "out1", "type": "Output", "name": "Output one"},
        {"id": "out2", "type": "Output", "name": "Output two"},
    ],
    "links": [
        {"from": "m", "type": "HAS_GOAL", "to": "g1"},
        {"from": "g1", "type": "HAS_PRIORITY", "to": "tp1"},
        {"from": "tp1", "type": "HAS_OUTCOME", "to": "oc1"},
        {"from": "oc1", "type": "DELIVERED_BY", "to": "out1", "share": 0.1},
        {"from": "oc1", "type": "DELIVERED_BY", "to": "out2", "share": 0.2},
    ],
}


def faulty_bundle(**changes: Any) -> dict[str, Any]:
    """STORED plus something of every kind an import writes: two new elements, two updated
    elements, two new links and two updated links; `changes` adjusts names and shares."""
    values = {
        "new_names": ("New output one", "New output two"),
        "updated_names": ("Goal one (revised)", "Output one (revised)"),
        "new_shares": (0.3, 0.4),
        "updated_shares": (0.5, 0.6),
        **changes,
    }
    bundle = copy.deepcopy(STORED)
    elements = {e["id"]: e for e in bundle["elements"]}
    elements["g1"]["name"], elements["out1"]["name"] = values["updated_names"]
    bundle["elements"] += [
        {"id": "n1", "type": "Output", "name": values["new_names"][0]},
        {"id": "n2", "type": "Output", "name": values["new_names"][1]},
    ]
    bundle["links"][3]["share"], bundle["links"][4]["share"] = values["updated_shares"]
    bundle["links"] += [
        {"from": "oc1", "type": "DELIVERED_BY", "to": "n1", "share": values["new_shares"][0]},
        {"from": "oc1", "type": "DELIVERED_BY", "to": "n2", "share": values["new_shares"][1]},
    ]
    return bundle


# A fault per phase: (constraint that the second write of the phase violates, the bundle).
# The constraints are not RBM Trace's; each test adds one and drops it afterwards.
NAME_UNIQUE = (
    "CREATE CONSTRAINT fault_injection_name FOR (e:Element) REQUIRE e.name IS UNIQUE",
    "fault_injection_name",
)
SHARE_UNIQUE = (
    "CREATE CONSTRAINT fault_injection_share FOR ()-[r:DELIVERED_BY]-() REQUIRE r.share IS UNIQUE",
    "fault_injection_share",
)
ONE_EVENT_PER_WRITER = (
    "CREATE CONSTRAINT fault_injection_who FOR (c:ChangeEvent) REQUIRE c.who IS UNIQUE",
    "fault_injection_who",
)
PHASES = {
    # n2 takes n1's name: n1 is written, n2 refused
    "new elements": (NAME_UNIQUE, faulty_bundle(new_names=("New output", "New output"))),
    # both new elements written, g1 renamed, out1 refused g1's new name
    "updated elements": (NAME_UNIQUE, faulty_bundle(updated_names=("Revised", "Revised"))),
    # every element written, the second new link refused the first one's share
    "new links": (SHARE_UNIQUE, faulty_bundle(new_shares=(0.3, 0.3))),
    # every element and new link written, the first link updated, the second refused
    "updated links": (SHARE_UNIQUE, faulty_bundle(updated_shares=(0.5, 0.5))),
    # everything written; the change events (the import's and one per update) refused
    "change events": (ONE_EVENT_PER_WRITER, faulty_bundle()),
}
DOORS = ("function", "api", "cli")


@pytest.fixture
def stored(graph: Graph) -> Iterator[Graph]:
    """STORED, imported in one transaction; constraints added by a test dropped after it."""
    import_bundle(graph, STORED, ImportOptions(who="setup", **ONE_ROW_BATCHES))
    yield graph
    for _, name in (NAME_UNIQUE, SHARE_UNIQUE, ONE_EVENT_PER_WRITER):
        graph.run(f"DROP CONSTRAINT {name} IF EXISTS", {}, write=True)


ONE_ROW_BATCHES: dict[str, Any] = {"batch_size": 1, "transaction_items": 10_000, "max_bytes": 10**7}
STAGED: dict[str, Any] = {**ONE_ROW_BATCHES, "transaction_items": 0}


def staged_import_through(
    door: str, graph: Graph, settings: Settings, bundle: dict[str, Any], tmp_path: Path
) -> str:
    """Import `bundle` staged, one row per batch, through `door`; how it failed, in words
    common to the three doors ("conflict" or "partly written <import id>")."""
    if door == "function":
        try:
            import_bundle(graph, bundle, ImportOptions(who="cli", **STAGED))
        except ConstraintError:
            return "conflict"
        except ImportPartlyWritten as exc:
            return f"partly written {exc.extra['import_id']}"
        return "imported"
    if door == "api":
        staged = settings.model_copy(
            update={"api_keys": API_KEYS, "import_transaction_items": 0, "import_batch_size": 1}
        )
        with TestClient(create_app(staged)) as api:
            answer = api.post("/api/v1/import", json=bundle, headers=EDITOR)
        problem = answer.json()
        if answer.status_code == 409:
            assert problem["title"] == "Conflict" and "already exists" in problem["detail"]
            return "conflict"
        if answer.status_code == 500 and problem["title"] == "Import partly written":
            return f"partly written {problem['import_id']}"
        return f"HTTP {answer.status_code}: {answer.text}"
    path = tmp_path / "bundle.yaml"
    path.write_text(yaml.safe_dump(bundle))
    result = run_cli(settings, tmp_path, path)
    said = " ".join(result.stderr.split())  # as one line, however the terminal wrapped it
    if result.returncode == 2 and said.startswith("Conflict: The write conflicts"):
        assert "already exists" in said and "Traceback" not in said
        return "conflict"
    stamp = re.search(r"carry import_id '([0-9a-f-]+)'", said)
    if result.returncode == 1 and "Import partly written" in said and stamp:
        return f"partly written {stamp[1]}"
    return f"exit {result.returncode}: {result.stdout}{result.stderr}"


def run_cli(settings: Settings, cwd: Path, path: Path) -> subprocess.CompletedProcess[str]:
    assert settings.neo4j_uri
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "import", str(path)],
        cwd=cwd,
        env=cli_env(settings),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def cli_env(settings: Settings) -> dict[str, str]:
    assert settings.neo4j_uri
    return {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "RBMTRACE_IMPORT_TRANSACTION_ITEMS": "0",
        "RBMTRACE_IMPORT_BATCH_SIZE": "1",
        "COLUMNS": "200",
    }


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("phase", list(PHASES))
def test_a_fault_in_any_phase_leaves_the_graph_as_it_was(
    stored: Graph, settings: Settings, tmp_path: Path, phase: str, door: str
) -> None:
    (constraint, _), bundle = PHASES[phase]
    before = everything(stored)
    stored.run(constraint, {}, write=True)
    assert staged_import_through(door, stored, settings, bundle, tmp_path) == "conflict"
    assert everything(stored) == before


def test_without_the_fault_the_same_imports_succeed(
    stored: Graph, settings: Settings, tmp_path: Path
) -> None:
    """The faulty bundles are valid: the constraint is what stops them."""
    for _, bundle in PHASES.values():
        assert staged_import_through("function", stored, settings, bundle, tmp_path) == "imported"
        graph_now = {row["props"].get("id"): row for row in everything(stored)}
        assert graph_now["n2"]["props"]["name"] == bundle["elements"][-1]["name"]
        stored.run("MATCH (e:Element) WHERE e.id IN ['n1', 'n2'] DETACH DELETE e", {}, write=True)
        import_bundle(stored, STORED, ImportOptions(who="setup", **ONE_ROW_BATCHES))


# --- an undo that itself fails ----------------------------------------------------------


@pytest.fixture
def private(own_neo4j: LocalNeo4j) -> Iterator[tuple[LocalNeo4j, Settings, Graph]]:
    """The private Neo4j (which this test stops), emptied, with the schema and STORED."""
    settings = base_settings(neo4j_uri=own_neo4j.bolt_uri, neo4j_password=PRIVATE_PASSWORD)
    driver = create_driver(own_neo4j.bolt_uri, settings.neo4j_auth, settings)
    graph = Graph(driver, "neo4j")
    graph.write("admin/clear_graph")
    apply_schema(graph)
    import_bundle(graph, STORED, ImportOptions(who="setup", **ONE_ROW_BATCHES))
    try:
        yield own_neo4j, settings, graph
    finally:
        driver.close()


def blocked_transactions(server: LocalNeo4j) -> int:
    with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", PRIVATE_PASSWORD)) as driver:
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' RETURN count(*) AS n"
        )
    return int(records[0]["n"])


def wait_for(condition: Callable[[], bool], what: str) -> None:
    done = threading.Event()
    for _ in range(1200):
        if condition():
            return
        done.wait(0.1)
    raise AssertionError(f"gave up waiting until {what}")


@pytest.mark.parametrize("door", DOORS)
def test_an_undo_that_fails_too_reports_the_import_partly_written(
    private: tuple[LocalNeo4j, Settings, Graph], tmp_path: Path, door: str
) -> None:
    """Another writer holds n2 (created, not committed) while the import writes its new
    elements: the import waits at n2 with n1 written. Then the database stops, so the
    batch fails and so does the undo, twice. The error names the import's id, which every
    item it wrote carries, and the hint's clean-up restores the graph once Neo4j is back."""
    server, settings, graph = private
    before = everything(graph)
    bundle = faulty_bundle()
    other_writer = GraphDatabase.driver(server.bolt_uri, auth=("neo4j", PRIVATE_PASSWORD))
    session = other_writer.session()
    holding = session.begin_transaction()
    holding.run("CREATE (:Element {id: 'n2', type: 'Output', name: 'held by another writer'})")

    outcome: list[str] = []
    importing = threading.Thread(
        target=lambda: outcome.append(
            staged_import_through(door, graph, settings, bundle, tmp_path)
        )
    )
    importing.start()
    try:
        wait_for(lambda: blocked_transactions(server) > 0, "the import waits for n2")
        assert graph.run("MATCH (e:Element {id: 'n1'}) RETURN e.id AS id", {}, write=False)
        server.stop()
        importing.join(timeout=600)
        assert not importing.is_alive()
    finally:
        for closing in (holding.close, session.close, other_writer.close):
            with contextlib.suppress(Exception):  # its server was stopped on purpose
                closing()
    assert outcome and outcome[0].startswith("partly written "), outcome
    import_id = outcome[0].removeprefix("partly written ")

    server.start()
    left = graph.run(
        "MATCH (e:Element) WHERE e.import_id = $id RETURN e.id AS id",
        {"id": import_id},
        write=False,
    )
    assert [row["id"] for row in left] == ["n1"]  # what the import wrote before the fault
    # the import stays recorded as pending, so that recovery can finish the undo later
    assert [p.id for p in pending_imports(graph)] == [import_id]
    undo_pending(graph, import_id, settings.import_batch_size)
    assert pending_imports(graph) == []
    assert everything(graph) == before
