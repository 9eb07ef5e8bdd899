"""Traversals: outputs serving a priority, traces, impact, trace matrix, budget, graph."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import GraphDep
from app.api.routes.elements import PROBLEMS, REF_DOC
from app.traversal.budget import BUDGET_LEVELS, DEFAULT_FIGURES, MAX_FIGURES, budget_rollup
from app.traversal.cytoscape import (
    DEFAULT_GRAPH_DEPTH,
    DEFAULT_NODES,
    MAX_GRAPH_DEPTH,
    MAX_NODES,
    graph_view,
)
from app.traversal.impact import DEFAULT_AFFECTED, MAX_AFFECTED, impact_of_removal
from app.traversal.matrix import DEFAULT_ROWS, MAX_ROWS, matrix_csv, trace_matrix
from app.traversal.outputs import DEFAULT_OUTPUTS, MAX_OUTPUTS, outputs_serving
from app.traversal.results_chain import CHAIN_TYPES, DEFAULT_DEPTH, MAX_DEPTH, Direction
from app.traversal.schemas import (
    BudgetRollup,
    CytoscapeGraph,
    Impact,
    OutputsServing,
    Trace,
    TraceMatrix,
)
from app.traversal.trace import DEFAULT_PATHS, MAX_PATHS, trace

router = APIRouter(tags=["traversal"])

_DEPTH_DOC = f"Longest path followed, in links (1 to {MAX_DEPTH})."


@router.get(
    "/priorities/{ref}/outputs",
    response_model=OutputsServing,
    summary="The outputs that serve a thematic priority",
    description="Each output with the outcome(s) it serves the priority through (also via "
    "sub-outcomes), its cost objects and its funded amount (null and `unknown` when no "
    "amount is known). " + REF_DOC,
    responses=PROBLEMS,
)
def get_outputs_serving(
    graph: GraphDep,
    ref: str,
    limit: int = Query(DEFAULT_OUTPUTS, description=f"Page size, 1 to {MAX_OUTPUTS}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> OutputsServing:
    return outputs_serving(graph, ref, limit=limit, cursor=cursor)


@router.get(
    "/elements/{ref}/trace",
    response_model=Trace,
    summary="Every path up to the mission or down to cost objects",
    description="Paths (nodes and relationship types) and the same as a tree. " + REF_DOC,
    responses=PROBLEMS,
)
def get_trace(
    graph: GraphDep,
    ref: str,
    direction: Direction = Query(
        Direction.up, description="`up` (mission) or `down` (cost objects)."
    ),
    max_depth: int = Query(DEFAULT_DEPTH, description=_DEPTH_DOC),
    limit: int = Query(DEFAULT_PATHS, description=f"Most paths, 1 to {MAX_PATHS}."),
) -> Trace:
    return trace(graph, ref, direction, max_depth=max_depth, limit=limit)


@router.get(
    "/elements/{ref}/impact",
    response_model=Impact,
    summary="What removing an element would cut",
    description="Elements that would lose every path of support (to the mission) or funding "
    "(to a cost object), those that keep one through an alternative, and the single points "
    "of failure on the element's chains. " + REF_DOC,
    responses=PROBLEMS,
)
def get_impact(
    graph: GraphDep,
    ref: str,
    max_depth: int = Query(DEFAULT_DEPTH, description=_DEPTH_DOC),
    limit: int = Query(
        DEFAULT_AFFECTED, description=f"Most elements each way, 1 to {MAX_AFFECTED}."
    ),
) -> Impact:
    return impact_of_removal(graph, ref, max_depth=max_depth, limit=limit)


_CSV_EXAMPLE = (
    "row_id,row_code,row_name,itu-t-output-inr\nitu-tp-2,TP#2,International numbering resources,2\n"
)


@router.get(
    "/matrix",
    response_model=TraceMatrix,
    summary="Trace matrix between two element types, with path lengths",
    description="JSON, or a CSV grid with `Accept: text/csv` (the next page's cursor is then "
    "in the `X-Next-Cursor` header). Types allowed: " + ", ".join(CHAIN_TYPES) + ".",
    responses={
        200: {"content": {"text/csv": {"example": _CSV_EXAMPLE}}},
        400: PROBLEMS[400],
    },
)
def get_matrix(
    request: Request,
    graph: GraphDep,
    rows: str = Query(..., description="Row element type, e.g. `ThematicPriority`."),
    cols: str = Query(..., description="Column element type, e.g. `Output`."),
    max_depth: int = Query(DEFAULT_DEPTH, description=_DEPTH_DOC),
    limit: int = Query(DEFAULT_ROWS, description=f"Rows per page, 1 to {MAX_ROWS}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> TraceMatrix | Response:
    matrix = trace_matrix(graph, rows, cols, max_depth=max_depth, limit=limit, cursor=cursor)
    if "text/csv" in request.headers.get("accept", ""):
        headers = {"X-Next-Cursor": matrix.next_cursor} if matrix.next_cursor else None
        return Response(matrix_csv(matrix), media_type="text/csv", headers=headers)
    return matrix


@router.get(
    "/budget",
    response_model=BudgetRollup,
    summary="Bottom-up budget roll-up, reconciled with the cost objects",
    description="The budget entering each element of the level from below, without double "
    "counting: declared `share`s are honoured, else even splits; each figure says which "
    "methods it used. Levels: " + ", ".join(BUDGET_LEVELS) + ".",
    responses={400: PROBLEMS[400]},
)
def get_budget(
    graph: GraphDep,
    by: str = Query("Goal", description="Level: " + " | ".join(BUDGET_LEVELS) + "."),
    limit: int = Query(DEFAULT_FIGURES, description=f"Figures per page, 1 to {MAX_FIGURES}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> BudgetRollup:
    return budget_rollup(graph, by, limit=limit, cursor=cursor)


@router.get(
    "/graph",
    response_model=CytoscapeGraph,
    summary="Nodes and edges for dashboards (Cytoscape.js elements format)",
    responses=PROBLEMS,
)
def get_graph(
    graph: GraphDep,
    root: str | None = Query(
        None, description="Start element; without it, all elements of `types`."
    ),
    depth: int = Query(
        DEFAULT_GRAPH_DEPTH, description=f"Links from the root, 0 to {MAX_GRAPH_DEPTH}."
    ),
    types: list[str] | None = Query(
        None, description="Element types to include (repeat or comma-separate)."
    ),
    limit: int = Query(DEFAULT_NODES, description=f"Most nodes, 1 to {MAX_NODES}."),
) -> CytoscapeGraph:
    return graph_view(graph, root=root, depth=depth, types=types, limit=limit)
