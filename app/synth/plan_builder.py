"""The clean part of a synthetic plan: planning cycles with complete results chains.

Several planning cycles (four-year strategic periods, each with a strategic, two biennial
operational and a financial plan, each succeeding the one before). Each cycle has its own
vision and mission and a complete results chain: goals, targets, thematic priorities
(many-to-many with goals), outcomes (many-to-many with priorities), outputs (some shared
between outcomes, with and without `share`), cost objects with CHF amounts (some funding
several outputs, with and without `share`), indicators with baselines and targets,
enablers, risks with mitigations and mandates. Glossary `Term`s define the element types.
Elements of one cycle succeed those of the cycle before (`SUCCEEDS`).

`PlanBuilder` also offers the small builders (`element`, `link`, `indicator`, `amount`)
that the gap planters (`app/synth/gap_planters.py`) use to add their gaps.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app import metamodel

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
CYCLES = 3
#: Results (issue 17): the last cycle's outcome indicators get, in this share of its
#: elements, a target and an actual on target for the last full year before today and a
#: target for this year (`PlanBuilder.results_year`): on track, reporting, recent.
RESULTS_SHARE = 0.03
_FIRST_YEAR = 2016
PLANS_PER_CYCLE = 4  # strategic, two operational bienniums, financial

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
    "IndicatorValue": "val",
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
class Cycle:
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
    #: outcomes with an indicator that reports on track and recently (results)
    valued_outcomes: list[str] = field(default_factory=list)

    @property
    def period(self) -> tuple[int, int]:
        return self.first_year, self.first_year + 3


class PlanBuilder:
    """Builds the bundle's element and link rows, all randomness from one seeded RNG."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self.elements: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.counters: dict[str, int] = {}
        self.cycles: list[Cycle] = []
        #: the year of the latest results: the last full calendar year before today
        self.results_year = date.today().year - 1

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

    # --- the clean plan ----------------------------------------------------------------
    def glossary(self, defined_types: list[str]) -> None:
        """A glossary Term defining each of these element types."""
        for type_name in defined_types:
            self.element(
                "Term",
                type_name,
                None,
                "Glossary",
                defines=type_name,
                definition=metamodel.element_type(type_name).description,
            )

    def cycle(self, c: int, budget: int) -> None:
        """Planning cycle number `c` with `budget` elements besides its plans, vision and
        mission."""
        rng = self.rng
        cycle = Cycle(index=c, first_year=_FIRST_YEAR + 4 * c)
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
        last = c == CYCLES - 1
        values = max(3, int(budget * RESULTS_SHARE)) if last else 0
        counts["IndicatorValue"] = min(values, 3 * min(counts["Outcome"], counts["Indicator"]))
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
        self._results(cycle, counts["IndicatorValue"])
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

    def amount(self) -> int:
        return self.rng.randrange(20, 2500) * 1000

    def _cost_objects(self, cycle: Cycle, count: int, section: str) -> None:
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
                amount=self.amount(),
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

    def indicator(
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

    def _indicators(self, cycle: Cycle, count: int, section: str) -> None:
        ids = cycle.ids
        y0 = cycle.first_year
        made: list[str] = []
        for outcome in ids["Outcome"][:count]:
            made.append(self.indicator(outcome, "outcome", cycle.strategic, section, y0))
        rest = count - len(made)
        outputs = ids["Output"]
        for i in range(rest):
            if i % 10 == 9:
                goal = ids["Goal"][i % len(ids["Goal"])]
                made.append(self.indicator(goal, "impact", cycle.strategic, section, y0))
            else:
                k = i % len(outputs)
                # outputs alternate between the two operational plans: the k-th is in k % 2
                plan = cycle.operational[k % 2]
                made.append(self.indicator(outputs[k], "output", plan, section, y0))
        ids["Indicator"] = made

    def value(self, indicator: str, year: int, kind: str, value: float) -> str:
        """A target or actual of `indicator` for calendar year `year`, linked by HAS_VALUE."""
        made = self.element(
            "IndicatorValue",
            f"{kind} {year} of {indicator}",
            None,
            "Results",
            kind=kind,
            period_start=f"{year}-01-01",
            period_end=f"{year}-12-31",
            value=value,
        )
        self.link(indicator, "HAS_VALUE", made)
        return made

    def _results(self, cycle: Cycle, count: int) -> None:
        """`count` values on the cycle's outcome indicators (see RESULTS_SHARE): per
        indicator the last full year's target and actual (equal: green), then this year's
        target (not ended yet)."""
        targets = {e["id"]: e.get("target") for e in self.elements if e["type"] == "Indicator"}
        year = self.results_year
        made = 0
        for outcome, indicator in zip(cycle.ids["Outcome"], cycle.ids["Indicator"], strict=False):
            target = targets[indicator]
            left = count - made
            if left <= 0 or target is None:
                continue
            if left >= 2:
                self.value(indicator, year, "target", target)
                self.value(indicator, year, "actual", target)
                cycle.valued_outcomes.append(outcome)
                made += 2
            if left == 1 or left >= 3:
                self.value(indicator, year + 1, "target", target)
                made += 1

    def _enablers_risks_mandates(self, cycle: Cycle, counts: dict[str, int], section: str) -> None:
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
