"""The performance reads on the hand-computed plan of `tests/performance/plans.py`."""

from __future__ import annotations

import pytest

from app.bundles.importer import import_bundle
from app.core.errors import BadRequest, InvalidParameter, NotFound
from app.db.graph import Graph
from app.performance.service import PerformanceOptions, indicator_performance, performance
from app.performance.status import StatusRule
from tests.bundles.importing import options
from tests.performance.plans import AS_OF, plan_with_values

EQUAL = PerformanceOptions(StatusRule())
BUDGET = PerformanceOptions(StatusRule(), "budget")


@pytest.fixture
def plan(graph: Graph) -> Graph:
    import_bundle(graph, plan_with_values(), options())
    return graph


def test_an_indicator_answers_its_periods_values_status_and_why(plan: Graph) -> None:
    answer = indicator_performance(plan, "I-CUM", AS_OF, EQUAL)
    assert (answer.measure, answer.direction, answer.aggregation) == (
        "unit",
        "higher",
        "cumulative",
    )
    assert [(p.start, p.target, p.actual) for p in answer.periods] == [
        ("2024-01-01", 20, 22),
        ("2025-01-01", 30, 30),
    ]
    assert answer.periods[0].assessment.progress == pytest.approx(1.2)  # (22-10)/(20-10)
    assert answer.status.status == "green" and answer.status.progress == pytest.approx(1.0)
    assert "(30 - 10) / (30 - 10)" in answer.status.why
    breakdown = [(v.dimension_value, v.value) for v in answer.periods[1].values if v.dimension]
    assert breakdown == [("female", 14), ("male", 16)]


def test_an_incremental_indicator_adds_its_periods(plan: Graph) -> None:
    answer = indicator_performance(plan, "ind-inc", AS_OF, EQUAL)
    assert answer.status.status == "red"
    assert answer.status.progress == pytest.approx(0.2)  # (30 + 10) / (100 + 100)
    # as of mid-2025 the latest ended period is 2024: 30 / 100
    earlier = indicator_performance(plan, "ind-inc", "2025-06-30", EQUAL)
    assert earlier.status.progress == pytest.approx(0.3)


def test_qualitative_and_not_reporting_indicators(plan: Graph) -> None:
    qualitative = indicator_performance(plan, "I-QUAL", AS_OF, EQUAL)
    assert qualitative.status.status == "green" and "law adopted" in qualitative.status.why
    late = indicator_performance(plan, "I-LATE", AS_OF, EQUAL)
    assert late.status.status == "grey" and "no actual" in late.status.why


def test_roll_up_by_level_weighted_equally(plan: Graph) -> None:
    outcomes = {n.id: n for n in performance(plan, "Outcome", AS_OF, EQUAL).items}
    assert {k: n.status for k, n in outcomes.items()} == {
        "out-1": "amber",
        "out-2": "green",
        "out-3": "grey",
    }
    assert "missing data: ind-late" in outcomes["out-3"].why
    priorities = performance(plan, "ThematicPriority", AS_OF, EQUAL)
    assert [(n.id, n.status) for n in priorities.items] == [("tp-1", "green"), ("tp-2", "grey")]
    goals = performance(plan, "Goal", AS_OF, EQUAL, depth=4)
    goal = goals.items[0]
    assert goal.status == "green" and "missing data: tp-2" in goal.why
    assert goals.counts == {"green": 1, "amber": 0, "red": 0, "grey": 0}
    # the explanation is a tree down to the indicators
    tp1 = goal.children[0]
    out1 = next(c for c in tp1.children if c.id == "out-1")
    assert {c.id: c.status for c in out1.children} == {"ind-cum": "green", "ind-inc": "red"}


def test_roll_up_weighted_by_budget_shares(plan: Graph) -> None:
    priorities = {n.id: n for n in performance(plan, "ThematicPriority", AS_OF, BUDGET).items}
    tp1 = priorities["tp-1"]
    # (0.5 * 300 + 1 * 100) / 400
    assert tp1.numbers["score"] == pytest.approx(0.625) and tp1.status == "amber"
    assert {c.id: c.weight for c in tp1.children} == {"out-1": 300, "out-2": 100}


def test_before_any_period_ends_everything_is_grey(plan: Graph) -> None:
    report = performance(plan, "Goal", "2024-06-30", EQUAL)
    assert report.counts["grey"] == 1


def test_bad_requests_say_how_to_fix_them(plan: Graph) -> None:
    with pytest.raises(InvalidParameter, match="YYYY-MM-DD"):
        performance(plan, "Goal", "31/12/2025", EQUAL)
    with pytest.raises(InvalidParameter, match="by=Goal"):
        performance(plan, "Output", AS_OF, EQUAL)
    with pytest.raises(NotFound):
        indicator_performance(plan, "no-such-indicator", AS_OF, EQUAL)
    with pytest.raises(BadRequest, match="Indicator"):
        indicator_performance(plan, "out-1", AS_OF, EQUAL)
