"""Gap planters: one per check of the gap catalogue (`cypher/gaps/`), keyed by its id.

Each planter adds new elements or links, built to show exactly one problem of its kind, to
a clean synthetic plan, and returns what the check's finding names first (the manifest
entry). Adding a check to the synthetic plans means adding its Cypher file and a planter
here, decorated with `@planter`, nothing else: the plan's sizing reads `new_elements`, the
manifest lists `PLANTERS`, and the test that every check is planted names a missing one.

When a planter runs (`timing`):
- `each_round` (most): once per round, round `n` on the plan's cycle `n % cycles`; within
  a round the planters run in the order they are declared here;
- `after_rounds`: the same number of gaps, after every round;
- `once`: one gap whatever the size (the glossary as a whole).
All randomness comes from the plan's seeded RNG, so the declaration order is part of what
makes a seed give the same plan: add a new planter at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

from app.synth.plan_builder import Cycle, PlanBuilder

SECTION = "Planted gap"

#: The element type left without a glossary term, and the one defined twice.
UNDEFINED_TYPE = "Enabler"
TWICE_DEFINED_TYPE = "Risk"

#: Checks of the catalogue not planted synthetically, which nothing in a synthetic plan
#: should set off (the tests assert they find nothing): the generator writes no
#: provenance, glossary locations, deprecated terms, mandate plan kinds, activities or
#: outcome wording; tests/gaps/clean_plan.py plants each of them.
UNPLANTED_CHECKS: tuple[str, ...] = (
    "activity_count_indicator",
    "term_without_definition",
    "assumed_basis",
    "deprecated_term_used",
    "definition_outside_glossary",
    "outcome_worded_as_deliverable",
    "no_risk_on_chain",
    "mandated_element_not_in_plan",
    "plan_without_period",
    "activity_funded_without_output",
    # the generator sets no plan status, so no synthetic plan is in preparation
    "element_without_successor",
    # a suspect link needs an edit of its upstream element AFTER the link was stamped; a
    # synthetic plan is one import (every link stamped with what it links), so it has none;
    # tests/gaps/clean_plan.py plants one with a stale stamp, tests/suspects edit through
    # Cypher
    "suspect_link",
)


class Timing(Enum):
    each_round = "each_round"
    after_rounds = "after_rounds"
    once = "once"


@dataclass(frozen=True)
class Gap:
    """Which gap of its kind a planter plants: its number (from 0) and the cycle to use."""

    number: int
    cycle: Cycle


class GapPlanter:
    """Plants the gaps of one check; `plant` returns the manifest entries of one gap."""

    check: ClassVar[str]
    #: Elements one planted gap adds (the plan's sizing leaves room for them).
    new_elements: ClassVar[int]
    timing: ClassVar[Timing] = Timing.each_round

    def gaps(self, per_kind: int) -> int:
        """How many gaps it plants in a plan with `per_kind` gaps of each kind."""
        return 1 if self.timing is Timing.once else per_kind

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        raise NotImplementedError


#: The planters by check id, in declaration order.
PLANTERS: dict[str, type[GapPlanter]] = {}


def planter(cls: type[GapPlanter]) -> type[GapPlanter]:
    """Register a planter under its check id (one per check)."""
    if cls.check in PLANTERS:
        raise ValueError(f"two planters for check {cls.check}")
    PLANTERS[cls.check] = cls
    return cls


def planted_elements(per_kind: int) -> int:
    """How many elements the planters add to a plan with `per_kind` gaps of each kind."""
    return sum(cls.new_elements * cls().gaps(per_kind) for cls in PLANTERS.values())


def plant_gaps(plan: PlanBuilder, per_kind: int) -> dict[str, list[str]]:
    """Plant every kind of gap into the plan; the manifest entries by check id."""
    planters = [cls() for cls in PLANTERS.values()]  # fresh: some remember what they used
    planted: dict[str, list[str]] = {p.check: [] for p in planters}
    cycles = plan.cycles

    def gap(number: int) -> Gap:
        return Gap(number, cycles[number % len(cycles)])

    for number in range(per_kind):
        for p in planters:
            if p.timing is Timing.each_round:
                planted[p.check] += p.plant(plan, gap(number))
    for timing in (Timing.after_rounds, Timing.once):
        for p in planters:
            if p.timing is timing:
                for number in range(p.gaps(per_kind)):
                    planted[p.check] += p.plant(plan, gap(number))
    return planted


# --- the planters, in the order of the gap catalogue ------------------------------------


@planter
class OutputServesNoOutcome(GapPlanter):
    """An output serving no outcome (funded, so only the link upwards is missing)."""

    check = "output_serves_no_outcome"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        out = plan.element(
            "Output", f"Orphan deliverable {gap.number + 1}", cy.operational[0], SECTION
        )
        plan.link(out, "FUNDED_BY", plan.rng.choice(cy.unshared_cost_objects))
        return [out]


@planter
class OutcomeWithoutOutput(GapPlanter):
    """An outcome that no output delivers (measured, so only the delivery is missing)."""

    check = "outcome_without_output"
    new_elements = 2  # the outcome and its indicator

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        oc = plan.element("Outcome", f"Undelivered result {gap.number + 1}", cy.strategic, SECTION)
        plan.link(plan.rng.choice(cy.ids["ThematicPriority"]), "HAS_OUTCOME", oc)
        plan.indicator(oc, "outcome", cy.strategic, SECTION, cy.first_year)
        return [oc]


@planter
class PriorityWithoutOutcome(GapPlanter):
    check = "priority_without_outcome"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        tp = plan.element(
            "ThematicPriority", f"Empty programme area {gap.number + 1}", cy.strategic, SECTION
        )
        plan.link(plan.rng.choice(cy.ids["Goal"]), "HAS_PRIORITY", tp)
        return [tp]


@planter
class GoalWithoutPriority(GapPlanter):
    check = "goal_without_priority"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        goal = plan.element(
            "Goal", f"Goal without priorities {gap.number + 1}", cy.strategic, SECTION
        )
        plan.link(cy.mission, "HAS_GOAL", goal)
        return [goal]


@planter
class NoPathToMission(GapPlanter):
    """A goal that the mission does not have (its priority is reached otherwise)."""

    check = "no_path_to_mission"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        stray = plan.element("Goal", f"Stray goal {gap.number + 1}", cy.strategic, SECTION)
        plan.link(stray, "HAS_PRIORITY", plan.rng.choice(cy.ids["ThematicPriority"]))
        return [stray]


@planter
class OutputWithoutCostObject(GapPlanter):
    check = "output_without_cost_object"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        out = plan.element(
            "Output", f"Unfunded deliverable {gap.number + 1}", cy.operational[1], SECTION
        )
        plan.link(plan.rng.choice(cy.ids["Outcome"]), "DELIVERED_BY", out)
        return [out]


@planter
class CostObjectFundsNoOutput(GapPlanter):
    check = "cost_object_funds_no_output"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        co = plan.element(
            "CostObject",
            f"Idle internal order {gap.number + 1}",
            gap.cycle.financial,
            SECTION,
            amount=plan.amount(),
            currency="CHF",
        )
        return [co]


@planter
class CostObjectWithoutAmount(GapPlanter):
    check = "cost_object_without_amount"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        co = plan.element(
            "CostObject", f"Unpriced internal order {gap.number + 1}", cy.financial, SECTION
        )
        plan.link(plan.rng.choice(cy.ids["Output"]), "FUNDED_BY", co)
        return [co]


@planter
class SharesExceedOne(GapPlanter):
    """An output whose DELIVERED_BY shares add up to more than 1."""

    check = "shares_exceed_one"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        out = plan.element(
            "Output", f"Over-attributed deliverable {gap.number + 1}", cy.operational[0], SECTION
        )
        first, second = plan.rng.sample(cy.ids["Outcome"], 2)
        plan.link(first, "DELIVERED_BY", out, share=0.75)
        plan.link(second, "DELIVERED_BY", out, share=0.5)
        plan.link(out, "FUNDED_BY", plan.rng.choice(cy.unshared_cost_objects))
        return [out]


@planter
class SharesBelowOne(GapPlanter):
    """A cost object whose FUNDED_BY shares all given add up to less than 1."""

    check = "shares_below_one"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        co = plan.element(
            "CostObject",
            f"Under-allocated internal order {gap.number + 1}",
            cy.financial,
            SECTION,
            amount=plan.amount(),
            currency="CHF",
        )
        first, second = plan.rng.sample(cy.ids["Output"], 2)
        plan.link(first, "FUNDED_BY", co, share=0.25)
        plan.link(second, "FUNDED_BY", co, share=0.5)
        return [co]


@planter
class OutcomeWithoutIndicator(GapPlanter):
    """An outcome with no indicator (delivered by its own, funded output)."""

    check = "outcome_without_indicator"
    new_elements = 2  # the outcome and the output that delivers it

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        oc = plan.element("Outcome", f"Unmeasured result {gap.number + 1}", cy.strategic, SECTION)
        plan.link(plan.rng.choice(cy.ids["ThematicPriority"]), "HAS_OUTCOME", oc)
        out = plan.element(
            "Output",
            f"Deliverable {gap.number + 1} for an outcome nobody measures",
            cy.operational[1],
            SECTION,
        )
        plan.link(oc, "DELIVERED_BY", out)
        plan.link(out, "FUNDED_BY", plan.rng.choice(cy.unshared_cost_objects))
        return [oc]


@planter
class IndicatorWithoutBaselineOrTarget(GapPlanter):
    """Two indicators of one outcome: one without a baseline, one without a target."""

    check = "indicator_without_baseline_or_target"
    new_elements = 2

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        outcome = plan.rng.choice(cy.ids["Outcome"])
        no_baseline = plan.indicator(
            outcome, "outcome", cy.strategic, SECTION, cy.first_year, baseline=False
        )
        no_target = plan.indicator(
            outcome, "outcome", cy.strategic, SECTION, cy.first_year, target=False
        )
        return [no_baseline, no_target]


@planter
class OutputIndicatorOnOutcome(GapPlanter):
    check = "output_indicator_on_outcome"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        outcome = plan.rng.choice(cy.ids["Outcome"])
        return [plan.indicator(outcome, "output", cy.strategic, SECTION, cy.first_year)]


@planter
class PriorityRepeatsOutputName(GapPlanter):
    """A priority whose name repeats an output's name (other case and punctuation)."""

    check = "name_repeats_across_levels"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        output = plan.rng.choice(cy.ids["Output"])
        repeated = cy.output_names[output].upper().replace(" ", " - ", 1)
        tp = plan.element("ThematicPriority", repeated, cy.strategic, SECTION)
        plan.link(plan.rng.choice(cy.ids["Goal"]), "HAS_PRIORITY", tp)
        plan.link(tp, "HAS_OUTCOME", plan.rng.choice(cy.ids["Outcome"]))
        return [tp]


