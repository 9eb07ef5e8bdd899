"""The synthetic plan generator: determinism, sizes, validity, and the planted gaps."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import pytest

from app import metamodel
from app.bundles.schemas import iso_date
from app.db.graph import Graph
from app.synth import GAP_KINDS, generate, synthesize
from app.synth.gap_planters import UNPLANTED_CHECKS
from app.synth.synthetic_plan import (
    MINIMUM_ELEMENTS,
    TWICE_DEFINED_TYPE,
    UNDEFINED_TYPE,
    gaps_per_kind,
)
from tests.merge_bundle import write_bundle

_KIND_CHECKS = {
    metamodel.PropertyKind.string: lambda v: isinstance(v, str),
    metamodel.PropertyKind.text: lambda v: isinstance(v, str),
    metamodel.PropertyKind.number: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    metamodel.PropertyKind.integer: lambda v: isinstance(v, int) and not isinstance(v, bool),
    metamodel.PropertyKind.year: lambda v: isinstance(v, int) and 1900 <= v <= 2200,
    metamodel.PropertyKind.boolean: lambda v: isinstance(v, bool),
    metamodel.PropertyKind.string_list: lambda v: (
        isinstance(v, list) and all(isinstance(x, str) for x in v)
    ),
    metamodel.PropertyKind.date: lambda v: isinstance(v, str) and iso_date(v) == v,
}


def metamodel_problems(bundle: dict[str, Any]) -> list[str]:
    """Every way the bundle breaks the metamodel (empty when it is valid)."""
    problems: list[str] = []
    types: dict[str, str] = {}
    for i, element in enumerate(bundle["elements"]):
        type_name = element["type"]
        if not metamodel.is_element_type(type_name):
            problems.append(f"element {i}: unknown type {type_name}")
            continue
        if element["id"] in types:
            problems.append(f"element {i}: duplicate id {element['id']}")
        types[element["id"]] = type_name
        declared = {p.name: p for p in metamodel.properties_of(type_name)}
        for prop in declared.values():
            if prop.required and prop.name not in element:
                problems.append(f"element {i}: missing {prop.name}")
        for key, value in element.items():
            if key in ("type", "source"):
                continue
            if key not in declared:
                problems.append(f"element {i}: undeclared property {key}")
                continue
            prop = declared[key]
            if not _KIND_CHECKS[prop.kind](value):
                problems.append(f"element {i}: {key}={value!r} is not {prop.kind}")
            if prop.choices and value not in prop.choices:
                problems.append(f"element {i}: {key}={value!r} not in {prop.choices}")
            if prop.minimum is not None and value < prop.minimum:
                problems.append(f"element {i}: {key} below minimum")
        if set(element.get("source", {})) - {"document", "section"}:
            problems.append(f"element {i}: bad source")
    for i, link in enumerate(bundle["links"]):
        rel = link["type"]
        if not metamodel.is_relationship_type(rel):
            problems.append(f"link {i}: unknown type {rel}")
            continue
        if link["from"] not in types or link["to"] not in types:
            problems.append(f"link {i}: dangling {link['from']} -> {link['to']}")
            continue
        if not metamodel.relationship_type(rel).allows(types[link["from"]], types[link["to"]]):
            problems.append(f"link {i}: {types[link['from']]} -{rel}-> {types[link['to']]}")
        declared_links = {p.name: p for p in metamodel.link_properties_of(rel)}
        for key, value in link.items():
            if key in ("from", "to", "type", "source"):
                continue
            if key not in declared_links:
                problems.append(f"link {i}: undeclared property {key}")
            elif key == "share" and not 0.0 <= value <= 1.0:
                problems.append(f"link {i}: share {value} outside 0..1")
    pairs = Counter((lk["from"], lk["type"], lk["to"]) for lk in bundle["links"])
    problems += [f"link {p} appears {n} times" for p, n in pairs.items() if n > 1]
    return problems


class Index:
    """Bundle lookups for checking the planted gaps."""

    def __init__(self, bundle: dict[str, Any]) -> None:
        self.elements = {e["id"]: e for e in bundle["elements"]}
        self.out: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        self.into: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
        for link in bundle["links"]:
            self.out[(link["from"], link["type"])].append(link)
            self.into[(link["to"], link["type"])].append(link)
        self.plan_of = {lk["to"]: lk["from"] for lk in bundle["links"] if lk["type"] == "CONTAINS"}

    def reaches_mission(self, element_id: str) -> bool:
        frontier, seen = [element_id], {element_id}
        while frontier:
            current = frontier.pop()
            if self.elements[current]["type"] == "Mission":
                return True
            for _, rel, _ in metamodel.RESULTS_CHAIN:
                for link in self.into[(current, rel)]:
                    if link["from"] not in seen:
                        seen.add(link["from"])
                        frontier.append(link["from"])
        return False

    def period(self, element_id: str) -> tuple[int, int]:
        plan = self.elements[self.plan_of[element_id]]
        return plan["period_start"], plan["period_end"]


def test_same_seed_gives_the_same_bundle_and_another_seed_another() -> None:
    first = synthesize(1000, seed=7)
    again = synthesize(1000, seed=7)
    other = generate(1000, seed=8)
    assert first.bundle == again.bundle
    assert first.manifest.to_dict() == again.manifest.to_dict()
    assert first.bundle != other


@pytest.mark.parametrize("size", [MINIMUM_ELEMENTS, 1000, 4321, 20000])
def test_the_bundle_has_exactly_the_elements_asked_for_and_is_valid(size: int) -> None:
    plan = synthesize(size, seed=1)
    assert len(plan.bundle["elements"]) == size
    assert len(plan.bundle["links"]) > size  # CONTAINS alone is nearly one per element
    assert metamodel_problems(plan.bundle) == []


def test_too_small_a_plan_is_refused_with_the_minimum() -> None:
    with pytest.raises(ValueError, match=str(MINIMUM_ELEMENTS)):
        generate(MINIMUM_ELEMENTS - 1)


def test_the_plan_is_realistic_several_cycles_many_to_many_shared_and_funded() -> None:
    bundle = generate(5000, seed=2)
    index = Index(bundle)
    plans = [e for e in bundle["elements"] if e["type"] == "Plan"]
    assert {p["kind"] for p in plans} == {"strategic", "operational", "financial"}
    assert len({(p["period_start"], p["period_end"]) for p in plans}) >= 6
    by_type = Counter(e["type"] for e in bundle["elements"])
    assert by_type["Mission"] >= 3 and by_type["Term"] >= 10
    links = bundle["links"]
    tps_with_two_goals = [k for k, v in index.into.items() if k[1] == "HAS_PRIORITY" and len(v) > 1]
    outcomes_with_two_tps = [
        k for k, v in index.into.items() if k[1] == "HAS_OUTCOME" and len(v) > 1
    ]
    shared_outputs = [k for k, v in index.into.items() if k[1] == "DELIVERED_BY" and len(v) > 1]
    assert tps_with_two_goals and outcomes_with_two_tps and shared_outputs
    assert any(lk["type"] == "DELIVERED_BY" and "share" in lk for lk in links)
    assert any(lk["type"] == "FUNDED_BY" and "share" in lk for lk in links)
    assert any(lk["type"] == "SUCCEEDS" for lk in links)
    amounts = [
        e["amount"] for e in bundle["elements"] if e["type"] == "CostObject" and "amount" in e
    ]
    assert amounts and all(e.get("currency") == "CHF" for e in bundle["elements"] if "amount" in e)
    indicators = [e for e in bundle["elements"] if e["type"] == "Indicator"]
    assert sum(1 for i in indicators if "baseline" in i and "target" in i) > len(indicators) * 0.9


def test_the_manifest_counts_each_kind() -> None:
    plan = synthesize(12000, seed=3)
    counts = plan.manifest.counts()
    assert set(counts) == set(GAP_KINDS)
    per_kind = gaps_per_kind(12000)
    for kind, count in counts.items():
        if kind in ("type_without_definition", "term_defined_twice"):
            expected = 1
        elif kind in UNPLANTED_CHECKS:
            expected = 0
        elif kind == "indicator_without_baseline_or_target":
            expected = 2 * per_kind
        else:
            expected = per_kind
        assert count == expected, kind


def test_every_planted_gap_is_in_the_bundle() -> None:
    plan = synthesize(3000, seed=4)
    bundle, planted = plan.bundle, plan.manifest.planted
    ix = Index(bundle)

    for out in planted["output_serves_no_outcome"]:
        assert not ix.into[(out, "DELIVERED_BY")] and ix.out[(out, "FUNDED_BY")]
        assert not ix.reaches_mission(out)
    for oc in planted["outcome_without_output"]:
        assert not ix.out[(oc, "DELIVERED_BY")] and ix.into[(oc, "HAS_OUTCOME")]
    for tp in planted["priority_without_outcome"]:
        assert not ix.out[(tp, "HAS_OUTCOME")] and ix.reaches_mission(tp)
    for goal in planted["goal_without_priority"]:
        assert not ix.out[(goal, "HAS_PRIORITY")] and ix.reaches_mission(goal)
    for goal in planted["no_path_to_mission"]:
        assert not ix.reaches_mission(goal) and ix.out[(goal, "HAS_PRIORITY")]
    for out in planted["output_without_cost_object"]:
        assert not ix.out[(out, "FUNDED_BY")] and ix.reaches_mission(out)
    for co in planted["cost_object_funds_no_output"]:
        assert not ix.into[(co, "FUNDED_BY")] and ix.elements[co]["amount"] > 0
    for co in planted["cost_object_without_amount"]:
        assert "amount" not in ix.elements[co] and ix.into[(co, "FUNDED_BY")]
    for out in planted["shares_exceed_one"]:
        assert sum(lk["share"] for lk in ix.into[(out, "DELIVERED_BY")]) > 1
    for co in planted["shares_below_one"]:
        assert sum(lk["share"] for lk in ix.into[(co, "FUNDED_BY")]) < 1
    for oc in planted["outcome_without_indicator"]:
        assert not ix.out[(oc, "MEASURED_BY")] and ix.out[(oc, "DELIVERED_BY")]
    incomplete = [ix.elements[i] for i in planted["indicator_without_baseline_or_target"]]
    assert any("baseline" not in i and "target" in i for i in incomplete)
    assert any("target" not in i and "baseline" in i for i in incomplete)
    for ind in planted["output_indicator_on_outcome"]:
        assert ix.elements[ind]["kind"] == "output"
        assert ix.elements[ix.into[(ind, "MEASURED_BY")][0]["from"]]["type"] == "Outcome"
    output_keys = {
        "".join(ch for ch in e["name"].casefold() if ch.isalnum())
        for e in bundle["elements"]
        if e["type"] == "Output"
    }
    for tp in planted["name_repeats_across_levels"]:
        key = "".join(ch for ch in ix.elements[tp]["name"].casefold() if ch.isalnum())
        assert key in output_keys and ix.out[(tp, "HAS_OUTCOME")]
    defined = Counter(e["defines"] for e in bundle["elements"] if e["type"] == "Term")
    assert planted["type_without_definition"] == [UNDEFINED_TYPE] and defined[UNDEFINED_TYPE] == 0
    assert any(e["type"] == UNDEFINED_TYPE for e in bundle["elements"])
    assert defined[TWICE_DEFINED_TYPE] == 2
    assert [t for t, n in defined.items() if n > 1] == [TWICE_DEFINED_TYPE]
    for mandate in planted["mandate_unmet"]:
        assert not ix.out[(mandate, "REQUIRES")]
    for enabler in planted["enabler_enables_nothing"]:
        assert not ix.into[(enabler, "ENABLED_BY")]
    for risk in planted["risk_without_mitigation"]:
        assert not ix.out[(risk, "MITIGATED_BY")] and ix.into[(risk, "THREATENED_BY")]
    for text in planted["period_mismatch"]:
        source, _, target = text.split(" ")
        (s0, s1), (t0, t1) = ix.period(source), ix.period(target)
        assert s1 < t0 or t1 < s0
        assert any(lk["to"] == target for lk in ix.out[(source, "DELIVERED_BY")])
    for text in planted["chain_cycle"]:
        first, _, second, _, again = text.split(" ")
        assert first == again
        assert any(lk["to"] == second for lk in ix.out[(first, "PART_OF")])
        assert any(lk["to"] == first for lk in ix.out[(second, "PART_OF")])


def test_the_clean_part_has_none_of_the_gaps() -> None:
    """Outside the manifest, no element shows the structural gaps the manifest plants."""
    plan = synthesize(3000, seed=5)
    expected = {kind: sorted(ids) for kind, ids in plan.manifest.planted.items()}
    ix = Index(plan.bundle)
    found: dict[str, set[str]] = defaultdict(set)
    for element_id, e in ix.elements.items():
        t = e["type"]
        if t == "Output" and not ix.into[(element_id, "DELIVERED_BY")]:
            found["output_serves_no_outcome"].add(element_id)
        if t == "Output" and not ix.out[(element_id, "FUNDED_BY")]:
            found["output_without_cost_object"].add(element_id)
        if t == "Outcome" and not ix.out[(element_id, "DELIVERED_BY")]:
            found["outcome_without_output"].add(element_id)
        if t == "Outcome" and not ix.out[(element_id, "MEASURED_BY")]:
            found["outcome_without_indicator"].add(element_id)
        if t == "ThematicPriority" and not ix.out[(element_id, "HAS_OUTCOME")]:
            found["priority_without_outcome"].add(element_id)
        if t == "Goal" and not ix.out[(element_id, "HAS_PRIORITY")]:
            found["goal_without_priority"].add(element_id)
        if t in ("Goal", "ThematicPriority", "Outcome") and not ix.reaches_mission(element_id):
            found["no_path_to_mission"].add(element_id)
        if t == "CostObject" and not ix.into[(element_id, "FUNDED_BY")]:
            found["cost_object_funds_no_output"].add(element_id)
        if t == "CostObject" and "amount" not in e:
            found["cost_object_without_amount"].add(element_id)
        if t == "Mandate" and not ix.out[(element_id, "REQUIRES")]:
            found["mandate_unmet"].add(element_id)
        if t == "Enabler" and not ix.into[(element_id, "ENABLED_BY")]:
            found["enabler_enables_nothing"].add(element_id)
        if t == "Risk" and not ix.out[(element_id, "MITIGATED_BY")]:
            found["risk_without_mitigation"].add(element_id)
        if t == "Indicator" and ("baseline" not in e or "target" not in e):
            found["indicator_without_baseline_or_target"].add(element_id)
    for kind, ids in found.items():
        assert sorted(ids) == expected[kind], kind


def test_a_synthetic_bundle_is_stored_whole(graph: Graph) -> None:
    bundle = generate(1000, seed=6)
    write_bundle(graph, bundle)
    assert graph.counts() == (len(bundle["elements"]), len(bundle["links"]))
