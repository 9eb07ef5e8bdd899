"""Performance over HTTP: results CSV import, an indicator's periods with status and why,
and the status roll-up by level."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.api.auth import EditorDep
from app.api.deps import GraphDep, SettingsDep
from app.api.listing import page_of, set_paging_headers
from app.api.routes.bundles import request_sources
from app.api.routes.elements import PLAN_DOC
from app.bundles.import_report import ImportReport
from app.bundles.importer import ImportOptions
from app.performance.results_csv import REQUIRED_COLUMNS, import_results
from app.performance.schemas import IndicatorPerformance, PerformanceNode, PerformanceReport
from app.performance.service import (
    MAX_DEPTH,
    PerformanceOptions,
    indicator_performance,
    performance,
)

router = APIRouter(tags=["performance"])

AS_OF = Query(
    None,
    description="Read statuses as of this date (YYYY-MM-DD); default today.",
    openapi_examples={"end of 2025": {"value": "2025-12-31"}},
)


@router.post(
    "/results",
    summary="Import a results CSV (targets and actuals per period); all or nothing",
    response_model=ImportReport,
    openapi_extra={
        "requestBody": {
            "content": {
                "text/csv": {
                    "schema": {"type": "string"},
                    "example": ",".join(REQUIRED_COLUMNS)
                    + "\nind-1,2024-01-01,2024-12-31,target,120,,,\n",
                },
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            }
                        },
                    }
                },
            }
        }
    },
)
async def import_results_route(
    request: Request,
    graph: GraphDep,
    settings: SettingsDep,
    caller: EditorDep,
    dry_run: bool = Query(False, description="Validate and compare only; write nothing."),
) -> ImportReport:
    """Targets and actuals per period from a results CSV (raw `text/csv` body or multipart
    files): `indicator, period_start, period_end, kind, value, dimension, dimension_value,
    comment` (and `status` for qualitative indicators). Validated like a bundle import: a
    422 problem lists every bad row, and nothing is written unless all of it is valid."""
    sources = await request_sources(request, settings.max_import_bytes)
    options = ImportOptions.from_settings(settings, who=caller.name, dry_run=dry_run, via="results")
    return await run_in_threadpool(import_results, graph, sources, options)


@router.get(
    "/indicators/{ref}",
    response_model=IndicatorPerformance,
    summary="An indicator's periods, targets and actuals, status and why",
)
def indicator_route(
    ref: str,
    graph: GraphDep,
    settings: SettingsDep,
    as_of: str | None = AS_OF,
    plan: str | None = Query(None, description=PLAN_DOC),
) -> IndicatorPerformance:
    """The indicator (by id, code, alias or name) with its measure, direction and
    aggregation, every period with its targets and actuals (disaggregations too), each
    period's status and why, and its status as of `as_of` (its latest ended period's)."""
    options = PerformanceOptions.from_settings(settings)
    return indicator_performance(graph, ref, as_of, options, plan=plan)


#: Most elements a page (`limit`); without `limit`, the whole level comes in one answer.
MAX_NODES = 10_000


def node_order(node: PerformanceNode) -> str:
    """The level's order (code, then id) as one string for the cursor."""
    return f"{node.code or ''}\x00{node.id}"


@router.get(
    "/performance",
    response_model=PerformanceReport,
    summary="Status of every goal, thematic priority or outcome, rolled up, with why",
)
def performance_route(
    request: Request,
    response: Response,
    graph: GraphDep,
    settings: SettingsDep,
    by: Literal["Goal", "ThematicPriority", "Outcome"] = Query(
        "Goal", description="The level: Goal, ThematicPriority or Outcome."
    ),
    as_of: str | None = AS_OF,
    plan: str | None = Query(
        None,
        description="Only the level's elements this plan (id, code or name) CONTAINS; "
        "default every plan's.",
    ),
    depth: int = Query(
        1, ge=0, le=MAX_DEPTH, description="Levels of children to include (to indicators)."
    ),
    limit: int | None = Query(
        None, description=f"Elements per page, 1 to {MAX_NODES}; without it, the whole level."
    ),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> PerformanceReport:
    """Every element of the level with its rolled-up status and why: outcomes from their
    indicators, priorities from their outcomes, goals from their priorities (green 1,
    amber 0.5, red 0, weighted equally or by budget; grey children listed as missing).
    With `plan`, only the elements of the level that plan contains."""
    options = PerformanceOptions.from_settings(settings)
    whole = performance(graph, by, as_of, options, depth, plan=plan)
    report = page_of(whole, lambda _: True, limit, cursor, node_order, MAX_NODES)
    set_paging_headers(response, request, report)
    return report
