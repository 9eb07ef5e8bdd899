"""Interrupted staged imports leave nothing behind: real `rbmtrace import` processes are
stopped part way (kill -9, SIGTERM, Ctrl-C), then the graph is recovered and its export is
byte-identical to the one before. A pending import whose pid another process has taken
since is abandoned all the same (the process's start time tells them apart)."""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.bundles import pending_imports as pending_module
from app.bundles.exporter import export_graph
from app.bundles.importer import import_bundle
from app.bundles.pending_imports import (
    PendingImport,
    pending_imports,
    process_started,
    record_pending,
    recover_abandoned,
)
from app.core.config import Settings
from app.db.graph import Graph
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options

#: New outputs in the interrupted import: with batches of 5, hundreds of transactions.
NEW_OUTPUTS = 400


def big_change() -> dict[str, Any]:
    """Updates to the stored plan, and many new elements and links."""
    bundle = copy.deepcopy(SMALL_BUNDLE)
    bundle["elements"][1]["name"] = "Goal one (revised)"
    bundle["links"][3]["share"] = 0.75
    for i in range(NEW_OUTPUTS):
        bundle["elements"].append({"id": f"new{i}", "type": "Output", "name": f"Output {i}"})
        bundle["links"].append({"from": "oc1", "type": "DELIVERED_BY", "to": f"new{i}"})
    return bundle


def link_total(graph: Graph) -> int:
    rows = graph.run("MATCH (:Element)-[r]->(:Element) RETURN count(r) AS n", {}, write=False)
    return int(rows[0]["n"])


def cli_env(settings: Settings) -> dict[str, str]:
    assert settings.neo4j_uri
    return {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "RBMTRACE_IMPORT_TRANSACTION_ITEMS": "0",  # staged
        "RBMTRACE_IMPORT_BATCH_SIZE": "5",
        "COLUMNS": "200",
    }


@pytest.fixture
def stored_plan(graph: Graph) -> bytes:
    """The plan stored before the interrupted import, as its JSON export."""
    import_bundle(graph, SMALL_BUNDLE, options())
    return export_graph(graph, "json")


@pytest.fixture
def importing(
    graph: Graph, settings: Settings, tmp_path: Path, stored_plan: bytes
) -> Iterator[subprocess.Popen[str]]:
    """`rbmtrace import` of the big change, caught while it writes its links (so after its
    element updates): the process, still running. Stopped and reaped whatever happens."""
    bundle = tmp_path / "change.json"
    bundle.write_text(json.dumps(big_change()))
    links_before = link_total(graph)
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "import", str(bundle)],
        cwd=tmp_path,
        env=cli_env(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while link_total(graph) < links_before + 20:
            assert process.poll() is None, "the import ended before it could be stopped"
            time.sleep(0.02)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=120)


