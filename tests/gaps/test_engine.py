from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.core.config import Settings
from app.core.errors import BadRequest, NotFound
from app.db.change_token import AFRESH
from app.db.graph import Graph
from app.gaps.catalogue import Severity, check_ids
from app.gaps.engine import (
    RUNS,
    open_findings,
    run_checks_raw,
    run_gaps,
    run_key,
    select_checks,
)
from app.gaps.findings import Finding
from tests.db.test_change_token import other_session_write
from tests.gaps.clean_plan import PLANTED, clean_plan, el, ln, plant
from tests.merge_bundle import write_bundle


def found(graph: Graph, **filters: str) -> set[tuple[str, str]]:
    return {(f.check, f.key) for f in run_gaps(graph, **filters).findings}


def test_every_check_has_a_planted_gap() -> None:
    assert sorted(PLANTED) == sorted(check_ids())


def test_the_clean_plan_has_no_finding(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    report = run_gaps(graph)
    assert report.findings == []
    assert report.summary.checks_run == len(check_ids())
    assert report.summary.open == 0


@pytest.mark.parametrize("check", sorted(PLANTED))
def test_must_not_fire_on_the_clean_plan(graph: Graph, check: str) -> None:
    write_bundle(graph, clean_plan())
    assert found(graph, check=check) == set()


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_must_fire_on_its_planted_gap_and_nothing_else(graph: Graph, name: str) -> None:
    write_bundle(graph, plant(name))
    assert found(graph) == set(PLANTED[name][1])


def test_all_planted_gaps_together_give_exactly_those_findings(graph: Graph) -> None:
    write_bundle(graph, plant(*PLANTED))
    expected = {pair for _, pairs in PLANTED.values() for pair in pairs}
    assert found(graph) == expected


def test_findings_carry_elements_message_and_evidence(graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome", "no_path_to_mission"))
    by_check = {f.check: f for f in run_gaps(graph).findings}
    orphan = by_check["output_serves_no_outcome"]
    assert orphan.severity == "error"
    assert [(e.id, e.type, e.name) for e in orphan.elements] == [("op9", "Output", "Orphan output")]
    assert orphan.evidence == {"missing": "(:Outcome)-[:DELIVERED_BY]->(this)"}
    assert "serves no outcome" in orphan.message
    cut = by_check["no_path_to_mission"]
    assert cut.evidence["cut_off"] == 1
    assert [e["id"] for e in cut.evidence["cut_off_examples"]] == ["oc8"]
    assert "1 element below it is cut off" in cut.message


def test_outcome_delivered_and_measured_only_through_its_breakdown_is_no_gap(
    graph: Graph,
) -> None:
    bundle = clean_plan()
    bundle["links"] = [
        lk
        for lk in bundle["links"]
        if (lk["from"], lk["type"]) not in {("oc1", "DELIVERED_BY"), ("oc1", "MEASURED_BY")}
    ]
    bundle["links"] += [ln("oc1a", "DELIVERED_BY", "op1")]
    bundle["links"] = [
        {**lk, "share": 1.0} if (lk["from"], lk["to"]) == ("oc1a", "op2") else lk
        for lk in bundle["links"]
    ]
    write_bundle(graph, bundle)
    assert found(graph) == set()


def test_a_resolution_without_actions_needs_its_own_requires(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["links"] = [lk for lk in bundle["links"] if lk["from"] != "res2"]
    write_bundle(graph, bundle)
    assert found(graph) == {("mandate_unmet", "mandate_unmet:res2")}


def test_period_mismatch_is_no_gap_when_one_plan_succeeds_the_other(graph: Graph) -> None:
    bundle = plant("period_mismatch")
    bundle["links"].append(ln("sp", "SUCCEEDS", "op-old"))
    write_bundle(graph, bundle)
    assert found(graph, check="period_mismatch") == set()


def test_period_mismatch_is_no_gap_along_element_lineage(graph: Graph) -> None:
    bundle = plant("period_mismatch")
    bundle["links"] = [lk for lk in bundle["links"] if lk["to"] != "op5" or lk["from"] != "oc1a"]
    bundle["links"].append(ln("op1", "SUCCEEDS", "op5"))
    write_bundle(graph, bundle)
    assert found(graph, check="period_mismatch") == set()


def test_shares_partly_given_below_one_are_no_gap(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["elements"].append(el("oc3", "Outcome", "Third outcome"))
    bundle["links"] += [
        ln("tp1", "HAS_OUTCOME", "oc3"),
        ln("oc3", "MEASURED_BY", "ind1"),
        ln("oc3", "DELIVERED_BY", "op1", share=0.3),
    ]
    write_bundle(graph, bundle)
    assert found(graph, check="shares_below_one,shares_exceed_one") == set()


def test_an_output_kind_indicator_is_reported_by_kind_not_by_wording(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["elements"].append(
        el("ind4", "Indicator", "Number of meetings held", kind="output", baseline=0, target=1)
    )
    bundle["links"].append(ln("oc1", "MEASURED_BY", "ind4"))
    write_bundle(graph, bundle)
    assert found(graph) == {("output_indicator_on_outcome", "output_indicator_on_outcome:ind4+oc1")}


def test_a_glossary_word_in_plural_and_with_spaces_defines_the_type(graph: Graph) -> None:
    bundle = clean_plan()
    for element in bundle["elements"]:
        if element["id"] == "term-thematicpriority":
            element["defines"] = "Thematic priorities"
    write_bundle(graph, bundle)
    assert found(graph, check="type_without_definition") == set()


def test_name_repetition_needs_more_than_one_shared_word(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["elements"].append(el("op7", "Output", "Digital inclusion awards and hackathons"))
    bundle["links"] += [ln("oc1", "DELIVERED_BY", "op7"), ln("op7", "FUNDED_BY", "co1")]
    write_bundle(graph, bundle)
    assert found(graph, check="name_repeats_across_levels") == set()


def test_no_mission_at_all_reports_every_goal(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["elements"] = [e for e in bundle["elements"] if e["id"] != "m"]
    bundle["links"] = [lk for lk in bundle["links"] if "m" not in (lk["from"], lk["to"])]
    bundle["elements"] = [e for e in bundle["elements"] if e["id"] != "term-mission"]
    bundle["links"] = [lk for lk in bundle["links"] if lk["to"] != "term-mission"]
    write_bundle(graph, bundle)
    assert found(graph) == {("no_path_to_mission", "no_path_to_mission:g1")}


def test_filters_by_check_severity_and_plan(graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome", "enabler_enables_nothing"))
    assert {c for c, _ in found(graph, severity="warning")} == {"enabler_enables_nothing"}
    assert {c for c, _ in found(graph, check="output_serves_no_outcome")} == {
        "output_serves_no_outcome"
    }
    # op9 is in the operational plan; en9 is in no plan
    assert found(graph, plan="op") == {("output_serves_no_outcome", "output_serves_no_outcome:op9")}
    assert found(graph, plan="sp") == set()
    report = run_gaps(graph)
    assert report.summary.open_by_severity == {"error": 1, "warning": 1, "info": 0}
    assert len(open_findings(report, Severity.error)) == 1
    assert len(open_findings(report, Severity.warning)) == 2


def test_bad_filters_are_refused_with_the_known_values(graph: Graph) -> None:
    with pytest.raises(BadRequest) as unknown_check:
        select_checks("no_such_check")
    assert "output_serves_no_outcome" in unknown_check.value.extra["known"]
    with pytest.raises(BadRequest):
        select_checks(severity="fatal")
    write_bundle(graph, clean_plan())
    with pytest.raises(NotFound):
        run_gaps(graph, plan="no such plan", now=datetime.now(UTC))


def test_a_breakdown_cycle_cut_off_from_the_mission_is_reported_as_such(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["elements"] += [el("oc4", "Outcome", "Loop one"), el("oc5", "Outcome", "Loop two")]
    bundle["links"] += [
        ln("oc4", "PART_OF", "oc5"),
        ln("oc5", "PART_OF", "oc4"),
        ln("oc4", "DELIVERED_BY", "op1", share=0.0),
        ln("oc4", "MEASURED_BY", "ind1"),
    ]
    write_bundle(graph, bundle)
    findings = run_gaps(graph).findings
    assert {(f.check, f.key) for f in findings} == {
        ("chain_cycle", "chain_cycle:oc4+oc5"),
        ("no_path_to_mission", "no_path_to_mission:oc4"),
        ("no_path_to_mission", "no_path_to_mission:oc5"),
    }
    cut = next(f for f in findings if f.key == "no_path_to_mission:oc4")
    assert "runs in a cycle" in cut.message and cut.evidence["cycle_above"] is True


def test_an_element_without_a_name_still_gets_a_message(graph: Graph) -> None:
    write_bundle(graph, {"elements": [{"id": "e1", "type": "Enabler"}], "links": []})
    [finding] = run_gaps(graph, check="enabler_enables_nothing").findings
    assert finding.message == "Enabler that enables nothing: e1."


def test_an_empty_graph_has_no_finding(graph: Graph) -> None:
    report = run_gaps(graph)
    assert report.findings == [] and report.summary.open == 0


def test_a_run_is_remembered_until_anyone_commits(graph: Graph, settings: Settings) -> None:
    """The raw run is kept under the change token: asked again with nothing committed, the
    remembered copy answers; a write by any process moves the token and the checks run."""
    write_bundle(graph, plant("output_serves_no_outcome"))
    checks = select_checks()
    first = run_checks_raw(graph, checks)
    key = run_key(graph, checks, None)
    marker = Finding.model_validate({**first[0].model_dump(), "message": "remembered"})
    RUNS.put(key, [marker])  # what is remembered is what is answered, as long as the token holds
    assert [f.message for f in run_checks_raw(graph, checks)] == ["remembered"]
    token = AFRESH.set(True)  # Cache-Control: no-cache reaches the memo
    try:
        assert {f.key for f in run_checks_raw(graph, checks)} == {f.key for f in first}
    finally:
        AFRESH.reset(token)
    RUNS.put(key, [marker])
    other_session_write(settings, "CREATE (:MemoProbe)")  # another process commits
    assert {f.key for f in run_checks_raw(graph, checks)} == {f.key for f in first}


def test_a_remembered_run_is_handed_out_as_a_copy(graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome"))
    checks = select_checks()
    first = run_checks_raw(graph, checks)
    first[0].message = "changed by a caller"  # waivers mark the findings they cover
    assert run_checks_raw(graph, checks)[0].message != "changed by a caller"
