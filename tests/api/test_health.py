from __future__ import annotations

from fastapi.testclient import TestClient

from app import __version__
from app.db.graph import Graph
from app.db.schema import server_info


def test_health_answers_without_the_database(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}


def test_ready_names_the_server_and_schema(
    client: TestClient, graph: Graph, server_is_ours: bool
) -> None:
    response = client.get("/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["schema_applied"] is True
    said = server_info(graph)  # what the server says of itself
    neo4j = body["neo4j"]
    assert (neo4j["version"], neo4j["edition"]) == (said["version"], said["edition"])
    if server_is_ours:  # a configured server may be any supported version and edition
        assert body["neo4j"]["version"].startswith("5.26")
        assert body["neo4j"]["edition"] == "community"


def test_unknown_route_is_problem_json(client: TestClient) -> None:
    response = client.get("/no/such/route")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404
    assert body["instance"] == "/no/such/route"


def test_metamodel_is_served(client: TestClient) -> None:
    body = client.get("/api/v1/model").json()
    names = {t["name"] for t in body["element_types"]}
    assert {"Mission", "Goal", "ThematicPriority", "Outcome", "Output", "CostObject"} <= names
    delivered = next(r for r in body["relationship_types"] if r["name"] == "DELIVERED_BY")
    assert delivered["pairs"] == [{"from": "Outcome", "to": "Output"}]
