"""Loading the seed datasets into a real Neo4j: `load_seed`, `load_seed_if_empty`, the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.cli.serve import STARTUP_STEPS
from app.core.config import Settings
from app.core.errors import BadRequest, InvalidBundle
from app.db.graph import Graph
from app.seeding import (
    DEFAULT_SEED,
    load_seed,
    load_seed_if_empty,
    read_seed,
    seed_empty_database,
)
from tests.seeding.test_seed_datasets import funded_totals


def snapshot(graph: Graph) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every element and link with all their properties, in a stable order."""
    nodes = graph.run(
        "MATCH (e:Element) RETURN e.id AS id, labels(e) AS labels, properties(e) AS props "
        "ORDER BY id",
        {},
        write=False,
    )
    links = graph.run(
        "MATCH (a:Element)-[r]->(b:Element) "
        "RETURN a.id AS from, type(r) AS type, b.id AS to, properties(r) AS props "
        "ORDER BY from, type, to",
        {},
        write=False,
    )
    for node in nodes:
        node["labels"] = sorted(node["labels"])
    return nodes, links


def stored_counts(graph: Graph) -> tuple[int, int]:
    """(elements, links between elements) in the database; change events are not counted."""
    row = graph.run(
        "CALL () { MATCH (e:Element) RETURN count(e) AS elements } "
        "CALL () { MATCH (:Element)-[r]->(:Element) RETURN count(r) AS links } "
        "RETURN elements, links",
        {},
        write=False,
    )[0]
    return row["elements"], row["links"]


def test_load_itu_writes_every_element_and_link(graph: Graph, settings: Settings) -> None:
    loaded = load_seed(graph, "itu", settings)
    bundle = read_seed("itu", settings)
    sizes = (len(bundle["elements"]), len(bundle["links"]))
    assert (loaded.report.elements.created, loaded.report.links.created) == sizes
    assert stored_counts(graph) == sizes
    assert loaded.files == ("itu-plan.yaml",)
    unsourced = graph.run(
        "MATCH (e:Element) WHERE e.source_document IS NULL OR e.source_section IS NULL "
        "RETURN e.id AS id",
        {},
        write=False,
    )
    assert unsourced == []


