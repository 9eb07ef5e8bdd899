"""`rbmtrace serve` as a real process: what it prints, Neo4j Browser against the local server
it starts (guide, style, a drawn graph), and stopping exactly what it started.

Each run has its own instance directory and free ports; every process started here is
stopped here (the serve process by the test, a Neo4j left behind by `LocalNeo4j.stop`).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
from neo4j import GraphDatabase
from playwright.sync_api import Browser, expect

from app import metamodel
from app.db import cypher
from app.local_neo4j.process import ENTRY_POINT, alive
from app.local_neo4j.server import LocalNeo4j, free_port
from app.traversal.browser_script import ITU_SEED_PARAMS
from app.traversal.browser_style import type_colours
from tests.conftest import shell_cache_dir

PASSWORD = "serve-test-pw"
CACHE_DIR = shell_cache_dir()  # the shell's RBMTRACE_CACHE_DIR, read before it was cleared
READY_WITHIN = 400.0  # seconds: Neo4j start and the seed, on a busy machine


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    server: LocalNeo4j
    api_url: str
    log: Path
    env: dict[str, str]

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self, sig: signal.Signals) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=180)


def start_serve(workdir: Path) -> Served:
    """`rbmtrace serve` on free ports with its own local Neo4j; returns once /ready is 200."""
    api_port, bolt_port, http_port = free_port(), free_port(), free_port()
    instance = workdir / "instance"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "RBMTRACE_"))}
    env.update(
        {
            "NEO4J_PASSWORD": PASSWORD,
            "RBMTRACE_PORT": str(api_port),
            "RBMTRACE_LOCAL_BOLT_PORT": str(bolt_port),
            "RBMTRACE_LOCAL_HTTP_PORT": str(http_port),
            "RBMTRACE_LOCAL_INSTANCE_DIR": str(instance),
            "RBMTRACE_CACHE_DIR": str(CACHE_DIR),
            "RBMTRACE_LOCAL_HEAP": "1g",
            "RBMTRACE_LOCAL_PAGECACHE": "256m",
        }
    )
    log = workdir / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve"],
            cwd=workdir,  # no developer .env
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    served = Served(
        process=process,
        server=LocalNeo4j(
            instance_dir=instance,
            cache_dir=CACHE_DIR,
            bolt_port=bolt_port,
            http_port=http_port,
            password=PASSWORD,
            heap="1g",
            pagecache="256m",
            api_url=f"http://127.0.0.1:{api_port}",
        ),
        api_url=f"http://127.0.0.1:{api_port}",
        log=log,
        env=env,
    )
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stop_everything(served)
            pytest.fail(f"rbmtrace serve exited with {process.returncode}:\n{served.output()}")
        try:
            with urllib.request.urlopen(f"{served.api_url}/ready", timeout=5) as answer:  # noqa: S310
                if answer.status == 200:
                    return served
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    stop_everything(served)
    pytest.fail(f"rbmtrace serve was not ready within {READY_WITHIN:.0f}s:\n{served.output()}")


def stop_everything(served: Served) -> None:
    """Whatever a test left running: the serve process, and a Neo4j of its instance."""
    if served.process.poll() is None:
        served.process.kill()
        served.process.wait(timeout=60)
    served.server.stop()


def neo4j_processes_of(instance: Path) -> list[int]:
    """Pids of live Neo4j servers whose command line names this instance directory."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if ENTRY_POINT in cmdline and str(instance) in cmdline and alive(int(proc.name)):
            found.append(int(proc.name))
    return found


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    run = start_serve(tmp_path_factory.mktemp("serve"))
    try:
        yield run
    finally:
        stop_everything(run)


def test_serve_prints_where_browser_is_and_how_to_log_in(served: Served) -> None:
    server = served.server
    out = served.output()
    assert (
        f"Neo4j Browser: http://127.0.0.1:{server.http_port}/browser/"
        f"?dbms=neo4j://neo4j@127.0.0.1:{server.bolt_port}"
    ) in out
    assert f"user neo4j, password {PASSWORD}" in out
    assert f"bolt://127.0.0.1:{server.bolt_port}" in out


