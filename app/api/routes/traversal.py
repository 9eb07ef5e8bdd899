"""Traversals: outputs serving a priority, traces, impact, trace matrix, budget, graph."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import GraphDep
from app.api.listing import (
    ListFormat,
    csv_openapi,
    csv_response,
    negotiate,
    paging_headers,
    set_paging_headers,
)
from app.api.routes.elements import PLAN_DOC, PROBLEMS, REF_DOC
from app.traversal.budget import (
    BUDGET_LEVELS,
    DEFAULT_FIGURES,
    MAX_FIGURES,
    BudgetSort,
    budget_rollup,
)
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
_LIST_DOC = (
    "`Accept: text/csv` gives the same page as CSV (ids and names); the next page's cursor "
    "is in `X-Next-Cursor` and `Link: rel=next` as well as in the JSON."
)

OUTPUTS_CSV_COLUMNS = (
    "output_id",
    "output_code",
    "output_name",
    "sector",
    "outcome_ids",
    "outcome_names",
    "cost_object_ids",
    "cost_object_names",
    "funded_amount",
    "amount_status",
    "currency",
)
_OUTPUTS_CSV_EXAMPLE = (
    ",".join(OUTPUTS_CSV_COLUMNS) + "\nitu-output-inr,,International numbering resources,"
    "ITU-T,itu-outcome-x,An outcome,itu-t-io-inr,Internal order,,unknown,\n"
)


def outputs_csv_rows(page: OutputsServing) -> list[list[object]]:
    return [
        [
            row.output.id,
            row.output.code,
            row.output.name,
            row.sector,
            [t.outcome.id for t in row.through],
            [t.outcome.name for t in row.through],
            [c.id for c in row.cost_objects],
            [c.name for c in row.cost_objects],
            row.funded_amount,
            row.amount_status,
            row.currency,
        ]
        for row in page.outputs
    ]


BUDGET_CSV_COLUMNS = (
    "id",
    "code",
    "name",
    "type",
    "amount",
    "amount_status",
    "unknown_cost_objects",
    "methods",
)


def budget_csv_rows(rollup: BudgetRollup) -> list[list[object]]:
    return [
        [f.id, f.code, f.name, f.type, f.amount, f.amount_status, f.unknown_cost_objects, f.methods]
        for f in rollup.figures
    ]


_BUDGET_CSV_EXAMPLE = (
    ",".join(BUDGET_CSV_COLUMNS) + "\nitu-goal-1,Goal 1,Universal connectivity,Goal,900.0,known,0,"
    "even-split; whole\n"
)


@router.get(
    "/priorities/{ref}/outputs",
    response_model=OutputsServing,
    summary="The outputs that serve a thematic priority",
    description="Each output with the outcome(s) it serves the priority through (also via "
    "sub-outcomes), its cost objects and its funded amount (null and `unknown` when no "
    "amount is known). " + REF_DOC + " " + _LIST_DOC,
    responses={**PROBLEMS, **csv_openapi(_OUTPUTS_CSV_EXAMPLE)},
)
def get_outputs_serving(
    request: Request,
    response: Response,
    graph: GraphDep,
    ref: str,
    limit: int = Query(DEFAULT_OUTPUTS, description=f"Page size, 1 to {MAX_OUTPUTS}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
    plan: str | None = Query(None, description=PLAN_DOC),
) -> OutputsServing | Response:
    wanted = negotiate(request)
    page = outputs_serving(graph, ref, limit=limit, cursor=cursor, plan=plan)
    if wanted is ListFormat.csv:
        return csv_response(request, OUTPUTS_CSV_COLUMNS, outputs_csv_rows(page), page)
    set_paging_headers(response, request, page)
    return page


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
    plan: str | None = Query(None, description=PLAN_DOC),
) -> Trace:
    return trace(graph, ref, direction, max_depth=max_depth, limit=limit, plan=plan)


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
    plan: str | None = Query(None, description=PLAN_DOC),
) -> Impact:
    return impact_of_removal(graph, ref, max_depth=max_depth, limit=limit, plan=plan)


_CSV_EXAMPLE = (
    "row_id,row_code,row_name,itu-t-output-inr | International numbering resources\n"
    "itu-tp-2,TP#2,International numbering resources,2\n"
)


@router.get(
    "/matrix",
    response_model=TraceMatrix,
    summary="Trace matrix between two element types, with path lengths",
    description="JSON, or a CSV grid with `Accept: text/csv` (rows headed by id, code and "
    "name; columns headed by `id | code | name`, the code left out when absent); the next "
    "page's cursor is in `X-Next-Cursor` and "
    "`Link: rel=next`. Types allowed: " + ", ".join(CHAIN_TYPES) + ".",
    responses={
        200: {"content": {"text/csv": {"example": _CSV_EXAMPLE}}},
        400: PROBLEMS[400],
    },
)
def get_matrix(
    request: Request,
    response: Response,
    graph: GraphDep,
    rows: str = Query(..., description="Row element type, e.g. `ThematicPriority`."),
    cols: str = Query(..., description="Column element type, e.g. `Output`."),
    max_depth: int = Query(DEFAULT_DEPTH, description=_DEPTH_DOC),
    limit: int = Query(DEFAULT_ROWS, description=f"Rows per page, 1 to {MAX_ROWS}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> TraceMatrix | Response:
    wanted = negotiate(request)
    matrix = trace_matrix(graph, rows, cols, max_depth=max_depth, limit=limit, cursor=cursor)
    headers = paging_headers(request, matrix)
    if wanted is ListFormat.csv:
        return Response(matrix_csv(matrix), media_type="text/csv; charset=utf-8", headers=headers)
    response.headers.update(headers)
    return matrix


@router.get(
    "/budget",
    response_model=BudgetRollup,
    summary="Bottom-up budget roll-up, reconciled with the cost objects",
    description="The budget entering each element of the level from below, without double "
    "counting: declared `share`s are honoured, else even splits; each figure says which "
    "methods it used. Levels: " + ", ".join(BUDGET_LEVELS) + ". Figures in id order, or "
    "with `sort=amount` largest amount first (a partly unknown figure by its known part; "
    "unknown amounts last; ties by id). " + _LIST_DOC,
    responses={400: PROBLEMS[400], **csv_openapi(_BUDGET_CSV_EXAMPLE)},
)
def get_budget(
    request: Request,
    response: Response,
    graph: GraphDep,
    by: str = Query("Goal", description="Level: " + " | ".join(BUDGET_LEVELS) + "."),
    sort: BudgetSort = Query(
        BudgetSort.id,
        description="`id` (default): by element id; `amount`: largest amount first, unknown "
        "amounts last, ties by id. A cursor pages on in the order it was issued for.",
    ),
    limit: int = Query(DEFAULT_FIGURES, description=f"Figures per page, 1 to {MAX_FIGURES}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> BudgetRollup | Response:
    wanted = negotiate(request)
    rollup = budget_rollup(graph, by, limit=limit, cursor=cursor, sort=sort)
    if wanted is ListFormat.csv:
        rows = budget_csv_rows(rollup)
        return csv_response(request, BUDGET_CSV_COLUMNS, rows, rollup)
    set_paging_headers(response, request, rollup)
    return rollup


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
    plan: str | None = Query(None, description="The plan `root` is looked up in. " + PLAN_DOC),
) -> CytoscapeGraph:
    return graph_view(graph, root=root, depth=depth, types=types, limit=limit, plan=plan)
