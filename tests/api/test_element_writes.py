from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from tests.api.api_keys import ADMIN, EDITOR, READER, keyed_client
from tests.bundles.bundle_examples import SMALL_BUNDLE

PRIORITY = {
    "id": "tp9",
    "type": "ThematicPriority",
    "code": "TP#9",
    "name": "Standardization gap",
    "number": 9,
}


@pytest.fixture
def api(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    with keyed_client(settings) as client:
        client.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR).raise_for_status()
        yield client


def test_write_without_key_401_with_reader_403_with_editor_201_and_history(
    api: TestClient, graph: Graph
) -> None:
    before = graph.counts()
    assert api.post("/api/v1/elements", json=PRIORITY).status_code == 401
    assert api.post("/api/v1/elements", json=PRIORITY, headers=READER).status_code == 403
    assert graph.counts() == before

    created = api.post("/api/v1/elements", json=PRIORITY, headers=EDITOR)
    assert created.status_code == 201
    assert created.json()["action"] == "create"
    assert created.json()["after"]["code"] == "TP#9"

    history = api.get("/api/v1/elements/tp9/history").json()
    assert history["element_id"] == "tp9"
    [event] = history["events"]
    assert (event["action"], event["who"], event["via"]) == ("create", "eve", "api")
    assert event["before"] is None and event["after"]["name"] == "Standardization gap"


def test_update_and_history_by_code(api: TestClient) -> None:
    answer = api.patch(
        "/api/v1/elements/TP%232",
        json={"description": "Numbering, naming, addressing", "aliases": None},
        headers=EDITOR,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["action"] == "update"
    assert "aliases" not in answer.json()["after"]
    assert answer.json()["before"]["aliases"] == ["TP2"]
    events = api.get("/api/v1/elements/tp2/history").json()["events"]
    assert [e["action"] for e in events if e["link_key"] is None] == ["create", "update"]
    update = events[-1]
    assert update["before"]["aliases"] == ["TP2"] and update["after"]["aliases"] == []
    same = api.patch("/api/v1/elements/tp2", json={"number": 2}, headers=EDITOR)
    assert same.json()["action"] == "unchanged"


def test_an_invalid_write_is_422_with_the_same_checks_as_import(
    api: TestClient, graph: Graph
) -> None:
    before = graph.counts()
    wrong = api.post(
        "/api/v1/elements", json={**PRIORITY, "type": "Priority", "number": "nine"}, headers=EDITOR
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "type"
    assert "ThematicPriority" in wrong.json()["errors"][0]["hint"]
    bad_type = api.patch("/api/v1/elements/g1", json={"number": "one"}, headers=EDITOR)
    assert bad_type.status_code == 422 and bad_type.json()["errors"][0]["field"] == "number"
    retype = api.patch("/api/v1/elements/g1", json={"type": "Output"}, headers=EDITOR)
    assert retype.status_code == 422 and "stored as a Goal" in retype.text
    link = api.post(
        "/api/v1/links", json={"from": "m", "type": "HAS_GOAL", "to": "out1"}, headers=EDITOR
    )
    assert link.status_code == 422 and "Mission -> Goal" in link.json()["errors"][0]["message"]
    dangling = api.post(
        "/api/v1/links", json={"from": "m", "type": "HAS_GOAL", "to": "nope"}, headers=EDITOR
    )
    assert dangling.status_code == 422 and dangling.json()["errors"][0]["field"] == "to"
    assert graph.counts() == before


def test_create_conflicts_and_missing_elements(api: TestClient) -> None:
    again = api.post("/api/v1/elements", json=SMALL_BUNDLE["elements"][1], headers=EDITOR)
    assert again.status_code == 409
    assert api.patch("/api/v1/elements/nothing", json={}, headers=EDITOR).status_code == 404
    assert api.delete("/api/v1/elements/nothing", headers=EDITOR).status_code == 404


def test_links_are_created_updated_and_deleted_with_history(api: TestClient) -> None:
    api.post("/api/v1/elements", json=PRIORITY, headers=EDITOR)
    created = api.post(
        "/api/v1/links", json={"from": "g1", "type": "HAS_PRIORITY", "to": "tp9"}, headers=EDITOR
    )
    assert created.status_code == 201
    duplicate = api.post(
        "/api/v1/links", json={"from": "g1", "type": "HAS_PRIORITY", "to": "tp9"}, headers=EDITOR
    )
    assert duplicate.status_code == 409
    share = api.patch("/api/v1/links/oc1/DELIVERED_BY/out1", json={"share": 0.25}, headers=EDITOR)
    assert share.json()["before"]["share"] == 0.5 and share.json()["after"]["share"] == 0.25
    too_much = api.patch("/api/v1/links/oc1/DELIVERED_BY/out1", json={"share": 2}, headers=EDITOR)
    assert too_much.status_code == 422
    deleted = api.delete("/api/v1/links/g1/HAS_PRIORITY/tp9", headers=EDITOR)
    assert deleted.json()["action"] == "delete"
    assert api.delete("/api/v1/links/g1/HAS_PRIORITY/tp9", headers=EDITOR).status_code == 404
    events = api.get("/api/v1/elements/tp9/history").json()["events"]
    assert [(e["action"], e["link_key"]) for e in events] == [
        ("create", None),
        ("create", "g1-[HAS_PRIORITY]->tp9"),
        ("delete", "g1-[HAS_PRIORITY]->tp9"),
    ]


def test_deleting_an_element_takes_its_links_and_keeps_its_history(
    api: TestClient, graph: Graph
) -> None:
    _, rels = graph.counts()
    deleted = api.delete("/api/v1/elements/out1", headers=ADMIN)  # it has links: admin only
    assert deleted.status_code == 200
    assert len(deleted.json()["links_deleted"]) == 3
    assert graph.counts()[1] == rels - 3
    history = api.get("/api/v1/elements/out1/history")
    assert history.status_code == 200
    assert [e["action"] for e in history.json()["events"]][-4:] == ["delete"] * 4
    assert api.get("/api/v1/elements/never-was/history").status_code == 404
