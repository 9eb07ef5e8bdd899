"""A small plan with no gap at all, and the planted gaps the tests add to it.

`clean_plan()` returns a bundle in the documented format (elements and links) on which
every check of the catalogue finds nothing. Each entry of `PLANTED` adds one gap of one
kind; `plant(*names)` returns the clean plan with those gaps added.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from app import metamodel

SP = {"document": "Strategic Plan 2024-2027", "section": "2"}
OP = {"document": "Operational Plan 2024-2025", "section": "3"}


def el(id_: str, type_: str, name: str, **props: Any) -> dict[str, Any]:
    source = OP if type_ in ("Output", "CostObject", "Enabler") else SP
    return {"id": id_, "type": type_, "name": name, "source": source, **props}


def ln(from_: str, type_: str, to: str, **props: Any) -> dict[str, Any]:
    return {"from": from_, "type": type_, "to": to, **props}


#: Results periods are years relative to today: the results checks read "ended" and
#: "recent" against today's date.
THIS_YEAR = date.today().year


def val(indicator: str, years_ago: int, kind: str, **props: Any) -> dict[str, Any]:
    """An IndicatorValue of `indicator` for the calendar year `years_ago` before this one."""
    year = THIS_YEAR - years_ago
    start, end = f"{year}-01-01", f"{year}-12-31"
    id_ = f"{indicator}/{start}/{end}/{kind}"
    return el(
        id_,
        "IndicatorValue",
        f"{kind} {year}",
        kind=kind,
        period_start=start,
        period_end=end,
        **props,
    )


def has_values(*values: dict[str, Any]) -> list[dict[str, Any]]:
    """The HAS_VALUE links of values made by `val`."""
    return [ln(v["id"].split("/")[0], "HAS_VALUE", v["id"]) for v in values]


#: ind1's results: last year on target (green), next year's target still to come.
CLEAN_VALUES = (
    val("ind1", 1, "target", value=0.5),
    val("ind1", 1, "actual", value=0.5),
    val("ind1", -1, "target", value=0.6),
)


def clean_plan() -> dict[str, list[dict[str, Any]]]:
    elements = [
        el(
            "sp",
            "Plan",
            "Strategic Plan 2024-2027",
            kind="strategic",
            period_start=2024,
            period_end=2027,
        ),
        el(
            "op",
            "Plan",
            "Operational Plan 2024-2025",
            kind="operational",
            period_start=2024,
            period_end=2025,
        ),
        el("m", "Mission", "Connect the world"),
        el("g1", "Goal", "Universal connectivity", code="G1", number=1),
        el("tp1", "ThematicPriority", "Digital inclusion", code="TP#1", number=1),
        el("oc1", "Outcome", "Enhanced digital skills of citizens"),
        el("oc1a", "Outcome", "Teachers able to teach digital skills"),
        el(
            "ind1",
            "Indicator",
            "Share of adults with basic digital skills",
            kind="outcome",
            baseline=0.4,
            baseline_year=2023,
            target=0.6,
            target_year=2027,
        ),
        el(
            "ind2",
            "Indicator",
            "Share of teachers certified in digital skills",
            kind="outcome",
            baseline=0.1,
            target=0.5,
        ),
        el("op1", "Output", "Digital skills curriculum"),
        el("op2", "Output", "Teacher training programme"),
        el("co1", "CostObject", "Internal order 100", amount=1000.0, currency="CHF"),
        el("co2", "CostObject", "Internal order 200", amount=500.0, currency="CHF"),
        el("en1", "Enabler", "Secretariat support"),
        el("r1", "Risk", "Low uptake of training", category="operational"),
        el("res1", "Mandate", "Resolution 1", code="Res 1"),
        el("res1-a1", "Mandate", "to develop a digital skills curriculum"),
        el("res2", "Mandate", "Resolution 2", code="Res 2"),
        *copy.deepcopy(CLEAN_VALUES),
    ]
    used = sorted({e["type"] for e in elements})
    elements += [
        el(f"term-{t.lower()}", "Term", t, defines=t, definition=f"What a {t} is.") for t in used
    ]
    links = [
        ln("m", "HAS_GOAL", "g1"),
        ln("g1", "HAS_PRIORITY", "tp1"),
        ln("tp1", "HAS_OUTCOME", "oc1"),
        ln("oc1a", "PART_OF", "oc1"),
        ln("oc1", "MEASURED_BY", "ind1"),
        ln("oc1a", "MEASURED_BY", "ind2"),
        ln("oc1", "DELIVERED_BY", "op1"),
        ln("oc1", "DELIVERED_BY", "op2", share=0.4),
        ln("oc1a", "DELIVERED_BY", "op2", share=0.6),
        ln("op1", "FUNDED_BY", "co1"),
        ln("op2", "FUNDED_BY", "co2", share=1.0),
        ln("op1", "ENABLED_BY", "en1"),
        ln("oc1", "THREATENED_BY", "r1"),
        ln("op2", "THREATENED_BY", "r1"),
        ln("r1", "MITIGATED_BY", "op1"),
        ln("res1-a1", "PART_OF", "res1"),
        ln("res1-a1", "REQUIRES", "op1"),
        ln("res2", "REQUIRES", "oc1"),
        *has_values(*CLEAN_VALUES),
    ]
    for e in elements:
        if e["type"] == "Plan":
            continue
        plan = "op" if e["type"] in ("Output", "CostObject", "Enabler") else "sp"
        links.append(ln(plan, "CONTAINS", e["id"]))
    return {"elements": elements, "links": links}


#: Each planted gap: (elements to add, links to add, links to remove as (from, type, to)),
#: and the findings it must produce as (check id, finding key).
Plant = tuple[list[dict[str, Any]], list[dict[str, Any]], list[tuple[str, str, str]]]

PLANTED: dict[str, tuple[Plant, list[tuple[str, str]]]] = {
    "output_serves_no_outcome": (
        (
            [el("op9", "Output", "Orphan output"), el("co9", "CostObject", "IO 9", amount=1.0)],
            [ln("op9", "FUNDED_BY", "co9"), ln("op", "CONTAINS", "op9")],
            [],
        ),
        [("output_serves_no_outcome", "output_serves_no_outcome:op9")],
    ),
    "outcome_without_output": (
        (
            [
                el("oc9", "Outcome", "Outcome with nothing delivering it"),
                el("ind9", "Indicator", "Rate of change", kind="outcome", baseline=1, target=2),
            ],
            [ln("tp1", "HAS_OUTCOME", "oc9"), ln("oc9", "MEASURED_BY", "ind9")],
            [],
        ),
        [("outcome_without_output", "outcome_without_output:oc9")],
    ),
    "priority_without_outcome": (
        (
            [el("tp9", "ThematicPriority", "Priority aiming at nothing")],
            [ln("g1", "HAS_PRIORITY", "tp9")],
            [],
        ),
        [("priority_without_outcome", "priority_without_outcome:tp9")],
    ),
    "goal_without_priority": (
        ([el("g9", "Goal", "Goal pursued through nothing")], [ln("m", "HAS_GOAL", "g9")], []),
        [("goal_without_priority", "goal_without_priority:g9")],
    ),
    "no_path_to_mission": (
        (
            [
                el("tp8", "ThematicPriority", "Priority of no goal"),
                el("oc8", "Outcome", "Outcome of a cut-off priority"),
            ],
            [
                ln("tp8", "HAS_OUTCOME", "oc8"),
                ln("oc8", "DELIVERED_BY", "op1", share=0.0),
                ln("oc8", "MEASURED_BY", "ind1"),
            ],
            [],
        ),
        [("no_path_to_mission", "no_path_to_mission:tp8")],
    ),
    "output_without_cost_object": (
        ([el("op8", "Output", "Unfunded output")], [ln("oc1", "DELIVERED_BY", "op8")], []),
        [("output_without_cost_object", "output_without_cost_object:op8")],
    ),
    "cost_object_funds_no_output": (
        ([el("co8", "CostObject", "Internal order 800", amount=10.0, currency="CHF")], [], []),
        [("cost_object_funds_no_output", "cost_object_funds_no_output:co8")],
    ),
    "element_without_successor": (
        (
            [
                el(
                    "op-prior",
                    "Plan",
                    "Operational Plan 2022-2023",
                    kind="operational",
                    period_start=2022,
                    period_end=2023,
                    status="closed",
                )
            ],
            [ln("op", "SUCCEEDS", "op-prior"), ln("op-prior", "CONTAINS", "op2")],
            [],
        ),  # the clean operational plan is in preparation (set in `plant`)
        [("element_without_successor", "element_without_successor:op2")],
    ),
    "cost_object_without_amount": (
        ([], [], []),  # replaced below: co2 loses its amount
        [("cost_object_without_amount", "cost_object_without_amount:co2+op2")],
    ),
    "shares_exceed_one": (
        ([], [ln("oc1", "DELIVERED_BY", "op2", share=0.9)], []),
        [("shares_exceed_one", "shares_exceed_one:op2")],
    ),
    "shares_below_one": (
        ([], [ln("op1", "FUNDED_BY", "co1", share=0.5)], []),
        [("shares_below_one", "shares_below_one:co1")],
    ),
    "outcome_without_indicator": (
        (
            [el("oc5", "Outcome", "Outcome nobody measures")],
            [ln("tp1", "HAS_OUTCOME", "oc5"), ln("oc5", "DELIVERED_BY", "op1")],
            [],
        ),
        [("outcome_without_indicator", "outcome_without_indicator:oc5")],
    ),
    "indicator_without_baseline_or_target": (
        (
            [el("ind7", "Indicator", "Share of schools connected", kind="outcome", target=1.0)],
            [ln("oc1a", "MEASURED_BY", "ind7")],
            [],
        ),
        [("indicator_without_baseline_or_target", "indicator_without_baseline_or_target:ind7")],
    ),
    "output_indicator_on_outcome": (
        (
            [el("ind6", "Indicator", "Curricula published", kind="output", baseline=0, target=3)],
            [ln("oc1", "MEASURED_BY", "ind6")],
            [],
        ),
        [("output_indicator_on_outcome", "output_indicator_on_outcome:ind6+oc1")],
    ),
    "activity_count_indicator": (
        (
            [
                el(
                    "ind5",
                    "Indicator",
                    "Total number of workshops and participants",
                    kind="outcome",
                    baseline=0,
                    target=10,
                )
            ],
            [ln("oc1", "MEASURED_BY", "ind5")],
            [],
        ),
        [("activity_count_indicator", "activity_count_indicator:ind5+oc1")],
    ),
    "name_repeats_across_levels": (
        (
            [
                el("tp7", "ThematicPriority", "Teacher-training programmes", code="TP#7"),
                el("oc7", "Outcome", "Better schooling"),
            ],
            [
                ln("g1", "HAS_PRIORITY", "tp7"),
                ln("tp7", "HAS_OUTCOME", "oc7"),
                ln("oc7", "DELIVERED_BY", "op2", share=0.0),
                ln("oc7", "MEASURED_BY", "ind1"),
            ],
            [],
        ),
        [("name_repeats_across_levels", "name_repeats_across_levels:op2+tp7")],
    ),
    "type_without_definition": (
        ([], [], []),  # replaced below: the Risk term is removed
        [("type_without_definition", "type_without_definition:Risk")],
    ),
    "term_defined_twice": (
        (
            [
                el(
                    "term-outputs-2",
                    "Term",
                    "Outputs",
                    defines="Outputs",
                    definition="Products and services.",
                    source={"document": "Annex 3"},
                )
            ],
            [],
            [],
        ),
        [("term_defined_twice", "term_defined_twice:term-output+term-outputs-2")],
    ),
    "term_without_definition": (
        ([el("term-io", "Term", "Internal order", defines="internal order")], [], []),
        [("term_without_definition", "term_without_definition:term-io")],
    ),
    "mandate_unmet": (
        ([el("res1-a2", "Mandate", "to report yearly")], [ln("res1-a2", "PART_OF", "res1")], []),
        [("mandate_unmet", "mandate_unmet:res1-a2")],
    ),
    "enabler_enables_nothing": (
        ([el("en9", "Enabler", "Website")], [], []),
        [("enabler_enables_nothing", "enabler_enables_nothing:en9")],
    ),
    "risk_without_mitigation": (
        ([el("r9", "Risk", "Funding shortfall")], [ln("oc1", "THREATENED_BY", "r9")], []),
        [("risk_without_mitigation", "risk_without_mitigation:r9")],
    ),
    "period_mismatch": (
        (
            [
                el(
                    "op-old",
                    "Plan",
                    "Operational Plan 2018-2019",
                    kind="operational",
                    period_start=2018,
                    period_end=2019,
                ),
                el("op5", "Output", "Legacy output"),
                el("co5", "CostObject", "IO 5", amount=1.0),
                el("r5", "Risk", "Legacy systems fail"),
            ],
            [
                ln("op-old", "CONTAINS", "op5"),
                ln("op-old", "CONTAINS", "co5"),
                ln("oc1a", "DELIVERED_BY", "op5"),
                ln("op5", "FUNDED_BY", "co5"),
                ln("op-old", "CONTAINS", "r5"),
                ln("op5", "THREATENED_BY", "r5"),
                ln("r5", "MITIGATED_BY", "op5"),
            ],
            [],
        ),
        [("period_mismatch", "period_mismatch:oc1a+op5")],
    ),
    "assumed_basis": (
        ([], [ln("g1", "HAS_PRIORITY", "tp1", basis="assumed")], []),
        [("assumed_basis", "assumed_basis:g1+tp1")],
    ),
    "deprecated_term_used": (
        (
            [
                el(
                    "term-pas",
                    "Term",
                    "Products and Services",
                    deprecated=True,
                    preferred_term="Outputs",
                ),
                el(
                    "op4",
                    "Output",
                    "Curriculum guide",
                    description="One of the plan's products-and-services.",
                ),
                el("co4", "CostObject", "IO 4", amount=2.0, currency="CHF"),
            ],
            [
                ln("oc1", "DELIVERED_BY", "op4"),
                ln("op4", "FUNDED_BY", "co4"),
                ln("op", "CONTAINS", "op4"),
            ],
            [],
        ),
        [("deprecated_term_used", "deprecated_term_used:op4+term-pas")],
    ),
    "definition_outside_glossary": (
        (
            [
                el(
                    "sp2",
                    "Plan",
                    "Strategic Plan 2024-2027, glossary edition",
                    kind="strategic",
                    period_start=2024,
                    period_end=2027,
                    glossary_at="Annex 3 (Glossary of Terms)",
                ),
                el(
                    "term-baseline",
                    "Term",
                    "Baseline",
                    defines="baseline",
                    definition="The value at the start.",
                    defined_at="Section 4",
                ),
                el(
                    "term-target",
                    "Term",
                    "Target value",
                    defines="target value",
                    definition="The value aimed at.",
                    defined_at="annex 3 - glossary of terms",
                ),
            ],
            [ln("sp2", "CONTAINS", "term-baseline"), ln("sp2", "CONTAINS", "term-target")],
            [],
        ),
        [("definition_outside_glossary", "definition_outside_glossary:sp2+term-baseline")],
    ),
    "outcome_worded_as_deliverable": (
        (
            [el("oc3", "Outcome", "Workshops on digital skills")],
            [
                ln("tp1", "HAS_OUTCOME", "oc3"),
                ln("oc3", "DELIVERED_BY", "op1"),
                ln("oc3", "MEASURED_BY", "ind1"),
            ],
            [],
        ),
        [("outcome_worded_as_deliverable", "outcome_worded_as_deliverable:oc3")],
    ),
    "no_risk_on_chain": (
        (
            [
                el(
                    "op-b",
                    "Plan",
                    "Operational Plan B 2024-2025",
                    kind="operational",
                    period_start=2024,
                    period_end=2025,
                )
            ],
            [ln("op-b", "CONTAINS", "op1")],
            [],
        ),
        [("no_risk_on_chain", "no_risk_on_chain:op-b")],
    ),
    "mandated_element_not_in_plan": (
        (
            [
                el("res4", "Mandate", "Resolution 4", plan_kind="operational"),
                el("en4", "Enabler", "Website"),
            ],
            [ln("res4", "REQUIRES", "en4"), ln("op1", "ENABLED_BY", "en4")],
            [],
        ),
        [("mandated_element_not_in_plan", "mandated_element_not_in_plan:en4+res4")],
    ),
    "plan_without_period": (
        ([el("fp", "Plan", "Financial plan", kind="financial")], [], []),
        [("plan_without_period", "plan_without_period:fp")],
    ),
    "activity_funded_without_output": (
        (
            [
                el("act9", "Activity", "Unlinked activity"),
                el("co7", "CostObject", "IO 7", amount=5.0, currency="CHF"),
                el("term-activity", "Term", "Activity", defines="Activity", definition="Work."),
            ],
            [ln("act9", "FUNDED_BY", "co7")],
            [],
        ),
        [("activity_funded_without_output", "activity_funded_without_output:act9+co7")],
    ),
    "chain_cycle": (
        (
            [el("oc6", "Outcome", "Outcome in a loop")],
            [ln("oc6", "PART_OF", "oc1a"), ln("oc1a", "PART_OF", "oc6")],
            [],
        ),
        [("chain_cycle", "chain_cycle:oc1a+oc6")],
    ),
    "indicator_not_reporting": (
        ([(v := val("ind1", 2, "target", value=0.45))], has_values(v), []),
        [("indicator_not_reporting", "indicator_not_reporting:ind1")],
    ),
    "actual_without_target": (
        ([(v := val("ind2", 2, "actual", value=0.3))], has_values(v), []),
        [("actual_without_target", "actual_without_target:ind2")],
    ),
    "period_targets_inconsistent": (
        ([(v := val("ind2", -1, "target", value=0.7))], has_values(v), []),
        [("period_targets_inconsistent", "period_targets_inconsistent:ind2")],
    ),
    "indicator_off_track": (
        (
            vs := [val("ind2", 1, "target", value=0.5), val("ind2", 1, "actual", value=0.15)],
            has_values(*vs),
            [],
        ),
        [("indicator_off_track", "indicator_off_track:ind2")],
    ),
    "outcome_without_recent_results": (
        (
            [
                el("oc17", "Outcome", "Stronger public libraries"),
                el("ind17", "Indicator", "Library visits", kind="outcome", baseline=1, target=2),
                *(
                    vs := [
                        val("ind17", 3, "target", value=1.5),
                        val("ind17", 3, "actual", value=1.5),
                    ]
                ),
            ],
            [
                ln("oc17", "PART_OF", "oc1"),
                ln("oc17", "DELIVERED_BY", "op1"),
                ln("oc17", "MEASURED_BY", "ind17"),
                ln("sp", "CONTAINS", "oc17"),
                ln("sp", "CONTAINS", "ind17"),
                *has_values(*vs),
            ],
            [],
        ),
        [("outcome_without_recent_results", "outcome_without_recent_results:oc17")],
    ),
    # the link's stamp (what it saw of the outcome when made) holds an earlier name: the
    # outcome was renamed since (written straight to the graph, as an import never would)
    "suspect_link": (
        (
            [],
            [
                ln(
                    "oc1",
                    "DELIVERED_BY",
                    "op1",
                    upstream_seen=["name=Digital skills of citizens", "description="],
                )
            ],
            [],
        ),
        [("suspect_link", "suspect_link:oc1-[DELIVERED_BY]->op1")],
    ),
}


def plant(*names: str) -> dict[str, list[dict[str, Any]]]:
    """The clean plan with the named gaps planted."""
    bundle = copy.deepcopy(clean_plan())
    for name in names:
        (elements, links, removed), _ = PLANTED[name]
        bundle["elements"] += copy.deepcopy(elements)
        bundle["links"] += copy.deepcopy(links)
        bundle["links"] = [
            lk for lk in bundle["links"] if (lk["from"], lk["type"], lk["to"]) not in removed
        ]
        if name == "cost_object_without_amount":
            co2 = next(e for e in bundle["elements"] if e["id"] == "co2")
            co2.pop("amount")
            co2.pop("currency")
        if name == "element_without_successor":
            next(e for e in bundle["elements"] if e["id"] == "op")["status"] = "in-preparation"
        if name == "type_without_definition":
            bundle["elements"] = [e for e in bundle["elements"] if e["id"] != "term-risk"]
            bundle["links"] = [lk for lk in bundle["links"] if lk["to"] != "term-risk"]
    # Shares given twice on one link (a planted link replacing a clean one) keep the last.
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for lk in bundle["links"]:
        seen[(lk["from"], lk["type"], lk["to"])] = lk
    bundle["links"] = list(seen.values())
    assert {e["type"] for e in bundle["elements"]} <= set(metamodel.ELEMENT_TYPE_NAMES)
    return bundle
