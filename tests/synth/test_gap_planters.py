"""The registry of gap planters: one per check, each adding what it declares."""

from __future__ import annotations

import pytest

from app.gaps.catalogue import check_ids
from app.synth.gap_planters import (
    PLANTERS,
    UNPLANTED_CHECKS,
    Gap,
    GapPlanter,
    Timing,
    plant_gaps,
    planter,
)
from app.synth.plan_builder import CYCLES, PlanBuilder


def clean_plan(seed: int = 4) -> PlanBuilder:
    plan = PlanBuilder(seed)
    for c in range(CYCLES):
        plan.cycle(c, 400)
    return plan


def test_every_check_is_planted_or_declared_unplanted_and_nothing_else() -> None:
    assert set(PLANTERS).isdisjoint(UNPLANTED_CHECKS)
    assert set(PLANTERS) | set(UNPLANTED_CHECKS) == set(check_ids())
    assert all(cls.check == check for check, cls in PLANTERS.items())


@pytest.mark.parametrize("check", list(PLANTERS))
def test_a_planter_adds_the_elements_it_declares_and_names_its_gap(check: str) -> None:
    plan = clean_plan()
    before = len(plan.elements)
    entries = PLANTERS[check]().plant(plan, Gap(0, plan.cycles[0]))
    assert len(plan.elements) - before == PLANTERS[check].new_elements
    assert entries and all(isinstance(e, str) and e for e in entries)


def test_planting_runs_each_planter_as_often_as_its_timing_says() -> None:
    planted = plant_gaps(clean_plan(), per_kind=3)
    for check, cls in PLANTERS.items():
        per_gap = 2 if check == "indicator_without_baseline_or_target" else 1  # two indicators
        times = 1 if cls.timing is Timing.once else 3
        assert len(planted[check]) == per_gap * times, check


def test_a_second_planter_for_a_check_is_refused() -> None:
    class Again(GapPlanter):
        check = next(iter(PLANTERS))
        new_elements = 0

    with pytest.raises(ValueError, match="two planters"):
        planter(Again)
