"""What removing an element would cut: support (paths up to the mission) and funding
(paths down to cost objects), what survives through another route, and the single
points of failure on the element's own chains."""

from __future__ import annotations

from typing import Any

from app.db.graph import Graph
from app.elements.paging import check_limit
from app.elements.references import resolve_ref
from app.elements.schemas import ElementRef
from app.traversal.results_chain import DEFAULT_DEPTH, Direction, check_depth
from app.traversal.schemas import Impact, KeptThrough, SinglePointsOfFailure, TracePath
from app.traversal.trace import MAX_PATHS, trace_paths

DEFAULT_AFFECTED = 500
MAX_AFFECTED = 5000


def single_points_of_failure(start_id: str, paths: list[TracePath]) -> list[ElementRef]:
    """Elements other than the start that lie on every one of `paths`, in path order."""
    if not paths:
        return []
    common = set.intersection(*({n.id for n in p.nodes} for p in paths)) - {start_id}
    return [n for n in paths[0].nodes if n.id in common]


def _split(rows: list[dict[str, Any]]) -> tuple[list[ElementRef], list[KeptThrough]]:
    lost: list[ElementRef] = []
    kept: list[KeptThrough] = []
    for row in rows:
        element = ElementRef.model_validate(row["element"])
        if row["alternative"]:
            kept.append(
                KeptThrough(
                    element=element,
                    alternative=[ElementRef.model_validate(n) for n in row["alternative"]["nodes"]],
                    alternative_bases=row["alternative"]["bases"],
                )
            )
        else:
            lost.append(element)
    return lost, kept


def impact_of_removal(
    graph: Graph,
    ref: str,
    max_depth: int = DEFAULT_DEPTH,
    limit: int = DEFAULT_AFFECTED,
    plan: str | None = None,
) -> Impact:
    """If the element `ref` names were removed: who loses support or funding, who keeps it.

    An element below it loses support when every path it had up to the mission ran
    through it; an element above it loses funding when every path it had down to a cost
    object ran through it. Nothing is lost when the element itself had no such path.
    """
    check_depth(max_depth)
    check_limit(limit, MAX_AFFECTED)
    element = ElementRef.model_validate(resolve_ref(graph, ref, plan=plan))
    params = {"id": element.id, "max_depth": max_depth, "limit": limit + 1}
    below = graph.read("queries/impact_lost_support", **params)
    above = graph.read("queries/impact_lost_funding", **params)
    up_paths, up_more = trace_paths(graph, element.id, Direction.up, max_depth, MAX_PATHS)
    down_paths, down_more = trace_paths(graph, element.id, Direction.down, max_depth, MAX_PATHS)
    supported = bool(up_paths)
    funded = bool(down_paths)
    loses_support, keeps_support = _split(below[:limit])
    loses_funding, keeps_funding = _split(above[:limit])
    if not supported:  # nothing below had support through it, so nothing is lost
        loses_support = []
    if not funded:
        loses_funding = []
    return Impact(
        element=element,
        supported=supported,
        funded=funded,
        loses_support=loses_support,
        keeps_support=keeps_support,
        loses_funding=loses_funding,
        keeps_funding=keeps_funding,
        single_points_of_failure=SinglePointsOfFailure(
            support=single_points_of_failure(element.id, up_paths),
            funding=single_points_of_failure(element.id, down_paths),
            complete=not (up_more or down_more),
        ),
        truncated=len(below) > limit or len(above) > limit,
    )
