"""On the ITU seed, the engine reports the points the TSAG liaison statement raises."""

from __future__ import annotations

import pytest

from app.core.config import Settings
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.findings import Finding
from app.seeding import load_seed


@pytest.fixture
def itu(graph: Graph, settings: Settings) -> list[Finding]:
    load_seed(graph, "itu", settings)
    return run_gaps(graph).findings


def of(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


def test_tp2_repeats_the_output_international_numbering_resources(itu: list[Finding]) -> None:
    [repeat] = of(itu, "priority_repeats_output_name")
    assert [e.id for e in repeat.elements] == ["itu-tp-2", "itu-output-inr"]
    assert repeat.evidence["similarity"] == 1.0
    assert "TP#2" in repeat.message


def test_output_level_indicators_under_bridging_the_standardization_gap(
    itu: list[Finding],
) -> None:
    counted = of(itu, "activity_count_indicator")
    assert {f.elements[0].id for f in counted} == {f"itu-ind-bsg-{n}" for n in range(1, 7)}
    assert all(f.elements[1].id == "itu-outcome-bsg" for f in counted)
    assert all(f.severity == "info" for f in counted)


def test_missing_definitions(itu: list[Finding]) -> None:
    undefined = {f.subject for f in of(itu, "type_without_definition")}
    assert {"Goal", "ThematicPriority", "CostObject", "Indicator", "Mandate"} <= undefined
    assert not {"Outcome", "Output", "Term"} & undefined  # the glossary defines these two


def test_resolution_108_actions_that_nothing_meets(itu: list[Finding]) -> None:
    unmet = {f.elements[0].id for f in of(itu, "mandate_unmet")}
    assert {f"itu-res-108-action-{n}" for n in range(1, 6)} <= unmet
    assert "itu-res-108" not in unmet  # met when its actions are
    action = next(f for f in of(itu, "mandate_unmet") if f.key.endswith("action-1"))
    assert action.evidence["part_of"][0]["id"] == "itu-res-108"


def test_outputs_whose_internal_orders_have_no_amounts(itu: list[Finding]) -> None:
    unknown = of(itu, "cost_object_without_amount")
    funded = {e.id for f in unknown for e in f.elements if e.type == "Output"}
    assert funded == {"itu-output-inr", "itu-output-bsg", "itu-output-study-groups"}
    assert all("is unknown" in f.message for f in unknown)


def test_the_proposed_industry_engagement_output_is_not_linked(itu: list[Finding]) -> None:
    proposed = "itu-output-industry-engagement-proposed"
    checks = {f.check for f in itu if proposed in {e.id for e in f.elements}}
    assert checks == {"output_serves_no_outcome", "output_without_cost_object"}


def test_the_seed_chain_reaches_the_mission(itu: list[Finding]) -> None:
    """The BSG breakdown joins its outcome through PART_OF: nothing is cut off."""
    assert of(itu, "no_path_to_mission") == []
    assert of(itu, "outcome_without_output") == []
