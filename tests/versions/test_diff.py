"""The diff of two versions: each kind of change, and what the change does."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.bundles.exporter import export_bundle
from app.cli import cli
from app.core.config import Settings
from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph
from app.gaps.engine import waive_finding
from app.traversal.budget import BUDGET_LEVELS, budget_rollup
from app.versions import baselines
from app.versions.baselines import Snapshot
from app.versions.bundle_graph import BundleGraph
from app.versions.diff import Version, changes_between, diff, diff_versions
from tests.gaps.clean_plan import PLANTED, clean_plan, el, ln, plant
from tests.merge_bundle import write_bundle


def bundle_version(bundle: dict[str, Any], label: str) -> Version:
    return Version(Snapshot(label, bundle, None), BundleGraph(bundle))


def edited(bundle: dict[str, Any]) -> dict[str, Any]:
    """v2 of the clean plan: one change of each kind."""
    new = copy.deepcopy(bundle)
    new["elements"] = [e for e in new["elements"] if e["id"] != "en1"]  # removed
    new["links"] = [lk for lk in new["links"] if "en1" not in (lk["from"], lk["to"])]
    new["elements"].append(el("op3", "Output", "Open data portal"))  # added
    new["links"] += [ln("oc1", "DELIVERED_BY", "op3"), ln("op", "CONTAINS", "op3")]
    for e in new["elements"]:
        if e["id"] == "op1":
            e["name"] = "Digital skills curriculum, 2nd edition"  # changed
            e["source"] = {"document": "Operational Plan 2026-2027", "section": "3"}
    for lk in new["links"]:
        if (lk["from"], lk["type"], lk["to"]) == ("oc1", "DELIVERED_BY", "op2"):
            lk["share"] = 0.5  # link changed (share)
        if (lk["from"], lk["type"], lk["to"]) == ("oc1a", "DELIVERED_BY", "op2"):
            lk["share"] = 0.5
    # moved: the sub-outcome oc1a is put directly under the priority
    new["links"] = [lk for lk in new["links"] if (lk["from"], lk["type"]) != ("oc1a", "PART_OF")]
    new["links"].append(ln("tp1", "HAS_OUTCOME", "oc1a"))
    return new


def by_section(found: list[Any]) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for c in found:
        out.setdefault((c.kind, c.change), []).append(c.key)
    return out


def test_each_kind_of_change_is_named_with_old_and_new_values() -> None:
    old = clean_plan()
    changes = changes_between(old, edited(old))
    sections = by_section(changes)
    assert sections[("element", "added")] == ["op3"]
    assert sections[("element", "removed")] == ["en1"]
    assert sections[("element", "changed")] == ["op1"]
    assert sections[("element", "moved")] == ["oc1a"]
    assert sections[("link", "added")] == [
        "oc1 -DELIVERED_BY-> op3",
        "op -CONTAINS-> op3",
        "tp1 -HAS_OUTCOME-> oc1a",
    ]
    assert sections[("link", "removed")] == [
        "oc1a -PART_OF-> oc1",
        "op -CONTAINS-> en1",
        "op1 -ENABLED_BY-> en1",
    ]
    assert sections[("link", "changed")] == ["oc1 -DELIVERED_BY-> op2", "oc1a -DELIVERED_BY-> op2"]
    op1 = next(c for c in changes if c.key == "op1")
    assert {f.field: (f.old, f.new) for f in op1.fields} == {
        "name": ("Digital skills curriculum", "Digital skills curriculum, 2nd edition"),
        "source_document": ("Operational Plan 2024-2025", "Operational Plan 2026-2027"),
    }
    share = next(c for c in changes if c.key == "oc1 -DELIVERED_BY-> op2")
    assert [(f.field, f.old, f.new) for f in share.fields] == [("share", 0.4, 0.5)]
    moved = next(c for c in changes if c.change == "moved")
    assert (moved.old_parents, moved.new_parents) == (["oc1"], ["tp1"])


def test_no_change_means_an_empty_diff() -> None:
    assert changes_between(clean_plan(), clean_plan()) == []


def test_budget_before_and_after_comes_from_the_roll_up() -> None:
    old = clean_plan()
    new = copy.deepcopy(old)
    new["elements"].append(el("co3", "CostObject", "Internal order 300", amount=250.0))
    new["links"].append(ln("op1", "FUNDED_BY", "co3"))
    found = diff_versions(bundle_version(old, "v1"), bundle_version(new, "v2"))
    assert (found.effects.budget_total_before, found.effects.budget_total_after) == (1500, 1750)
    goal = found.effects.budget_by_goal[0]
    assert (goal.id, goal.before, goal.after, goal.difference) == ("g1", 1500, 1750, 250)
    priority = found.effects.budget_by_priority[0]
    assert (priority.id, priority.difference) == ("tp1", 250)
    assert found.effects.findings.available is False  # bundles carry no findings


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_the_bundle_roll_up_equals_the_graph_roll_up(graph: Graph, planted: str) -> None:
    write_bundle(graph, plant(planted))
    stand_in = BundleGraph(export_bundle(graph))
    for level in BUDGET_LEVELS:
        assert budget_rollup(stand_in, level) == budget_rollup(graph, level), level


def test_a_cut_link_shows_findings_budget_and_lost_paths(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    graph.run("MATCH (:Element {id: 'tp1'})-[r:HAS_OUTCOME]->() DELETE r", {}, write=True)
    found = diff(graph, "v1", "current")
    assert [(c.change, c.key) for c in found.changes] == [
        ("moved", "oc1"),
        ("removed", "tp1 -HAS_OUTCOME-> oc1"),
    ]
    appeared = {f.key for f in found.effects.findings.appeared}
    assert {"priority_without_outcome:tp1", "no_path_to_mission:oc1"} <= appeared
    assert found.effects.findings.resolved == []
    goal = found.effects.budget_by_goal[0]
    assert (goal.before, goal.after, goal.difference) == (1500, 0, -1500)
    lost = [(e.type, e.id) for e in found.effects.lost_path_to_mission]
    assert lost == [
        ("Indicator", "ind1"),
        ("Indicator", "ind2"),
        ("Mandate", "res1"),
        ("Mandate", "res1-a1"),
        ("Mandate", "res2"),
    ]
    back = diff(graph, "current", "v1")
    assert {f.key for f in back.effects.findings.resolved} == appeared
    assert back.effects.lost_path_to_mission == []


def test_large_diffs_come_in_pages(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    graph.run("MATCH (e:Element) SET e.description = 'new text'", {}, write=True)
    whole = diff(graph, "v1", "current", limit=10_000)
    keys, cursor = [], None
    while True:
        page = diff(graph, "v1", "current", limit=4, cursor=cursor)
        keys += [c.key for c in page.changes]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert keys == [c.key for c in whole.changes] and len(keys) == whole.total_changes > 4
    with pytest.raises(BadRequest):
        diff(graph, "v1", "current", limit=0)
    with pytest.raises(NotFound):
        diff(graph, "v0", "current")


def test_the_api_answers_json_markdown_and_html(graph: Graph, client: TestClient) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    graph.run("MATCH (e:Element {id: 'op1'}) SET e.name = '<b>Renamed</b>'", {}, write=True)
    answer = client.get("/api/v1/diff", params={"from": "v1", "to": "current"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["from"] == "v1" and body["summary"]["elements_changed"] == 1
    assert answer.headers["X-Total-Count"] == "1"
    paged = client.get("/api/v1/diff", params={"from": "v1", "limit": 1, "cursor": None})
    assert paged.json()["next_cursor"] is None
    markdown = client.get("/api/v1/diff", params={"from": "v1", "format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "# Changes from v1 to current" in markdown.text and "&lt;b&gt;Renamed" in markdown.text
    page = client.get("/api/v1/diff", params={"from": "v1", "format": "html"})
    assert "<h1>Changes from v1 to current</h1>" in page.text and "<b>Renamed" not in page.text
    assert client.get("/api/v1/diff", params={"from": "nope"}).status_code == 404


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_the_cli_diffs_baselines_current_and_bundle_files(
    graph: Graph, runner: CliRunner, tmp_path: Path
) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    v2 = tmp_path / "v2.json"
    v2.write_text(json.dumps(edited(clean_plan())), encoding="utf-8")
    answer = runner.invoke(cli, ["diff", "v1", str(v2), "--format", "json"])
    assert answer.exit_code == 0, answer.output
    body = json.loads(answer.stdout)
    assert body["summary"]["elements_added"] == 1 and body["summary"]["elements_moved"] == 1
    assert body["effects"]["findings"]["available"] is False
    markdown = runner.invoke(cli, ["diff", "v1", "--raw"])
    assert "No indicator or mandate lost its path" in markdown.stdout
    files_only = runner.invoke(cli, ["diff", str(v2), str(v2), "--format", "json"])
    assert json.loads(files_only.stdout)["total_changes"] == 0


def test_a_waived_finding_is_accepted_not_resolved(graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome"))
    baselines.create_baseline(graph, "v1", None, "ada")
    key = "output_serves_no_outcome:op9"
    waive_finding(graph, key, "Kept for the next cycle.", "ada")
    assert diff(graph, "v1", "current").effects.findings.resolved == []
    graph.run("MATCH (e:Element {id: 'op9'}) DETACH DELETE e", {}, write=True)
    resolved = diff(graph, "v1", "current").effects.findings.resolved
    assert [f.key for f in resolved] == [key]
