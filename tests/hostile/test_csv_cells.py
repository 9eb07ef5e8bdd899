"""CSV out and back: formula-like text is neutralised on the way out and restored on the
way in; what CSV cannot carry is exactly what the README says."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest

from app.core.config import Settings
from app.core.spreadsheet import neutralise, restore
from app.db.graph import Graph
from tests.api.api_keys import EDITOR, keyed_client

FORMULAS = ["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTab", "\rCR", "'=quoted"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _hostile_bundle() -> dict[str, Any]:
    elements: list[dict[str, Any]] = [{"id": "m1", "type": "Mission", "name": "=HYPERLINK(x)"}]
    for i, text in enumerate(FORMULAS):
        elements.append(
            {
                "id": f"o{i}",
                "type": "Output",
                "code": f"-C{i}",
                "name": f"{text} name",
                "description": text,
                # list items lose leading whitespace (tab, CR) in CSV: see the README
                "aliases": [text.strip() + " alias", "plain"],
                "sector": "@sector",
            }
        )
    elements.append({"id": "c1", "type": "CostObject", "name": "Order", "amount": 5})
    elements.append({"id": "i1", "type": "Indicator", "name": "Gap", "baseline": -5.5})
    links = [{"from": "o0", "type": "FUNDED_BY", "to": "c1", "share": 0.5}]
    return {"elements": elements, "links": links}


@pytest.mark.parametrize("text", [*FORMULAS, "plain", "-5", "+1.5e3", "'", "''=x", ""])
def test_neutralise_and_restore_are_inverse(text: str) -> None:
    cell = neutralise(text)
    assert restore(cell) == text
    if text in ("-5", "+1.5e3"):
        assert cell == text  # plain numbers stay as they are
    else:
        assert not cell.startswith(TRIGGERS)


def _csv_cells(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            cell
            for name in archive.namelist()
            for row in csv.reader(io.StringIO(archive.read(name).decode(), newline=""))
            for cell in row
        ]


def test_export_csv_neutralises_formulas_and_imports_back_exactly(
    graph: Graph, settings: Settings
) -> None:
    with keyed_client(settings) as api:
        assert api.post("/api/v1/import", json=_hostile_bundle(), headers=EDITOR).status_code == 200
        before = api.get("/api/v1/export", params={"format": "json"}).content
        exported = api.get("/api/v1/export", params={"format": "csv"}).content
        cells = _csv_cells(exported)
        dangerous = [c for c in cells if c.startswith(TRIGGERS) and c not in ("-5.5",)]
        assert dangerous == []
        assert "'=HYPERLINK(x)" in cells and "-5.5" in cells
        graph.write("admin/clear_graph")
        back = api.post(
            "/api/v1/import",
            files={"file": ("bundle-csv.zip", exported)},
            headers=EDITOR,
        )
        assert back.status_code == 200, back.text
        assert api.get("/api/v1/export", params={"format": "json"}).content == before


def test_matrix_csv_neutralises_formulas(graph: Graph, settings: Settings) -> None:
    bundle = {
        "elements": [
            {"id": "=tp", "type": "ThematicPriority", "code": "+TP", "name": "@Priority"},
            {"id": "oc", "type": "Outcome", "name": "-Outcome"},
            {"id": "=out", "type": "Output", "name": "=Output"},
        ],
        "links": [
            {"from": "=tp", "type": "HAS_OUTCOME", "to": "oc"},
            {"from": "oc", "type": "DELIVERED_BY", "to": "=out"},
        ],
    }
    with keyed_client(settings) as api:
        assert api.post("/api/v1/import", json=bundle, headers=EDITOR).status_code == 200
        answer = api.get(
            "/api/v1/matrix",
            params={"rows": "ThematicPriority", "cols": "Output"},
            headers={"Accept": "text/csv"},
        )
    assert answer.status_code == 200, answer.text
    rows = list(csv.reader(io.StringIO(answer.text, newline="")))
    assert rows[0] == ["row_id", "row_code", "row_name", "'=out | =Output"]
    assert rows[1][:3] == ["'=tp", "'+TP", "'@Priority"]
    assert not any(c.startswith(TRIGGERS) for row in rows for c in row)


def test_what_csv_cannot_carry_is_exactly_what_the_readme_says(
    graph: Graph, settings: Settings
) -> None:
    """A list item with `;`, leading/trailing spaces and an empty text: those differ after
    a CSV round trip, and nothing else does."""
    element = {
        "id": "g1",
        "type": "Goal",
        "name": "  Goal with spaces  ",
        "description": "",
        "aliases": ["a;b", " padded "],
        "number": 3,
    }
    with keyed_client(settings) as api:
        assert (
            api.post("/api/v1/import", json={"elements": [element]}, headers=EDITOR).status_code
            == 200
        )
        exported = api.get("/api/v1/export", params={"format": "csv"}).content
        graph.write("admin/clear_graph")
        assert (
            api.post(
                "/api/v1/import", files={"file": ("b.zip", exported)}, headers=EDITOR
            ).status_code
            == 200
        )
        back = api.get("/api/v1/export", params={"format": "json"}).json()["elements"]
    assert back == [
        {
            "id": "g1",
            "type": "Goal",
            "name": "Goal with spaces",
            "aliases": ["a", "b", "padded"],
            "number": 3,
        }
    ]
