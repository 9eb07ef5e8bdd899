"""Reports written from the graph: the linkage report."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import GraphDep
from app.reports.rendering import MEDIA_TYPES, ReportFormat, linkage_report

router = APIRouter(tags=["reports"])


@router.get(
    "/reports/linkage",
    summary="The linkage report of one or more plans (Markdown, HTML or PDF)",
    description="The document a planning committee is handed: an executive summary "
    "(what the plans hold, budget traced to the mission, open findings by severity and the "
    "three that matter most), budget by goal and by priority (from the same roll-up as "
    "`/budget`), the priority x output matrix, findings by check, a results-chain diagram, "
    "and prose linking every element with its source. One chapter per plan; large levels "
    "are summarised and link to the explorer.",
    response_class=Response,
    responses={
        200: {"content": {"text/markdown": {}, "text/html": {}, "application/pdf": {}}},
    },
)
def get_linkage_report(
    request: Request,
    graph: GraphDep,
    format: ReportFormat = Query(ReportFormat.markdown, description="markdown, html or pdf."),
    plan: list[str] = Query(
        default_factory=list,
        description="A plan (id, code or name); repeat for several. Default: every plan.",
    ),
) -> Response:
    content = linkage_report(graph, format, plan, base_url=str(request.base_url))
    return Response(content=content, media_type=MEDIA_TYPES[format])
