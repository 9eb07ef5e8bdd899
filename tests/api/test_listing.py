"""List answers: JSON or CSV by Accept, 406 otherwise, paging and total headers."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed

LISTS = [
    "/api/v1/elements?type=Output",
    "/api/v1/priorities/itu-tp-2/outputs",
    "/api/v1/budget?by=Goal",
    "/api/v1/gaps",
    "/api/v1/matrix?rows=ThematicPriority&cols=Output",
]


@pytest.fixture
def itu(client: TestClient, graph: Graph, settings: Settings) -> TestClient:
    load_seed(graph, "itu", settings)
    return client


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("path", LISTS)
def test_every_list_answers_csv_json_or_406(itu: TestClient, path: str) -> None:
    as_csv = itu.get(path, headers={"Accept": "text/csv"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert rows_of(as_csv.text), path
    for accept in ("application/json", "*/*", "text/html, application/json;q=0.5", ""):
        as_json = itu.get(path, headers={"Accept": accept})
        assert as_json.status_code == 200, accept
        assert as_json.headers["content-type"] == "application/json"
    refused = itu.get(path, headers={"Accept": "application/xml"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["available"] == ["application/json", "text/csv"]


def test_csv_wins_when_preferred_by_quality(itu: TestClient) -> None:
    answer = itu.get("/api/v1/gaps", headers={"Accept": "application/json;q=0.4, text/csv"})
    assert answer.headers["content-type"].startswith("text/csv")


def test_outputs_csv_names_as_well_as_ids(itu: TestClient) -> None:
    text = itu.get("/api/v1/priorities/TP%232/outputs", headers={"Accept": "text/csv"}).text
    [row] = [r for r in rows_of(text) if r["output_id"] == "itu-output-inr"]
    assert row["output_name"] == "International numbering resources"
    assert row["outcome_ids"] and row["outcome_names"]
    assert row["amount_status"] == "unknown"
    assert row["funded_amount"] == ""  # unknown is empty, never 0


def test_findings_csv_and_total(itu: TestClient) -> None:
    report = itu.get("/api/v1/gaps")
    total = len(report.json()["findings"])
    assert report.headers["x-total-count"] == str(total)
    as_csv = itu.get("/api/v1/gaps", headers={"Accept": "text/csv"})
    rows = rows_of(as_csv.text)
    assert len(rows) == total == int(as_csv.headers["x-total-count"])
    [repeat] = [
        r
        for r in rows
        if r["check"] == "name_repeats_across_levels" and "itu-tp-2" in r["element_ids"]
    ]
    assert repeat["element_ids"] == "itu-tp-2; itu-output-inr"
    assert "International numbering resources" in repeat["element_names"]


def test_next_page_is_in_the_headers(itu: TestClient) -> None:
    first = itu.get("/api/v1/elements?limit=5")
    cursor = first.json()["next_cursor"]
    assert cursor and first.headers["x-next-cursor"] == cursor
    link = first.headers["link"]
    assert link.endswith('>; rel="next"') and f"cursor={cursor}" in link
    following = itu.get(link[1 : link.index(">")])
    assert following.status_code == 200
    assert following.json()["items"][0]["id"] > first.json()["items"][-1]["id"]
    as_csv = itu.get("/api/v1/elements?limit=5", headers={"Accept": "text/csv"})
    assert as_csv.headers["x-next-cursor"] == cursor
    assert len(rows_of(as_csv.text)) == 5


def test_csv_cells_cannot_run_as_formulas(client: TestClient, graph: Graph) -> None:
    graph.run(
        "CREATE (:Element:Goal {id: 'g-formula', type: 'Goal', name: '=HYPERLINK(1)'})",
        {},
        write=True,
    )
    text = client.get("/api/v1/elements", headers={"Accept": "text/csv"}).text
    [row] = rows_of(text)
    assert row["name"] == "'=HYPERLINK(1)"
