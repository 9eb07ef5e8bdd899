"""Nodes and edges for dashboards, in the Cytoscape.js elements format."""

from __future__ import annotations

from collections.abc import Sequence

from app.core.errors import BadRequest
from app.db.graph import Graph
from app.elements.listing import check_element_type
from app.elements.paging import check_limit
from app.elements.references import resolve_ref
from app.elements.schemas import ElementRef
from app.traversal.results_chain import CHAIN_TYPES
from app.traversal.schemas import (
    CyEdge,
    CyEdgeData,
    CyElements,
    CyNode,
    CyNodeData,
    CytoscapeGraph,
)

DEFAULT_GRAPH_DEPTH = 2
MAX_GRAPH_DEPTH = 4
DEFAULT_NODES = 500
MAX_NODES = 5000


def parse_types(types: Sequence[str] | None) -> list[str] | None:
    """Element type names from repeated and/or comma-separated values, each checked."""
    if not types:
        return None
    names = [t.strip() for value in types for t in value.split(",") if t.strip()]
    return [check_element_type(name, "types") for name in names] or None


def _node(element: ElementRef) -> CyNode:
    label = element.code or element.name or element.id
    return CyNode(
        data=CyNodeData(
            id=element.id, label=label, type=element.type, code=element.code, name=element.name
        ),
        classes=element.type,
    )


def graph_view(
    graph: Graph,
    root: str | None = None,
    depth: int = DEFAULT_GRAPH_DEPTH,
    types: Sequence[str] | None = None,
    limit: int = DEFAULT_NODES,
    plan: str | None = None,
) -> CytoscapeGraph:
    """With `root`: the elements within `depth` links of it (either way), of `types` if
    given. Without: the elements of `types` (default: the results chain's types). Then
    every link among the chosen elements. One query per depth step plus one for links."""
    check_limit(limit, MAX_NODES)
    if not 0 <= depth <= MAX_GRAPH_DEPTH:
        raise BadRequest(f"depth must be between 0 and {MAX_GRAPH_DEPTH}; got {depth}.")
    wanted = parse_types(types)
    chosen: dict[str, ElementRef] = {}
    truncated = False
    start: ElementRef | None = None
    if root:
        start = ElementRef.model_validate(resolve_ref(graph, root, plan=plan))
        chosen[start.id] = start
        frontier = [start.id]
        for _ in range(depth):
            room = limit - len(chosen)
            if not frontier or room <= 0:
                break
            rows = graph.read(
                "queries/graph_neighbours", ids=frontier, types=wanted, limit=room + len(chosen) + 1
            )
            fresh = [ElementRef.model_validate(r["element"]) for r in rows]
            fresh = [e for e in fresh if e.id not in chosen]
            if len(fresh) > room:
                fresh, truncated = fresh[:room], True
            for element in fresh:
                chosen[element.id] = element
            frontier = [e.id for e in fresh]
    else:
        rows = graph.read(
            "queries/graph_elements_of_types", types=wanted or list(CHAIN_TYPES), limit=limit + 1
        )
        truncated = len(rows) > limit
        for r in rows[:limit]:
            element = ElementRef.model_validate(r["element"])
            chosen[element.id] = element
    ids = sorted(chosen)
    links = graph.read("queries/graph_links_among", ids=ids) if ids else []
    edges = [
        CyEdge(
            data=CyEdgeData(
                id=f"{lk['source']}|{lk['relationship']}|{lk['target']}",
                source=lk["source"],
                target=lk["target"],
                label=lk["relationship"],
                share=lk["share"],
            ),
            classes=lk["relationship"],
        )
        for lk in links
    ]
    return CytoscapeGraph(
        elements=CyElements(nodes=[_node(chosen[i]) for i in ids], edges=edges),
        root=start,
        depth=depth if root else None,
        truncated=truncated,
    )
