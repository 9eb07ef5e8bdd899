"""Traces and impact show the basis of every link they cross: an assumed link is visible."""

from __future__ import annotations

from app.db.graph import Graph
from app.traversal.impact import impact_of_removal
from app.traversal.trace import trace_up
from tests.merge_bundle import write_bundle


def chain(graph: Graph) -> None:
    elements = [
        {"id": "m", "type": "Mission", "name": "Mission"},
        {"id": "g", "type": "Goal", "name": "Goal"},
        {"id": "tp", "type": "ThematicPriority", "name": "Priority"},
        {"id": "oc", "type": "Outcome", "name": "Outcome", "basis": "assumed"},
        {"id": "oc2", "type": "Outcome", "name": "Second outcome"},
        {"id": "op", "type": "Output", "name": "Output"},
    ]
    links = [
        {"from": "m", "type": "HAS_GOAL", "to": "g", "basis": "stated", "quote": "goal"},
        {"from": "g", "type": "HAS_PRIORITY", "to": "tp", "basis": "inferred", "quote": "p"},
        {"from": "tp", "type": "HAS_OUTCOME", "to": "oc", "basis": "assumed"},
        {"from": "tp", "type": "HAS_OUTCOME", "to": "oc2"},
        {"from": "oc", "type": "DELIVERED_BY", "to": "op", "basis": "assumed"},
        {"from": "oc2", "type": "DELIVERED_BY", "to": "op"},
    ]
    write_bundle(graph, {"elements": elements, "links": links})


def test_a_trace_names_the_basis_of_each_link(graph: Graph) -> None:
    chain(graph)
    result = trace_up(graph, "op")
    by_route = {tuple(n.id for n in p.nodes): p.bases for p in result.paths}
    assert by_route == {
        ("op", "oc", "tp", "g", "m"): ["assumed", "assumed", "inferred", "stated"],
        ("op", "oc2", "tp", "g", "m"): ["stated", "stated", "inferred", "stated"],
    }
    first = {c.element.id: c.basis for c in result.tree.children}
    assert first == {"oc": "assumed", "oc2": "stated"}  # no basis counts as stated


def test_impact_names_the_basis_of_the_route_that_keeps_support(graph: Graph) -> None:
    chain(graph)
    impact = impact_of_removal(graph, "oc2")
    [kept] = impact.keeps_support
    assert kept.element.id == "op"
    assert [n.id for n in kept.alternative] == ["op", "oc", "tp", "g", "m"]
    assert kept.alternative_bases == ["assumed", "assumed", "inferred", "stated"]
