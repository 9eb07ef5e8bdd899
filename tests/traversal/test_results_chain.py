from __future__ import annotations

import re

import pytest

from app.core.errors import BadRequest
from app.db import cypher
from app.traversal.results_chain import (
    BOTTOM_TYPE,
    CHAIN_TYPES,
    MAX_DEPTH,
    TOP_TYPE,
    check_chain_type,
    check_depth,
)


def test_chain_runs_from_vision_to_cost_objects() -> None:
    assert CHAIN_TYPES == (
        "Vision",
        "Mission",
        "Goal",
        "ThematicPriority",
        "Outcome",
        "Output",
        "CostObject",
    )
    assert (TOP_TYPE, BOTTOM_TYPE) == ("Mission", "CostObject")


def test_query_files_bound_their_paths_by_max_depth() -> None:
    """Cypher takes no parameter as a path bound: the files write MAX_DEPTH literally
    (and filter on `$max_depth`); only the outcome breakdown has its own bound, 8."""
    bounds = {
        q.name: {int(b) for b in re.findall(r"\)\{[01],(\d+)\}", q.text)}
        for q in cypher.catalogue("queries")
    }
    assert bounds["queries/trace_up"] == {MAX_DEPTH}
    assert bounds["queries/outputs_serving_priority"] == {8}
    assert set().union(*bounds.values()) == {MAX_DEPTH, 8}


@pytest.mark.parametrize("depth", [0, MAX_DEPTH + 1])
def test_depth_out_of_range_is_refused(depth: int) -> None:
    with pytest.raises(BadRequest, match="max_depth"):
        check_depth(depth)


def test_depth_in_range_is_kept() -> None:
    assert check_depth(MAX_DEPTH) == MAX_DEPTH


def test_types_off_the_chain_are_refused_naming_the_allowed_ones() -> None:
    with pytest.raises(BadRequest) as off:
        check_chain_type("Risk", "rows")
    assert "off the results chain" in off.value.detail
    assert off.value.extra["allowed"] == list(CHAIN_TYPES)
    with pytest.raises(BadRequest, match="not an element type"):
        check_chain_type("Nonsense", "cols")
