"""The read cache on the real app and database: repeated reads come from memory, and any
commit (through the API or straight through the driver, as an analyst in Neo4j Browser
would) makes the next read compute afresh; several uvicorn workers stay correct."""

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

from app import PROJECT_ROOT
from app.api.http_caching import CLOCK_DEPENDENT_PREFIXES, entity_tag, request_tag
from app.api.read_cache import CachedAnswer, ReadCache, is_cached_path, normal_query
from app.core.config import Settings
from app.db.graph import Graph
from app.local_neo4j.process import free_port
from app.seeding import load_seed
from tests.api.api_keys import READER, keyed_client
from tests.db.test_change_token import other_session_write

BUDGET = "/api/v1/budget?by=Goal"
FUNDED_GOAL = (
    "CREATE (g:Element:Goal {id: 'probe-goal', type: 'Goal', name: 'Probe goal'})"
    "-[:HAS_PRIORITY]->(t:Element:ThematicPriority {id: 'probe-tp', type: 'ThematicPriority',"
    " name: 'Probe priority'})-[:HAS_OUTCOME]->(o:Element:Outcome {id: 'probe-oc',"
    " type: 'Outcome', name: 'Probe outcome'})-[:DELIVERED_BY]->(p:Element:Output"
    " {id: 'probe-out', type: 'Output', name: 'Probe output'})-[:FUNDED_BY]->"
    "(c:Element:CostObject {id: 'probe-co', type: 'CostObject', name: 'Probe order',"
    " amount: 1234.5, currency: 'CHF'})"
)


