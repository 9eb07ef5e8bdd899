from __future__ import annotations

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.gaps.catalogue import check_ids
from tests.api.api_keys import ADMIN, API_KEYS, EDITOR, READER, keyed_client
from tests.gaps.clean_plan import plant
from tests.merge_bundle import write_bundle

KEY = "enabler_enables_nothing:en9"


def test_the_catalogue(client: TestClient) -> None:
    body = client.get("/api/v1/gaps/checks").json()["items"]
    assert [c["id"] for c in body] == check_ids()
    first = next(c for c in body if c["id"] == "output_serves_no_outcome")
    assert first["severity"] == "error" and first["rule"] == "Output in DELIVERED_BY"
    assert first["why"] and first["fix"]


def test_findings_with_summary_and_filters(client: TestClient, graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome", "enabler_enables_nothing"))
    body = client.get("/api/v1/gaps").json()
    assert body["summary"]["open"] == 2
    assert body["summary"]["open_by_severity"] == {"error": 1, "warning": 1, "info": 0}
    counts = {c["check"]: c["open"] for c in body["summary"]["by_check"]}
    assert counts["output_serves_no_outcome"] == 1 and counts["goal_without_priority"] == 0
    first = body["findings"][0]
    assert first["check"] == "output_serves_no_outcome"
    assert first["elements"] == [
        {
            "id": "op9",
            "code": None,
            "name": "Orphan output",
            "type": "Output",
            "source_document": "Operational Plan 2024-2025",
            "source_section": "3",
            "basis": "stated",
        }
    ]
    assert first["evidence"]["missing"] and first["message"] and first["key"]
    warn = client.get("/api/v1/gaps", params={"severity": "warning"}).json()
    assert [f["check"] for f in warn["findings"]] == ["enabler_enables_nothing"]
    plan = client.get("/api/v1/gaps", params={"plan": "Operational Plan 2024-2025"}).json()
    assert [f["key"] for f in plan["findings"]] == ["output_serves_no_outcome:op9"]


def test_bad_filters_are_problem_json(client: TestClient, graph: Graph) -> None:
    bad = client.get("/api/v1/gaps", params={"check": "nope"})
    assert bad.status_code == 400
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert "output_serves_no_outcome" in bad.json()["known"]
    assert client.get("/api/v1/gaps", params={"severity": "fatal"}).status_code == 400
    assert client.get("/api/v1/gaps", params={"plan": "no such plan"}).status_code == 404
    vague = client.get("/api/v1/gaps", params={"evidence": "rumoured"})
    assert vague.status_code == 400 and "stated" in vague.json()["hint"]


def test_evidence_stated_reads_the_plan_as_written(client: TestClient, graph: Graph) -> None:
    bundle = plant()
    for link in bundle["links"]:
        if (link["from"], link["type"]) == ("tp1", "HAS_OUTCOME"):
            link["basis"] = "assumed"
    write_bundle(graph, bundle)
    everything = client.get("/api/v1/gaps").json()
    assert [f["check"] for f in everything["findings"]] == ["assumed_basis"]
    stated = client.get("/api/v1/gaps", params={"evidence": "stated"}).json()
    assert stated["filters"]["evidence"] == "stated"
    assert "priority_without_outcome:tp1" in {f["key"] for f in stated["findings"]}


def test_waivers_need_an_editor_key(settings: Settings, graph: Graph) -> None:
    write_bundle(graph, plant("enabler_enables_nothing"))
    body = {"key": KEY, "reason": "Planned", "expires": "2999-12-31"}
    with keyed_client(settings) as api:
        assert api.post("/api/v1/gaps/waivers", json=body).status_code == 401
        assert api.post("/api/v1/gaps/waivers", json=body, headers=READER).status_code == 403
        made = api.post("/api/v1/gaps/waivers", json=body, headers=EDITOR)
        assert made.status_code == 201, made.text
        assert made.json()["who"] == "eve"
        listed = api.get("/api/v1/gaps/waivers").json()["items"]
        assert [w["key"] for w in listed] == [KEY]
        finding = api.get("/api/v1/gaps").json()["findings"][0]
        assert finding["status"] == "waived" and finding["waiver"]["reason"] == "Planned"
        missing = api.post(
            "/api/v1/gaps/waivers", json={"key": "x:y", "reason": "r"}, headers=EDITOR
        )
        assert missing.status_code == 404
        assert api.delete(f"/api/v1/gaps/waivers/{KEY}", headers=EDITOR).status_code == 204
        assert api.get("/api/v1/gaps").json()["findings"][0]["status"] == "open"
        assert api.delete(f"/api/v1/gaps/waivers/{KEY}", headers=EDITOR).status_code == 404


def test_another_persons_waiver_is_withdrawn_by_an_admin_only(
    settings: Settings, graph: Graph
) -> None:
    write_bundle(graph, plant("enabler_enables_nothing"))
    body = {"key": KEY, "reason": "Planned", "expires": "2999-12-31"}
    other_editor = "bob:editor:bob-secret-000"
    with keyed_client(settings, api_keys=[*API_KEYS, other_editor]) as api:
        assert api.post("/api/v1/gaps/waivers", json=body, headers=EDITOR).status_code == 201
        refused = api.delete(f"/api/v1/gaps/waivers/{KEY}", headers={"X-API-Key": "bob-secret-000"})
        assert refused.status_code == 403, refused.text
        assert "'eve'" in refused.json()["detail"] and "admin" in refused.json()["detail"]
        assert [w["key"] for w in api.get("/api/v1/gaps/waivers").json()["items"]] == [KEY]
        assert api.delete(f"/api/v1/gaps/waivers/{KEY}", headers=ADMIN).status_code == 204
        assert api.get("/api/v1/gaps/waivers").json()["items"] == []
