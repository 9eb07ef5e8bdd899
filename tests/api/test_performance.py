"""`POST /api/v1/results`, `GET /api/v1/indicators/{ref}` and `GET /api/v1/performance`."""

from __future__ import annotations

from app.bundles.importer import import_bundle
from app.core.config import Settings
from app.db.graph import Graph
from tests.api.api_keys import EDITOR, READER, keyed_client
from tests.bundles.importing import options
from tests.performance.plans import AS_OF, STRUCTURE, values_csv

PROBLEM = "application/problem+json"


def test_results_csv_upload_then_status_by_level(graph: Graph, settings: Settings) -> None:
    import_bundle(graph, STRUCTURE, options())
    with keyed_client(settings) as api:
        refused = api.post("/api/v1/results", content=values_csv(), headers=READER)
        assert refused.status_code == 403
        body = values_csv().encode()
        dry = api.post(
            "/api/v1/results?dry_run=true",
            files={"file": ("results.csv", body, "text/csv")},
            headers=EDITOR,
        )
        assert dry.status_code == 200 and dry.json()["dry_run"] is True
        loaded = api.post(
            "/api/v1/results",
            content=body,
            headers={**EDITOR, "Content-Type": "text/csv"},
        )
        assert loaded.status_code == 200, loaded.text
        assert loaded.json()["elements"]["created"] == 12
        indicator = api.get(f"/api/v1/indicators/I-INC?as_of={AS_OF}", headers=READER).json()
        assert indicator["status"]["status"] == "red"
        assert indicator["status"]["progress"] == 0.2
        assert len(indicator["periods"]) == 2
        goals = api.get(f"/api/v1/performance?by=Goal&as_of={AS_OF}&depth=2", headers=READER)
        assert goals.status_code == 200
        goal = goals.json()["items"][0]
        assert goal["id"] == "goal-1" and goal["status"] == "green"
        assert [c["id"] for c in goal["children"]] == ["tp-1", "tp-2"]
        assert goal["children"][0]["children"][0]["id"] == "out-1"


def test_bad_results_and_bad_parameters_are_problems(graph: Graph, settings: Settings) -> None:
    import_bundle(graph, STRUCTURE, options())
    before = graph.counts()
    with keyed_client(settings) as api:
        bad = values_csv().replace("ind-late,2024-01-01", "ind-late,2024-13-01")
        answer = api.post(
            "/api/v1/results", content=bad, headers={**EDITOR, "Content-Type": "text/csv"}
        )
        assert answer.status_code == 422
        assert answer.headers["content-type"] == PROBLEM
        assert "row 13" in answer.text and "YYYY-MM-DD" in answer.text
        assert graph.counts() == before
        for url in (
            "/api/v1/performance?by=Output",
            "/api/v1/performance?as_of=yesterday",
            "/api/v1/indicators/I-CUM?as_of=2025-02-30",
        ):
            problem = api.get(url, headers=READER)
            assert problem.status_code in (400, 422), url
            assert problem.headers["content-type"] == PROBLEM
        assert api.get("/api/v1/indicators/nothing-like-it", headers=READER).status_code == 404
