"""A Neo4j of its own (managed, free ports), stopped and started under a running service:

- `rbmtrace serve` started while Neo4j is down waits and retries, then applies the schema,
  loads the seed and serves (what a container needs when Bolt comes up late);
- while Neo4j is down, each request is answered 503 with Retry-After, and once the outage
  is known without going through the driver's connection timeout and retry window;
- the service recovers by itself when Neo4j is back.

Timings are measured and reported (RELIABILITY.md), never asserted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.local_neo4j.server import LocalNeo4j, free_port
from tests.conftest import base_settings, managed_neo4j
from tests.hostile.conftest import Figures

PASSWORD = "outage-hardening-pw"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    # not started: the first test starts it late, under a waiting `serve`
    with managed_neo4j(tmp_path_factory.mktemp("outage-neo4j"), PASSWORD, start=False) as srv:
        yield srv


def _timed(client: TestClient, path: str) -> tuple[httpx.Response, float]:
    started = time.perf_counter()
    answer = client.get(path)
    return answer, time.perf_counter() - started


def test_serve_waits_for_a_late_neo4j_then_serves(server: LocalNeo4j, figures: Figures) -> None:
    assert not server.is_running()
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": server.bolt_uri,
        "NEO4J_PASSWORD": PASSWORD,
        "RBMTRACE_PORT": str(port),
        "RBMTRACE_HOST": "127.0.0.1",
        "RBMTRACE_NEO4J_WAIT_SECONDS": "600",
    }
    service = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert service.stdout is not None
        seen: list[str] = []
        for line in service.stdout:
            seen.append(line)
            if "not reachable yet" in line:
                break
        assert service.poll() is None, "".join(seen)
        started = time.perf_counter()
        server.start()
        ready = None
        for _ in range(600):
            try:
                ready = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=5)
                if ready.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert service.poll() is None, "serve exited"
            time.sleep(0.5)
        assert ready is not None and ready.status_code == 200, ready.text if ready else "none"
        figures.add(
            "late_neo4j_serve_ready_after_start_seconds", round(time.perf_counter() - started, 1)
        )
        seeded = httpx.get(f"http://127.0.0.1:{port}/api/v1/elements", timeout=10).json()
        assert seeded["items"], "the seed was loaded once Neo4j answered"
        assert "server" not in ready.headers
    finally:
        service.send_signal(signal.SIGINT)
        try:
            service.wait(timeout=60)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()


def test_each_503_comes_back_without_the_drivers_retry_window(
    server: LocalNeo4j, figures: Figures
) -> None:
    server.start()
    settings = base_settings(
        neo4j_uri=server.bolt_uri,
        neo4j_password=PASSWORD,
        retry_after_seconds=7,
        # long driver timeouts: a request that went through the driver would be slow
        neo4j_max_retry_time=15.0,
        neo4j_connection_timeout=15.0,
    )
    with TestClient(create_app(settings)) as client:
        assert client.get("/ready").status_code == 200
        assert client.get("/api/v1/elements").status_code == 200
        outage = client.app.state.graph.outage  # type: ignore[attr-defined]
        server.stop()
        timings: dict[str, list[float]] = {"/ready": [], "/api/v1/elements": []}
        first, seconds = _timed(client, "/api/v1/elements")
        assert first.status_code == 503
        figures.add("outage_first_request_seconds", round(seconds, 3))
        assert outage.down_since is not None, "the first failure opens the breaker"
        for _ in range(5):
            for path in timings:
                answer, seconds = _timed(client, path)
                timings[path].append(seconds)
                assert answer.status_code == 503, answer.text
                assert answer.headers["retry-after"] == "7"
                problem = answer.json()
                assert problem["title"] == "Database unavailable"
                # answered by the breaker, from its own knowledge, not by the driver
                assert "down_for_seconds" in problem, problem
        figures.add(
            "outage_503_seconds_max",
            {path: round(max(values), 3) for path, values in timings.items()},
        )
        figures.count("faults_injected", 1)
        server.start()
        back = None
        for _ in range(60):
            back = client.get("/ready")
            if back.status_code == 200:
                break
            time.sleep(0.5)
        assert back is not None and back.status_code == 200, back.text if back else ""
        assert outage.down_since is None, "a success closes the breaker"
        assert client.get("/api/v1/elements").status_code == 200
