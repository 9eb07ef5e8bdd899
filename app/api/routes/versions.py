"""Plan versions: baselines (named snapshots), the diff of two versions, the cycle diff."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from app.api.auth import EditorDep
from app.api.deps import GraphDep
from app.api.listing import paging_headers, set_paging_headers
from app.bundles import exporter
from app.core.errors import Forbidden
from app.reports.rendering import MEDIA_TYPES, ReportFormat
from app.versions import baselines
from app.versions.committee import render_diff
from app.versions.cycles import DEFAULT_ENTRIES, MAX_ENTRIES, cycle_diff
from app.versions.diff import DEFAULT_CHANGES, MAX_CHANGES, diff
from app.versions.schemas import Baseline, BaselineList, BaselineRequest, CycleDiff, Diff

router = APIRouter(tags=["versions"])

BASELINE_EXAMPLE = {
    "name": "council-2026-11",
    "note": "as sent to the council",
    "created_by": "eve",
    "created_at": "2026-11-30T20:00:00+00:00",
    "elements": 48,
    "links": 61,
    "open_findings": 12,
    "bytes": 9120,
}
NAME = Path(
    description="The baseline's name.",
    openapi_examples={"baseline": {"value": "council-2026-11"}},
)


@router.post(
    "/baselines",
    name="create_baseline",
    status_code=201,
    response_model=Baseline,
    summary="Take a baseline: an immutable, named snapshot of the whole plan graph",
    description="Editor or admin key. The snapshot (every element, link and property, and "
    "the gap findings of the moment) is stored in Neo4j; who and when are recorded. 409 "
    "when the name is taken.",
)
async def create_baseline_route(
    body: BaselineRequest, graph: GraphDep, caller: EditorDep
) -> Baseline:
    return await run_in_threadpool(
        baselines.create_baseline, graph, body.name, body.note, caller.name
    )


@router.get(
    "/baselines",
    name="list_baselines",
    response_model=BaselineList,
    summary="The baselines, newest first",
    description="Each with its name, note, who took it and when, and its size.",
    responses={
        200: {
            "content": {
                "application/json": {
                    "example": {"items": [BASELINE_EXAMPLE], "next_cursor": None, "total": 1}
                }
            }
        }
    },
)
def list_baselines_route(graph: GraphDep, request: Request, response: Response) -> BaselineList:
    page = BaselineList(items=baselines.list_baselines(graph))
    set_paging_headers(response, request, page)
    return page


@router.get(
    "/baselines/{name}",
    name="get_baseline",
    response_model=Baseline,
    summary="One baseline",
    description="Who took it, when and why, and its size. 404 names the baselines there are.",
    responses={200: {"content": {"application/json": {"example": BASELINE_EXAMPLE}}}},
)
def get_baseline_route(graph: GraphDep, name: str = NAME) -> Baseline:
    return baselines.get_baseline(graph, name)


@router.get(
    "/baselines/{name}/export",
    name="export_baseline",
    summary="The plan bundle as it was when the baseline was taken",
    description="The same bundle `GET /api/v1/export` gave at that moment, in any of its formats.",
    response_class=Response,
    responses={200: {"content": {m: {} for m in exporter.MEDIA_TYPES.values()}}},
)
def export_baseline_route(
    graph: GraphDep,
    name: str = NAME,
    format: Literal["json", "yaml", "csv", "graphml"] = Query(
        "json", description="json | yaml | csv (a zip of elements.csv and links.csv) | graphml"
    ),
) -> Response:
    content = exporter.render(baselines.baseline_bundle(graph, name), format)
    return Response(
        content,
        media_type=exporter.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{exporter.FILE_NAMES[format]}"'},
    )


@router.delete(
    "/baselines/{name}",
    name="delete_baseline",
    status_code=204,
    summary="Delete a baseline (admin key)",
    description="Baselines are never changed; an admin may delete one (with its snapshot).",
)
def delete_baseline_route(graph: GraphDep, caller: EditorDep, name: str = NAME) -> Response:
    if not caller.is_admin:
        raise Forbidden(
            f"The key '{caller.name}' has the {caller.role} role; deleting a baseline needs "
            "the admin role.",
            hint="Ask an admin; baselines are the record of what a plan was.",
        )
    baselines.delete_baseline(graph, name)
    return Response(status_code=204)


@router.get(
    "/diff",
    name="get_diff",
    response_model=Diff,
    summary="What changed between two versions of the plan, and what the change does",
    description="`from` and `to` are each `current` (the graph now) or a baseline's name. "
    "Elements and links added, removed and changed (field by field), elements moved in the "
    "chain; gap findings that appear and are resolved (a baseline's are those found when it "
    "was taken); budget per goal and per priority before and after; indicators and "
    "mandates that lost their path to the mission. The changes are paged (`limit`, "
    "`cursor`; `X-Next-Cursor`, `Link`); `format=markdown` or `html` renders the page for "
    "a committee.",
    responses={200: {"content": {MEDIA_TYPES[ReportFormat.markdown]: {}, "text/html": {}}}},
)
def diff_route(
    request: Request,
    response: Response,
    graph: GraphDep,
    from_: str = Query(
        ...,
        alias="from",
        description="`current` or a baseline's name.",
        openapi_examples={"baseline": {"value": "council-2026-11"}},
    ),
    to: str = Query("current", description="`current` or a baseline's name."),
    format: Literal["json", "markdown", "html"] = Query("json"),
    limit: int = Query(DEFAULT_CHANGES, description=f"Most changes a page, 1 to {MAX_CHANGES}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> Diff | Response:
    found = diff(graph, from_, to, limit, cursor)
    headers = paging_headers(request, found)
    if format == "json":
        set_paging_headers(response, request, found)
        return found
    fmt = ReportFormat(format)
    return Response(render_diff(found, fmt), media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get(
    "/diff/cycles",
    name="get_cycle_diff",
    response_model=CycleDiff,
    summary="The crosswalk between two planning cycles",
    description="`from` is the earlier plan, `to` the later one (id, code or name). For each "
    "element of the earlier plan, what it became (its successors through SUCCEEDS, and the "
    "kind: continues, renames, merges, splits), or `dropped` with what it served and what "
    "funded it; then the later plan's elements with no predecessor (`new`). Paged "
    "(`limit`, `cursor`).",
)
def cycle_diff_route(
    request: Request,
    response: Response,
    graph: GraphDep,
    from_: str = Query(
        ...,
        alias="from",
        description="The earlier plan: id, code or name.",
        openapi_examples={"plan": {"value": "itu-plan-sp-2024-2027"}},
    ),
    to: str = Query(..., description="The later plan: id, code or name."),
    limit: int = Query(DEFAULT_ENTRIES, description=f"Most entries a page, 1 to {MAX_ENTRIES}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> CycleDiff:
    found = cycle_diff(graph, from_, to, limit, cursor)
    set_paging_headers(response, request, found)
    return found
