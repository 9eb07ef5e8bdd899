"""The read routes of app/api/routes/elements.py, over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.db.graph import Graph


def test_list_elements_with_filters_and_cursor(client: TestClient, diamonds: Graph) -> None:
    first = client.get("/api/v1/elements", params={"type": "Goal", "limit": 1})
    assert first.status_code == 200
    body = first.json()
    assert [e["id"] for e in body["items"]] == ["g1"]
    second = client.get(
        "/api/v1/elements", params={"type": "Goal", "limit": 1, "cursor": body["next_cursor"]}
    )
    assert [e["id"] for e in second.json()["items"]] == ["g2"]
    found = client.get("/api/v1/elements", params={"q": "workshops"}).json()
    assert [e["id"] for e in found["items"]] == ["out3"]


def test_one_element_by_code_with_its_links(client: TestClient, diamonds: Graph) -> None:
    response = client.get("/api/v1/elements/TP%232")
    assert response.status_code == 200
    body = response.json()
    assert body["element"]["id"] == "tp2"
    assert {lk["element"]["id"] for lk in body["outgoing"]} == {"oc1", "oc2"}


def test_unknown_and_ambiguous_references_are_problem_json(
    client: TestClient, diamonds: Graph
) -> None:
    missing = client.get("/api/v1/elements/Internationl%20numbring")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert {c["id"] for c in missing.json()["nearest"]} == {"tp2", "out1"}
    ambiguous = client.get("/api/v1/elements/International%20numbering%20resources")
    assert ambiguous.status_code == 409
    problem = ambiguous.json()
    assert problem["type"] == "urn:rbmtrace:problem:ambiguous-reference"
    assert {c["id"] for c in problem["candidates"]} == {"tp2", "out1"}


def test_a_bad_type_filter_is_a_400_naming_the_types(client: TestClient, diamonds: Graph) -> None:
    response = client.get("/api/v1/elements", params={"type": "Gaol"})
    assert response.status_code == 400
    assert "Goal" in response.json()["allowed"]
