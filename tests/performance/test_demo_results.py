"""The demo dataset's results give the statuses seed/demo/README.md states; the ITU seed
holds no results (its documents give no actuals)."""

from __future__ import annotations

from app.core.config import Settings
from app.db.graph import Graph
from app.gaps.engine import run_check, select_checks
from app.performance.service import PerformanceOptions, indicator_performance, performance
from app.performance.status import StatusRule
from app.seeding import load_seed, read_seed

AS_OF = "2025-12-31"
EQUAL = PerformanceOptions(StatusRule())


def test_demo_statuses_are_the_ones_its_readme_states(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "demo", settings)
    indicators = {
        code: indicator_performance(graph, code, AS_OF, EQUAL).status
        for code in ("DI1.1", "DI1.2", "DI2.1", "DI3.1", "DI4.1", "DI4.2", "DIOP1")
    }
    assert {code: s.status for code, s in indicators.items()} == {
        "DI1.1": "green",
        "DI1.2": "amber",
        "DI2.1": "red",
        "DI3.1": "grey",
        "DI4.1": "grey",
        "DI4.2": "green",
        "DIOP1": "red",
    }
    assert round(indicators["DI1.1"].progress or 0, 3) == 1.083
    assert indicators["DI1.2"].progress == 0.625
    assert indicators["DI2.1"].progress == 0.3
    assert indicators["DIOP1"].progress == 0.35
    breakdown = indicator_performance(graph, "DI2.1", AS_OF, EQUAL).periods[1].values
    assert sorted((v.dimension_value, v.value) for v in breakdown if v.dimension) == [
        ("female", 150),
        ("male", 180),
    ]
    outcomes = {n.code: n.status for n in performance(graph, "Outcome", AS_OF, EQUAL).items}
    assert outcomes == {
        "DO1.1": "green",
        "DO1.2": "amber",
        "DO2.1": "red",
        "DO3.1": "grey",
        "DO3.2": "grey",
        "DO4.1": "green",
        # the draft second cycle's outcomes (seed/demo/README.md): no indicators yet
        "DO2.1.1": "grey",
        "DO2.5": "grey",
    }
    priorities = performance(graph, "ThematicPriority", AS_OF, EQUAL).items
    assert {n.code: n.status for n in priorities} == {
        "DTP#1": "green",
        "DTP#2": "red",
        "DTP#3": "red",
        "DTP#4": "green",
        # the draft second cycle's priorities: no outcome with results yet
        "DTP2#1a": "grey",
        "DTP2#1b": "grey",
        "DTP2#2": "grey",
        "DTP2#4": "grey",
    }
    goals = performance(graph, "Goal", AS_OF, EQUAL)
    assert {n.code: n.status for n in goals.items} == {"DG1": "red", "DG2": "amber"}


def test_the_itu_seed_holds_no_results(settings: Settings) -> None:
    itu = read_seed("itu", settings)
    assert not [e for e in itu["elements"] if e["type"] == "IndicatorValue"]
    assert not [lk for lk in itu["links"] if lk["type"] == "HAS_VALUE"]


def test_the_off_track_check_agrees_with_the_status_of_today(
    graph: Graph, settings: Settings
) -> None:
    """`indicator_off_track` states the status rule in Cypher for the catalogue: on the demo
    it finds exactly the indicators whose status today is red."""
    load_seed(graph, "demo", settings)
    (check,) = select_checks(check="indicator_off_track")
    found = {f.elements[0].id for f in run_check(graph, check)}
    red = {
        indicator.id
        for outcome in performance(graph, "Outcome", None, EQUAL, depth=1).items
        for indicator in outcome.children
        if indicator.status == "red"
    }
    demo_op = indicator_performance(graph, "DIOP1", None, EQUAL)  # measures an output
    if demo_op.status.status == "red":
        red.add(demo_op.id)
    assert found == red and red >= {"demo-ind-2-1"}
