"""A CLI command that meets a Neo4j write conflict (another transaction holds the element's
lock, or stores the same key first) says what failed and what to do, without a traceback,
and exits with a non-zero code.

The conflict is real: a raw-driver transaction holds the lock while the CLI, as a
subprocess, writes the same element; the private Neo4j (`limited_neo4j`) gives up waiting for
a lock after a short `db.lock.acquisition.timeout`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from neo4j import Driver, GraphDatabase

from app.db.graph import Graph
from app.db.schema import apply_schema
from app.local_neo4j.server import LocalNeo4j
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.conftest import LIMITED_PASSWORD


@pytest.fixture
def private_driver(limited_neo4j: LocalNeo4j) -> Iterator[Driver]:
    """A raw driver on the Neo4j with a short lock wait, emptied."""
    if not limited_neo4j.is_running():
        limited_neo4j.start()
    with GraphDatabase.driver(limited_neo4j.bolt_uri, auth=("neo4j", LIMITED_PASSWORD)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        apply_schema(Graph(driver, "neo4j"))
        yield driver


def rbmtrace(server: LocalNeo4j, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "NEO4J_URI": server.bolt_uri,
        "NEO4J_PASSWORD": LIMITED_PASSWORD,
        "RBMTRACE_NEO4J_MAX_RETRY_TIME": "1",
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_while_another_transaction_holds_the_element(
    limited_neo4j: LocalNeo4j, private_driver: Driver, tmp_path: Path
) -> None:
    bundle = tmp_path / "plan.yaml"
    bundle.write_text(yaml.safe_dump(SMALL_BUNDLE))
    first = rbmtrace(limited_neo4j, tmp_path, "import", str(bundle))
    assert first.returncode == 0, first.stderr
    renamed = {**SMALL_BUNDLE, "elements": [dict(e) for e in SMALL_BUNDLE["elements"]]}
    renamed["elements"][1]["name"] = "Goal one, renamed"
    bundle.write_text(yaml.safe_dump(renamed))
    with private_driver.session() as session, session.begin_transaction() as holder:
        holder.run("MATCH (e:Element {id: 'g1'}) SET e.held = true").consume()
        answer = rbmtrace(limited_neo4j, tmp_path, "import", str(bundle))
        holder.rollback()

    assert answer.returncode == 4, answer.stderr
    assert "Traceback" not in answer.stderr
    message = " ".join(answer.stderr.split())
    assert message.startswith("Write conflict: The write met another transaction")
    assert "LockAcquisitionTimeout" in message
    assert "nothing of it was written" in message
    assert "hint: Run the same command (or send the same request) again" in message
    assert "not reachable" not in message
    assert "will be retried" not in message  # the driver's retries are not narrated
    # nothing of the refused import was written; once the lock is gone it goes through
    names = private_driver.execute_query("MATCH (e:Element {id: 'g1'}) RETURN e.name AS name")
    assert [r["name"] for r in names.records] == ["Goal one"]
    again = rbmtrace(limited_neo4j, tmp_path, "import", str(bundle))
    assert again.returncode == 0, again.stderr
    names = private_driver.execute_query("MATCH (e:Element {id: 'g1'}) RETURN e.name AS name")
    assert [r["name"] for r in names.records] == ["Goal one, renamed"]
