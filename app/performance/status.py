"""Status with its reasons: plain functions from numbers to a status and the why of it.

Progress is counted from the baseline `b` (0 when the indicator gives none, and the why says
so) toward the target:

- `cumulative` indicators: each period's value is the level reached by its end, so period
  p's progress is `(A_p - b) / (T_p - b)` (A actual, T target of that period);
- `incremental` indicators: each period adds, so period p's progress compares running
  totals over the n periods up to p that have both a target and an actual:
  `(sum A - n*b) / (sum T - n*b)` (with the usual baseline 0: `sum A / sum T`).

The formula holds for both directions: for a lower-is-better indicator both differences are
negative when things go well. When the target equals the baseline the target is to hold the
level: met (100%) when the actual is at least as good, in the indicator's direction.

Statuses (`StatusRule`): `bands` (default, the UNDP report-card bands) green at 100% of the
target or more, amber from 50%, red below; `margin` (TolaData's rule) green within +/-15% of
the target, red when further behind, amber when further ahead (a target to review). Grey is
no data: a period without a target or without an actual is never counted as zero or green.
Qualitative indicators take the status a person set on the actual.

Roll-up (`roll_up`): each child with a status scores green 1, amber 0.5, red 0; the parent's
score is the weighted mean over the children with data (equal weights, or budget shares);
green from 0.75, amber from 0.5, red below. Children without data are listed as missing and
left out of the mean; a parent none of whose children has data is grey.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Status = Literal["green", "amber", "red", "grey"]

#: Points of a status in a roll-up, and the roll-up bands on the weighted mean of points.
POINTS: dict[str, float] = {"green": 1.0, "amber": 0.5, "red": 0.0}
ROLLUP_GREEN_FROM, ROLLUP_AMBER_FROM = 0.75, 0.5


@dataclass(frozen=True)
class StatusRule:
    """How progress becomes a status (settings: RBMTRACE_PERFORMANCE_RULE, _MARGIN)."""

    rule: Literal["bands", "margin"] = "bands"
    green_from: float = 1.0
    amber_from: float = 0.5
    margin: float = 0.15

    def describe(self) -> str:
        if self.rule == "margin":
            pct = _pct(self.margin)
            return (
                f"margin rule: green within +/-{pct} of the target, red when more than {pct} "
                f"behind it, amber when more than {pct} ahead (review the target)"
            )
        return (
            f"bands: green at {_pct(self.green_from)} of the target or more, amber from "
            f"{_pct(self.amber_from)}, red below"
        )


@dataclass(frozen=True)
class Indicator:
    """What the status of an indicator depends on, besides its period values."""

    id: str
    measure: str = "unit"
    direction: str = "higher"
    aggregation: str = "cumulative"
    baseline: float | None = None


@dataclass(frozen=True)
class Period:
    """The totals (no disaggregation) of one period of an indicator."""

    start: str
    end: str
    target: float | None = None
    actual: float | None = None
    #: the status a person set on the actual (qualitative indicators)
    assessed: str | None = None
    comment: str | None = None
    #: an actual was reported (for a qualitative one, without a number)
    reported: bool = False


@dataclass
class Assessment:
    """A status, the progress behind it (0..; None when not a number) and why."""

    status: Status
    why: str
    progress: float | None = None
    rule: str = ""
    numbers: dict[str, float | None] = field(default_factory=dict)


def _pct(value: float) -> str:
    return f"{value * 100:.4g}%"


def _num(value: float) -> str:
    return f"{value:,.6g}"


def status_of_progress(progress: float, rule: StatusRule, deviation: float) -> Status:
    """The status of a progress (bands) or of a deviation from the target (margin rule):
    `deviation` is (actual - target) / |target|, positive when ahead in the good direction."""
    if rule.rule == "margin":
        if abs(deviation) <= rule.margin:
            return "green"
        return "amber" if deviation > 0 else "red"
    if progress >= rule.green_from:
        return "green"
    return "amber" if progress >= rule.amber_from else "red"


def period_status(
    indicator: Indicator, periods: Sequence[Period], index: int, rule: StatusRule
) -> Assessment:
    """The status of `periods[index]` (periods in order of their end date)."""
    period = periods[index]
    label = f"period {period.start}..{period.end}"
    if indicator.measure == "qualitative":
        if period.assessed:
            said = f": {period.comment}" if period.comment else ""
            return Assessment(
                period.assessed,  # type: ignore[arg-type]
                f"{label}: status {period.assessed} set by a person (qualitative){said}",
                rule="set by a person",
            )
        return Assessment("grey", f"{label}: no status set by a person yet (qualitative)")
    if period.target is None:
        return Assessment("grey", f"{label}: no target for the period")
    if period.actual is None:
        return Assessment("grey", f"{label}: no actual reported for the period")
    baseline = indicator.baseline if indicator.baseline is not None else 0.0
    from_what = (
        f"baseline {_num(baseline)}" if indicator.baseline is not None else "0 (no baseline)"
    )
    if indicator.aggregation == "incremental":
        counted = [p for p in periods[: index + 1] if p.target is not None and p.actual is not None]
        left_out = [p for p in periods[:index] if p not in counted]
        actual = sum(p.actual for p in counted if p.actual is not None)
        target = sum(p.target for p in counted if p.target is not None)
        start = baseline * len(counted)
        how = (
            f"incremental: totals over {len(counted)} period(s) up to {period.end}: "
            f"actual {_num(actual)}, target {_num(target)}, from {from_what}"
            + (f" x {len(counted)}" if indicator.baseline else "")
        )
        if left_out:
            how += "; left out for want of a target or an actual: " + ", ".join(
                f"{p.start}..{p.end}" for p in left_out
            )
    else:
        actual, target, start = period.actual, period.target, baseline
        how = f"cumulative: actual {_num(actual)}, target {_num(target)}, from {from_what}"
    sign = 1.0 if indicator.direction == "higher" else -1.0
    numbers: dict[str, float | None] = {"actual": actual, "target": target, "baseline": start}
    if target == start:
        met = sign * (actual - target) >= 0
        progress = 1.0 if met else 0.0
        explained = (
            f"the target equals the baseline (hold the level): {'met' if met else 'not met'}"
        )
    else:
        progress = (actual - start) / (target - start)
        explained = f"progress ({_num(actual)} - {_num(start)}) / ({_num(target)} - {_num(start)})"
        explained += f" = {_pct(progress)}"
        if sign * (target - start) < 0:
            explained += (
                f" (the target goes the wrong way for a {indicator.direction}-is-better one)"
            )
    deviation = sign * (actual - target) / (abs(target) or abs(target - start) or 1.0)
    numbers["progress"] = progress
    status = status_of_progress(progress, rule, deviation)
    if rule.rule == "margin":
        explained += (
            f"; {_pct(abs(deviation))} {'ahead of' if deviation > 0 else 'behind'} the target"
        )
    return Assessment(
        status,
        f"{label}: {how}; {indicator.direction} is better; {explained} -> {status} "
        f"({rule.describe()})",
        progress=progress,
        rule=rule.describe(),
        numbers=numbers,
    )


def latest_ended(periods: Sequence[Period], as_of: str) -> int | None:
    """The index of the latest period that ended by `as_of` and has a target (or, for a
    qualitative indicator, anything reported); None when there is none."""
    found = None
    for i, period in enumerate(periods):
        if period.end <= as_of and (period.target is not None or period.reported):
            found = i
    return found


def indicator_status(
    indicator: Indicator, periods: Sequence[Period], as_of: str, rule: StatusRule
) -> Assessment:
    """An indicator's status as of a date: that of its latest period ended by then."""
    index = latest_ended(periods, as_of)
    if index is None:
        return Assessment("grey", f"no period with a target has ended by {as_of}")
    return period_status(indicator, periods, index, rule)


