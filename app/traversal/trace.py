"""Every path from an element up to the mission, or down to cost objects, and as a tree."""

from __future__ import annotations

from typing import Any

from app.db.graph import Graph
from app.elements.paging import check_limit
from app.elements.references import resolve_ref
from app.elements.schemas import ElementRef
from app.traversal.results_chain import DEFAULT_DEPTH, Direction, check_depth
from app.traversal.schemas import Trace, TraceNode, TracePath

DEFAULT_PATHS = 500
MAX_PATHS = 5000

_QUERY = {Direction.up: "queries/trace_up", Direction.down: "queries/trace_down"}


def trace_paths(
    graph: Graph, element_id: str, direction: Direction, max_depth: int, limit: int
) -> tuple[list[TracePath], bool]:
    """(the paths sorted by length then ids, whether more than `limit` exist)."""
    rows = graph.read(_QUERY[direction], id=element_id, max_depth=max_depth, limit=limit + 1)
    seen: dict[str, ElementRef] = {}  # a node on many paths is validated once
    paths = [_path(row, seen) for row in rows]
    paths.sort(key=lambda p: (p.length, [n.id for n in p.nodes], p.relationships))
    return paths[:limit], len(rows) > limit


def _path(row: dict[str, Any], seen: dict[str, ElementRef]) -> TracePath:
    nodes = [seen.get(n["id"]) or seen.setdefault(n["id"], _ref(n)) for n in row["nodes"]]
    return TracePath(
        nodes=nodes,
        relationships=row["relationships"],
        bases=row.get("bases") or ["stated"] * len(row["relationships"]),
        length=len(nodes) - 1,
    )


def _ref(node: dict[str, Any]) -> ElementRef:
    return ElementRef.model_validate(node)


def paths_as_tree(start: ElementRef, paths: list[TracePath]) -> TraceNode:
    """Merge paths sharing a prefix: each tree node's children are its distinct next steps."""
    root = TraceNode(element=start)
    for path in paths:
        node = root
        bases = path.bases or ["stated"] * len(path.relationships)
        steps = zip(path.relationships, bases, path.nodes[1:], strict=True)
        for relationship, basis, element in steps:
            child = next(
                (
                    c
                    for c in node.children
                    if c.element.id == element.id and c.relationship == relationship
                ),
                None,
            )
            if child is None:
                child = TraceNode(element=element, relationship=relationship, basis=basis)
                node.children.append(child)
            node = child
    return root


def trace(
    graph: Graph,
    ref: str,
    direction: Direction | str,
    max_depth: int = DEFAULT_DEPTH,
    limit: int = DEFAULT_PATHS,
    plan: str | None = None,
) -> Trace:
    """Paths from the element `ref` names (within `plan`) up to the mission or down to
    cost objects."""
    direction = Direction(direction)
    check_depth(max_depth)
    check_limit(limit, MAX_PATHS)
    start = ElementRef.model_validate(resolve_ref(graph, ref, plan=plan))
    paths, truncated = trace_paths(graph, start.id, direction, max_depth, limit)
    reached = {p.nodes[-1].id: p.nodes[-1] for p in paths}
    return Trace(
        start=start,
        direction=direction.value,
        max_depth=max_depth,
        paths=paths,
        tree=paths_as_tree(start, paths),
        reached=[reached[k] for k in sorted(reached)],
        truncated=truncated,
    )


def trace_up(graph: Graph, ref: str, max_depth: int = DEFAULT_DEPTH) -> Trace:
    return trace(graph, ref, Direction.up, max_depth)


def trace_down(graph: Graph, ref: str, max_depth: int = DEFAULT_DEPTH) -> Trace:
    return trace(graph, ref, Direction.down, max_depth)
