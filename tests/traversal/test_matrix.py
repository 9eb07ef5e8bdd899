from __future__ import annotations

import pytest

from app.core.errors import BadRequest
from app.db.graph import Graph
from app.traversal.matrix import matrix_csv, trace_matrix
from app.traversal.schemas import TraceMatrix


def cells(matrix: TraceMatrix) -> dict[str, dict[str, int]]:
    return {r.row.id: {c.id: c.path_length for c in r.cells} for r in matrix.rows}


def test_priorities_by_outputs_with_path_lengths(diamonds: Graph) -> None:
    matrix = trace_matrix(diamonds, "ThematicPriority", "Output")
    assert matrix.direction == "down"
    assert cells(matrix) == {
        "tp1": {"out1": 2, "out3": 2},
        "tp2": {"out1": 2, "out2": 3, "out3": 2},  # out2 through the sub-outcome
    }
    assert [c.id for c in matrix.columns] == ["out1", "out2", "out3"]


def test_rows_below_the_columns_trace_up(diamonds: Graph) -> None:
    matrix = trace_matrix(diamonds, "Output", "Goal")
    assert matrix.direction == "up"
    assert cells(matrix) == {
        "orphan": {},
        "out1": {"g1": 3, "g2": 3},
        "out2": {"g1": 4, "g2": 4},
        "out3": {"g1": 3, "g2": 3},
    }


def test_csv_is_a_grid_of_path_lengths(diamonds: Graph) -> None:
    text = matrix_csv(trace_matrix(diamonds, "ThematicPriority", "Output"))
    assert text.splitlines() == [
        "row_id,row_code,row_name,out1 | International numbering resources,"
        "out2 | Study group support,out3 | Workshops",
        "tp1,TP#1,Affordable connectivity,2,,2",
        "tp2,TP#2,International numbering resources,2,3,2",
    ]


def test_rows_page_with_a_cursor(diamonds: Graph) -> None:
    first = trace_matrix(diamonds, "Output", "Goal", limit=3)
    assert [r.row.id for r in first.rows] == ["orphan", "out1", "out2"]
    rest = trace_matrix(diamonds, "Output", "Goal", limit=3, cursor=first.next_cursor)
    assert [r.row.id for r in rest.rows] == ["out3"] and rest.next_cursor is None


@pytest.mark.parametrize(
    ("rows", "cols", "message"),
    [
        ("Risk", "Output", "off the results chain"),
        ("ThematicPriority", "Outputs", "not an element type"),
        ("Goal", "Goal", "two different types"),
    ],
)
def test_bad_types_are_refused(diamonds: Graph, rows: str, cols: str, message: str) -> None:
    with pytest.raises(BadRequest, match=message):
        trace_matrix(diamonds, rows, cols)
