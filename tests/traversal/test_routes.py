"""The traversal routes over HTTP, on the ITU seed, the demo and synthetic graphs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed
from tests.merge_bundle import write_bundle
from tests.traversal.chain_graphs import RANKED, RANKED_BY_AMOUNT

MY_PATHS = [
    "/api/v1/elements",
    "/api/v1/elements/{ref}",
    "/api/v1/priorities/{ref}/outputs",
    "/api/v1/elements/{ref}/trace",
    "/api/v1/elements/{ref}/impact",
    "/api/v1/matrix",
    "/api/v1/budget",
    "/api/v1/graph",
]


def test_seed_tp2_is_served_by_the_output_international_numbering_resources(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    response = client.get("/api/v1/priorities/TP%232/outputs")
    assert response.status_code == 200
    body = response.json()
    assert body["priority"]["code"] == "TP#2"
    names = [o["output"]["name"] for o in body["outputs"]]
    assert "International numbering resources" in names
    inr = body["outputs"][names.index("International numbering resources")]
    assert inr["amount_status"] == "unknown" and inr["funded_amount"] is None


def test_seed_traces_reach_the_mission_and_the_internal_orders(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    outputs = client.get("/api/v1/priorities/TP%232/outputs").json()["outputs"]
    inr = next(
        o["output"] for o in outputs if o["output"]["name"] == "International numbering resources"
    )
    up = client.get(f"/api/v1/elements/{inr['id']}/trace", params={"direction": "up"}).json()
    assert up["paths"] and all(p["nodes"][-1]["type"] == "Mission" for p in up["paths"])
    mission = up["reached"][0]["id"]
    down = client.get(f"/api/v1/elements/{mission}/trace", params={"direction": "down"}).json()
    reached = {(e["type"], e["name"]) for e in down["reached"]}
    assert ("CostObject", "Internal order for output: International numbering resources") in reached
    assert all(t == "CostObject" for t, _ in reached)


def test_demo_budget_per_goal_reconciles(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "demo", settings)
    body = client.get("/api/v1/budget", params={"by": "Goal"}).json()
    assert body["reconciled"] and body["total_funded"] == 4_150_000
    assert sum(f["amount"] for f in body["figures"]) == pytest.approx(4_150_000)


def test_unknown_and_ambiguous_references_give_404_and_409(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    missing = client.get("/api/v1/elements/TP%2399/trace")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["type"] == "urn:rbmtrace:problem:not-found"
    ambiguous = client.get("/api/v1/elements/International%20numbering%20resources/impact")
    assert ambiguous.status_code == 409
    assert {c["type"] for c in ambiguous.json()["candidates"]} >= {"ThematicPriority", "Output"}


def test_matrix_as_json_and_csv(client: TestClient, diamonds: Graph) -> None:
    params = {"rows": "ThematicPriority", "cols": "Output"}
    body = client.get("/api/v1/matrix", params=params).json()
    assert body["rows"][1]["cells"][1] == {
        "id": "out2",
        "code": None,
        "name": "Study group support",
        "type": "Output",
        "path_length": 3,
    }
    csv = client.get("/api/v1/matrix", params=params, headers={"Accept": "text/csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    # columns are headed by id, code (when there is one) and name
    assert lines[0] == (
        "row_id,row_code,row_name,out1 | International numbering resources,"
        "out2 | Study group support,out3 | Workshops"
    )
    assert lines[2] == "tp2,TP#2,International numbering resources,2,3,2"


def test_matrix_types_are_checked_against_the_metamodel(
    client: TestClient, diamonds: Graph
) -> None:
    response = client.get("/api/v1/matrix", params={"rows": "Priority", "cols": "Output"})
    assert response.status_code == 400
    assert "ThematicPriority" in response.json()["allowed"]


def test_impact_budget_and_graph_routes(client: TestClient, diamonds: Graph) -> None:
    impact = client.get("/api/v1/elements/tp2/impact").json()
    assert [e["id"] for e in impact["loses_funding"]] == ["g2"]
    budget = client.get("/api/v1/budget", params={"by": "ThematicPriority"}).json()
    assert {f["id"]: f["amount"] for f in budget["figures"]} == {"tp1": 225.0, "tp2": 1075.0}
    bad = client.get("/api/v1/budget", params={"by": "Indicator"})
    assert bad.status_code == 400
    view = client.get("/api/v1/graph", params={"root": "TP#2", "depth": 1}).json()
    assert len(view["elements"]["nodes"]) == 5 and len(view["elements"]["edges"]) == 4


def test_budget_sorted_by_amount_pages_largest_first_and_unknown_last(
    client: TestClient, graph: Graph
) -> None:
    write_bundle(graph, RANKED)
    whole = client.get("/api/v1/budget", params={"by": "Output", "sort": "amount"}).json()
    ranked = [(f["id"], f["amount"], f["amount_status"]) for f in whole["items"]]
    assert ranked == RANKED_BY_AMOUNT
    assert whole["total"] == len(RANKED_BY_AMOUNT) and whole["next_cursor"] is None
    seen: list[str] = []
    params = {"by": "Output", "sort": "amount", "limit": 2}
    for _ in range(10):
        answer = client.get("/api/v1/budget", params=params)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert answer.headers["X-Total-Count"] == str(len(RANKED_BY_AMOUNT))
        seen += [f["id"] for f in body["items"]]
        if body["next_cursor"] is None:
            break
        assert answer.headers["X-Next-Cursor"] == body["next_cursor"]
        params = {**params, "cursor": body["next_cursor"]}
    assert seen == [f[0] for f in RANKED_BY_AMOUNT]
    csv = client.get(
        "/api/v1/budget", params={"by": "Output", "sort": "amount"}, headers={"Accept": "text/csv"}
    )
    assert [line.split(",")[0] for line in csv.text.splitlines()[1:]] == seen
    by_id = client.get("/api/v1/budget", params={"by": "Output"}).json()
    assert [f["id"] for f in by_id["items"]] == sorted(seen)  # the default order: ids


def test_a_bad_budget_order_is_refused_clearly(client: TestClient, diamonds: Graph) -> None:
    bad = client.get("/api/v1/budget", params={"by": "Output", "sort": "largest"})
    assert bad.status_code == 422
    problem = bad.json()
    assert problem["type"] == "urn:rbmtrace:problem:invalid-request"
    assert problem["detail"].startswith("query.sort:") and "'amount'" in problem["detail"]
    first = client.get("/api/v1/budget", params={"by": "Output", "limit": 1}).json()
    mixed = client.get(
        "/api/v1/budget",
        params={"by": "Output", "sort": "amount", "limit": 1, "cursor": first["next_cursor"]},
    )
    assert mixed.status_code == 400 and "not one this service issued" in mixed.json()["detail"]


def test_a_bad_direction_is_refused(client: TestClient, diamonds: Graph) -> None:
    response = client.get("/api/v1/elements/tp2/trace", params={"direction": "sideways"})
    assert response.status_code == 422


def test_every_route_documents_a_response_model_with_an_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path in MY_PATHS:
        content = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        name = content["schema"]["$ref"].rsplit("/", 1)[-1]
        assert schemas[name].get("examples"), f"{path}: {name} has no example"
