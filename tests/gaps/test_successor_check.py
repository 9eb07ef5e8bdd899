"""`element_without_successor` in its two forms, on hand-built pairs of plans: one finding on
the later plan while its crosswalk has not started (it contains no element), one finding
per element once it has; a waiver on a per-element finding is the decision to drop it."""

from __future__ import annotations

from typing import Any

import pytest

from app.db.graph import Graph
from app.gaps.engine import run_gaps, waive_finding
from app.gaps.findings import Finding, FindingStatus
from tests.gaps.clean_plan import el, ln
from tests.merge_bundle import write_bundle

CHECK = "element_without_successor"
EARLIER = ("g1", "tp1", "tp2", "tp3", "oc1", "op1", "co1")
NOT_STARTED = f"{CHECK}:sp1+sp2"


def two_plans(later: tuple[str, ...] = (), status: str = "in-preparation") -> dict[str, Any]:
    """An adopted 2024-2027 plan of seven elements and a 2028-2031 plan, of `status`, that
    succeeds it and contains the elements named in `later` (ids ending in `b`)."""
    elements = [
        el("sp1", "Plan", "Strategic Plan 2024-2027", kind="strategic", status="adopted"),
        el("sp2", "Plan", "Strategic Plan 2028-2031", kind="strategic", status=status),
        el("g1", "Goal", "Growth", code="G1"),
        el("tp1", "ThematicPriority", "Standards", code="TP#1"),
        el("tp2", "ThematicPriority", "Conformance", code="TP#2"),
        el("tp3", "ThematicPriority", "Interoperability", code="TP#3"),
        el("oc1", "Outcome", "Inclusive standards"),
        el("op1", "Output", "Handbook"),
        el("co1", "CostObject", "IO 1", amount=1000.0, currency="CHF"),
    ]
    links = [ln("sp2", "SUCCEEDS", "sp1")] + [ln("sp1", "CONTAINS", i) for i in EARLIER]
    for new in later:
        elements.append(el(new, "Goal", f"New goal {new}"))
        links.append(ln("sp2", "CONTAINS", new))
    return {"elements": elements, "links": links}


def findings(graph: Graph, evidence: str | None = None) -> dict[str, Finding]:
    return {f.key: f for f in run_gaps(graph, check=CHECK, evidence=evidence).findings}


def test_one_finding_on_the_later_plan_while_the_crosswalk_has_not_started(
    graph: Graph,
) -> None:
    write_bundle(graph, two_plans())
    found = findings(graph)
    assert list(found) == [NOT_STARTED]
    finding = found[NOT_STARTED]
    assert [e.id for e in finding.elements] == ["sp2", "sp1"]  # the later plan first
    assert finding.message == (
        "The crosswalk from Strategic Plan 2024-2027 to Strategic Plan 2028-2031 has not "
        "started: 7 elements await a successor or a decision to drop them."
    )
    assert finding.evidence["awaiting"] == 7
    assert finding.evidence["examples"] == sorted(EARLIER)[:5]
    assert (finding.evidence["earlier_plan"], finding.evidence["later_plan"]) == ("sp1", "sp2")
    assert "Start the crosswalk" in finding.evidence["fix"]
    assert finding.severity == "warning" and finding.status == FindingStatus.open


def test_one_finding_per_element_once_the_later_plan_holds_one(graph: Graph) -> None:
    bundle = two_plans(later=("g1b",))
    bundle["links"].append(ln("g1b", "SUCCEEDS", "g1"))
    write_bundle(graph, bundle)
    found = findings(graph)
    assert set(found) == {f"{CHECK}:{i}" for i in EARLIER if i != "g1"}
    op1 = found[f"{CHECK}:op1"]
    assert op1.message == (
        'Output "Handbook" of Strategic Plan 2024-2027 has no successor in Strategic Plan '
        "2028-2031, which is in preparation, and no recorded decision to drop it."
    )
    assert op1.evidence["later_plan"] == "sp2"


def test_an_element_with_no_successor_of_its_own_starts_the_crosswalk(graph: Graph) -> None:
    """What counts is that the later plan holds an element, not that it succeeds one."""
    write_bundle(graph, two_plans(later=("g9b",)))
    assert set(findings(graph)) == {f"{CHECK}:{i}" for i in EARLIER}


def test_a_waiver_on_an_element_finding_is_the_decision_to_drop_it(graph: Graph) -> None:
    write_bundle(graph, two_plans(later=("g1b",)))
    key = f"{CHECK}:op1"
    waive_finding(graph, key, "The handbook is not carried into 2028-2031.", "ada")
    report = run_gaps(graph, check=CHECK)
    status = {f.key: f.status for f in report.findings}
    assert status[key] == FindingStatus.waived
    assert {k for k, s in status.items() if s == FindingStatus.open} == {
        f"{CHECK}:{i}" for i in EARLIER if i != "op1"
    }
    assert (report.summary.open, report.summary.waived) == (6, 1)


def test_the_decision_to_drop_outlives_a_crosswalk_emptied_and_started_again(
    graph: Graph,
) -> None:
    """The waiver is kept under the element's finding: while the later plan is emptied the
    one not-started finding stands (its count is of the earlier plan's elements), and when
    the crosswalk starts again the element's finding is waived as before."""
    write_bundle(graph, two_plans(later=("g1b",)))
    key = f"{CHECK}:op1"
    waive_finding(graph, key, "The handbook is not carried into 2028-2031.", "ada")
    graph.run("MATCH (e:Element {id: 'g1b'}) DETACH DELETE e", {}, write=True)
    emptied = findings(graph)
    assert list(emptied) == [NOT_STARTED] and emptied[NOT_STARTED].evidence["awaiting"] == 7
    write_bundle(graph, two_plans(later=("g2b",)))
    again = findings(graph)
    assert again[key].status == FindingStatus.waived
    assert NOT_STARTED not in again and len(again) == 7


def test_read_as_written_a_later_plan_of_assumed_elements_has_not_started(
    graph: Graph,
) -> None:
    bundle = two_plans(later=("g1b",))
    next(e for e in bundle["elements"] if e["id"] == "g1b")["basis"] = "assumed"
    write_bundle(graph, bundle)
    assert NOT_STARTED not in findings(graph)  # every basis admitted: it has begun
    assert list(findings(graph, evidence="stated")) == [NOT_STARTED]


@pytest.mark.parametrize("status", ["adopted", "closed"])
def test_silent_when_the_later_plan_is_not_in_preparation(graph: Graph, status: str) -> None:
    write_bundle(graph, two_plans(status=status))
    assert findings(graph) == {}


def test_silent_when_the_earlier_plan_holds_nothing(graph: Graph) -> None:
    bundle = two_plans()
    bundle["links"] = [lk for lk in bundle["links"] if lk["type"] != "CONTAINS"]
    write_bundle(graph, bundle)
    assert findings(graph) == {}