def test_browser_opens_the_guide_and_draws_its_first_query(
    served: Served, chromium: Browser, tmp_path: Path
) -> None:
    server = served.server
    left_the_machine: list[str] = []
    page = chromium.new_page(viewport={"width": 1400, "height": 900})

    def note_outside(request: object) -> None:
        url = getattr(request, "url", "")
        if urlparse(url).scheme in ("http", "https", "ws", "wss") and (
            urlparse(url).hostname != "127.0.0.1"
        ):
            left_the_machine.append(url)

    page.on("requestfinished", note_outside)
    try:
        page.goto(f"{server.browser_connect_url}")
        page.wait_for_selector("[data-testid=password]", timeout=60_000)
        assert page.input_value("[data-testid=boltaddress]").endswith(
            f"127.0.0.1:{server.bolt_port}"
        )
        assert page.input_value("[data-testid=username]") == "neo4j"
        page.fill("[data-testid=password]", PASSWORD)
        page.click("[data-testid=connect]")
        # after connecting, the server's post-connect command opens the RBM Trace guide
        page.wait_for_selector("text=RBM Trace in Neo4j Browser", timeout=60_000)
        page.click("[data-testid=guideNextSlide]")
        blocks = page.locator("pre.runnable")
        first_params, first_query = blocks.nth(0), blocks.nth(1)
        assert first_params.inner_text().strip().startswith(":param id => 'itu-tp-2'")
        assert "MATCH p = (:ThematicPriority" in first_query.inner_text()
        first_params.locator("i").first.click()
        set_params = page.locator('[data-testid=multi-statement-list] [title="Status: success"]')
        expect(set_params).to_have_count(2, timeout=30_000)  # :param id, :param limit
        first_query.locator("i").first.click()
        page.wait_for_selector("svg.neod3viz g.node", timeout=60_000)
        time.sleep(1)  # let the layout settle for the screenshot
        page.screenshot(path=str(tmp_path / "browser-graph.png"))
        drawn_nodes = page.locator("svg.neod3viz g.node").count()
        drawn_links = page.locator("svg.neod3viz g.relationship").count()
        fills = set(
            page.eval_on_selector_all(
                "svg.neod3viz g.node circle.b-outline", "cs => cs.map(c => c.getAttribute('fill'))"
            )
        )
    finally:
        page.close()

    # what Browser drew is what the query returns: every node and link of its paths
    with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", PASSWORD)) as driver:
        records, _, _ = driver.execute_query(
            cypher.query("queries/outputs_serving_priority_paths"),
            ITU_SEED_PARAMS["outputs_serving_priority_paths"],
        )
    nodes = {
        n.element_id for r in records for path in (r["p"], r["funding"]) if path for n in path.nodes
    }
    links = {
        rel.element_id
        for r in records
        for path in (r["p"], r["funding"])
        if path
        for rel in path.relationships
    }
    assert (drawn_nodes, drawn_links) == (len(nodes), len(links)) and drawn_nodes > 0
    # the RBM Trace style is applied: a thematic priority has its type's colour
    tp_colour = type_colours(metamodel.ELEMENT_TYPE_NAMES.index("ThematicPriority"))[0]
    assert tp_colour.lower() in {f.lower() for f in fills if f}
    assert left_the_machine == []


def test_sigterm_stops_the_service_and_the_neo4j_it_started(served: Served) -> None:
    neo4j_pid = served.server.pid()
    assert neo4j_pid is not None
    assert served.stop(signal.SIGTERM) == 128 + signal.SIGTERM
    assert not alive(neo4j_pid)
    assert neo4j_processes_of(served.server.instance_dir) == []
    assert "Stopping the local Neo4j this run started" in served.output()
    assert "Traceback" not in served.output()


def test_a_neo4j_started_by_hand_after_a_crash_is_left_running(tmp_path: Path) -> None:
    run = start_serve(tmp_path)
    try:
        crashed = run.server.pid()
        assert crashed is not None
        os.kill(crashed, signal.SIGKILL)  # the server this run started dies
        deadline = time.monotonic() + 60
        while alive(crashed) and time.monotonic() < deadline:
            time.sleep(0.2)
        # the operator starts it again by hand, as the README says
        by_hand = subprocess.run(
            [sys.executable, "-m", "app.cli", "neo4j", "start"],
            cwd=tmp_path,
            env=run.env,
            capture_output=True,
            text=True,
            timeout=READY_WITHIN,
            check=False,
        )
        assert by_hand.returncode == 0, by_hand.stderr
        restarted = run.server.pid()
        assert restarted is not None and restarted != crashed

        assert run.stop(signal.SIGTERM) == 128 + signal.SIGTERM
        assert run.server.pid() == restarted  # not this run's to stop
        assert neo4j_processes_of(run.server.instance_dir) == [restarted]
    finally:
        stop_everything(run)
    assert neo4j_processes_of(run.server.instance_dir) == []