@planter
class TypeWithoutDefinition(GapPlanter):
    """One element type the glossary leaves undefined (the clean plan's glossary skips
    `UNDEFINED_TYPE`); nothing is added."""

    check = "type_without_definition"
    new_elements = 0
    timing = Timing.once

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        return [UNDEFINED_TYPE]


@planter
class TermDefinedTwice(GapPlanter):
    check = "term_defined_twice"
    new_elements = 1
    timing = Timing.once

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        term = plan.element(
            "Term",
            f"{TWICE_DEFINED_TYPE} (second definition)",
            None,
            "Annex",
            defines=TWICE_DEFINED_TYPE,
            definition="A second, different definition in another place.",
        )
        return [term]


@planter
class MandateUnmet(GapPlanter):
    check = "mandate_unmet"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        mandate = plan.element(
            "Mandate",
            f"Unmet resolution action {gap.number + 1}",
            gap.cycle.strategic,
            SECTION,
            instrument="Resolution 999",
        )
        return [mandate]


@planter
class EnablerEnablesNothing(GapPlanter):
    check = "enabler_enables_nothing"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        enabler = plan.element(
            "Enabler", f"Idle enabler {gap.number + 1}", gap.cycle.strategic, SECTION
        )
        return [enabler]


@planter
class RiskWithoutMitigation(GapPlanter):
    check = "risk_without_mitigation"
    new_elements = 1

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = gap.cycle
        risk = plan.element(
            "Risk",
            f"Unmitigated risk {gap.number + 1}",
            cy.strategic,
            SECTION,
            category="strategic",
        )
        plan.link(plan.rng.choice(cy.ids["Outcome"]), "THREATENED_BY", risk)
        return [risk]


