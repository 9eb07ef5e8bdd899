"""The trace matrix between two element types of the results chain, with path lengths."""

from __future__ import annotations

import csv
import io

from app.core.errors import BadRequest
from app.core.spreadsheet import neutralise
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.elements.schemas import ElementRef
from app.traversal.results_chain import (
    CHAIN_RANK,
    DEFAULT_DEPTH,
    Direction,
    check_chain_type,
    check_depth,
)
from app.traversal.schemas import MatrixCell, MatrixRow, TraceMatrix

DEFAULT_ROWS = 200
MAX_ROWS = 2000


def trace_matrix(
    graph: Graph,
    rows: str,
    cols: str,
    max_depth: int = DEFAULT_DEPTH,
    limit: int = DEFAULT_ROWS,
    cursor: str | None = None,
) -> TraceMatrix:
    """For each element of type `rows` (one page), the `cols` elements it traces to.

    The direction follows the chain: rows above the columns trace down, rows below trace
    up. A cell holds the fewest links between the two elements.
    """
    check_chain_type(rows, "rows")
    check_chain_type(cols, "cols")
    if rows == cols:
        raise BadRequest(
            f"rows and cols are both {rows}; a trace matrix needs two different types.",
            hint="e.g. rows=ThematicPriority&cols=Output",
        )
    check_depth(max_depth)
    check_limit(limit, MAX_ROWS)
    direction = Direction.down if CHAIN_RANK[rows] < CHAIN_RANK[cols] else Direction.up
    found = graph.read(
        f"queries/matrix_{direction.value}",
        rows=rows,
        cols=cols,
        max_depth=max_depth,
        after=decode_cursor(cursor),
        limit=limit + 1,
    )
    matrix_rows = [
        MatrixRow(
            row=ElementRef.model_validate(r["row"]),
            cells=[MatrixCell.model_validate(c) for c in r["cells"]],
        )
        for r in found[:limit]
    ]
    columns: dict[str, ElementRef] = {}
    for row in matrix_rows:
        for cell in row.cells:
            columns.setdefault(cell.id, ElementRef.model_validate(cell.model_dump()))
    return TraceMatrix(
        rows_type=rows,
        cols_type=cols,
        direction=direction.value,
        max_depth=max_depth,
        columns=[columns[k] for k in sorted(columns)],
        rows=matrix_rows,
        limit=limit,
        next_cursor=encode_cursor(matrix_rows[-1].row.id) if len(found) > limit else None,
    )


#: Between the id, code and name in a column's heading.
HEADING_SEPARATOR = " | "


def column_heading(element: ElementRef) -> str:
    """A column's heading in the CSV: its id, code and name (`out1 | OUT1 | Workshops`; the
    code is left out when there is none), so a reader sees names and a program still finds
    the id before the first separator."""
    parts = [element.id, element.code, element.name]
    return HEADING_SEPARATOR.join(part for part in parts if part)


def matrix_csv(matrix: TraceMatrix) -> str:
    """The matrix as a CSV grid: one line per row element (its id, code and name), one
    column per column element (headed by `column_heading`), cells holding the path length or
    empty when not connected. Text that a spreadsheet would run as a formula is neutralised
    (`app/core/spreadsheet.py`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; quotes a lone CR
    headings = (neutralise(column_heading(c)) for c in matrix.columns)
    writer.writerow(["row_id", "row_code", "row_name", *headings])
    for row in matrix.rows:
        lengths = {c.id: c.path_length for c in row.cells}
        writer.writerow(
            [
                neutralise(row.row.id),
                neutralise(row.row.code or ""),
                neutralise(row.row.name or ""),
                *(lengths.get(c.id, "") for c in matrix.columns),
            ]
        )
    return out.getvalue()