def rbmtrace(settings: Settings, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=cwd,
        env=cli_env(settings),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def killed(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)


def test_kill_9_part_way_then_recover_gives_back_the_graph_before(
    graph: Graph, settings: Settings, tmp_path: Path, stored_plan: bytes, importing: Any
) -> None:
    killed(importing)
    assert export_graph(graph, "json") != stored_plan  # rows left behind ...
    [pending] = pending_imports(graph)  # ... by an import recorded as pending
    assert pending.abandoned() and pending.who == "cli"

    recovered = rbmtrace(settings, tmp_path, "import", "--recover")
    assert recovered.returncode == 0, recovered.stderr
    assert f"Undone: the interrupted import {pending.id}" in recovered.stdout
    assert export_graph(graph, "json") == stored_plan
    assert pending_imports(graph) == []
    again = rbmtrace(settings, tmp_path, "import", "--recover")
    assert "No interrupted import to undo." in again.stdout


def test_the_next_import_undoes_an_interrupted_one_first(
    graph: Graph, stored_plan: bytes, importing: Any
) -> None:
    killed(importing)
    report = import_bundle(graph, SMALL_BUNDLE, options())
    assert not report.changed  # compared with the plan as it was before
    assert export_graph(graph, "json") == stored_plan
    assert pending_imports(graph) == []


def test_the_service_undoes_an_interrupted_import_when_it_starts(
    graph: Graph, settings: Settings, stored_plan: bytes, importing: Any
) -> None:
    killed(importing)
    with TestClient(create_app(settings)) as api:
        assert api.get("/ready").status_code == 200
    assert export_graph(graph, "json") == stored_plan


def test_ready_answers_503_while_an_interrupted_import_is_not_undone(
    graph: Graph, settings: Settings, stored_plan: bytes, importing: Any
) -> None:
    killed(importing)
    [pending] = pending_imports(graph)
    # a restore that cannot run: the kept rows name a query that does not exist
    graph.run(
        "MATCH (b:PendingImportRows {import_id: $id}) SET b.query = 'bundles/no_such_query'",
        {"id": pending.id},
        write=True,
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as api:
        answer = api.get("/ready")
    assert answer.status_code == 503
    problem = answer.json()
    assert problem["type"] == "urn:rbmtrace:problem:unfinished-import"
    assert pending.id in problem["detail"]
    assert problem["hint"] == (
        "Undoing it failed (the service's log says why). `rbmtrace import --recover` undoes "
        "it once the process that ran the import has ended; a running service undoes it by "
        "itself, at its start and on `GET /ready`. Then retry."
    )


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_sigterm_and_ctrl_c_undo_the_import_without_a_traceback(
    graph: Graph, stored_plan: bytes, importing: Any, stop: signal.Signals
) -> None:
    importing.send_signal(stop)
    _, stderr = importing.communicate(timeout=120)
    assert importing.returncode == 130, stderr
    assert "Interrupted." in stderr and "what the import had written is undone" in stderr
    assert "Traceback" not in stderr
    assert export_graph(graph, "json") == stored_plan
    assert pending_imports(graph) == []


# --- a pid taken by another process ------------------------------------------------------
@pytest.fixture
def live_process() -> Iterator[subprocess.Popen[bytes]]:
    """A process of this host that runs until the test ends."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        yield process
    finally:
        process.kill()
        process.wait(timeout=60)


def pending_of(graph: Graph, pid: int, pid_started: int | None) -> PendingImport:
    """An import recorded as pending by this host, with `pid` and its start time set as
    given (None: not recorded, as by versions before start times were kept)."""
    record_pending(graph, "import-x", "cli", "import", ["plan.json"])
    graph.run(
        "MATCH (p:PendingImport {id: 'import-x'}) SET p.pid = $pid, p.pid_started = $started",
        {"pid": pid, "started": pid_started},
        write=True,
    )
    [pending] = pending_imports(graph)
    assert (pending.pid, pending.pid_started) == (pid, pid_started)
    return pending


def test_an_import_is_recorded_with_its_process_start_time(graph: Graph) -> None:
    record_pending(graph, "import-x", "cli", "import", ["plan.json"])
    [pending] = pending_imports(graph)
    started = process_started(os.getpid())
    assert isinstance(started, int) and started > 0
    assert (pending.pid, pending.pid_started) == (os.getpid(), started)


def test_a_live_process_with_the_start_time_recorded_is_the_importer(
    graph: Graph, live_process: subprocess.Popen[bytes]
) -> None:
    started = process_started(live_process.pid)
    assert started is not None
    pending = pending_of(graph, live_process.pid, started)
    assert not pending.abandoned()
    assert recover_abandoned(graph, 5) == []
    assert pending_imports(graph) == [pending]


def test_a_live_process_that_started_at_another_time_took_a_dead_importers_pid(
    graph: Graph, live_process: subprocess.Popen[bytes]
) -> None:
    started = process_started(live_process.pid)
    assert started is not None
    pending = pending_of(graph, live_process.pid, started - 1)
    assert pending.abandoned()
    assert recover_abandoned(graph, 5) == [pending]
    assert pending_imports(graph) == []


def test_without_a_start_time_the_pid_alone_decides(
    graph: Graph, live_process: subprocess.Popen[bytes]
) -> None:
    assert not pending_of(graph, live_process.pid, None).abandoned()  # recorded by before
    live_process.kill()
    live_process.wait(timeout=60)
    graph.write("admin/clear_graph")
    assert pending_of(graph, live_process.pid, None).abandoned()  # its process is gone


def test_without_proc_the_pid_alone_decides(
    graph: Graph,
    live_process: subprocess.Popen[bytes],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = process_started(live_process.pid)
    assert started is not None
    monkeypatch.setattr(pending_module, "PROC", tmp_path / "no-proc")
    assert process_started(live_process.pid) is None
    assert not pending_of(graph, live_process.pid, started - 1).abandoned()
    graph.write("admin/clear_graph")
    record_pending(graph, "import-y", "cli", "import", ["plan.json"])
    [pending] = pending_imports(graph)
    assert (pending.pid, pending.pid_started) == (os.getpid(), None)
