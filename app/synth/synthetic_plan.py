"""A deterministic, seedable generator of realistic synthetic plan bundles with planted gaps.

The plan has several planning cycles (four-year strategic periods, each with a strategic,
two biennial operational and a financial plan, each succeeding the one before). Each cycle
has its own vision and mission and a complete results chain: goals, targets, thematic
priorities (many-to-many with goals), outcomes (many-to-many with priorities), outputs
(some shared between outcomes, with and without `share`), cost objects with CHF amounts
(some funding several outputs, with and without `share`), indicators with baselines and
targets, enablers, risks with mitigations and mandates. Glossary `Term`s define the
element types. Elements of one cycle succeed those of the cycle before (`SUCCEEDS`).

The clean part of the plan has no gap at all. Gaps are then planted, each by adding new
elements or links built to show exactly one problem (the manifest records every planted
gap by kind, named by the check ids of the gap catalogue in `cypher/gaps/`). The element
count is exactly the one asked for.

Everything comes from `random.Random(seed)`: the same size and seed give the same bundle.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from app import metamodel

#: Checks of the catalogue not planted synthetically, which nothing in a synthetic plan
#: should set off (the tests assert they find nothing): the generator writes no
#: provenance, glossary locations, deprecated terms, mandate plan kinds, activities or
#: outcome wording; tests/gaps/clean_plan.py plants each of them.
NOT_PLANTED: tuple[str, ...] = (
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
)

#: Gap kinds planted, in the order of the gap catalogue of the product, then NOT_PLANTED.
GAP_KINDS: tuple[str, ...] = (
    "output_serves_no_outcome",
    "outcome_without_output",
    "priority_without_outcome",
    "goal_without_priority",
    "no_path_to_mission",
    "output_without_cost_object",
    "cost_object_funds_no_output",
    "cost_object_without_amount",
    "shares_exceed_one",
    "shares_below_one",
    "outcome_without_indicator",
    "indicator_without_baseline_or_target",
    "output_indicator_on_outcome",
    "name_repeats_across_levels",
    "type_without_definition",
    "term_defined_twice",
    "mandate_unmet",
    "enabler_enables_nothing",
    "risk_without_mitigation",
    "period_mismatch",
    "chain_cycle",
    *NOT_PLANTED,
)

#: Kinds planted exactly once whatever the size (they concern the glossary as a whole).
SINGLE_KINDS = ("type_without_definition", "term_defined_twice")

#: The element type left without a glossary term, and the one defined twice.
UNDEFINED_TYPE = "Enabler"
TWICE_DEFINED_TYPE = "Risk"

#: New elements one planted gap of each kind adds.
_ELEMENTS_PER_GAP: dict[str, int] = {
    "output_serves_no_outcome": 1,
    "outcome_without_output": 2,  # the outcome and its indicator
    "priority_without_outcome": 1,
    "goal_without_priority": 1,
    "no_path_to_mission": 1,
    "output_without_cost_object": 1,
    "cost_object_funds_no_output": 1,
    "cost_object_without_amount": 1,
    "shares_exceed_one": 1,
    "shares_below_one": 1,
    "outcome_without_indicator": 2,  # the outcome and the output that delivers it
    "indicator_without_baseline_or_target": 2,  # one without baseline, one without target
    "output_indicator_on_outcome": 1,
    "name_repeats_across_levels": 1,
    "type_without_definition": 0,
    "term_defined_twice": 1,
    "mandate_unmet": 1,
    "enabler_enables_nothing": 1,
    "risk_without_mitigation": 1,
    "period_mismatch": 0,
    "chain_cycle": 0,
    **dict.fromkeys(NOT_PLANTED, 0),
}

#: Share of the clean elements of a cycle per type (outputs take the rounding remainder).
_WEIGHTS: dict[str, float] = {
    "Goal": 0.004,
    "Target": 0.006,
    "ThematicPriority": 0.02,
    "Outcome": 0.08,
    "CostObject": 0.22,
    "Indicator": 0.25,
    "Enabler": 0.04,
    "Risk": 0.05,
    "Mandate": 0.05,
}
_MINIMUM: dict[str, int] = {
    "Goal": 3,
    "Target": 2,
    "ThematicPriority": 4,
    "Outcome": 8,
    "CostObject": 8,
    "Indicator": 8,
    "Enabler": 3,
    "Risk": 3,
    "Mandate": 3,
}
_CYCLES = 3
_FIRST_YEAR = 2016
_PLANS_PER_CYCLE = 4  # strategic, two operational bienniums, financial
MINIMUM_ELEMENTS = 600

_ABBREVIATION = {
    "Vision": "vis",
    "Mission": "mis",
    "Goal": "goal",
    "Target": "tgt",
    "ThematicPriority": "tp",
    "Outcome": "oc",
    "Output": "out",
    "CostObject": "io",
    "Indicator": "ind",
    "Enabler": "en",
    "Risk": "rsk",
    "Mandate": "res",
    "Plan": "plan",
    "Term": "term",
}
_CODE_PREFIX = {
    "Goal": "G-",
    "Target": "T-",
    "ThematicPriority": "TP#",
    "Outcome": "OC-",
    "Output": "OUT-",
    "CostObject": "IO-",
    "Indicator": "IND-",
    "Enabler": "EN-",
    "Risk": "RSK-",
    "Mandate": "RES-",
}

# Vocabularies are disjoint between priorities and outputs, so that no clean priority name
# resembles an output name.
_GOAL_THEMES = (
    "Connectivity for everyone",
    "Trust in digital services",
    "Sustainable digital transformation",
    "Inclusive standard-making",
    "Efficient use of resources",
)
_PRIORITY_AREAS = (
    "Spectrum stewardship",
    "Numbering governance",
    "Standards inclusion",
    "Cyber resilience",
    "Climate and environment",
    "Accessibility",
    "Emergency telecommunications",
    "Digital public infrastructure",
)
_OUTCOME_OBJECTS = (
    "participation of developing countries",
    "interoperability of networks",
    "availability of broadband",
    "quality of service",
    "security of infrastructure",
    "energy efficiency",
)
_OUTPUT_PRODUCTS = (
    "Recommendation package",
    "Workshop series",
    "Technical report",
    "Meeting cycle",
    "Implementation guideline",
    "Training course",
    "Registry service",
    "Handbook edition",
)
_ENABLER_THEMES = (
    "Industry engagement",
    "Secretariat support",
    "Remote participation tools",
    "Fellowships",
    "Regional presence",
)
_RISK_THEMES = (
    "Insufficient voluntary contributions",
    "Low participation",
    "Delayed approvals",
    "Staff turnover",
    "Fragmented standards",
)


@dataclass
class GapManifest:
    """What was planted, per gap kind (named by the check ids of `cypher/gaps/`).

    Each entry is what the finding names first: an element id; for `period_mismatch` the
    link ("from -TYPE-> to"); for `chain_cycle` the cycle ("a -PART_OF-> b -PART_OF-> a");
    for `type_without_definition` the element type. Kinds with no entry must not fire.
    """

    planted: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Planted gaps per kind, every kind listed (0 where none is planted)."""
        return {kind: len(self.planted.get(kind, [])) for kind in GAP_KINDS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "planted": {k: list(v) for k, v in self.planted.items()},
            "counts": self.counts(),
        }


