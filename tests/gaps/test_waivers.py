from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph
from app.gaps.engine import list_waivers, remove_waiver, run_gaps, waive_finding
from app.gaps.findings import FindingStatus, WaiverState
from tests.gaps.clean_plan import plant
from tests.merge_bundle import write_bundle

KEY = "enabler_enables_nothing:en9"
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def finding(graph: Graph, now: datetime = NOW):  # type: ignore[no-untyped-def]
    report = run_gaps(graph, check="enabler_enables_nothing", now=now)
    assert len(report.findings) == 1
    return report


def test_a_waived_finding_stays_listed_as_waived(graph: Graph) -> None:
    write_bundle(graph, plant("enabler_enables_nothing"))
    waiver = waive_finding(graph, KEY, "Planned for 2027", "analyst", "2026-06-30", now=NOW)
    assert (waiver.key, waiver.who, waiver.expires) == (KEY, "analyst", "2026-06-30")
    assert len(waiver.fingerprint) == 64
    report = finding(graph)
    only = report.findings[0]
    assert only.status == FindingStatus.waived
    assert only.waiver is not None and only.waiver.state == WaiverState.active
    assert (report.summary.open, report.summary.waived) == (0, 1)
    assert [w.key for w in list_waivers(graph, now=NOW)] == [KEY]


def test_the_finding_comes_back_when_the_waiver_expires(graph: Graph) -> None:
    write_bundle(graph, plant("enabler_enables_nothing"))
    waive_finding(graph, KEY, "Planned for 2027", "analyst", "2026-06-30", now=NOW)
    assert finding(graph, NOW + timedelta(days=180)).findings[0].status == FindingStatus.waived
    later = finding(graph, datetime(2026, 7, 1, tzinfo=UTC)).findings[0]
    assert later.status == FindingStatus.open
    assert later.waiver is not None and later.waiver.state == WaiverState.expired
    assert list_waivers(graph, now=datetime(2026, 7, 1, tzinfo=UTC))[0].expired


def test_the_finding_comes_back_when_an_element_changes(graph: Graph) -> None:
    bundle = plant("enabler_enables_nothing")
    write_bundle(graph, bundle)
    waive_finding(graph, KEY, "Known", "analyst", None, now=NOW)
    assert finding(graph).findings[0].status == FindingStatus.waived
    # rewriting the same element unchanged keeps the waiver
    write_bundle(graph, bundle)
    assert finding(graph).findings[0].status == FindingStatus.waived
    for element in bundle["elements"]:
        if element["id"] == "en9":
            element["description"] = "Now described"
    write_bundle(graph, bundle)
    changed = finding(graph).findings[0]
    assert changed.status == FindingStatus.open
    assert changed.waiver is not None and changed.waiver.state == WaiverState.stale


def test_a_waiver_can_be_withdrawn(graph: Graph) -> None:
    write_bundle(graph, plant("enabler_enables_nothing"))
    waive_finding(graph, KEY, "Known", "analyst", None, now=NOW)
    remove_waiver(graph, KEY)
    assert finding(graph).findings[0].status == FindingStatus.open
    with pytest.raises(NotFound):
        remove_waiver(graph, KEY)


def test_bad_waivers_are_refused(graph: Graph) -> None:
    write_bundle(graph, plant("enabler_enables_nothing"))
    with pytest.raises(NotFound):
        waive_finding(graph, "enabler_enables_nothing:nope", "r", "a", now=NOW)
    with pytest.raises(NotFound):
        waive_finding(graph, "no_such_check:x", "r", "a", now=NOW)
    with pytest.raises(BadRequest):
        waive_finding(graph, KEY, "  ", "a", now=NOW)
    with pytest.raises(BadRequest):
        waive_finding(graph, KEY, "r", "a", "2025-12-31", now=NOW)
    with pytest.raises(BadRequest):
        waive_finding(graph, KEY, "r", "a", "next year", now=NOW)
    assert list_waivers(graph) == []