@dataclass(frozen=True)
class Child:
    """One child of a roll-up: its id, its status and its weight (None: unknown)."""

    id: str
    status: Status
    weight: float | None = 1.0


def roll_up(children: Sequence[Child], weighting: str = "equal") -> Assessment:
    """A parent's status from its children's (see the module's docstring)."""
    if not children:
        return Assessment("grey", "nothing below it to roll up", rule="roll-up")
    with_data = [c for c in children if c.status != "grey"]
    missing = [c.id for c in children if c.status == "grey"]
    weighted = [c for c in with_data if c.weight]
    note = ""
    if weighting == "budget" and with_data and not weighted:
        weighted = [Child(c.id, c.status, 1.0) for c in with_data]
        note = "; no child with data has a known budget: weighted equally"
    unweighted = [c.id for c in with_data if c not in weighted and not note]
    total = sum(c.weight or 0.0 for c in weighted)
    weighted_how = "by budget" if weighting == "budget" else "equally"
    rule = (
        f"roll-up: green 1, amber 0.5, red 0, mean weighted {weighted_how}; green from "
        f"{ROLLUP_GREEN_FROM}, amber from {ROLLUP_AMBER_FROM}; grey children left out"
    )
    gaps = ""
    if missing:
        gaps += f"; missing data: {', '.join(missing)}"
    if unweighted:
        gaps += f"; no known budget, left out: {', '.join(unweighted)}"
    if not weighted or total <= 0:
        return Assessment(
            "grey",
            f"no child with data ({len(children)} below it){gaps}{note}",
            rule=rule,
            numbers={"children": len(children), "with_data": 0},
        )
    score = sum(POINTS[c.status] * (c.weight or 0.0) for c in weighted) / total
    status: Status = (
        "green" if score >= ROLLUP_GREEN_FROM else "amber" if score >= ROLLUP_AMBER_FROM else "red"
    )
    parts = ", ".join(f"{c.id} {c.status} x {(c.weight or 0.0) / total:.3g}" for c in weighted)
    return Assessment(
        status,
        f"score {score:.3g} from {len(weighted)} of {len(children)} ({parts}){gaps}{note} "
        f"-> {status}",
        progress=None,
        rule=rule,
        numbers={"score": score, "children": len(children), "with_data": len(weighted)},
    )
