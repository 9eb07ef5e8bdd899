"""Status and roll-up on hand-computed cases: both directions, both aggregations, missing
data, the margin rule, qualitative statuses and budget shares."""

from __future__ import annotations

import pytest

from app.performance.status import (
    Child,
    Indicator,
    Period,
    StatusRule,
    indicator_status,
    period_status,
    roll_up,
)

BANDS = StatusRule()
MARGIN = StatusRule(rule="margin", margin=0.15)
Y24, Y25, Y26 = (
    ("2024-01-01", "2024-12-31"),
    ("2025-01-01", "2025-12-31"),
    ("2026-01-01", "2026-12-31"),
)


def one(target: float | None, actual: float | None, span: tuple[str, str] = Y24) -> Period:
    return Period(*span, target=target, actual=actual, reported=actual is not None)


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "progress", "status"),
    [
        (10, 30, 25, 0.75, "amber"),  # (25 - 10) / (30 - 10)
        (10, 30, 30, 1.0, "green"),
        (10, 30, 19, 0.45, "red"),  # 9 / 20
        (None, 40, 50, 1.25, "green"),  # no baseline: from 0
    ],
)
def test_cumulative_higher_is_better(
    baseline: float | None, target: float, actual: float, progress: float, status: str
) -> None:
    got = period_status(Indicator("i", baseline=baseline), [one(target, actual)], 0, BANDS)
    assert got.progress == pytest.approx(progress)
    assert got.status == status
    assert "cumulative" in got.why and f"-> {status}" in got.why


@pytest.mark.parametrize(
    ("actual", "progress", "status"),
    [(35, 0.75, "amber"), (28, 1.1, "green"), (45, 0.25, "red"), (60, -0.5, "red")],
)
def test_cumulative_lower_is_better(actual: float, progress: float, status: str) -> None:
    # baseline 50, target 30: (actual - 50) / (30 - 50)
    indicator = Indicator("i", direction="lower", baseline=50)
    got = period_status(indicator, [one(30, actual)], 0, BANDS)
    assert got.progress == pytest.approx(progress)
    assert got.status == status
    assert "lower is better" in got.why


def test_incremental_periods_add_up() -> None:
    indicator = Indicator("i", aggregation="incremental")
    periods = [one(100, 80, Y24), one(100, 130, Y25)]
    first = period_status(indicator, periods, 0, BANDS)
    second = period_status(indicator, periods, 1, BANDS)
    assert (first.progress, first.status) == (pytest.approx(0.8), "amber")
    # totals 80 + 130 = 210 against 100 + 100 = 200
    assert (second.progress, second.status) == (pytest.approx(1.05), "green")
    assert second.numbers["actual"] == 210 and second.numbers["target"] == 200


def test_the_same_values_read_cumulatively_give_another_answer() -> None:
    periods = [one(100, 80, Y24), one(200, 130, Y25)]
    cumulative = period_status(Indicator("i"), periods, 1, BANDS)
    incremental = period_status(Indicator("i", aggregation="incremental"), periods, 1, BANDS)
    assert cumulative.progress == pytest.approx(0.65)  # 130 / 200
    assert incremental.progress == pytest.approx(0.7)  # 210 / 300
    assert (cumulative.status, incremental.status) == ("amber", "amber")


def test_incremental_lower_is_better_counts_the_baseline_per_period() -> None:
    indicator = Indicator("i", direction="lower", aggregation="incremental", baseline=20)
    periods = [one(15, 18, Y24), one(10, 12, Y25)]
    got = period_status(indicator, periods, 1, BANDS)
    # (30 - 2*20) / (25 - 2*20) = -10 / -15
    assert got.progress == pytest.approx(2 / 3)
    assert got.status == "amber"


def test_incremental_leaves_out_a_period_without_an_actual_and_says_so() -> None:
    indicator = Indicator("i", aggregation="incremental")
    periods = [one(100, None, Y24), one(100, 90, Y25)]
    got = period_status(indicator, periods, 1, BANDS)
    assert got.progress == pytest.approx(0.9)
    assert "left out" in got.why and "2024-01-01..2024-12-31" in got.why