def test_a_repeated_read_is_answered_from_the_cache(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    first = client.get(BUDGET)
    assert first.status_code == 200
    assert first.headers["x-read-cache"] == "miss"
    again = client.get(BUDGET)
    assert again.headers["x-read-cache"] == "hit"
    assert again.content == first.content
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["cache-control"] == "no-cache"
    assert client.get(BUDGET, headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_performance_by_level_is_kept_and_its_tag_follows_the_day(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    """Statuses are read as of today: the tag (and so the cache key) carries the clock."""
    load_seed(graph, "demo", settings)
    path = "/api/v1/performance?by=Goal"
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["x-read-cache"] == "miss"
    again = client.get(path)
    assert (again.headers["x-read-cache"], again.content) == ("hit", first.content)
    scope = {"type": "http", "path": "/api/v1/performance", "query_string": b"by=Goal"}
    scope["headers"] = []
    # the current minute (and so the day) is mixed into the tag
    assert request_tag(scope, "t") != entity_tag("t", "/api/v1/performance", "by=Goal", "")
    assert "/api/v1/performance".startswith(CLOCK_DEPENDENT_PREFIXES)
    assert "/api/v1/indicators/IND-1".startswith(CLOCK_DEPENDENT_PREFIXES)


def test_suspect_links_are_kept_until_an_edit_in_neo4j_browser(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    """A page of suspect links reads every watched link: kept, and an edit made straight
    through the driver (as in Neo4j Browser) makes the next page show its links."""
    load_seed(graph, "itu", settings)
    path = "/api/v1/suspects?limit=5"
    first = client.get(path)
    assert (first.status_code, first.headers["x-read-cache"]) == (200, "miss")
    assert first.json()["total"] == 0
    again = client.get(path)
    assert (again.headers["x-read-cache"], again.content) == ("hit", first.content)
    other_session_write(
        settings, "MATCH (e:Element {id: 'itu-tp-2'}) SET e.description = 'Reworded in Browser'"
    )
    after = client.get(path)
    assert after.headers["x-read-cache"] == "miss"
    assert after.json()["total"] > 0
    assert {s["upstream"] for s in after.json()["items"]} == {"itu-tp-2"}


def test_a_write_straight_through_the_driver_changes_the_next_answer(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    before = client.get(BUDGET)
    assert client.get(BUDGET).headers["x-read-cache"] == "hit"
    other_session_write(settings, FUNDED_GOAL)
    after = client.get(BUDGET)
    assert after.headers["x-read-cache"] == "miss"
    assert after.headers["etag"] != before.headers["etag"]
    goals = {f["id"]: f["amount"] for f in after.json()["figures"]}
    assert goals["probe-goal"] == 1234.5
    assert "probe-goal" not in {f["id"] for f in before.json()["figures"]}
    assert after.json()["total_funded"] == before.json()["total_funded"] + 1234.5


def test_a_rolled_back_write_keeps_the_cached_answer(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    client.get("/api/v1/overview")
    other_session_write(settings, FUNDED_GOAL, commit=False)
    assert client.get("/api/v1/overview").headers["x-read-cache"] == "hit"


def test_a_write_through_the_api_changes_the_next_answer(settings: Settings, graph: Graph) -> None:
    load_seed(graph, "itu", settings)
    with keyed_client(settings) as keyed:
        before = keyed.get("/api/v1/overview", headers=READER).json()
        assert keyed.get("/api/v1/overview", headers=READER).headers["x-read-cache"] == "hit"
        editor = {"X-API-Key": "editor-secret-456"}
        created = keyed.post(
            "/api/v1/elements",
            json={"id": "probe-goal", "type": "Goal", "name": "A goal added by an editor"},
            headers=editor,
        )
        assert created.status_code == 201, created.text
        after = keyed.get("/api/v1/overview", headers=READER)
    assert after.headers["x-read-cache"] == "miss"
    assert after.json()["elements"] == before["elements"] + 1


def test_parameters_in_another_order_are_the_same_entry(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    first = client.get("/api/v1/matrix?rows=ThematicPriority&cols=Output&limit=5")
    second = client.get("/api/v1/matrix?limit=5&cols=Output&rows=ThematicPriority")
    assert second.headers["x-read-cache"] == "hit"
    assert second.content == first.content
    other = client.get("/api/v1/matrix?rows=ThematicPriority&cols=Output&limit=6")
    assert other.headers["x-read-cache"] == "miss"


def test_media_types_are_kept_apart(client: TestClient, graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    as_json = client.get(BUDGET)
    as_csv = client.get(BUDGET, headers={"Accept": "text/csv"})
    assert as_csv.headers["x-read-cache"] == "miss"
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert client.get(BUDGET).content == as_json.content


def test_no_cache_on_the_request_computes_afresh(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    client.get("/api/v1/gaps")
    fresh = client.get("/api/v1/gaps", headers={"Cache-Control": "no-cache"})
    assert fresh.headers["x-read-cache"] == "miss"
    again = client.get("/api/v1/gaps")
    assert again.headers["x-read-cache"] == "hit"
    # tagged from its own first read: the same tag as a request that asked for the token
    assert again.headers["etag"] == fresh.headers["etag"]


def test_an_answer_computed_afresh_is_kept_under_the_state_it_read(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    before = client.get(BUDGET, headers={"Cache-Control": "no-cache"})
    other_session_write(settings, FUNDED_GOAL)  # another process commits
    after = client.get(BUDGET, headers={"Cache-Control": "no-cache"})
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json() != before.json()
    served = client.get(BUDGET)
    assert (served.headers["x-read-cache"], served.content) == ("hit", after.content)
    assert client.get(BUDGET, headers={"If-None-Match": after.headers["etag"]}).status_code == 304


def test_errors_and_cheap_reads_are_not_kept(client: TestClient, graph: Graph) -> None:
    missing = client.get("/api/v1/elements/no-such-element/impact")
    assert missing.status_code == 404
    assert client.get("/api/v1/elements/no-such-element/impact").status_code == 404
    assert "x-read-cache" not in client.get("/api/v1/model").headers


def test_a_cached_answer_needs_the_same_key_as_the_route(settings: Settings, graph: Graph) -> None:
    load_seed(graph, "itu", settings)
    with keyed_client(settings, reads_require_key=True) as keyed:
        assert keyed.get("/api/v1/overview", headers=READER).status_code == 200
        assert keyed.get("/api/v1/overview").status_code == 401
        assert keyed.get("/api/v1/overview", headers={"X-API-Key": "wrong"}).status_code == 401
        hit = keyed.get("/api/v1/overview", headers=READER)
    assert hit.headers["x-read-cache"] == "hit"
    assert hit.headers["cache-control"] == "private, no-cache"


def test_the_cache_can_be_turned_off(settings: Settings, graph: Graph) -> None:
    with TestClient(_app(settings.model_copy(update={"read_cache_bytes": 0}))) as off:
        off.get("/api/v1/overview")
        assert "x-read-cache" not in off.get("/api/v1/overview").headers


def test_the_cache_is_bounded_by_bytes_least_recently_used_first_out() -> None:
    cache = ReadCache(max_bytes=10)
    cache.put("a", CachedAnswer(200, (), b"1234"))
    cache.put("b", CachedAnswer(200, (), b"5678"))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("c", CachedAnswer(200, (), b"901"))
    assert cache.get("b") is None
    assert len(cache) == 2
    cache.put("big", CachedAnswer(200, (), b"x" * 11))
    assert cache.get("big") is None
    assert cache.get("a") is not None and cache.get("c") is not None


def test_which_paths_are_kept_and_query_normal_form() -> None:
    kept = ["/api/v1/budget", "/api/v1/elements/TP%232/impact", "/api/v1/elements/x/trace"]
    kept += ["/api/v1/matrix", "/api/v1/gaps", "/api/v1/overview", "/api/v1/reports/linkage"]
    kept += ["/api/v1/performance", "/api/v1/suspects"]
    assert all(is_cached_path(p) for p in kept)
    not_kept = ["/api/v1/gaps/waivers", "/api/v1/elements/x", "/api/v1/elements", "/health"]
    not_kept += ["/api/v1/suspects/clear"]
    assert not any(is_cached_path(p) for p in not_kept)
    assert normal_query("limit=5&by=Goal") == normal_query("by=Goal&limit=5")
    assert normal_query("types=Goal&types=Output") == "types=Goal&types=Output"


def _app(settings: Settings):  # type: ignore[no-untyped-def]
    from app.api.main import create_app

    return create_app(settings)


# --- several workers ----------------------------------------------------------------------


@pytest.fixture
def two_workers(graph: Graph, settings: Settings) -> Iterator[str]:
    """`rbmtrace serve`'s way of running several workers: uvicorn with 2 processes, each
    building the app from the environment; stopped (the whole process group) afterwards."""
    port = free_port()
    assert settings.neo4j_uri
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_auth[0],
        "NEO4J_PASSWORD": settings.neo4j_auth[1],
        "NEO4J_DATABASE": settings.neo4j_database,
        "RBMTRACE_API_KEYS": "",
        "RBMTRACE_READS_REQUIRE_KEY": "false",
    }
    argv = [sys.executable, "-m", "uvicorn", "app.api.main:create_app", "--factory"]
    argv += ["--workers", "2", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(
        argv,
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, f"uvicorn exited with {process.returncode}"
            try:
                if httpx.get(base + "/ready", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "two workers did not get ready in 90 s"
            time.sleep(0.3)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_two_workers_each_see_a_write_made_straight_through_the_driver(
    two_workers: str, settings: Settings, graph: Graph
) -> None:
    def elements() -> set[int]:
        # a new connection per request, so both workers answer some of them
        counts = set()
        for _ in range(12):
            answer = httpx.get(two_workers + "/api/v1/overview", timeout=30)
            assert answer.status_code == 200
            counts.add(answer.json()["elements"])
        return counts

    assert elements() == {0}
    other_session_write(settings, FUNDED_GOAL)
    assert elements() == {5}