@dataclass
class SyntheticPlan:
    bundle: dict[str, Any]
    manifest: GapManifest
    seed: int
    size: int

    def description(self) -> dict[str, Any]:
        """Sizes by element and link type, for reports."""
        by_type: dict[str, int] = {}
        for element in self.bundle["elements"]:
            by_type[element["type"]] = by_type.get(element["type"], 0) + 1
        by_link: dict[str, int] = {}
        for link in self.bundle["links"]:
            by_link[link["type"]] = by_link.get(link["type"], 0) + 1
        return {
            "seed": self.seed,
            "elements": len(self.bundle["elements"]),
            "links": len(self.bundle["links"]),
            "element_types": dict(sorted(by_type.items())),
            "link_types": dict(sorted(by_link.items())),
        }


def gaps_per_kind(elements: int) -> int:
    """How many gaps of each (non-glossary) kind a plan of this size gets."""
    return max(2, elements // 5000)


def generate(elements: int = 1000, seed: int = 0) -> dict[str, Any]:
    """A synthetic plan bundle (`{"elements": [...], "links": [...]}`) of exactly `elements`."""
    return synthesize(elements, seed).bundle


def synthesize(elements: int = 1000, seed: int = 0) -> SyntheticPlan:
    """The synthetic plan bundle with the manifest of its planted gaps."""
    if elements < MINIMUM_ELEMENTS:
        raise ValueError(
            f"a synthetic plan needs at least {MINIMUM_ELEMENTS} elements (got {elements})"
        )
    builder = _PlanBuilder(elements, seed)
    builder.build()
    return SyntheticPlan(
        bundle={"elements": builder.elements, "links": builder.links},
        manifest=builder.manifest,
        seed=seed,
        size=elements,
    )


@dataclass
class _Cycle:
    index: int
    first_year: int
    mission: str = ""
    vision: str = ""
    strategic: str = ""
    operational: tuple[str, str] = ("", "")
    financial: str = ""
    ids: dict[str, list[str]] = field(default_factory=dict)
    #: outputs whose DELIVERED_BY links carry no share (safe to add another outcome to)
    unshared_outputs: list[str] = field(default_factory=list)
    #: cost objects whose FUNDED_BY links carry no share (safe to fund another output)
    unshared_cost_objects: list[str] = field(default_factory=list)
    output_names: dict[str, str] = field(default_factory=dict)

    @property
    def period(self) -> tuple[int, int]:
        return self.first_year, self.first_year + 3


class _PlanBuilder:
    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.seed = seed
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.elements: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.manifest = GapManifest(planted={kind: [] for kind in GAP_KINDS})
        self.counters: dict[str, int] = {}
        self.cycles: list[_Cycle] = []

    # --- small builders ---------------------------------------------------------------
    def _next(self, type_name: str) -> int:
        n = self.counters.get(type_name, 0) + 1
        self.counters[type_name] = n
        return n

    def element(
        self,
        type_name: str,
        name: str,
        plan: str | None,
        section: str,
        **props: Any,
    ) -> str:
        n = self._next(type_name)
        element_id = f"syn-{_ABBREVIATION[type_name]}-{n}"
        element: dict[str, Any] = {"id": element_id, "type": type_name}
        prefix = _CODE_PREFIX.get(type_name)
        if prefix:
            element["code"] = f"{prefix}{n}"
        element["name"] = name
        element["source"] = {"document": "Synthetic plan (generated)", "section": section}
        element.update(props)
        self.elements.append(element)
        if plan is not None:
            self.link(plan, "CONTAINS", element_id)
        return element_id

    def link(self, source: str, rel: str, target: str, share: float | None = None) -> None:
        row: dict[str, Any] = {"from": source, "type": rel, "to": target}
        if share is not None:
            row["share"] = share
        self.links.append(row)

    # --- the plan ---------------------------------------------------------------------
    def build(self) -> None:
        per_gap = gaps_per_kind(self.size)
        planted_elements = sum(
            n * (1 if kind in SINGLE_KINDS else per_gap) for kind, n in _ELEMENTS_PER_GAP.items()
        )
        defined_types = [t for t in metamodel.ELEMENT_TYPE_NAMES if t != UNDEFINED_TYPE]
        fixed = len(defined_types) + _CYCLES * (2 + _PLANS_PER_CYCLE)
        clean = self.size - fixed - planted_elements
        self._glossary(defined_types)
        per_cycle = clean // _CYCLES
        for c in range(_CYCLES):
            budget = per_cycle + (clean - per_cycle * _CYCLES if c == _CYCLES - 1 else 0)
            self._cycle(c, budget)
        self._plant(per_gap)
        if len(self.elements) != self.size:  # pragma: no cover - a bug in the sizing above
            raise AssertionError(f"generated {len(self.elements)} elements, not {self.size}")

    def _glossary(self, defined_types: list[str]) -> None:
        for type_name in defined_types:
            self.element(
                "Term",
                type_name,
                None,
                "Glossary",
                defines=type_name,
                definition=metamodel.element_type(type_name).description,
            )

    def _cycle(self, c: int, budget: int) -> None:
        rng = self.rng
        cycle = _Cycle(index=c, first_year=_FIRST_YEAR + 4 * c)
        y0, y1 = cycle.period
        previous = self.cycles[-1] if self.cycles else None
        self.cycles.append(cycle)
        section = f"Cycle {y0}-{y1}"

        def plan(kind: str, start: int, end: int, label: str) -> str:
            return self.element(
                "Plan",
                f"{label} {start}-{end}",
                None,
                section,
                kind=kind,
                period_start=start,
                period_end=end,
                organisation="Synthetic Union",
            )

        cycle.strategic = plan("strategic", y0, y1, "Strategic plan")
        cycle.operational = (
            plan("operational", y0, y0 + 1, "Operational plan"),
            plan("operational", y0 + 2, y1, "Operational plan"),
        )
        cycle.financial = plan("financial", y0, y1, "Financial plan")
        cycle.vision = self.element(
            "Vision", f"Vision {y0}-{y1}", cycle.strategic, section, description="A connected world"
        )
        cycle.mission = self.element(
            "Mission", f"Mission {y0}-{y1}", cycle.strategic, section, description="Connect all"
        )
        self.link(cycle.vision, "HAS_MISSION", cycle.mission)
        if previous is not None:
            for new, old in (
                (cycle.strategic, previous.strategic),
                (cycle.operational[0], previous.operational[0]),
                (cycle.operational[1], previous.operational[1]),
                (cycle.financial, previous.financial),
                (cycle.vision, previous.vision),
                (cycle.mission, previous.mission),
            ):
                self.link(new, "SUCCEEDS", old)

        counts = {t: max(_MINIMUM[t], int(budget * w)) for t, w in _WEIGHTS.items()}
        counts["Output"] = budget - sum(counts.values())
        if counts["Output"] < counts["CostObject"]:
            raise ValueError("plan too small for the cost objects it needs")
        ids: dict[str, list[str]] = {t: [] for t in _WEIGHTS}
        ids["Output"] = []
        cycle.ids = ids
        strategic = cycle.strategic

        for i in range(counts["Goal"]):
            theme = _GOAL_THEMES[i % len(_GOAL_THEMES)]
            n = self.counters.get("Goal", 0) + 1
            goal = self.element("Goal", f"Goal {n}: {theme}", strategic, section, number=i + 1)
            ids["Goal"].append(goal)
            self.link(cycle.mission, "HAS_GOAL", goal)
        for i in range(counts["Target"]):
            target = self.element(
                "Target",
                f"Target {self.counters.get('Target', 0) + 1}",
                strategic,
                section,
                value=f"{rng.randint(10, 90)}%",
                year=y1,
            )
            ids["Target"].append(target)
            self.link(ids["Goal"][i % counts["Goal"]], "HAS_TARGET", target)
        for i in range(counts["ThematicPriority"]):
            area = _PRIORITY_AREAS[i % len(_PRIORITY_AREAS)]
            n = self.counters.get("ThematicPriority", 0) + 1
            tp = self.element(
                "ThematicPriority", f"{area} programme area {n}", strategic, section, number=n
            )
            ids["ThematicPriority"].append(tp)
            goals = self._pick_some(ids["Goal"], i, 0.3)
            for goal in goals:
                self.link(goal, "HAS_PRIORITY", tp)
        for i in range(counts["Outcome"]):
            obj = _OUTCOME_OBJECTS[i % len(_OUTCOME_OBJECTS)]
            n = self.counters.get("Outcome", 0) + 1
            outcome = self.element("Outcome", f"Improved {obj} (result {n})", strategic, section)
            ids["Outcome"].append(outcome)
            for tp in self._pick_some(ids["ThematicPriority"], i, 0.3):
                self.link(tp, "HAS_OUTCOME", outcome)
        for i in range(counts["Output"]):
            product = _OUTPUT_PRODUCTS[i % len(_OUTPUT_PRODUCTS)]
            n = self.counters.get("Output", 0) + 1
            name = f"{product} {n}"
            output = self.element(
                "Output",
                name,
                cycle.operational[i % 2],
                section,
                sector=rng.choice(("T", "R", "D", "GS")),
            )
            ids["Output"].append(output)
            cycle.output_names[output] = name
            outcomes = self._pick_some(ids["Outcome"], i, 0.25)
            if len(outcomes) == 2 and rng.random() < 0.5:
                first = rng.choice((0.25, 0.5, 0.75))
                self.link(outcomes[0], "DELIVERED_BY", output, share=first)
                self.link(outcomes[1], "DELIVERED_BY", output, share=1.0 - first)
            else:
                for outcome in outcomes:
                    self.link(outcome, "DELIVERED_BY", output)
                cycle.unshared_outputs.append(output)
        self._cost_objects(cycle, counts["CostObject"], section)
        self._indicators(cycle, counts["Indicator"], section)
        self._enablers_risks_mandates(cycle, counts, section)
        if previous is not None:
            for type_name in ("Goal", "ThematicPriority", "Outcome"):
                for new, old in zip(ids[type_name], previous.ids[type_name], strict=False):
                    if type_name != "Outcome" or rng.random() < 0.2:
                        self.link(new, "SUCCEEDS", old)

    def _pick_some(self, pool: list[str], i: int, second_chance: float) -> list[str]:
        """The element at i (round robin, so each is used) and sometimes a second one."""
        first = pool[i % len(pool)]
        if len(pool) > 1 and self.rng.random() < second_chance:
            second = pool[self.rng.randrange(len(pool))]
            if second != first:
                return [first, second]
        return [first]

    def _amount(self) -> int:
        return self.rng.randrange(20, 2500) * 1000

    def _cost_objects(self, cycle: _Cycle, count: int, section: str) -> None:
        rng = self.rng
        y0, y1 = cycle.period
        outputs = cycle.ids["Output"]
        funded: dict[str, list[str]] = {}
        cos: list[str] = []
        for _ in range(count):
            n = self.counters.get("CostObject", 0) + 1
            co = self.element(
                "CostObject",
                f"Internal order {n}",
                cycle.financial,
                section,
                amount=self._amount(),
                currency="CHF",
                period=f"{y0}-{y1}",
            )
            cos.append(co)
            funded[co] = []
        for j, output in enumerate(outputs):
            funded[cos[j % count]].append(output)
        # some outputs are co-funded by a second cost object
        for output in outputs:
            if rng.random() < 0.1:
                extra = cos[rng.randrange(count)]
                if output not in funded[extra]:
                    funded[extra].append(output)
        for co in cos:
            targets = funded[co]
            with_shares = len(targets) in (2, 4) and rng.random() < 0.5
            share = 1.0 / len(targets) if with_shares else None
            for output in targets:
                self.link(output, "FUNDED_BY", co, share=share)
            if not with_shares:
                cycle.unshared_cost_objects.append(co)
        cycle.ids["CostObject"] = cos

    def _indicator(
        self,
        measured: str,
        kind: str,
        plan: str,
        section: str,
        y0: int,
        *,
        baseline: bool = True,
        target: bool = True,
    ) -> str:
        n = self.counters.get("Indicator", 0) + 1
        props: dict[str, Any] = {"kind": kind, "unit": "percent"}
        if baseline:
            props["baseline"] = float(self.rng.randrange(0, 50))
            props["baseline_year"] = y0 - 1
        if target:
            props["target"] = float(self.rng.randrange(50, 100))
            props["target_year"] = y0 + 3
        indicator = self.element("Indicator", f"Indicator {n} ({kind})", plan, section, **props)
        self.link(measured, "MEASURED_BY", indicator)
        return indicator

    def _indicators(self, cycle: _Cycle, count: int, section: str) -> None:
        ids = cycle.ids
        y0 = cycle.first_year
        made: list[str] = []
        for outcome in ids["Outcome"][:count]:
            made.append(self._indicator(outcome, "outcome", cycle.strategic, section, y0))
        rest = count - len(made)
        outputs = ids["Output"]
        for i in range(rest):
            if i % 10 == 9:
                goal = ids["Goal"][i % len(ids["Goal"])]
                made.append(self._indicator(goal, "impact", cycle.strategic, section, y0))
            else:
                k = i % len(outputs)
                # outputs alternate between the two operational plans: the k-th is in k % 2
                plan = cycle.operational[k % 2]
                made.append(self._indicator(outputs[k], "output", plan, section, y0))
        ids["Indicator"] = made

    def _enablers_risks_mandates(self, cycle: _Cycle, counts: dict[str, int], section: str) -> None:
        rng = self.rng
        ids = cycle.ids
        for i in range(counts["Enabler"]):
            theme = _ENABLER_THEMES[i % len(_ENABLER_THEMES)]
            n = self.counters.get("Enabler", 0) + 1
            enabler = self.element("Enabler", f"{theme} ({n})", cycle.strategic, section)
            ids["Enabler"].append(enabler)
            self.link(ids["Outcome"][i % len(ids["Outcome"])], "ENABLED_BY", enabler)
            if rng.random() < 0.5:
                self.link(rng.choice(ids["Output"]), "ENABLED_BY", enabler)
        for i in range(counts["Risk"]):
            theme = _RISK_THEMES[i % len(_RISK_THEMES)]
            n = self.counters.get("Risk", 0) + 1
            risk = self.element(
                "Risk",
                f"{theme} ({n})",
                cycle.strategic,
                section,
                category=rng.choice(("strategic", "operational")),
                likelihood=rng.choice(("low", "medium", "high")),
                impact=rng.choice(("low", "medium", "high")),
            )
            ids["Risk"].append(risk)
            threatened = rng.choice((ids["Outcome"], ids["Output"]))
            self.link(rng.choice(threatened), "THREATENED_BY", risk)
            mitigation = rng.choice((ids["Output"], ids["Enabler"]))
            self.link(risk, "MITIGATED_BY", rng.choice(mitigation))
        for i in range(counts["Mandate"]):
            n = self.counters.get("Mandate", 0) + 1
            mandate = self.element(
                "Mandate",
                f"Resolution {100 + i // 5} action {i % 5 + 1} (mandate {n})",
                cycle.strategic,
                section,
                instrument=f"Resolution {100 + i // 5}",
            )
            ids["Mandate"].append(mandate)
            pool = rng.choice((ids["Output"], ids["Outcome"], ids["Enabler"]))
            self.link(mandate, "REQUIRES", rng.choice(pool))
            if rng.random() < 0.3:
                self.link(mandate, "REQUIRES", rng.choice(ids["Output"]))

    # --- planted gaps -------------------------------------------------------------------
    def _plant(self, per_gap: int) -> None:
        planted = self.manifest.planted
        section = "Planted gap"
        cycles = self.cycles

        def cycle_for(i: int) -> _Cycle:
            return cycles[i % len(cycles)]

        def distinct(pool: list[str], n: int) -> Iterator[str]:
            yield from self.rng.sample(pool, n)

        for i in range(per_gap):
            cy = cycle_for(i)
            ids = cy.ids
            y0 = cy.first_year
            rng = self.rng

            # an output serving no outcome (funded, so only the link upwards is missing)
            out = self.element("Output", f"Orphan deliverable {i + 1}", cy.operational[0], section)
            self.link(out, "FUNDED_BY", rng.choice(cy.unshared_cost_objects))
            planted["output_serves_no_outcome"].append(out)

            # an outcome that no output delivers
            oc = self.element("Outcome", f"Undelivered result {i + 1}", cy.strategic, section)
            self.link(rng.choice(ids["ThematicPriority"]), "HAS_OUTCOME", oc)
            self._indicator(oc, "outcome", cy.strategic, section, y0)
            planted["outcome_without_output"].append(oc)

            # a thematic priority with no outcome; a goal with no priority
            tp = self.element(
                "ThematicPriority", f"Empty programme area {i + 1}", cy.strategic, section
            )
            self.link(rng.choice(ids["Goal"]), "HAS_PRIORITY", tp)
            planted["priority_without_outcome"].append(tp)
            goal = self.element("Goal", f"Goal without priorities {i + 1}", cy.strategic, section)
            self.link(cy.mission, "HAS_GOAL", goal)
            planted["goal_without_priority"].append(goal)

            # a goal that the mission does not have (its priority is reached otherwise)
            stray = self.element("Goal", f"Stray goal {i + 1}", cy.strategic, section)
            self.link(stray, "HAS_PRIORITY", rng.choice(ids["ThematicPriority"]))
            planted["no_path_to_mission"].append(stray)

            # an output with no cost object
            out = self.element(
                "Output", f"Unfunded deliverable {i + 1}", cy.operational[1], section
            )
            self.link(rng.choice(ids["Outcome"]), "DELIVERED_BY", out)
            planted["output_without_cost_object"].append(out)

            # cost objects funding nothing, and without an amount
            co = self.element(
                "CostObject",
                f"Idle internal order {i + 1}",
                cy.financial,
                section,
                amount=self._amount(),
                currency="CHF",
            )
            planted["cost_object_funds_no_output"].append(co)
            co = self.element(
                "CostObject", f"Unpriced internal order {i + 1}", cy.financial, section
            )
            self.link(rng.choice(ids["Output"]), "FUNDED_BY", co)
            planted["cost_object_without_amount"].append(co)

            # shares over 1 on an output's links; under 1 on a cost object's links
            out = self.element(
                "Output", f"Over-attributed deliverable {i + 1}", cy.operational[0], section
            )
            first, second = distinct(ids["Outcome"], 2)
            self.link(first, "DELIVERED_BY", out, share=0.75)
            self.link(second, "DELIVERED_BY", out, share=0.5)
            self.link(out, "FUNDED_BY", rng.choice(cy.unshared_cost_objects))
            planted["shares_exceed_one"].append(out)
            co = self.element(
                "CostObject",
                f"Under-allocated internal order {i + 1}",
                cy.financial,
                section,
                amount=self._amount(),
                currency="CHF",
            )
            first, second = distinct(ids["Output"], 2)
            self.link(first, "FUNDED_BY", co, share=0.25)
            self.link(second, "FUNDED_BY", co, share=0.5)
            planted["shares_below_one"].append(co)

            # an outcome with no indicator (delivered by its own, funded output)
            oc = self.element("Outcome", f"Unmeasured result {i + 1}", cy.strategic, section)
            self.link(rng.choice(ids["ThematicPriority"]), "HAS_OUTCOME", oc)
            out = self.element(
                "Output",
                f"Deliverable {i + 1} for an outcome nobody measures",
                cy.operational[1],
                section,
            )
            self.link(oc, "DELIVERED_BY", out)
            self.link(out, "FUNDED_BY", rng.choice(cy.unshared_cost_objects))
            planted["outcome_without_indicator"].append(oc)

            # indicators without baseline, without target; an output-level one on an outcome
            outcome = rng.choice(ids["Outcome"])
            ind = self._indicator(outcome, "outcome", cy.strategic, section, y0, baseline=False)
            planted["indicator_without_baseline_or_target"].append(ind)
            ind = self._indicator(outcome, "outcome", cy.strategic, section, y0, target=False)
            planted["indicator_without_baseline_or_target"].append(ind)
            ind = self._indicator(rng.choice(ids["Outcome"]), "output", cy.strategic, section, y0)
            planted["output_indicator_on_outcome"].append(ind)

            # a priority whose name repeats an output's name (other case and punctuation)
            output = rng.choice(ids["Output"])
            repeated = cy.output_names[output].upper().replace(" ", " - ", 1)
            tp = self.element("ThematicPriority", repeated, cy.strategic, section)
            self.link(rng.choice(ids["Goal"]), "HAS_PRIORITY", tp)
            self.link(tp, "HAS_OUTCOME", rng.choice(ids["Outcome"]))
            planted["name_repeats_across_levels"].append(tp)

            # a mandate nothing meets; an enabler that enables nothing; an unmitigated risk
            mandate = self.element(
                "Mandate",
                f"Unmet resolution action {i + 1}",
                cy.strategic,
                section,
                instrument="Resolution 999",
            )
            planted["mandate_unmet"].append(mandate)
            enabler = self.element("Enabler", f"Idle enabler {i + 1}", cy.strategic, section)
            planted["enabler_enables_nothing"].append(enabler)
            risk = self.element(
                "Risk", f"Unmitigated risk {i + 1}", cy.strategic, section, category="strategic"
            )
            self.link(rng.choice(ids["Outcome"]), "THREATENED_BY", risk)
            planted["risk_without_mitigation"].append(risk)

            # a cycle: two outcomes, each part of the other
            first, second = self._fresh_pair(ids["Outcome"], f"cycle-{cy.index}")
            self.link(first, "PART_OF", second)
            self.link(second, "PART_OF", first)
            planted["chain_cycle"].append(f"{first} -PART_OF-> {second} -PART_OF-> {first}")

        # links between plans whose periods do not overlap (first and last cycle)
        early, late = cycles[0], cycles[-1]
        used: set[tuple[str, str]] = set()
        while len(planted["period_mismatch"]) < per_gap:
            outcome = self.rng.choice(early.ids["Outcome"])
            output = self.rng.choice(late.unshared_outputs)
            if (outcome, output) in used:
                continue
            used.add((outcome, output))
            self.link(outcome, "DELIVERED_BY", output)
            planted["period_mismatch"].append(f"{outcome} -DELIVERED_BY-> {output}")

        # the glossary: one element type left undefined, one defined twice
        planted["type_without_definition"].append(UNDEFINED_TYPE)
        term = self.element(
            "Term",
            f"{TWICE_DEFINED_TYPE} (second definition)",
            None,
            "Annex",
            defines=TWICE_DEFINED_TYPE,
            definition="A second, different definition in another place.",
        )
        planted["term_defined_twice"].append(term)

    def _fresh_pair(self, pool: list[str], key: str) -> tuple[str, str]:
        """Two outcomes not used in a planted cycle before."""
        used = self.__dict__.setdefault("_cycle_used", set())
        while True:
            first, second = self.rng.sample(pool, 2)
            if first not in used and second not in used:
                used.update((first, second))
                return first, second
