"""Numbers no door accepts any more (Infinity, NaN) but a graph may already hold: planted
with Cypher, the read paths answer, and the export carries no bare Infinity/NaN."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed

# Planted straight into the graph, as an older version or a hand-made Cypher edit could.
PLANT = """
MATCH (c:CostObject) WITH c ORDER BY c.id LIMIT 3
WITH collect(c) AS cs
FOREACH (c IN cs[0..1] | SET c.amount = $inf)
FOREACH (c IN cs[1..2] | SET c.amount = $nan)
FOREACH (c IN cs[2..3] | SET c.amount = $minus_inf)
WITH 1 AS one
MATCH (i:Indicator) WITH i ORDER BY i.id LIMIT 1
SET i.baseline = $nan, i.target = $minus_inf
"""
NON_FINITE = {"inf": float("inf"), "minus_inf": float("-inf"), "nan": float("nan")}
PLANT_SHARE = """
MATCH (:Output)-[r:FUNDED_BY]->(:CostObject) WITH r LIMIT 1 SET r.share = $nan
"""


@pytest.fixture
def bad_graph(graph: Graph, settings: Settings) -> Graph:
    load_seed(graph, "itu", settings)
    for query in (PLANT, PLANT_SHARE):
        graph.driver.execute_query(query, NON_FINITE, database_=graph.database)
    rows, _, _ = graph.driver.execute_query(
        "MATCH (c:CostObject) WHERE isNaN(c.amount) OR c.amount = $inf RETURN count(c) AS n",
        NON_FINITE,
        database_=graph.database,
    )
    assert rows[0]["n"] == 2
    return graph


@pytest.mark.parametrize("by", ["Output", "Outcome", "ThematicPriority", "Goal", "Mission"])
def test_budget_answers_with_bad_amounts_stored(
    bad_graph: Graph, client: TestClient, by: str
) -> None:
    answer = client.get("/api/v1/budget", params={"by": by})
    assert answer.status_code == 200, answer.text
    assert "Infinity" not in answer.text and "NaN" not in answer.text
    body = answer.json()
    assert any("not a finite number" in note for note in body["notes"]), body["notes"]
    assert body["cost_objects_without_amount"] >= 2


def test_outputs_of_tp2_answer_with_bad_amounts_stored(
    bad_graph: Graph, client: TestClient
) -> None:
    rows, _, _ = bad_graph.driver.execute_query(
        "MATCH (:ThematicPriority {code: 'TP#2'})-[:HAS_OUTCOME]->()-[:DELIVERED_BY]->()"
        "-[f:FUNDED_BY]->(c:CostObject) SET c.amount = $inf, f.share = $nan "
        "RETURN count(DISTINCT c) AS n",
        NON_FINITE,
        database_=bad_graph.database,
    )
    assert rows[0]["n"] > 0
    answer = client.get("/api/v1/priorities/TP%232/outputs")
    assert answer.status_code == 200, answer.text
    funded = [c for o in answer.json()["outputs"] for c in o["cost_objects"]]
    assert funded and all(c["amount"] is None for c in funded)


def test_element_detail_and_listing_answer(bad_graph: Graph, client: TestClient) -> None:
    rows, _, _ = bad_graph.driver.execute_query(
        "MATCH (i:Indicator) WHERE isNaN(i.baseline) RETURN i.id AS id",
        database_=bad_graph.database,
    )
    detail = client.get(f"/api/v1/elements/{rows[0]['id']}")
    assert detail.status_code == 200, detail.text
    assert detail.json()["element"].get("baseline") is None  # NaN reads as absent
    assert client.get("/api/v1/elements", params={"type": "CostObject"}).status_code == 200


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv", "graphml"])
def test_export_carries_no_bare_non_finite_number(
    bad_graph: Graph, client: TestClient, fmt: str
) -> None:
    answer = client.get("/api/v1/export", params={"format": fmt})
    assert answer.status_code == 200, answer.text
    if fmt == "csv":
        with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
            cells = {
                cell.strip().casefold()
                for name in archive.namelist()
                for row in csv.reader(io.StringIO(archive.read(name).decode()))
                for cell in row
            }
        assert not cells & {"inf", "-inf", "+inf", "infinity", "-infinity", "nan"}, cells
        return
    text = answer.text
    for bare in ("Infinity", "NaN", ".inf", ".nan"):
        assert bare not in text, (fmt, bare)
    if fmt == "json":
        json.loads(text, parse_constant=lambda c: pytest.fail(f"bare {c}"))
