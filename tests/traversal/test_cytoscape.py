from __future__ import annotations

import pytest

from app.core.errors import BadRequest
from app.db.graph import Graph
from app.traversal.cytoscape import graph_view


def test_neighbourhood_of_a_root_in_cytoscape_format(diamonds: Graph) -> None:
    view = graph_view(diamonds, root="TP#2", depth=1)
    assert view.root is not None and view.root.id == "tp2"
    assert [n.data.id for n in view.elements.nodes] == ["g1", "g2", "oc1", "oc2", "tp2"]
    tp2 = next(n for n in view.elements.nodes if n.data.id == "tp2")
    assert (tp2.data.label, tp2.classes) == ("TP#2", "ThematicPriority")
    edges = {(e.data.source, e.data.label, e.data.target) for e in view.elements.edges}
    assert edges == {
        ("g1", "HAS_PRIORITY", "tp2"),
        ("g2", "HAS_PRIORITY", "tp2"),
        ("tp2", "HAS_OUTCOME", "oc1"),
        ("tp2", "HAS_OUTCOME", "oc2"),
    }
    assert not view.truncated


def test_depth_two_and_a_type_filter(diamonds: Graph) -> None:
    # out2 is three links from tp2 (via oc2 and its sub-outcome oc2a): beyond depth 2
    view = graph_view(diamonds, root="tp2", depth=2, types=["Outcome,Output"])
    assert [n.data.id for n in view.elements.nodes] == [
        "oc1",
        "oc2",
        "oc2a",
        "out1",
        "out3",
        "tp2",
    ]
    shares = {(e.data.source, e.data.target): e.data.share for e in view.elements.edges}
    assert shares[("oc1", "out1")] == 0.25


def test_without_root_the_elements_of_the_types(diamonds: Graph) -> None:
    view = graph_view(diamonds, types=["Goal", "Mission"])
    assert [n.data.id for n in view.elements.nodes] == ["g1", "g2", "m"]
    assert len(view.elements.edges) == 2 and view.root is None


def test_limit_truncates(diamonds: Graph) -> None:
    view = graph_view(diamonds, root="m", depth=4, limit=4)
    assert len(view.elements.nodes) == 4 and view.truncated


def test_unknown_types_and_depths_are_refused(diamonds: Graph) -> None:
    with pytest.raises(BadRequest, match="not an element type"):
        graph_view(diamonds, types=["Goals"])
    with pytest.raises(BadRequest, match="depth"):
        graph_view(diamonds, root="m", depth=9)
