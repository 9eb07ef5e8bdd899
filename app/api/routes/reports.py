"""Reports written from the graph: the linkage report."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response

from app.api.deps import GraphDep
from app.reports.linkage import ReportFormat, linkage_report

router = APIRouter(tags=["reports"])

MEDIA_TYPES = {ReportFormat.markdown: "text/markdown", ReportFormat.html: "text/html"}


@router.get(
    "/reports/linkage",
    summary="The linkage report (narrative text from the graph)",
    description="Prose walking mission, goals, thematic priorities, outcomes, outputs and cost "
    "objects with budget totals where known, each element's source, and the open gaps of "
    "each section.",
    response_class=Response,
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
)
def get_linkage_report(
    graph: GraphDep,
    format: ReportFormat = Query(ReportFormat.markdown, description="markdown or html."),
) -> Response:
    text = linkage_report(graph, format)
    return Response(content=text, media_type=f"{MEDIA_TYPES[format]}; charset=utf-8")
