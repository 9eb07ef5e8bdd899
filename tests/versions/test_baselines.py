"""Baselines: taken, listed, shown, exported as they were, deleted; invisible to the rest."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.bundles.exporter import export_bundle
from app.bundles.importer import ImportOptions, import_bundle
from app.cli import cli
from app.core.config import Settings
from app.core.errors import BadRequest, Conflict, NotFound
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.seeding import element_count
from app.traversal.budget import budget_rollup
from app.versions import baselines
from tests.api.api_keys import ADMIN, EDITOR, keyed_client
from tests.gaps.clean_plan import clean_plan, plant

OPTIONS = ImportOptions(who="setup", batch_size=5000, transaction_items=50_000, max_bytes=10**7)


def _load(graph: Graph, bundle: dict) -> None:
    import_bundle(graph, bundle, OPTIONS)


def test_a_baseline_keeps_the_graph_as_it_was(graph: Graph) -> None:
    _load(graph, clean_plan())
    before = export_bundle(graph)
    made = baselines.create_baseline(graph, "v1", "for the council", "ada")
    assert (made.elements, made.links) == (len(before["elements"]), len(before["links"]))
    assert made.created_by == "ada" and made.note == "for the council"
    graph.write("versions/delete_baseline", baseline_name="nothing-of-that-name")
    # the plan changes afterwards: the baseline does not
    graph.run("MATCH (e:Element {id: 'op1'}) SET e.name = 'Renamed'", {}, write=True)
    assert baselines.baseline_bundle(graph, "v1") == before
    assert export_bundle(graph) != before


def test_baselines_are_invisible_to_checks_counts_budget_and_export(graph: Graph) -> None:
    _load(graph, plant("output_serves_no_outcome"))
    findings = run_gaps(graph).findings
    budget = budget_rollup(graph, "Goal")
    exported = export_bundle(graph)
    nodes, links = graph.counts()
    baselines.create_baseline(graph, "v1", None, "ada")
    assert [f.key for f in run_gaps(graph).findings] == [f.key for f in findings]
    assert budget_rollup(graph, "Goal") == budget
    assert export_bundle(graph) == exported
    assert graph.counts()[1] == links  # no relationship added
    assert graph.counts()[0] > nodes  # the snapshot is there, in Neo4j
    assert element_count(graph) == len(exported["elements"])


def test_an_empty_graph_with_a_baseline_still_counts_as_empty(graph: Graph) -> None:
    baselines.create_baseline(graph, "empty", None, "ada")
    assert element_count(graph) == 0  # the seed-if-empty and import logic read this
    assert baselines.baseline_bundle(graph, "empty") == {"elements": [], "links": []}


def test_names_are_checked_and_never_reused(graph: Graph) -> None:
    for bad in ("", "current", "has space", "x" * 101, "-lead"):
        with pytest.raises(BadRequest):
            baselines.create_baseline(graph, bad, None, "ada")
    baselines.create_baseline(graph, "v1", None, "ada")
    with pytest.raises(Conflict):
        baselines.create_baseline(graph, "v1", None, "eve")
    with pytest.raises(NotFound):
        baselines.get_baseline(graph, "v2")
    baselines.delete_baseline(graph, "v1")
    assert baselines.list_baselines(graph) == []
    assert graph.counts() == (0, 0)  # the chunks went with it


def test_a_large_snapshot_is_stored_in_several_chunks(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(baselines, "CHUNK_BYTES", 500)
    _load(graph, clean_plan())
    baselines.create_baseline(graph, "big", None, "ada")
    rows = graph.read("versions/baseline_chunks", baseline_name="big", part="bundle")
    assert len(rows) > 1
    assert baselines.baseline_bundle(graph, "big") == export_bundle(graph)


def test_the_api_takes_lists_shows_exports_and_deletes(graph: Graph, settings: Settings) -> None:
    _load(graph, clean_plan())
    with keyed_client(settings) as client:
        assert client.post("/api/v1/baselines", json={"name": "v1"}).status_code == 401
        made = client.post("/api/v1/baselines", json={"name": "v1", "note": "n"}, headers=EDITOR)
        assert made.status_code == 201, made.text
        assert made.json()["created_by"] == "eve"
        again = client.post("/api/v1/baselines", json={"name": "v1"}, headers=EDITOR)
        assert again.status_code == 409
        bad = client.post("/api/v1/baselines", json={"name": "current"}, headers=EDITOR)
        assert bad.status_code == 400 and "reserved" in bad.json()["detail"]
        assert [b["name"] for b in client.get("/api/v1/baselines").json()["items"]] == ["v1"]
        assert client.get("/api/v1/baselines/v1").json()["elements"] == made.json()["elements"]
        assert client.get("/api/v1/baselines/v2").status_code == 404
        exported = client.get("/api/v1/baselines/v1/export")
        assert exported.json() == export_bundle(graph)
        assert client.delete("/api/v1/baselines/v1", headers=EDITOR).status_code == 403
        assert client.delete("/api/v1/baselines/v1", headers=ADMIN).status_code == 204
        assert client.get("/api/v1/baselines").json()["items"] == []


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_the_cli_takes_lists_shows_exports_and_deletes(graph: Graph, runner: CliRunner) -> None:
    _load(graph, clean_plan())
    made = runner.invoke(cli, ["baseline", "create", "v1", "--note", "council"])
    assert made.exit_code == 0, made.output
    listed = runner.invoke(cli, ["baseline", "list"])
    assert "v1" in listed.output and "council" in listed.output
    shown = runner.invoke(cli, ["baseline", "show", "v1"])
    assert "created_by: cli" in shown.output
    graph.run("MATCH (e:Element {id: 'op1'}) DETACH DELETE e", {}, write=True)
    exported = runner.invoke(cli, ["export", "--baseline", "v1"])
    assert exported.exit_code == 0
    assert "op1" in [e["id"] for e in json.loads(exported.stdout)["elements"]]
    missing = runner.invoke(cli, ["export", "--baseline", "nope"])
    assert isinstance(missing.exception, NotFound)
    deleted = runner.invoke(cli, ["baseline", "delete", "v1", "--yes"])
    assert deleted.exit_code == 0
    assert baselines.list_baselines(graph) == []
