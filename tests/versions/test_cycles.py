"""The cycle diff and the successor check, on a hand-built pair of planning cycles with
each kind of succession, a dropped element and a new one."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.bundles.importer import ImportOptions, import_bundle
from app.cli import cli
from app.core.config import Settings
from app.core.errors import BadRequest, InvalidBundle
from app.db.graph import Graph
from app.gaps.engine import run_gaps, waive_finding
from app.gaps.findings import FindingStatus
from app.versions.cycles import cycle_diff
from tests.gaps.clean_plan import el, ln
from tests.merge_bundle import write_bundle

CHECK = "element_without_successor"


def cycles(later_status: str = "in-preparation") -> dict[str, list[dict[str, Any]]]:
    elements = [
        el(
            "sp1",
            "Plan",
            "Strategic Plan 2024-2027",
            kind="strategic",
            period_start=2024,
            period_end=2027,
            status="adopted",
        ),
        el(
            "sp2",
            "Plan",
            "Strategic Plan 2028-2031",
            kind="strategic",
            period_start=2028,
            period_end=2031,
            status=later_status,
        ),
        el("g1", "Goal", "Growth", code="G1"),
        el("tp1", "ThematicPriority", "Standards", code="TP#1"),
        el("tp2", "ThematicPriority", "Conformance", code="TP#2"),
        el("tp3", "ThematicPriority", "Interoperability", code="TP#3"),
        el("oc1", "Outcome", "Inclusive standards"),
        el("op1", "Output", "Handbook"),
        el("co1", "CostObject", "IO 1", amount=1000.0, currency="CHF"),
        el("g1b", "Goal", "Growth", code="G1"),
        el("tp1b", "ThematicPriority", "Standards for all", code="TP#1"),
        el("tp23", "ThematicPriority", "Conformance and interoperability", code="TP#2"),
        el("oc1x", "Outcome", "Standards open to developing countries"),
        el("oc1y", "Outcome", "Standards open to women"),
        el("op9", "Output", "Online academy"),
    ]
    links = [
        ln("sp2", "SUCCEEDS", "sp1"),
        ln("g1", "HAS_PRIORITY", "tp1"),
        ln("tp1", "HAS_OUTCOME", "oc1"),
        ln("oc1", "DELIVERED_BY", "op1"),
        ln("op1", "FUNDED_BY", "co1", share=1.0),
        ln("g1b", "SUCCEEDS", "g1"),  # no kind: continues
        ln("tp1b", "SUCCEEDS", "tp1", kind="renames"),
        ln("tp23", "SUCCEEDS", "tp2", kind="merges"),
        ln("tp23", "SUCCEEDS", "tp3", kind="merges"),
        ln("oc1x", "SUCCEEDS", "oc1", kind="splits"),
        ln("oc1y", "SUCCEEDS", "oc1", kind="splits"),
    ]
    earlier = ("g1", "tp1", "tp2", "tp3", "oc1", "op1", "co1")
    later = ("g1b", "tp1b", "tp23", "oc1x", "oc1y", "op9")
    links += [ln("sp1", "CONTAINS", i) for i in earlier]
    links += [ln("sp2", "CONTAINS", i) for i in later]
    return {"elements": elements, "links": links}


def test_each_element_of_the_earlier_plan_says_what_it_became(graph: Graph) -> None:
    write_bundle(graph, cycles())
    found = cycle_diff(graph, "sp1", "sp2")
    fates = {e.element.id: e.fate for e in found.entries}
    assert fates == {
        "g1": "continues",
        "tp1": "renames",
        "tp2": "merges",
        "tp3": "merges",
        "oc1": "splits",
        "op1": "dropped",
        "co1": "dropped",
        "op9": "new",
    }
    assert found.counts == {
        "continues": 1,
        "renames": 1,
        "merges": 2,
        "splits": 1,
        "dropped": 2,
        "new": 1,
    }
    oc1 = next(e for e in found.entries if e.element.id == "oc1")
    assert [(s.id, s.kind) for s in oc1.successors] == [("oc1x", "splits"), ("oc1y", "splits")]
    op1 = next(e for e in found.entries if e.element.id == "op1")
    assert [(s.id, s.via) for s in op1.served] == [("oc1", "DELIVERED_BY")]
    assert [(f.id, f.amount, f.currency, f.share) for f in op1.funded_by] == [
        ("co1", 1000.0, "CHF", 1.0)
    ]
    assert found.notes == []
    assert all(not e.notes for e in found.entries)


def test_a_declared_kind_that_the_links_contradict_is_noted(graph: Graph) -> None:
    bundle = cycles()
    for lk in bundle["links"]:
        if (lk["from"], lk["to"]) == ("g1b", "g1"):
            lk["kind"] = "splits"  # one successor: not a split
    write_bundle(graph, bundle)
    g1 = next(e for e in cycle_diff(graph, "sp1", "sp2").entries if e.element.id == "g1")
    assert g1.fate == "splits" and "one successor" in g1.notes[0]


def test_pages_and_bad_input(graph: Graph) -> None:
    write_bundle(graph, cycles())
    whole = [e.element.id for e in cycle_diff(graph, "sp1", "sp2").entries]
    seen, cursor = [], None
    while True:
        page = cycle_diff(graph, "sp1", "sp2", limit=3, cursor=cursor)
        seen += [e.element.id for e in page.entries]
        if not (cursor := page.next_cursor):
            break
    assert seen == whole
    with pytest.raises(BadRequest):
        cycle_diff(graph, "sp1", "sp1")
    with pytest.raises(BadRequest):
        cycle_diff(graph, "sp1", "g1")  # not a plan


def findings(graph: Graph) -> dict[str, str]:
    return {f.key: f.status for f in run_gaps(graph, check=CHECK).findings}


def test_the_check_finds_elements_with_no_successor_while_the_later_plan_is_prepared(
    graph: Graph,
) -> None:
    write_bundle(graph, cycles())
    assert findings(graph) == {f"{CHECK}:co1": "open", f"{CHECK}:op1": "open"}
    waive_finding(graph, f"{CHECK}:op1", "The handbook is replaced by the academy.", "ada")
    assert findings(graph) == {
        f"{CHECK}:co1": FindingStatus.open,
        f"{CHECK}:op1": FindingStatus.waived,  # the recorded decision to drop it
    }


@pytest.mark.parametrize("status", ["adopted", "closed"])
def test_the_check_is_silent_once_the_later_plan_is_no_longer_in_preparation(
    graph: Graph, status: str
) -> None:
    write_bundle(graph, cycles(status))
    assert findings(graph) == {}


def test_the_check_is_silent_when_every_element_has_a_successor(graph: Graph) -> None:
    bundle = cycles()
    bundle["elements"].append(el("co1b", "CostObject", "IO 1", amount=900.0))
    bundle["links"] += [
        ln("sp2", "CONTAINS", "co1b"),
        ln("co1b", "SUCCEEDS", "co1"),
        ln("op9", "SUCCEEDS", "op1", kind="renames"),
    ]
    write_bundle(graph, bundle)
    assert findings(graph) == {}


def test_the_api_and_the_cli_give_the_cycle_diff(
    graph: Graph, client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bundle(graph, cycles())
    answer = client.get("/api/v1/diff/cycles", params={"from": "sp1", "to": "sp2", "limit": 5})
    assert answer.status_code == 200, answer.text
    assert answer.headers["X-Total-Count"] == "8" and answer.json()["next_cursor"]
    assert (
        client.get("/api/v1/diff/cycles", params={"from": "sp1", "to": "nope"}).status_code == 404
    )
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "250")
    printed = CliRunner().invoke(cli, ["cycles", "sp1", "sp2"])
    assert printed.exit_code == 0, printed.output
    assert "dropped" in printed.output and "merges" in printed.output
    as_json = CliRunner().invoke(cli, ["cycles", "sp1", "sp2", "--json"])
    assert json.loads(as_json.stdout)["counts"]["new"] == 1


def test_the_importer_takes_a_succession_kind_and_refuses_an_unknown_one(graph: Graph) -> None:
    options = ImportOptions(who="t", batch_size=5000, transaction_items=50_000, max_bytes=10**7)
    bundle = cycles()
    import_bundle(graph, bundle, options)
    kinds = graph.read("versions/cycle_predecessors", earlier="sp1", later="sp2")
    assert {row["id"] for row in kinds} == {"g1b", "tp1b", "tp23", "oc1x", "oc1y"}
    bad = cycles()
    next(lk for lk in bad["links"] if lk["type"] == "SUCCEEDS" and lk["from"] == "tp1b")["kind"] = (
        "forks"
    )
    with pytest.raises(InvalidBundle) as refused:
        import_bundle(graph, bad, options)
    assert "renames" in str(refused.value.extra["errors"])