@planter
class PeriodMismatch(GapPlanter):
    """A link between elements of plans whose periods do not overlap (an outcome of the
    first cycle delivered by an output of the last), a different pair each time."""

    check = "period_mismatch"
    new_elements = 0
    timing = Timing.after_rounds

    def __init__(self) -> None:
        self.used: set[tuple[str, str]] = set()

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        early, late = plan.cycles[0], plan.cycles[-1]
        while True:
            outcome = plan.rng.choice(early.ids["Outcome"])
            output = plan.rng.choice(late.unshared_outputs)
            if (outcome, output) not in self.used:
                break
        self.used.add((outcome, output))
        plan.link(outcome, "DELIVERED_BY", output)
        return [f"{outcome} -DELIVERED_BY-> {output}"]


@planter
class ChainCycle(GapPlanter):
    """Two outcomes, each part of the other; no outcome is in two planted cycles."""

    check = "chain_cycle"
    new_elements = 0

    def __init__(self) -> None:
        self.used: set[str] = set()

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        while True:
            first, second = plan.rng.sample(gap.cycle.ids["Outcome"], 2)
            if first not in self.used and second not in self.used:
                break
        self.used.update((first, second))
        plan.link(first, "PART_OF", second)
        plan.link(second, "PART_OF", first)
        return [f"{first} -PART_OF-> {second} -PART_OF-> {first}"]


