"""The performance reads: an indicator's periods with status and why, and the status of
every outcome, thematic priority or goal, rolled up (`app.performance.status` computes;
this module reads the graph through `cypher/performance/*.cypher` and shapes the answer).
Budget weights come from the one budget roll-up (`app.traversal.budget.budget_rollup`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from app import metamodel
from app.core.config import Settings
from app.core.errors import InvalidParameter
from app.db.graph import Graph
from app.elements.references import resolve_plan, resolve_ref
from app.performance.schemas import (
    IndicatorPerformance,
    PerformanceNode,
    PerformanceReport,
    PeriodOut,
    StatusWhy,
    ValueOut,
)
from app.performance.status import (
    Assessment,
    Child,
    Indicator,
    Period,
    StatusRule,
    indicator_status,
    period_status,
    roll_up,
)
from app.traversal.budget import every_figure

#: The levels a roll-up can be asked for, each with the level it rolls up from.
LEVELS: dict[str, str] = {
    "Outcome": "Indicator",
    "ThematicPriority": "Outcome",
    "Goal": "ThematicPriority",
}
MAX_DEPTH = 4


@dataclass(frozen=True)
class PerformanceOptions:
    """How statuses are computed and rolled up (from the settings)."""

    rule: StatusRule
    weighting: Literal["equal", "budget"] = "equal"

    @classmethod
    def from_settings(cls, settings: Settings) -> PerformanceOptions:
        return cls(
            StatusRule(rule=settings.performance_rule, margin=settings.performance_margin),
            settings.performance_weights,
        )


def check_as_of(as_of: str | None) -> str:
    """The date statuses are read at (today when none), checked."""
    if as_of is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(as_of).isoformat()
    except ValueError:
        raise InvalidParameter(
            f"as_of {as_of[:40]!r} is not a date written YYYY-MM-DD.",
            hint="Write it YYYY-MM-DD, e.g. 2025-12-31.",
        ) from None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def indicator_facts(row: Mapping[str, Any]) -> Indicator:
    return Indicator(
        id=row["id"],
        measure=row.get("measure") or metamodel.DEFAULT_MEASURE,
        direction=row.get("direction") or metamodel.DEFAULT_DIRECTION,
        aggregation=row.get("aggregation") or metamodel.DEFAULT_AGGREGATION,
        baseline=_number(row.get("baseline")),
    )


def periods_of(values: list[Mapping[str, Any]]) -> list[tuple[Period, list[Mapping[str, Any]]]]:
    """The periods of an indicator's values, in order of end then start: each with its
    totals (values without a dimension) and every value of the period."""
    grouped: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for value in values:
        grouped.setdefault((value["period_end"], value["period_start"]), []).append(value)
    out = []
    for (end, start), members in sorted(grouped.items()):
        totals = [v for v in members if not v.get("dimension")]
        target = next((v for v in totals if v.get("kind") == "target"), None)
        actual = next((v for v in totals if v.get("kind") == "actual"), None)
        period = Period(
            start=start,
            end=end,
            target=_number(target.get("value")) if target else None,
            actual=_number(actual.get("value")) if actual else None,
            assessed=actual.get("status") if actual else None,
            comment=actual.get("comment") if actual else None,
            reported=actual is not None,
        )
        out.append((period, members))
    return out


def _why(assessment: Assessment) -> StatusWhy:
    return StatusWhy(
        status=assessment.status,
        why=assessment.why,
        progress=assessment.progress,
        rule=assessment.rule,
        numbers=assessment.numbers,
    )


def assess_indicator(
    row: Mapping[str, Any], as_of: str, rule: StatusRule
) -> tuple[Assessment, list[tuple[Period, list[Mapping[str, Any]], Assessment]]]:
    """An indicator's status as of `as_of`, and each period with its values and status."""
    facts = indicator_facts(row)
    grouped = periods_of(row["values"])
    periods = [period for period, _ in grouped]
    each = [
        (period, members, period_status(facts, periods, i, rule))
        for i, (period, members) in enumerate(grouped)
    ]
    return indicator_status(facts, periods, as_of, rule), each


def indicator_assessment(row: Mapping[str, Any], as_of: str, rule: StatusRule) -> Assessment:
    """An indicator's status as of `as_of` alone (what a roll-up needs; `assess_indicator`
    also rates each of its periods)."""
    periods = [period for period, _ in periods_of(row["values"])]
    return indicator_status(indicator_facts(row), periods, as_of, rule)


def indicator_performance(
    graph: Graph,
    ref: str,
    as_of: str | None,
    options: PerformanceOptions,
    plan: str | None = None,
) -> IndicatorPerformance:
    """`GET /api/v1/indicators/{ref}`: the indicator's periods, values, status and why
    (`ref` looked up in `plan`, see `resolve_ref`)."""
    day = check_as_of(as_of)
    found = resolve_ref(graph, ref, types=("Indicator",), plan=plan)
    row = graph.read("performance/indicator_values", ids=[found["id"]])[0]["indicators"][0]
    status, each = assess_indicator(row, day, options.rule)
    return IndicatorPerformance(
        id=row["id"],
        code=row["code"],
        name=row["name"],
        type="Indicator",
        measure=row.get("measure") or metamodel.DEFAULT_MEASURE,
        direction=row.get("direction") or metamodel.DEFAULT_DIRECTION,
        aggregation=row.get("aggregation") or metamodel.DEFAULT_AGGREGATION,
        unit=row.get("unit"),
        baseline=_number(row.get("baseline")),
        baseline_year=row.get("baseline_year"),
        final_target=_number(row.get("target")),
        as_of=day,
        status=_why(status),
        periods=[
            PeriodOut(
                start=period.start,
                end=period.end,
                target=period.target,
                actual=period.actual,
                assessed=period.assessed,
                comment=period.comment,
                assessment=_why(assessment),
                values=[ValueOut(**{k: v for k, v in m.items() if v is not None}) for m in members],
            )
            for period, members, assessment in each
        ],
    )