@pytest.mark.parametrize(
    ("period", "said"),
    [(one(100, None), "no actual"), (one(None, 50), "no target")],
)
def test_missing_data_is_grey_never_zero(period: Period, said: str) -> None:
    got = period_status(Indicator("i"), [period], 0, BANDS)
    assert got.status == "grey" and got.progress is None
    assert said in got.why


def test_a_target_equal_to_the_baseline_is_to_hold_the_level() -> None:
    indicator = Indicator("i", baseline=50)
    assert period_status(indicator, [one(50, 50)], 0, BANDS).status == "green"
    held = period_status(indicator, [one(50, 49)], 0, BANDS)
    assert held.status == "red" and "hold the level" in held.why


@pytest.mark.parametrize(
    ("direction", "actual", "status"),
    [
        ("higher", 90, "green"),  # 10% behind: within the margin
        ("higher", 80, "red"),  # 20% behind
        ("higher", 120, "amber"),  # 20% ahead: review the target
        ("lower", 110, "green"),  # 10% behind (above a lower-is-better target)
        ("lower", 70, "amber"),  # 30% ahead
        ("lower", 130, "red"),
    ],
)
def test_margin_rule(direction: str, actual: float, status: str) -> None:
    got = period_status(Indicator("i", direction=direction), [one(100, actual)], 0, MARGIN)
    assert got.status == status
    assert "margin rule" in got.why


def test_qualitative_status_is_set_by_a_person() -> None:
    indicator = Indicator("q", measure="qualitative")
    assessed = Period(*Y24, assessed="amber", comment="slow start", reported=True)
    got = period_status(indicator, [assessed], 0, BANDS)
    assert got.status == "amber" and "set by a person" in got.why and "slow start" in got.why
    unset = period_status(indicator, [Period(*Y24, target=1)], 0, BANDS)
    assert unset.status == "grey"


def test_the_status_as_of_a_date_is_the_latest_ended_period() -> None:
    periods = [one(100, 40, Y24), one(200, 210, Y25), one(300, None, Y26)]
    indicator = Indicator("i")
    assert indicator_status(indicator, periods, "2025-06-30", BANDS).status == "red"
    assert indicator_status(indicator, periods, "2025-12-31", BANDS).status == "green"
    late = indicator_status(indicator, periods, "2027-01-01", BANDS)
    assert late.status == "grey" and "no actual" in late.why
    early = indicator_status(indicator, periods, "2024-06-30", BANDS)
    assert early.status == "grey" and "2024-06-30" in early.why


def test_roll_up_weighted_equally() -> None:
    got = roll_up([Child("a", "green"), Child("b", "amber"), Child("c", "red")])
    assert got.numbers["score"] == pytest.approx(0.5)  # (1 + 0.5 + 0) / 3
    assert got.status == "amber"
    assert roll_up([Child("a", "green")] * 3 + [Child("d", "red")]).status == "green"  # 0.75
    assert roll_up([Child("a", "amber"), Child("b", "red")]).status == "red"  # 0.25


def test_roll_up_shows_missing_data_as_missing() -> None:
    got = roll_up([Child("a", "green"), Child("b", "grey")])
    assert got.status == "green" and "missing data: b" in got.why
    assert got.numbers["with_data"] == 1
    nothing = roll_up([Child("a", "grey"), Child("b", "grey")])
    assert nothing.status == "grey" and "missing data: a, b" in nothing.why
    assert roll_up([]).status == "grey"


def test_roll_up_by_budget_shares() -> None:
    rich_green = roll_up([Child("a", "green", 300.0), Child("b", "red", 100.0)], "budget")
    assert rich_green.numbers["score"] == pytest.approx(0.75)
    assert rich_green.status == "green"
    rich_red = roll_up([Child("a", "green", 100.0), Child("b", "red", 300.0)], "budget")
    assert rich_red.status == "red"  # 0.25
    unknown = roll_up([Child("a", "amber", 100.0), Child("b", "red", None)], "budget")
    assert unknown.status == "amber" and "no known budget, left out: b" in unknown.why
    none_known = roll_up([Child("a", "green", None), Child("b", "red", None)], "budget")
    assert none_known.status == "amber" and "weighted equally" in none_known.why
