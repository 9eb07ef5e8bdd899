"""The answers of the performance reads: an indicator's periods with status and why, and
the roll-up by level."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.core.list_envelope import ListEnvelope
from app.elements.schemas import ElementRef

StatusWord = Literal["green", "amber", "red", "grey"]


class StatusWhy(BaseModel):
    status: StatusWord = Field(description="green, amber, red, or grey (no data).")
    why: str = Field(description="The numbers and the rule that produced the status.")
    progress: float | None = Field(
        default=None, description="Progress from the baseline toward the target (1.0 = 100%)."
    )
    rule: str = Field(default="", description="The rule applied.")
    numbers: dict[str, float | None] = Field(default_factory=dict)


class ValueOut(BaseModel):
    """One stored target or actual."""

    id: str
    kind: str
    value: float | None = None
    status: str | None = Field(default=None, description="Set by a person (qualitative).")
    dimension: str | None = None
    dimension_value: str | None = None
    comment: str | None = None


class PeriodOut(BaseModel):
    start: str
    end: str
    target: float | None = None
    actual: float | None = None
    assessed: str | None = Field(default=None, description="Status set by a person, if any.")
    comment: str | None = None
    assessment: StatusWhy
    values: list[ValueOut] = Field(description="Every value of the period, breakdowns too.")


class IndicatorPerformance(ElementRef):
    measure: str
    direction: str
    aggregation: str
    unit: str | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    final_target: float | None = Field(
        default=None, description="The indicator's own target (its `target` property)."
    )
    as_of: str
    status: StatusWhy = Field(description="Its status as of `as_of`: its latest ended period's.")
    periods: list[PeriodOut]


class PerformanceNode(ElementRef):
    status: StatusWord
    why: str
    progress: float | None = None
    rule: str = ""
    weight: float | None = Field(
        default=None, description="Its weight in its parent's roll-up (null: unknown budget)."
    )
    numbers: dict[str, float | None] = Field(default_factory=dict)
    children: list[PerformanceNode] = Field(
        default_factory=list, description="What its status rolls up from (to `depth` levels)."
    )


class PerformanceReport(ListEnvelope[PerformanceNode]):
    """`items` are the level's elements, all in one answer (not paged): `total` is their
    number."""

    complete = True
    by: str
    as_of: str
    rule: str = Field(description="How an indicator's progress becomes a status.")
    weighting: Literal["equal", "budget"]
    plan: str | None = Field(
        default=None, description="The id of the plan the level's elements are taken from."
    )
    counts: dict[str, int] = Field(description="Elements of this level by status.")
