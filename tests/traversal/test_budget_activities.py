"""Bottom-up budgeting with activities: cost objects fund activities, activities realise
outputs, and the roll-up and its reconciliation count every franc once."""

from __future__ import annotations

from app.db.graph import Graph
from app.traversal.budget import budget_rollup
from tests.merge_bundle import write_bundle


def plan(graph: Graph) -> None:
    elements = [
        {"id": "m", "type": "Mission", "name": "Mission"},
        {"id": "g", "type": "Goal", "name": "Goal"},
        {"id": "tp", "type": "ThematicPriority", "name": "Priority"},
        {"id": "oc", "type": "Outcome", "name": "Outcome"},
        {"id": "op1", "type": "Output", "name": "First output"},
        {"id": "op2", "type": "Output", "name": "Second output"},
        {"id": "act1", "type": "Activity", "name": "Shared activity"},
        {"id": "act2", "type": "Activity", "name": "Activity realising nothing"},
        {"id": "co1", "type": "CostObject", "name": "IO 1", "amount": 100.0, "currency": "CHF"},
        {"id": "co2", "type": "CostObject", "name": "IO 2", "amount": 40.0, "currency": "CHF"},
        {"id": "co3", "type": "CostObject", "name": "IO 3", "amount": 7.0, "currency": "CHF"},
    ]
    links = [
        {"from": "m", "type": "HAS_GOAL", "to": "g"},
        {"from": "g", "type": "HAS_PRIORITY", "to": "tp"},
        {"from": "tp", "type": "HAS_OUTCOME", "to": "oc"},
        {"from": "oc", "type": "DELIVERED_BY", "to": "op1"},
        {"from": "oc", "type": "DELIVERED_BY", "to": "op2"},
        {"from": "op1", "type": "REALISED_BY", "to": "act1"},
        {"from": "op2", "type": "REALISED_BY", "to": "act1"},
        {"from": "act1", "type": "FUNDED_BY", "to": "co1"},
        {"from": "op2", "type": "FUNDED_BY", "to": "co2"},
        {"from": "act2", "type": "FUNDED_BY", "to": "co3"},
    ]
    write_bundle(graph, {"elements": elements, "links": links})


def test_activity_money_reaches_the_outputs_it_realises(graph: Graph) -> None:
    plan(graph)
    outputs = budget_rollup(graph, "Output")
    assert {f.id: f.amount for f in outputs.figures} == {"op1": 50.0, "op2": 90.0}
    assert outputs.total_funded == 147.0  # the activity-funded orders count
    assert [(h.id, h.amount, h.reason) for h in outputs.held_below] == [
        ("act2", 7.0, "realises no output")
    ]
    assert outputs.reconciled and outputs.attributed + outputs.unattributed == 147.0


def test_activity_money_climbs_to_the_mission_once(graph: Graph) -> None:
    plan(graph)
    missions = budget_rollup(graph, "Mission")
    assert [(f.id, f.amount) for f in missions.figures] == [("m", 140.0)]
    assert missions.reconciled
