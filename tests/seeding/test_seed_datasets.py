"""The seed datasets as files: they fit the metamodel, cite sources and say what they say.

These tests read `seed/` only (no database); `test_seeding.py` loads them into Neo4j.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

import pytest

from app import metamodel
from app.lookup_keys import normalise_key
from app.metamodel import PropertyKind
from app.seeding import SEED_DATASETS, read_seed, sources_table
from tests.conftest import base_settings

ITU_LS = "TSAG LS, Second Submission of TSAG to CWG-SFP"
ITU_SP = "ITU Strategic Plan 2024-2027 (Resolution 71, Rev. Bucharest, 2022)"
ITU_RG = "TSAG RG-SOP progress report"
ITU_FACTS = "ITU planning facts (reference/itu-plan-facts.md)"
DEMO_SOURCE = "Synthetic demo data (not ITU figures)"


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _kind_problem(kind: PropertyKind, value: Any) -> str | None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    ok = {
        PropertyKind.string: isinstance(value, str),
        PropertyKind.text: isinstance(value, str),
        PropertyKind.number: is_number,
        PropertyKind.integer: isinstance(value, int) and not isinstance(value, bool),
        PropertyKind.year: isinstance(value, int)
        and not isinstance(value, bool)
        and 1900 <= value <= 2200,
        PropertyKind.boolean: isinstance(value, bool),
        PropertyKind.string_list: isinstance(value, list)
        and all(isinstance(v, str) for v in value),
        PropertyKind.date: isinstance(value, str) and len(value) == 10 and _is_date(value),
    }[kind]
    return None if ok else f"{value!r} is not a {kind.value}"


def _property_problems(where: str, props: dict[str, Any], declared: tuple[Any, ...]) -> list[str]:
    by_name = {p.name: p for p in declared}
    problems = []
    for key, value in props.items():
        prop = by_name.get(key)
        if prop is None:
            problems.append(f"{where}: property '{key}' is not declared")
            continue
        kind_problem = _kind_problem(prop.kind, value)
        if kind_problem:
            problems.append(f"{where}.{key}: {kind_problem}")
        if prop.choices and value not in prop.choices:
            problems.append(f"{where}.{key}: {value!r} not one of {prop.choices}")
        if kind_problem or not isinstance(value, int | float):
            continue
        if prop.minimum is not None and value < prop.minimum:
            problems.append(f"{where}.{key}: below {prop.minimum}")
        if prop.maximum is not None and value > prop.maximum:
            problems.append(f"{where}.{key}: above {prop.maximum}")
    for prop in declared:
        if prop.required and prop.name not in props:
            problems.append(f"{where}: required property '{prop.name}' is missing")
    return problems


def _source_problems(where: str, source: Any) -> list[str]:
    if not isinstance(source, dict) or not source.get("document") or not source.get("section"):
        return [f"{where}: no source with document and section"]
    extra = set(source) - {"document", "section"}
    return [f"{where}: source has unknown keys {sorted(extra)}"] if extra else []


def metamodel_problems(bundle: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every way the bundle breaks the metamodel or the source rule; empty when it fits."""
    problems: list[str] = []
    types: dict[str, str] = {}
    for i, element in enumerate(bundle["elements"]):
        where = f"elements[{i}] ({element.get('id')})"
        type_name = element.get("type")
        if not metamodel.is_element_type(str(type_name)):
            problems.append(f"{where}: unknown type {type_name!r}")
            continue
        if element["id"] in types:
            problems.append(f"{where}: duplicate id")
        types[element["id"]] = type_name
        props = {k: v for k, v in element.items() if k not in ("type", "source")}
        problems += _property_problems(where, props, metamodel.properties_of(type_name))
        problems += _source_problems(where, element.get("source"))
    seen_links = set()
    for i, link in enumerate(bundle["links"]):
        where = f"links[{i}] ({link.get('from')} {link.get('type')} {link.get('to')})"
        rel = str(link.get("type"))
        if not metamodel.is_relationship_type(rel):
            problems.append(f"{where}: unknown relationship type")
            continue
        ends = (link.get("from"), link.get("to"))
        missing = [end for end in ends if end not in types]
        if missing:
            problems.append(f"{where}: no element with id {missing}")
            continue
        if not metamodel.relationship_type(rel).allows(types[ends[0]], types[ends[1]]):
            problems.append(f"{where}: {types[ends[0]]} -{rel}-> {types[ends[1]]} not allowed")
        key = (ends[0], rel, ends[1])
        if key in seen_links:
            problems.append(f"{where}: duplicate link")
        seen_links.add(key)
        props = {k: v for k, v in link.items() if k not in ("from", "type", "to", "source")}
        problems += _property_problems(where, props, metamodel.link_properties_of(rel))
        problems += _source_problems(where, link.get("source"))
    return problems


