from __future__ import annotations

import pytest

from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph
from app.traversal.outputs import outputs_serving
from tests.merge_bundle import write_bundle


def test_outputs_serving_a_priority_with_outcomes_and_funding(diamonds: Graph) -> None:
    result = outputs_serving(diamonds, "TP#2")
    assert result.priority.id == "tp2"
    by_id = {o.output.id: o for o in result.outputs}
    assert list(by_id) == ["out1", "out2", "out3"]

    shared = by_id["out1"]
    assert [(t.outcome.id, t.delivered_through) for t in shared.through] == [
        ("oc1", None),
        ("oc2", None),
    ]
    assert [(c.id, c.weight, c.method) for c in shared.cost_objects] == [("co1", 0.6, "share")]
    assert (shared.funded_amount, shared.amount_status, shared.currency) == (600.0, "known", "CHF")

    via_sub = by_id["out2"]
    assert [
        (t.outcome.id, t.delivered_through and t.delivered_through.id) for t in via_sub.through
    ] == [("oc2", "oc2a")]
    # co1 gives 0.4 x 1000; co3 has no amount: known part 400, partly unknown
    assert (via_sub.funded_amount, via_sub.amount_status) == (400.0, "partly-unknown")
    assert set(result.methods) == {"share", "whole"}


def test_a_priority_not_serving_an_output_does_not_list_it(diamonds: Graph) -> None:
    result = outputs_serving(diamonds, "tp1")
    assert [o.output.id for o in result.outputs] == ["out1", "out3"]


def test_outputs_page_with_a_cursor(diamonds: Graph) -> None:
    first = outputs_serving(diamonds, "TP#2", limit=2)
    assert [o.output.id for o in first.outputs] == ["out1", "out2"]
    assert first.next_cursor
    second = outputs_serving(diamonds, "TP#2", limit=2, cursor=first.next_cursor)
    assert [o.output.id for o in second.outputs] == ["out3"]
    assert second.next_cursor is None


def test_a_name_shared_with_an_output_resolves_to_the_priority(diamonds: Graph) -> None:
    assert outputs_serving(diamonds, "International numbering resources").priority.id == "tp2"


def test_a_reference_to_another_type_is_a_bad_request(diamonds: Graph) -> None:
    with pytest.raises(BadRequest, match="ThematicPriority"):
        outputs_serving(diamonds, "out1")
    with pytest.raises(NotFound):
        outputs_serving(diamonds, "TP#99")


def test_an_output_without_cost_object_has_no_amount(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "tp", "type": "ThematicPriority", "name": "P", "code": "TP#1"},
                {"id": "oc", "type": "Outcome", "name": "O"},
                {"id": "op", "type": "Output", "name": "Unfunded"},
            ],
            "links": [
                {"from": "tp", "type": "HAS_OUTCOME", "to": "oc"},
                {"from": "oc", "type": "DELIVERED_BY", "to": "op"},
            ],
        },
    )
    [only] = outputs_serving(graph, "TP#1").outputs
    assert (only.funded_amount, only.amount_status, only.cost_objects) == (None, "none", [])
