"""What is loaded: the explorer's overview figures, for dashboards too."""

from __future__ import annotations

from fastapi import APIRouter

from app.api.deps import GraphDep
from app.web.overview import Overview, overview

router = APIRouter(tags=["overview"])


@router.get(
    "/overview",
    response_model=Overview,
    summary="What is loaded: elements per type, links and plans",
    description="Counts per element type (from the type index, cheap at any size), the "
    "number of relationships and the first plans. Findings and budget have their own "
    "endpoints (`/gaps`, `/budget`).",
)
def get_overview(graph: GraphDep) -> Overview:
    return overview(graph)