# --- results (issue 17): values are dated from `plan.results_year`, the last full year ---


def _tracked_indicator(plan: PlanBuilder, gap: Gap, **props: object) -> tuple[str, float]:
    """A new outcome indicator on an outcome of the last cycle that reports on track (so
    that the outcome keeps recent data), and its target."""
    cy = plan.cycles[-1]
    outcome = cy.valued_outcomes[gap.number % len(cy.valued_outcomes)]
    indicator = plan.indicator(outcome, "outcome", cy.strategic, SECTION, cy.first_year)
    element = plan.elements[-1]
    element.update(props)
    return indicator, float(element["target"])


@planter
class IndicatorNotReporting(GapPlanter):
    """A target for a year that has ended, with no actual."""

    check = "indicator_not_reporting"
    new_elements = 2

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        indicator, target = _tracked_indicator(plan, gap)
        plan.value(indicator, plan.results_year - 1, "target", target)
        return [indicator]


@planter
class ActualWithoutTarget(GapPlanter):
    """An actual for a year the indicator has no target for."""

    check = "actual_without_target"
    new_elements = 2

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        indicator, target = _tracked_indicator(plan, gap)
        plan.value(indicator, plan.results_year, "actual", target)
        return [indicator]


@planter
class PeriodTargetsInconsistent(GapPlanter):
    """An incremental indicator whose (future) period targets add up to half its target."""

    check = "period_targets_inconsistent"
    new_elements = 3

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        indicator, target = _tracked_indicator(plan, gap, aggregation="incremental")
        for year in (plan.results_year + 2, plan.results_year + 3):
            plan.value(indicator, year, "target", target / 4)
        return [indicator]


@planter
class IndicatorOffTrack(GapPlanter):
    """Last year's actual still at the baseline: no progress, red."""

    check = "indicator_off_track"
    new_elements = 3

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        indicator, target = _tracked_indicator(plan, gap)
        baseline = float(plan.elements[-1]["baseline"])
        plan.value(indicator, plan.results_year, "target", target)
        plan.value(indicator, plan.results_year, "actual", baseline)
        return [indicator]


@planter
class OutcomeWithoutRecentResults(GapPlanter):
    """An outcome of the last cycle whose one indicator last reported three years ago."""

    check = "outcome_without_recent_results"
    new_elements = 4  # the outcome, its indicator, a target and an actual

    def plant(self, plan: PlanBuilder, gap: Gap) -> list[str]:
        cy = plan.cycles[-1]
        outcome = plan.element(
            "Outcome",
            f"Improved monitoring coverage (stale {gap.number + 1})",
            cy.strategic,
            SECTION,
        )
        plan.link(plan.rng.choice(cy.ids["ThematicPriority"]), "HAS_OUTCOME", outcome)
        plan.link(outcome, "DELIVERED_BY", plan.rng.choice(cy.unshared_outputs))
        indicator = plan.indicator(outcome, "outcome", cy.strategic, SECTION, cy.first_year)
        target = float(plan.elements[-1]["target"])
        plan.value(indicator, plan.results_year - 3, "target", target)
        plan.value(indicator, plan.results_year - 3, "actual", target)
        return [outcome]
