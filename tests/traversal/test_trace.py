from __future__ import annotations

import pytest

from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph
from app.traversal.results_chain import Direction
from app.traversal.schemas import TraceNode
from app.traversal.trace import trace, trace_down, trace_up


def ids(trace_result: object) -> list[list[str]]:
    return [[n.id for n in p.nodes] for p in trace_result.paths]  # type: ignore[attr-defined]


def leaves(node: TraceNode) -> int:
    return 1 if not node.children else sum(leaves(c) for c in node.children)


def test_a_shared_output_reaches_the_mission_by_every_route(diamonds: Graph) -> None:
    result = trace_up(diamonds, "out1")
    assert ids(result) == [
        ["out1", "oc1", "tp1", "g1", "m"],
        ["out1", "oc1", "tp2", "g1", "m"],
        ["out1", "oc1", "tp2", "g2", "m"],
        ["out1", "oc2", "tp2", "g1", "m"],
        ["out1", "oc2", "tp2", "g2", "m"],
    ]
    assert result.paths[0].relationships == [
        "DELIVERED_BY",
        "HAS_OUTCOME",
        "HAS_PRIORITY",
        "HAS_GOAL",
    ]
    assert [e.id for e in result.reached] == ["m"]
    assert not result.truncated


def test_the_tree_merges_shared_prefixes(diamonds: Graph) -> None:
    result = trace_up(diamonds, "out1")
    assert [c.element.id for c in result.tree.children] == ["oc1", "oc2"]
    oc1 = result.tree.children[0]
    assert oc1.relationship == "DELIVERED_BY"
    assert [c.element.id for c in oc1.children] == ["tp1", "tp2"]
    assert leaves(result.tree) == len(result.paths) == 5


def test_a_sub_outcome_traces_up_through_the_outcome_it_breaks_down(diamonds: Graph) -> None:
    result = trace_up(diamonds, "out2")
    assert ids(result) == [
        ["out2", "oc2a", "oc2", "tp2", "g1", "m"],
        ["out2", "oc2a", "oc2", "tp2", "g2", "m"],
    ]
    assert result.paths[0].relationships[:2] == ["DELIVERED_BY", "PART_OF"]


def test_trace_down_from_the_mission_reaches_every_funded_cost_object(diamonds: Graph) -> None:
    result = trace_down(diamonds, "m")
    assert len(result.paths) == 12
    assert [e.id for e in result.reached] == ["co1", "co2", "co3"]
    assert all(p.nodes[-1].type == "CostObject" for p in result.paths)
    assert ["m", "g2", "tp2", "oc2", "oc2a", "out2", "co3"] in ids(result)


def test_an_element_that_reaches_nothing_has_no_paths(diamonds: Graph) -> None:
    for direction in Direction:
        result = trace(diamonds, "lonely", direction)
        assert result.paths == [] and result.reached == []
        assert result.tree.children == []


def test_an_output_serving_no_outcome_reaches_funding_but_not_the_mission(
    diamonds: Graph,
) -> None:
    assert trace_up(diamonds, "orphan").paths == []
    assert ids(trace_down(diamonds, "orphan")) == [["orphan", "co4"]]


def test_max_depth_bounds_the_paths(diamonds: Graph) -> None:
    assert trace(diamonds, "out1", "up", max_depth=3).paths == []
    assert len(trace(diamonds, "out1", "up", max_depth=4).paths) == 5


def test_limit_truncates_and_says_so(diamonds: Graph) -> None:
    result = trace(diamonds, "m", "down", limit=3)
    assert len(result.paths) == 3
    assert result.truncated


def test_bad_depth_and_unknown_reference_are_refused(diamonds: Graph) -> None:
    with pytest.raises(BadRequest):
        trace(diamonds, "out1", "up", max_depth=99)
    with pytest.raises(NotFound):
        trace(diamonds, "no such thing", "up")
