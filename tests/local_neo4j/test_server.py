"""The managed local server itself.

These tests use a managed local Neo4j of the tests' own (`limited_neo4j` in
tests/conftest.py: own directory, free ports, small limits), whatever server the rest of
the session uses. How the service rides out an outage is in tests/api/test_outage.py.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from app.core.errors import LocalServerError, TooLargeForDatabase
from app.db.graph import Graph, create_driver
from app.local_neo4j.server import LocalNeo4j
from tests.conftest import LIMITED_PASSWORD, base_settings

PASSWORD = LIMITED_PASSWORD


@pytest.fixture
def server(limited_neo4j: LocalNeo4j) -> LocalNeo4j:
    """The session's managed Neo4j with small limits (tests/conftest.py), running."""
    if not limited_neo4j.is_running():
        limited_neo4j.start()
    return limited_neo4j


def test_start_is_idempotent_and_status_tells_where_things_are(server: LocalNeo4j) -> None:
    assert server.start() is False  # already running: the caller must not stop it
    status = server.status()
    assert status["running"] is True
    assert status["pid"] == server.pid()
    assert status["version"] == "5.26.30"
    assert Path(str(status["log_dir"])).joinpath("neo4j.log").exists()


def test_browser_is_served(server: LocalNeo4j) -> None:
    with urllib.request.urlopen(server.browser_url, timeout=10) as response:  # noqa: S310
        assert response.status == 200
        assert b"Neo4j Browser" in response.read()


def test_browser_is_offered_this_server_and_reaches_nothing_outside(server: LocalNeo4j) -> None:
    # Browser's discovery answer: the Bolt URLs its login form offers follow the ports
    discovery_url = f"http://127.0.0.1:{server.http_port}/"
    with urllib.request.urlopen(discovery_url, timeout=10) as answer:
        discovery = json.load(answer)
    assert discovery["bolt_direct"] == f"bolt://127.0.0.1:{server.bolt_port}"
    assert discovery["bolt_routing"] == f"neo4j://127.0.0.1:{server.bolt_port}"
    # what Browser reads after connecting: no telemetry, our guide and style, our host only
    settings = base_settings(neo4j_uri=server.bolt_uri, neo4j_password=PASSWORD)
    driver = create_driver(server.bolt_uri, settings.neo4j_auth, settings)
    try:
        rows = Graph(driver, "neo4j").run(
            "CALL dbms.clientConfig() YIELD name, value RETURN name, value", {}, write=False
        )
    finally:
        driver.close()
    client_config = {row["name"]: row["value"] for row in rows}
    assert client_config["client.allow_telemetry"] == "false"
    assert client_config["browser.remote_content_hostname_whitelist"] == "127.0.0.1"
    assert client_config["browser.post_connect_cmd"] == (
        f"style {server.api_url}/browser-guide/rbmtrace.grass;"
        f"guide {server.api_url}/browser-guide/rbmtrace.html"
    )
    assert "browser.allow_outgoing_connections" not in client_config  # Community: not honoured
    # so Browser's page may connect only to this machine (Bolt, guides, the API)
    with urllib.request.urlopen(server.browser_url, timeout=10) as answer:  # noqa: S310
        policy = answer.headers["Content-Security-Policy"]
    connect = next(d for d in policy.split(";") if d.strip().startswith("connect-src"))
    sources = connect.split()[1:]
    local = ("'self'", "ws://127.0.0.1:", "http://127.0.0.1:")
    assert sources and all(source.startswith(local) for source in sources), sources
    script = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script.split()[1:] == ["'self'"]
    assert "dbms.usage_report.enabled=false" in (server.conf_dir / "neo4j.conf").read_text()


def test_stop_leaves_a_server_that_is_not_the_given_process(server: LocalNeo4j) -> None:
    running = server.pid()
    assert running is not None
    assert server.stop(pid=running + 1_000_000) is False  # e.g. a server started since
    assert server.pid() == running


def test_binds_to_loopback_only(server: LocalNeo4j) -> None:
    out = subprocess.run(["ss", "-ltnp"], capture_output=True, text=True, check=False).stdout
    mine = [line for line in out.splitlines() if f"pid={server.pid()}," in line]
    assert mine, out
    # "127.0.0.1:7687" or the IPv4-mapped "[::ffff:127.0.0.1]:7687", never "*:" or "0.0.0.0:"
    assert all(re.search(r"\s(\[::ffff:)?127\.0\.0\.1\]?:\d+\s", line) for line in mine), mine


def test_cli_status_reports_the_instance(server: LocalNeo4j) -> None:
    env = {
        **os.environ,
        "RBMTRACE_LOCAL_INSTANCE_DIR": str(server.instance_dir),
        "RBMTRACE_LOCAL_BOLT_PORT": str(server.bolt_port),
        "RBMTRACE_LOCAL_HTTP_PORT": str(server.http_port),
        "RBMTRACE_CACHE_DIR": str(server.cache_dir),
    }
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "neo4j", "status", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["running"] is True
    assert status["bolt_uri"] == server.bolt_uri
    assert status["log_dir"] == str(server.log_dir)


def test_a_busy_port_gives_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        srv = LocalNeo4j(instance_dir=tmp_path, cache_dir=tmp_path, bolt_port=port)
        with pytest.raises(LocalServerError, match=f"Port {port} .* already in use"):
            srv.start()
    assert not srv.is_running()


def test_running_out_of_transaction_memory_is_a_clear_error(server: LocalNeo4j) -> None:
    settings = base_settings(neo4j_uri=server.bolt_uri, neo4j_password=PASSWORD)
    driver = create_driver(server.bolt_uri, settings.neo4j_auth, settings)
    try:
        graph = Graph(driver, "neo4j")
        with pytest.raises(TooLargeForDatabase) as caught:
            graph.run(
                "UNWIND range(1, 2000000) AS x WITH collect(toString(x)) AS xs "
                "RETURN size(xs) AS n",
                {},
                write=False,
            )
        assert "transaction memory" in caught.value.detail
        assert "RBMTRACE_LOCAL_HEAP" in caught.value.extra["hint"]
    finally:
        driver.close()