@dataclass
class Rated:
    """An element of the roll-up while it is computed: its status and why, and what it rolls
    up from with each one's weight. Only the part of the tree an answer shows (`node`, to
    `depth` levels) becomes response models."""

    row: Mapping[str, Any]
    type: str
    assessment: Assessment
    children: list[tuple[Rated, float | None]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.row["id"])

    def order(self) -> tuple[str, str]:
        """The order of a level and of children: code, then id."""
        return self.row["code"] or "", self.row["id"]

    def node(self, weight: float | None, depth: int) -> PerformanceNode:
        """Its answer, with its weight in its parent's roll-up, children to `depth` levels."""
        assessment = self.assessment
        return PerformanceNode(
            id=self.row["id"],
            code=self.row["code"],
            name=self.row["name"],
            type=self.type,
            status=assessment.status,
            why=assessment.why,
            progress=assessment.progress,
            rule=assessment.rule,
            weight=weight,
            numbers=assessment.numbers,
            children=[c.node(w, depth - 1) for c, w in self.children] if depth > 0 else [],
        )


def check_level(by: str) -> str:
    if by not in LEVELS:
        raise InvalidParameter(
            f"by={by[:40]!r} is not a level the performance rolls up to (by=Goal, "
            "by=ThematicPriority or by=Outcome).",
            hint="Use by=Goal, by=ThematicPriority or by=Outcome.",
        )
    return by


def budget_weights(graph: Graph, level: str) -> dict[str, float | None]:
    """The budget entering each element of `level` (None: unknown), from `budget_rollup`."""
    _, figures = every_figure(graph, [level])[level]
    return {f.id: f.amount if f.amount_status == "known" else None for f in figures}


def performance(
    graph: Graph,
    by: str,
    as_of: str | None,
    options: PerformanceOptions,
    depth: int = 1,
    plan: str | None = None,
) -> PerformanceReport:
    """`GET /api/v1/performance`: the status of every element of level `by` and why, its
    children to `depth` levels (down to indicators). With `plan` (a plan's id, code or
    name), only the elements of level `by` that plan CONTAINS; each still rolls up from
    what it links to."""
    check_level(by)
    if not 0 <= depth <= MAX_DEPTH:
        raise InvalidParameter(
            f"depth={depth} is out of range.", hint=f"Use a depth from 0 to {MAX_DEPTH}."
        )
    day = check_as_of(as_of)
    scope = plan_members(graph, plan) if plan else None
    nodes: dict[str, Rated] = {}
    # plain reads: both queries return strings, numbers and lists and maps of them
    for row in graph.read_plain("performance/indicator_values", ids=None)[0]["indicators"]:
        nodes[row["id"]] = Rated(row, "Indicator", indicator_assessment(row, day, options.rule))
    by_level: dict[str, list[dict[str, Any]]] = {level: [] for level in LEVELS}
    for row in graph.read_plain("performance/rollup_children")[0]["elements"]:
        by_level[row["level"]].append(row)
    order = ["Outcome", "ThematicPriority", "Goal"]
    for level in order[: order.index(by) + 1]:
        weights: dict[str, float | None] = {}
        if options.weighting == "budget" and level != "Outcome":
            weights = budget_weights(graph, LEVELS[level])
        weighting = options.weighting if level != "Outcome" else "equal"
        for row in by_level[level]:
            children = sorted((nodes[c] for c in row["children"] if c in nodes), key=Rated.order)
            members = [
                Child(c.id, c.assessment.status, weights.get(c.id) if weights else 1.0)
                for c in children
            ]
            nodes[row["id"]] = Rated(
                row,
                level,
                roll_up(members, weighting),
                [(c, m.weight) for c, m in zip(children, members, strict=True)],
            )
    rated = sorted(
        (nodes[row["id"]] for row in by_level[by] if scope is None or row["id"] in scope[1]),
        key=Rated.order,
    )
    items = [item.node(None, depth) for item in rated]
    counts = {s: 0 for s in ("green", "amber", "red", "grey")}
    for item in items:
        counts[item.status] += 1
    return PerformanceReport(
        by=by,
        as_of=day,
        rule=options.rule.describe(),
        weighting=options.weighting,
        plan=scope[0] if scope else None,
        counts=counts,
        items=items,
    )


def plan_members(graph: Graph, plan: str) -> tuple[str, set[str]]:
    """(the id of the plan `plan` names, the ids of the elements it CONTAINS)."""
    found = resolve_plan(graph, plan)
    rows = graph.read("gaps/support/plan_members", plan_id=found["id"])
    return found["id"], set(rows[0]["ids"]) if rows else set()
