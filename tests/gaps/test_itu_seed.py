"""On the ITU seed, the engine reports the problems the two ITU documents raise.

Each row of the seed findings table (`seed/itu-findings.yaml`, rendered into
`seed/README.md` by `rbmtrace seed findings`) names the check and the findings that flag
its problem; every row is flagged or says why it cannot be.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.config import Settings
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.findings import Finding
from app.seeding import findings_table, load_seed, seed_problems

SEED_README = Path(__file__).resolve().parents[2] / "seed" / "README.md"


@pytest.fixture
def itu(graph: Graph, settings: Settings) -> list[Finding]:
    load_seed(graph, "itu", settings)
    return run_gaps(graph).findings


def of(findings: list[Finding], check: str) -> list[Finding]:
    return [f for f in findings if f.check == check]


def test_every_row_of_the_findings_table_is_flagged_or_says_why(
    graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    found = {f.key: f for f in run_gaps(graph).findings}
    problems = seed_problems(settings)
    assert len(problems) >= 15
    for row in problems:
        if row.check is None:
            assert row.reason, row.problem
            continue
        assert row.findings, row.problem
        for key in row.findings:
            assert key in found, (row.problem, key)
            assert found[key].check == row.check
    table = findings_table(graph, settings)
    assert "NOT FLAGGED" not in table and "missing:" not in table
    # the README's table is `rbmtrace seed findings`; regenerate it when this fails
    assert table in SEED_README.read_text(encoding="utf-8")


def test_tp2_repeats_the_output_international_numbering_resources(itu: list[Finding]) -> None:
    repeats = {tuple(e.id for e in f.elements): f for f in of(itu, "name_repeats_across_levels")}
    assert set(repeats) == {
        ("itu-tp-2", "itu-output-inr"),
        ("itu-outcome-bsg", "itu-output-bsg"),
    }
    tp2 = repeats[("itu-tp-2", "itu-output-inr")]
    assert tp2.evidence["similarity"] == 1.0
    assert "TP#2" in tp2.message
    # the finding cites where its elements are raised, with the section cut at no '#'
    assert tp2.elements[0].source_section == (
        "Formulation of Thematic Priority #2 (International Numbering Resources)"
    )
    assert tp2.elements[0].basis == "stated"


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
    assert {f"itu-res-108-action-{n}" for n in (1, 2, 4, 5)} <= unmet
    assert "itu-res-108-action-3" not in unmet  # it requires the key enablers
    assert "itu-res-108" not in unmet  # met when its actions are


def test_the_placeholder_hides_nothing_on_the_plan_as_written(
    graph: Graph, settings: Settings
) -> None:
    """With every basis admitted the assumed placeholder completes TP#2's chain, and the
    assumption is listed; on evidence=stated TP#2 has no outcome and its output none."""
    load_seed(graph, "itu", settings)
    everything = {f.key for f in run_gaps(graph).findings}
    assert "priority_without_outcome:itu-tp-2" not in everything
    assert "assumed_basis:itu-outcome-tp-2-unnamed" in everything
    stated = {f.key for f in run_gaps(graph, evidence="stated").findings}
    assert {
        "priority_without_outcome:itu-tp-2",
        "output_serves_no_outcome:itu-output-inr",
        "output_serves_no_outcome:itu-output-bsg",  # the criticism is not a delivery
        "goal_without_priority:itu-goal-1",
        "outcome_without_output:itu-outcome-enabling-environment",
    } <= stated
    inferred = {f.key for f in run_gaps(graph, evidence="inferred").findings}
    assert "output_serves_no_outcome:itu-output-bsg" not in inferred
    assert "priority_without_outcome:itu-tp-2" in inferred


def test_the_proposed_industry_engagement_output_is_not_linked(itu: list[Finding]) -> None:
    proposed = "itu-output-industry-engagement-proposed"
    checks = {f.check for f in itu if proposed in {e.id for e in f.elements}}
    assert checks == {"output_serves_no_outcome", "output_without_cost_object"}


def test_the_seed_chain_reaches_the_mission(itu: list[Finding]) -> None:
    """The BSG breakdown joins its outcome through PART_OF: nothing is cut off."""
    assert of(itu, "no_path_to_mission") == []
    assert of(itu, "outcome_without_output") == []