def test_after_loading_tp2_is_a_priority_and_an_output_has_its_name(
    graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    rows = graph.run(
        "MATCH (tp:Element {code_key: $key}) RETURN tp.type AS type, tp.name AS name, "
        "labels(tp) AS labels",
        {"key": "tp2"},
        write=False,
    )
    assert len(rows) == 1
    assert rows[0]["type"] == "ThematicPriority"
    assert rows[0]["name"] == "International numbering resources"
    assert "ThematicPriority" in rows[0]["labels"]
    outputs = graph.run(
        "MATCH (o:Element:Output {name: $name}) RETURN o.id AS id",
        {"name": "International numbering resources"},
        write=False,
    )
    assert outputs == [{"id": "itu-output-inr"}]
    for alias in ("tp2", "tp-2", "TP2"):
        found = graph.run(
            "MATCH (e:Element) WHERE $key IN e.ref_keys RETURN e.id AS id",
            {"key": alias.replace("-", "").lower()},
            write=False,
        )
        assert found == [{"id": "itu-tp-2"}]


def test_the_inr_output_traces_up_to_the_mission(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    paths = graph.run(
        "MATCH p = (:Mission)-[:HAS_GOAL]->(:Goal)-[:HAS_PRIORITY]->(:ThematicPriority)"
        "-[:HAS_OUTCOME]->(:Outcome)-[:DELIVERED_BY]->(:Output {id: $id}) "
        "RETURN [n IN nodes(p) | n.id] AS ids ORDER BY ids",
        {"id": "itu-output-inr"},
        write=False,
    )
    assert [row["ids"] for row in paths] == [
        ["itu-mission", goal, "itu-tp-2", "itu-outcome-tp-2-unnamed", "itu-output-inr"]
        for goal in ("itu-goal-1", "itu-goal-2")
    ]


def test_the_mission_reaches_the_internal_orders_going_down(
    graph: Graph, settings: Settings
) -> None:
    """Down the results chain, and from an outcome into its breakdown (PART_OF)."""
    load_seed(graph, "itu", settings)
    rows = graph.run(
        "MATCH (:Mission {id: $id})-[:HAS_GOAL]->()-[:HAS_PRIORITY]->()-[:HAS_OUTCOME]->"
        "(:Outcome) ((:Outcome)<-[:PART_OF]-(:Outcome)){0,4} (:Outcome)"
        "-[:DELIVERED_BY]->(:Output)-[:FUNDED_BY]->(c:CostObject) "
        "RETURN DISTINCT c.id AS id, properties(c)['amount'] AS amount ORDER BY id",
        {"id": "itu-mission"},
        write=False,
    )
    assert rows == [
        {"id": "itu-io-bsg", "amount": None},
        {"id": "itu-io-inr", "amount": None},
        {"id": "itu-io-study-groups", "amount": None},
    ]


def test_loading_twice_changes_nothing(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    load_seed(graph, "demo", settings)
    before, counts = snapshot(graph), graph.counts()
    again = [load_seed(graph, "itu", settings), load_seed(graph, "demo", settings)]
    assert graph.counts() == counts  # no element, link or change event added
    assert snapshot(graph) == before
    for loaded in again:
        assert not loaded.report.changed
        assert loaded.report.elements.unchanged == loaded.elements


def test_demo_funded_total_in_the_graph_matches_the_files(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "demo", settings)
    rows = graph.run(
        "MATCH (c:CostObject) WHERE EXISTS { (:Output)-[:FUNDED_BY]->(c) } "
        "RETURN c.currency AS currency, sum(c.amount) AS total ORDER BY currency",
        {},
        write=False,
    )
    assert {row["currency"]: row["total"] for row in rows} == funded_totals(
        read_seed("demo", settings)
    )


def test_every_funded_demo_cost_object_reaches_the_mission(
    graph: Graph, settings: Settings
) -> None:
    """So a roll-up per goal can reconcile with the total of the funded cost objects."""
    load_seed(graph, "demo", settings)
    rows = graph.run(
        "MATCH (c:CostObject) WHERE EXISTS { (:Output)-[:FUNDED_BY]->(c) } "
        "RETURN c.id AS id, EXISTS { (:Mission)-[:HAS_GOAL]->()-[:HAS_PRIORITY]->()"
        "-[:HAS_OUTCOME]->()-[:DELIVERED_BY]->()-[:FUNDED_BY]->(c) } AS reaches ORDER BY id",
        {},
        write=False,
    )
    assert len(rows) == 7
    assert all(row["reaches"] for row in rows), rows


def test_load_seed_if_empty_loads_the_itu_seed_into_an_empty_database(
    graph: Graph, settings: Settings
) -> None:
    loaded = load_seed_if_empty(graph, DEFAULT_SEED, settings)
    assert loaded is not None and loaded.name == "itu"
    assert stored_counts(graph)[0] == loaded.elements


def test_load_seed_if_empty_leaves_a_database_with_elements_alone(
    graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "demo", settings)
    before = snapshot(graph)
    assert load_seed_if_empty(graph, DEFAULT_SEED, settings) is None
    assert snapshot(graph) == before
    assert graph.run("MATCH (e:Element {id: 'itu-tp-2'}) RETURN e", {}, write=False) == []


def test_serve_loads_the_seed_at_startup_only_into_an_empty_database(
    graph: Graph, settings: Settings
) -> None:
    assert seed_empty_database in STARTUP_STEPS
    first = [step(graph, settings) for step in STARTUP_STEPS]
    assert any(line and "loaded the itu dataset" in line for line in first)
    loaded = snapshot(graph)
    assert any(node["id"] == "itu-tp-2" for node in loaded[0])
    second = [step(graph, settings) for step in STARTUP_STEPS]
    assert any(line and "already holds elements" in line for line in second)
    assert snapshot(graph) == loaded


def test_an_unknown_seed_name_is_refused_with_the_choices(graph: Graph, settings: Settings) -> None:
    with pytest.raises(BadRequest) as caught:
        load_seed(graph, "nosuch", settings)
    assert "itu, demo" in caught.value.extra["hint"]
    with pytest.raises(BadRequest):
        load_seed_if_empty(graph, "nosuch", settings)
    assert graph.counts() == (0, 0)


def test_cli_seed_load(graph: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    result = CliRunner().invoke(cli, ["seed", "load", "demo"])
    assert result.exit_code == 0, result.output
    demo = read_seed("demo", settings)
    sizes = (len(demo["elements"]), len(demo["links"]))
    assert f"{sizes[0]} elements ({sizes[0]} created" in result.output
    assert f"{sizes[1]} links ({sizes[1]} created" in result.output
    assert stored_counts(graph) == sizes

    result = CliRunner().invoke(cli, ["seed", "load", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert "nothing loaded" in result.output
    assert stored_counts(graph) == sizes

    result = CliRunner().invoke(cli, ["seed", "load", "nosuch"])
    assert isinstance(result.exception, BadRequest)


def test_cli_seed_sources_prints_the_table() -> None:
    result = CliRunner().invoke(cli, ["seed", "sources", "itu"])
    assert result.exit_code == 0, result.output
    assert "| `itu-tp-2` | ThematicPriority | International numbering resources |" in (
        result.output
    )


def test_a_seed_file_that_breaks_the_metamodel_is_refused_and_nothing_is_written(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "itu"
    folder.mkdir()
    (folder / "a-good.yaml").write_text(
        "elements:\n  - {id: m, type: Mission, name: M}\nlinks: []\n", encoding="utf-8"
    )
    (folder / "b-bad.yaml").write_text(
        "elements:\n  - {id: g, type: Goal, name: G}\n"
        "links:\n  - {from: g, type: HAS_GOAL, to: m}\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidBundle) as caught:
        load_seed(graph, "itu", settings.model_copy(update={"seed_dir": tmp_path}))
    assert "b-bad.yaml" in str(caught.value.extra["errors"])
    assert graph.counts() == (0, 0)


def test_a_missing_seed_folder_is_a_clear_error(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    with pytest.raises(InvalidBundle) as caught:
        load_seed(graph, "demo", settings.model_copy(update={"seed_dir": tmp_path}))
    assert "RBMTRACE_SEED_DIR" in caught.value.extra["hint"]
    assert graph.counts() == (0, 0)
