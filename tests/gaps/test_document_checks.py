"""The checks for what the ITU documents raise: each fires where it must (spelling variants
included) and stays silent where it must not; and the evidence filter."""

from __future__ import annotations

from typing import Any

import pytest

from app.db.graph import Graph
from app.gaps.engine import run_gaps
from tests.gaps.clean_plan import clean_plan, el, ln
from tests.merge_bundle import write_bundle


def keys(graph: Graph, check: str, **filters: str) -> set[str]:
    return {f.key for f in run_gaps(graph, check=check, **filters).findings}


def with_added(elements: list[dict[str, Any]], links: list[dict[str, Any]]) -> dict[str, Any]:
    bundle = clean_plan()
    bundle["elements"] += elements
    bundle["links"] += links
    return bundle


@pytest.mark.parametrize(
    ("term", "text", "fires"),
    [
        ("Products and Services", "Our products and services", True),
        ("Products and Services", "Our Products-and-Services", True),
        ("Products and Services", "PRODUCTS AND SERVICES, listed", True),
        ("Products and Services", "Our products, and services", True),
        ("Products and Services", "Our products and related services", False),
        ("E-government", "e government portals", True),
        ("E-government", "Open government data", False),
    ],
)
def test_deprecated_term_in_a_description(graph: Graph, term: str, text: str, fires: bool) -> None:
    write_bundle(
        graph,
        with_added(
            [
                el("term-old", "Term", term, deprecated=True, preferred_term="Outputs"),
                el("op4", "Output", "Curriculum guide", description=text),
                el("co4", "CostObject", "IO 4", amount=1.0),
            ],
            [ln("oc1", "DELIVERED_BY", "op4"), ln("op4", "FUNDED_BY", "co4")],
        ),
    )
    expected = {"deprecated_term_used:op4+term-old"} if fires else set()
    assert keys(graph, "deprecated_term_used") == expected


def test_deprecated_term_in_a_type_label_and_a_type_name(graph: Graph) -> None:
    bundle = with_added(
        [
            el("term-pas", "Term", "Products and Services", deprecated=True),
            el("term-tp", "Term", "Thematic priority", deprecated=True, preferred_term="Area"),
        ],
        [],
    )
    plan = next(e for e in bundle["elements"] if e["id"] == "sp")
    plan["type_labels"] = ["Goals", "Products & Services", "Products and services"]
    write_bundle(graph, bundle)
    assert keys(graph, "deprecated_term_used") == {
        "deprecated_term_used:sp+term-pas",
        "deprecated_term_used:ThematicPriority",
    }


def test_a_term_not_deprecated_is_not_flagged(graph: Graph) -> None:
    write_bundle(graph, with_added([el("term-pas", "Term", "Digital skills")], []))
    assert keys(graph, "deprecated_term_used") == set()


@pytest.mark.parametrize(
    ("name", "fires"),
    [
        ("Bridging the standardization gap", True),
        ("Organising regional workshops", True),
        ("Annual reports on connectivity", True),
        ("Capacity-building webinars", True),
        ("Enhanced ability of countries to implement standards", False),
        ("Reduced standardization gap", False),
        ("Improved access to e-government services", False),
    ],
)
def test_outcome_worded_as_deliverable(graph: Graph, name: str, fires: bool) -> None:
    write_bundle(
        graph,
        with_added(
            [el("oc3", "Outcome", name)],
            [ln("tp1", "HAS_OUTCOME", "oc3"), ln("oc3", "DELIVERED_BY", "op1")],
        ),
    )
    expected = {"outcome_worded_as_deliverable:oc3"} if fires else set()
    assert keys(graph, "outcome_worded_as_deliverable") == expected


def test_a_mandate_asking_for_risk_management_with_no_risk_anywhere(graph: Graph) -> None:
    bundle = with_added([el("res5", "Mandate", "Resolution 5", asks_risk_management=True)], [])
    bundle["links"] = [lk for lk in bundle["links"] if lk["type"] != "THREATENED_BY"]
    write_bundle(graph, bundle)
    # the strategic plan still holds its (now unlinked) risk; the operational plan none
    assert keys(graph, "no_risk_on_chain") == {"no_risk_on_chain:res5", "no_risk_on_chain:op"}


def test_a_mandate_asking_for_risk_management_with_risks_is_met(graph: Graph) -> None:
    write_bundle(
        graph, with_added([el("res5", "Mandate", "Resolution 5", asks_risk_management=True)], [])
    )
    assert keys(graph, "no_risk_on_chain") == set()


def test_terms_in_several_locations_of_a_plan_without_glossary(graph: Graph) -> None:
    bundle = clean_plan()
    for element in bundle["elements"]:
        if element["id"] == "term-outcome":
            element["defined_at"] = "Section 2"
        if element["id"] == "term-output":
            element["defined_at"] = "Annex 3"
    write_bundle(graph, bundle)
    assert keys(graph, "definition_outside_glossary") == {"definition_outside_glossary:sp"}


def test_terms_in_the_declared_glossary_are_not_flagged(graph: Graph) -> None:
    bundle = clean_plan()
    for element in bundle["elements"]:
        if element["id"] == "sp":
            element["glossary_at"] = "Annex 3 (Glossary of Terms)"
        if element["id"] in ("term-outcome", "term-output"):
            element["defined_at"] = "annex 3 - Glossary of terms"
    write_bundle(graph, bundle)
    assert keys(graph, "definition_outside_glossary") == set()


def test_a_required_element_in_a_plan_of_the_named_kind_is_not_flagged(graph: Graph) -> None:
    write_bundle(
        graph,
        with_added(
            [el("res4", "Mandate", "Resolution 4", plan_kind="operational")],
            [ln("res4", "REQUIRES", "en1")],  # en1 is in the operational plan
        ),
    )
    assert keys(graph, "mandated_element_not_in_plan") == set()


def test_a_lone_plan_without_period_is_not_flagged(graph: Graph) -> None:
    write_bundle(graph, {"elements": [el("fp", "Plan", "Financial plan")], "links": []})
    assert keys(graph, "plan_without_period") == set()


def test_an_activity_realising_an_output_is_not_flagged(graph: Graph) -> None:
    write_bundle(
        graph,
        with_added(
            [
                el("act1", "Activity", "Teacher workshops"),
                el("co7", "CostObject", "IO 7", amount=5.0, currency="CHF"),
            ],
            [ln("act1", "FUNDED_BY", "co7"), ln("op2", "REALISED_BY", "act1")],
        ),
    )
    assert keys(graph, "activity_funded_without_output") == set()
    assert keys(graph, "cost_object_funds_no_output") == set()


def test_evidence_leaves_out_assumed_and_inferred_links(graph: Graph) -> None:
    bundle = clean_plan()
    for link in bundle["links"]:
        if (link["from"], link["type"]) == ("tp1", "HAS_OUTCOME"):
            link["basis"] = "assumed"
        if (link["from"], link["to"]) == ("oc1", "op1"):
            link["basis"] = "inferred"
    write_bundle(graph, bundle)
    assert keys(graph, "priority_without_outcome") == set()
    assert keys(graph, "assumed_basis") == {"assumed_basis:oc1+tp1"}
    assert keys(graph, "priority_without_outcome", evidence="stated") == {
        "priority_without_outcome:tp1"
    }
    assert keys(graph, "priority_without_outcome", evidence="inferred") == {
        "priority_without_outcome:tp1"
    }
    assert "output_serves_no_outcome:op1" in keys(
        graph, "output_serves_no_outcome", evidence="stated"
    )
    assert keys(graph, "output_serves_no_outcome", evidence="inferred") == set()
