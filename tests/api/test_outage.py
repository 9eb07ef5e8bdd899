"""The service and a Neo4j outage: data routes answer 503 with Retry-After while Neo4j is
down and 200 again once it is back, and the service starts while Neo4j is down.

These tests use the private managed Neo4j of tests/conftest.py (`own_neo4j`), whatever
server the rest of the session uses, because they stop and start it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from app.api.main import create_app
from app.core.config import Settings
from app.local_neo4j.server import LocalNeo4j
from tests.api.api_keys import API_KEYS, EDITOR
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.conftest import PRIVATE_PASSWORD, base_settings

RETRY_AFTER = 11


@pytest.fixture
def server(emptied_private_neo4j: LocalNeo4j) -> LocalNeo4j:
    return emptied_private_neo4j


@pytest.fixture
def settings_of(own_neo4j: LocalNeo4j) -> Settings:
    """The service's settings: the private Neo4j as a configured server."""
    return base_settings(
        neo4j_uri=own_neo4j.bolt_uri,
        neo4j_password=PRIVATE_PASSWORD,
        retry_after_seconds=RETRY_AFTER,
        api_keys=API_KEYS,
        neo4j_watch_interval=0.2,
        # long driver timeouts: a request that went to the driver would wait for them
        neo4j_max_retry_time=30.0,
        neo4j_connection_timeout=30.0,
    )


def assert_unavailable(answer: Response) -> None:
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == str(RETRY_AFTER)
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert (problem["status"], problem["title"]) == (503, "Database unavailable")
    assert "Traceback" not in answer.text


def test_a_data_route_answers_503_while_neo4j_is_down_and_200_after(
    server: LocalNeo4j, settings_of: Settings
) -> None:
    with TestClient(create_app(settings_of)) as api:
        imported = api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR)
        assert imported.status_code == 200, imported.text
        before = api.get("/api/v1/elements/g1")
        assert before.status_code == 200 and before.json()["element"]["name"] == "Goal one"
        outputs = api.get("/api/v1/priorities/TP%232/outputs")
        assert outputs.status_code == 200

        server.stop()
        assert_unavailable(api.get("/api/v1/elements/g1"))
        assert_unavailable(api.get("/api/v1/priorities/TP%232/outputs"))
        assert_unavailable(
            api.post(
                "/api/v1/elements",
                json={"id": "g9", "type": "Goal", "name": "Goal nine"},
                headers=EDITOR,
            )
        )
        assert api.get("/health").status_code == 200

        server.start()
        after = api.get("/api/v1/elements/g1")
        assert after.status_code == 200, after.text
        assert after.json() == before.json()
        assert api.get("/api/v1/priorities/TP%232/outputs").json() == outputs.json()
        assert api.get("/api/v1/elements/g9").status_code == 404  # the refused write left none


def test_the_service_starts_while_neo4j_is_down(server: LocalNeo4j, settings_of: Settings) -> None:
    server.stop()
    with TestClient(create_app(settings_of)) as api:  # the lifespan does not fail
        assert api.get("/health").status_code == 200
        assert_unavailable(api.get("/ready"))
        assert_unavailable(api.get("/api/v1/elements/g1"))

        server.start()
        element = {"id": "g9", "type": "Goal", "name": "Goal nine"}
        created = api.post("/api/v1/elements", json=element, headers=EDITOR)
        assert created.status_code == 201, created.text
        assert api.get("/api/v1/elements/g9").json()["element"]["name"] == "Goal nine"
        ready = api.get("/ready")
        assert ready.status_code == 200, ready.text
        assert ready.json()["schema_applied"] is True
        # the schema applied once Neo4j was back: a second element with that id is refused
        again = api.post("/api/v1/elements", json=element, headers=EDITOR)
        assert again.status_code == 409, again.text


def test_ready_answers_503_while_neo4j_is_down_and_200_after(
    server: LocalNeo4j, settings_of: Settings
) -> None:
    with TestClient(create_app(settings_of)) as api:
        assert api.get("/ready").status_code == 200

        server.stop()
        assert_unavailable(api.get("/ready"))
        assert api.get("/health").status_code == 200

        server.start()
        up = api.get("/ready")
        assert up.status_code == 200, up.text
        assert up.json()["neo4j"]["version"].startswith("5.26")


def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Return once `condition` holds; fail (saying `what` never happened) after a minute."""
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within a minute", pytrace=False)
        time.sleep(0.05)


def test_the_first_request_after_neo4j_dies_is_answered_by_the_breaker(
    server: LocalNeo4j, settings_of: Settings
) -> None:
    with TestClient(create_app(settings_of)) as api:
        assert api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR).status_code == 200
        before = api.get("/api/v1/elements/g1")
        assert before.status_code == 200
        outage = api.app.state.graph.outage  # type: ignore[attr-defined]
        assert outage.down_since is None

        server.stop()
        # no request is made meanwhile: the service's own watcher finds the port closed
        wait_for(lambda: outage.down_since is not None, "the watcher noticing the outage")
        for path in ("/api/v1/elements/g1", "/api/v1/priorities/TP%232/outputs", "/ready"):
            answer = api.get(path)
            assert_unavailable(answer)
            # answered from the breaker's knowledge ("down for N s"), not after the driver's
            # 30 s connection timeout and retry window
            assert "down_for_seconds" in answer.json(), answer.json()
        assert_unavailable(
            api.patch("/api/v1/elements/g1", json={"name": "changed"}, headers=EDITOR)
        )

        server.start()
        wait_for(lambda: outage.port_back, "the watcher finding the port answering again")
        after = api.get("/api/v1/elements/g1")  # goes to the driver, and closes the breaker
        assert after.status_code == 200, after.text
        assert after.json() == before.json()  # the refused PATCH wrote nothing
        assert outage.down_since is None
