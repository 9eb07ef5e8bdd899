"""Performance over HTTP: results CSV import, an indicator's periods with status and why,
and the status roll-up by level."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from app.api.auth import EditorDep
from app.api.deps import GraphDep, SettingsDep
from app.api.routes.bundles import request_sources
from app.bundles.import_report import ImportReport
from app.bundles.importer import ImportOptions
from app.performance.results_csv import REQUIRED_COLUMNS, import_results
from app.performance.schemas import IndicatorPerformance, PerformanceReport
from app.performance.service import (
    MAX_DEPTH,
    PerformanceOptions,
    indicator_performance,
    performance,
)

router = APIRouter(tags=["performance"])

AS_OF = Query(None, description="Read statuses as of this date (YYYY-MM-DD); default today.")


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
    sources = await request_sources(request, settings.max_import_bytes)
    options = ImportOptions.from_settings(settings, who=caller.name, dry_run=dry_run, via="results")
    return await run_in_threadpool(import_results, graph, sources, options)


@router.get(
    "/indicators/{ref}",
    response_model=IndicatorPerformance,
    summary="An indicator's periods, targets and actuals, status and why",
)
def indicator_route(
    ref: str, graph: GraphDep, settings: SettingsDep, as_of: str | None = AS_OF
) -> IndicatorPerformance:
    return indicator_performance(graph, ref, as_of, PerformanceOptions.from_settings(settings))


@router.get(
    "/performance",
    response_model=PerformanceReport,
    summary="Status of every goal, thematic priority or outcome, rolled up, with why",
)
def performance_route(
    graph: GraphDep,
    settings: SettingsDep,
    by: Literal["Goal", "ThematicPriority", "Outcome"] = Query(
        "Goal", description="The level: Goal, ThematicPriority or Outcome."
    ),
    as_of: str | None = AS_OF,
    depth: int = Query(
        1, ge=0, le=MAX_DEPTH, description="Levels of children to include (to indicators)."
    ),
) -> PerformanceReport:
    return performance(graph, by, as_of, PerformanceOptions.from_settings(settings), depth)