@pytest.fixture(scope="module")
def itu() -> dict[str, list[dict[str, Any]]]:
    return read_seed("itu", base_settings())


@pytest.fixture(scope="module")
def demo() -> dict[str, list[dict[str, Any]]]:
    return read_seed("demo", base_settings())


def by_id(bundle: dict[str, list[dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in bundle["elements"]}


def links_of(bundle: dict[str, list[dict[str, Any]]], rel: str) -> list[dict[str, Any]]:
    return [lk for lk in bundle["links"] if lk["type"] == rel]


# --- both datasets fit the metamodel --------------------------------------------------------
@pytest.mark.parametrize("name", SEED_DATASETS)
def test_seed_dataset_fits_the_metamodel_and_cites_sources(name: str) -> None:
    bundle = read_seed(name, base_settings())
    assert bundle["elements"] and bundle["links"]
    assert metamodel_problems(bundle) == []


def test_the_checker_reports_what_breaks_the_metamodel() -> None:
    broken = {
        "elements": [
            {"id": "a", "type": "Outcome", "name": "A", "colour": "red"},
            {"id": "b", "type": "Widget", "name": "B", "source": {"document": "d"}},
            {"id": "c", "type": "CostObject", "name": "C", "amount": "lots",
             "source": {"document": "d", "section": "s"}},
        ],
        "links": [
            {"from": "a", "type": "FUNDED_BY", "to": "c", "source": {"document": "d",
                                                                    "section": "s"}},
            {"from": "a", "type": "DELIVERED_BY", "to": "nowhere"},
        ],
    }  # fmt: skip
    problems = "\n".join(metamodel_problems(broken))
    assert "property 'colour' is not declared" in problems
    assert "elements[0] (a): no source" in problems
    assert "unknown type 'Widget'" in problems
    assert "'lots' is not a number" in problems
    assert "Outcome -FUNDED_BY-> CostObject not allowed" in problems
    assert "no element with id ['nowhere']" in problems


# --- the ITU dataset ------------------------------------------------------------------------
def test_itu_cites_only_the_seed_documents_and_the_facts(itu: dict[str, Any]) -> None:
    allowed = {ITU_LS, ITU_SP, ITU_RG, ITU_FACTS}
    cited = {item["source"]["document"] for item in itu["elements"] + itu["links"]}
    assert cited <= allowed
    assert {ITU_LS, ITU_SP, ITU_RG, ITU_FACTS} <= cited


def test_itu_holds_the_mission_vision_goals_and_tp2(itu: dict[str, Any]) -> None:
    elements = by_id(itu)
    assert elements["itu-mission"]["description"].startswith('"To promote, facilitate')
    assert elements["itu-vision"]["description"].startswith('"An information society')
    goals = {e["name"] for e in itu["elements"] if e["type"] == "Goal"}
    assert goals == {"Universal connectivity", "Sustainable digital transformation"}
    tp2 = elements["itu-tp-2"]
    assert (tp2["type"], tp2["code"], tp2["name"]) == (
        "ThematicPriority",
        "TP#2",
        "International numbering resources",
    )
    assert tp2["aliases"] == ["Thematic Priority #2"]  # as the liaison statement writes it
    assert normalise_key("tp-2") == normalise_key(tp2["code"])  # "TP2", "tp-2" still resolve


def test_itu_every_thematic_priority_serves_both_goals_by_plan_structure(
    itu: dict[str, Any],
) -> None:
    priorities = [e["id"] for e in itu["elements"] if e["type"] == "ThematicPriority"]
    for tp in priorities:
        links = [lk for lk in links_of(itu, "HAS_PRIORITY") if lk["to"] == tp]
        assert {lk["from"] for lk in links} == {"itu-goal-1", "itu-goal-2"}
        assert all(lk["basis"] == "assumed" and "Assumed" in lk["description"] for lk in links)


def test_itu_bsg_outcome_breaks_down_the_enabling_environment_outcome(
    itu: dict[str, Any],
) -> None:
    part_of = {(lk["from"], lk["to"]) for lk in links_of(itu, "PART_OF")}
    assert ("itu-outcome-bsg", "itu-outcome-enabling-environment") in part_of
    delivered = {
        lk["to"] for lk in links_of(itu, "DELIVERED_BY") if lk["from"] == "itu-outcome-bsg"
    }
    assert delivered == {"itu-output-bsg", "itu-output-study-groups"}
    # the cited sentence is a criticism, not a delivery statement: inferred, and says why
    for lk in links_of(itu, "DELIVERED_BY"):
        if lk["from"] == "itu-outcome-bsg":
            assert lk["basis"] == "inferred" and "criticism" in lk["description"]


def test_itu_six_quoted_outcome_indicators_measure_the_bsg_outcome(itu: dict[str, Any]) -> None:
    elements = by_id(itu)
    measured = [lk["to"] for lk in links_of(itu, "MEASURED_BY") if lk["from"] == "itu-outcome-bsg"]
    assert len(measured) == 6
    names = [elements[i]["name"] for i in measured]
    assert names[0] == (
        "Total number of ITU-T study group leadership positions held (by level of development)"
    )
    assert names[4] == "Total number of ITU-T recommendation downloads"
    for indicator in (elements[i] for i in measured):
        assert indicator["kind"] == "outcome"
        assert "\u2013" not in indicator["name"]  # the en-dash-separated list is split
        assert "baseline" not in indicator and "target" not in indicator  # not in the sources


def test_itu_resolution_108_has_five_actions_the_third_requiring_the_key_enablers(
    itu: dict[str, Any],
) -> None:
    actions = [lk["from"] for lk in links_of(itu, "PART_OF") if lk["to"] == "itu-res-108"]
    assert len(actions) == 5
    assert all(by_id(itu)[a]["type"] == "Mandate" for a in actions)
    required = {(lk["from"], lk["to"]) for lk in links_of(itu, "REQUIRES")}
    enablers = {e["id"] for e in itu["elements"] if e["type"] == "Enabler"}
    assert required == {("itu-res-108-action-3", e) for e in enablers}
    assert len(enablers) == 8
    assert by_id(itu)["itu-res-108-action-3"]["plan_kind"] == "operational"
    assert by_id(itu)["itu-res-108-action-5"]["asks_risk_management"] is True


def test_itu_outputs_are_funded_by_internal_orders_of_unknown_amount(itu: dict[str, Any]) -> None:
    elements = by_id(itu)
    contained = {
        lk["to"] for lk in links_of(itu, "CONTAINS") if lk["from"] == "itu-plan-itu-t-operational"
    }
    outputs = {e["id"] for e in itu["elements"] if e["type"] == "Output"}
    assert contained == outputs - {"itu-output-industry-engagement-proposed"}
    for output in contained:
        orders = [lk["to"] for lk in links_of(itu, "FUNDED_BY") if lk["from"] == output]
        assert len(orders) == 1
        order = elements[orders[0]]
        assert order["name"] == f"Internal order for output: {elements[output]['name']}"
        assert "amount" not in order and "currency" not in order and "code" not in order
    assert "proposed" in elements["itu-output-industry-engagement-proposed"]["description"].lower()


def test_itu_defines_only_outcome_and_output(itu: dict[str, Any]) -> None:
    terms = [e for e in itu["elements"] if e["type"] == "Term"]
    assert sorted(t["defines"] for t in terms if "defines" in t) == ["Outcome", "Output"]
    located = {t["defines"]: t["defined_at"] for t in terms if "defines" in t}
    assert located["Output"] == by_id(itu)["itu-plan-sp-2024-2027"]["glossary_at"]
    assert located["Outcome"] != located["Output"]  # the plan body, not the glossary
    old = by_id(itu)["itu-term-products-and-services"]
    assert (old["deprecated"], old["preferred_term"]) == (True, "Outputs")
    output_term = next(t for t in terms if t["defines"] == "Output")
    assert (
        "represented in the applicable cost-accounting system by internal orders"
        in (output_term["definition"])
    )


def test_itu_holds_the_problems_the_liaison_statement_raises(itu: dict[str, Any]) -> None:
    """The data lets the gap engine find them; nothing here is planted beyond the sources."""
    elements = by_id(itu)
    tp2_key = normalise_key(elements["itu-tp-2"]["name"])
    assert [e["id"] for e in itu["elements"] if e["type"] == "Output"
            and normalise_key(e["name"]) == tp2_key] == ["itu-output-inr"]  # fmt: skip
    used_types = {e["type"] for e in itu["elements"] if metamodel.element_type(e["type"]).planning}
    defined = {e.get("defines") for e in itu["elements"] if e["type"] == "Term"}
    assert {"Goal", "ThematicPriority", "Enabler", "Indicator", "Mandate"} <= used_types - defined


def test_itu_tp2_placeholder_outcome_says_it_is_not_named(itu: dict[str, Any]) -> None:
    placeholder = by_id(itu)["itu-outcome-tp-2-unnamed"]
    assert "not named in the seed sources" in placeholder["name"]
    assert placeholder["basis"] == "assumed" and "placeholder" in placeholder["description"]
    assert "quote" not in placeholder
    assert {(lk["from"], lk["to"]) for lk in links_of(itu, "HAS_OUTCOME")} >= {
        ("itu-tp-2", "itu-outcome-tp-2-unnamed")
    }


def test_seed_readme_lists_the_source_of_every_itu_element(itu: dict[str, Any]) -> None:
    readme = (base_settings().seed_dir / "README.md").read_text(encoding="utf-8")
    assert sources_table(itu) in readme, "regenerate with `rbmtrace seed sources itu`"


@pytest.mark.parametrize("name", SEED_DATASETS)
def test_seed_readme_states_each_dataset_size(name: str) -> None:
    bundle = read_seed(name, base_settings())
    readme = (base_settings().seed_dir / "README.md").read_text(encoding="utf-8")
    size = f"({len(bundle['elements'])} elements, {len(bundle['links'])} links)"
    assert f"## `{name}/`" in readme and size in readme


# --- the synthetic demo dataset ------------------------------------------------------------
def funded_totals(bundle: dict[str, Any]) -> dict[str, float]:
    """Per currency, the sum of the amounts of every cost object that funds an output."""
    funding = {lk["to"] for lk in links_of(bundle, "FUNDED_BY")}
    totals: dict[str, float] = defaultdict(float)
    for element in bundle["elements"]:
        if element["id"] in funding and "amount" in element:
            totals[element["currency"]] += element["amount"]
    return dict(totals)


def test_demo_is_labelled_synthetic_everywhere(demo: dict[str, Any]) -> None:
    for element in demo["elements"]:
        assert element["name"].startswith("Synthetic demo"), element["id"]
        assert element["source"]["document"] == DEMO_SOURCE
        assert element["id"].startswith("demo-")
    assert {lk["source"]["document"] for lk in demo["links"]} == {DEMO_SOURCE}
    assert 40 <= len(demo["elements"]) <= 100


def test_demo_shares_sum_to_one_where_given(demo: dict[str, Any]) -> None:
    delivered: dict[str, list[float]] = defaultdict(list)
    for lk in links_of(demo, "DELIVERED_BY"):
        delivered[lk["to"]].append(lk.get("share", -1.0))
    funded: dict[str, list[float]] = defaultdict(list)
    for lk in links_of(demo, "FUNDED_BY"):
        funded[lk["to"]].append(lk.get("share", -1.0))
    for shares in (*delivered.values(), *funded.values()):
        if -1.0 not in shares and len(shares) > 1:
            assert sum(shares) == pytest.approx(1.0)
        else:
            assert all(s == -1.0 for s in shares) or shares == [1.0]
    shared_with = [o for o, s in delivered.items() if len(s) > 1 and -1.0 not in s]
    shared_without = [o for o, s in delivered.items() if len(s) > 1 and -1.0 in s]
    assert len(shared_with) >= 2 and len(shared_without) >= 1
    assert [co for co, s in funded.items() if len(s) == 2 and -1.0 not in s] == ["demo-co-3"]


def test_demo_has_a_diamond_and_many_to_many_priorities(demo: dict[str, Any]) -> None:
    goals_of_tp: dict[str, set[str]] = defaultdict(set)
    for lk in links_of(demo, "HAS_PRIORITY"):
        goals_of_tp[lk["to"]].add(lk["from"])
    tps_of_outcome: dict[str, set[str]] = defaultdict(set)
    for lk in links_of(demo, "HAS_OUTCOME"):
        tps_of_outcome[lk["to"]].add(lk["from"])
    assert any(len(goals) > 1 for goals in goals_of_tp.values())
    diamonds = [
        o
        for o, tps in tps_of_outcome.items()
        if len(tps) > 1 and set.intersection(*(goals_of_tp[tp] for tp in tps))
    ]
    assert diamonds == ["demo-outcome-2-1"]


def test_demo_readme_states_the_funded_total(demo: dict[str, Any]) -> None:
    totals = funded_totals(demo)
    assert list(totals) == ["CHF"]
    readme = (base_settings().seed_dir / "demo" / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"Total of all funded cost object amounts: \*\*CHF ([\d,]+)\*\*", readme)
    assert stated, "seed/demo/README.md must state the total"
    assert float(stated.group(1).replace(",", "")) == totals["CHF"]


def even_split_rollup(bundle: dict[str, Any]) -> dict[str, float]:
    """Funded amount per output, outcome, priority and goal of the demo: shares where given,
    an even split among the parents where not (the rule of `GET /api/v1/budget`)."""
    elements = by_id(bundle)

    def parents(rel: str) -> dict[str, list[tuple[str, float | None]]]:
        found: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
        for lk in links_of(bundle, rel):
            found[lk["to"]].append((lk["from"], lk.get("share")))
        return found

    amounts: dict[str, float] = defaultdict(float)
    for co, outputs in parents("FUNDED_BY").items():
        for output, share in outputs:
            amounts[output] += elements[co]["amount"] * (
                share if share is not None else 1 / len(outputs)
            )
    level = dict(amounts)
    for rel in ("DELIVERED_BY", "HAS_OUTCOME", "HAS_PRIORITY"):
        up = parents(rel)
        next_level: dict[str, float] = defaultdict(float)
        for child, amount in level.items():
            for parent, share in up[child]:
                next_level[parent] += amount * (share if share is not None else 1 / len(up[child]))
        amounts.update(next_level)
        level = dict(next_level)
    return dict(amounts)


def test_demo_readme_roll_up_table_matches_an_even_split(demo: dict[str, Any]) -> None:
    rollup = even_split_rollup(demo)
    readme = (base_settings().seed_dir / "demo" / "README.md").read_text(encoding="utf-8")
    goals = [e["id"] for e in demo["elements"] if e["type"] == "Goal"]
    assert sum(rollup[g] for g in goals) == pytest.approx(funded_totals(demo)["CHF"])
    for element_id, amount in rollup.items():
        assert f"| `{element_id}` | {amount:,.0f} |" in readme, element_id
