"""The `rbmtrace outputs|trace|impact|matrix|budget` commands (app/cli/traversal.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.cli.traversal import _route
from app.core.config import Settings
from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph
from app.elements.schemas import ElementRef
from tests.merge_bundle import write_bundle
from tests.traversal.chain_graphs import RANKED, RANKED_BY_AMOUNT

NARROW = {"COLUMNS": "100"}


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_outputs_table_and_json(run: CliRunner, diamonds: Graph) -> None:
    table = run.invoke(cli, ["outputs", "TP#2"])
    assert table.exit_code == 0, table.output
    assert "Study group support" in table.output and "400.00 (partly unknown)" in table.output
    as_json = run.invoke(cli, ["outputs", "TP#2", "--json"])
    body = json.loads(as_json.stdout)
    assert [o["output"]["id"] for o in body["outputs"]] == ["out1", "out2", "out3"]


def test_trace_up_and_down(run: CliRunner, diamonds: Graph) -> None:
    up = run.invoke(cli, ["trace", "INR-1", "--up"])
    assert up.exit_code == 0, up.output
    assert "5 path(s) up; reached: Mission of the organisation" in up.output
    down = json.loads(run.invoke(cli, ["trace", "m", "--down", "--json"]).stdout)
    assert [e["id"] for e in down["reached"]] == ["co1", "co2", "co3"]


def test_impact(run: CliRunner, diamonds: Graph) -> None:
    result = run.invoke(cli, ["impact", "TP#2"])
    assert result.exit_code == 0, result.output
    assert "loses every path to a cost object" in result.output  # goal 2
    assert "Single points of failure up to the mission: Mission of the organisation" in (
        result.output
    )


def cells_of(lines: list[str]) -> list[list[str]]:
    """The cells of rich table lines (a vertical bar between cells)."""
    return [[c.strip() for c in re.split("[│┃]", line)[1:-1]] for line in lines]


def test_matrix_table_and_csv(run: CliRunner, diamonds: Graph) -> None:
    table = run.invoke(cli, ["matrix", "ThematicPriority", "Output"])
    assert table.exit_code == 0, table.output
    assert "ThematicPriority x Output (links, down)" in " ".join(table.output.split())
    header = [line for line in table.output.splitlines() if line.startswith("┃")]
    assert cells_of(header) == [["ThematicPriority", "C1", "C2", "C3"]]
    assert table.output.splitlines()[-3:] == [
        "  C1 = International numbering resources (out1)",
        "  C2 = Study group support (out2)",
        "  C3 = Workshops (out3)",
    ]
    rows = [line for line in table.output.splitlines() if line.startswith("│")]
    assert cells_of(rows) == [["TP#1", "2", "", "2"], ["TP#2", "2", "3", "2"]]
    csv = run.invoke(cli, ["matrix", "ThematicPriority", "Output", "--csv"])
    assert csv.stdout.splitlines() == [
        "row_id,row_code,row_name,out1 | International numbering resources,"
        "out2 | Study group support,out3 | Workshops",
        "tp1,TP#1,Affordable connectivity,2,,2",
        "tp2,TP#2,International numbering resources,2,3,2",
    ]
    bad = run.invoke(cli, ["matrix", "Risk", "Output"])
    assert isinstance(bad.exception, BadRequest) and bad.exception.exit_code == 2
    assert "off the results chain" in bad.exception.detail


def test_budget(run: CliRunner, diamonds: Graph) -> None:
    result = run.invoke(cli, ["budget", "--by", "Goal"])
    assert result.exit_code == 0, result.output
    assert "762.50 (partly unknown)" in result.output
    assert "Total funded 1,350.00 = attributed 1,300.00 + held below 50.00: reconciled." in (
        result.output
    )
    body = json.loads(run.invoke(cli, ["budget", "--by", "Mission", "--json"]).stdout)
    assert body["figures"][0]["amount"] == 1300.0


def test_budget_sorted_by_amount(run: CliRunner, graph: Graph) -> None:
    write_bundle(graph, RANKED)
    result = run.invoke(cli, ["budget", "--by", "Output", "--sort", "amount"])
    assert result.exit_code == 0, result.output
    assert "largest first" in result.output
    order = re.findall(r"\(Output, (out-\w)\)", result.output)
    assert order == [f[0] for f in RANKED_BY_AMOUNT]
    as_json = run.invoke(cli, ["budget", "--by", "Output", "--sort", "amount", "--json"])
    body = json.loads(as_json.stdout)
    assert [(f["id"], f["amount"], f["amount_status"]) for f in body["items"]] == RANKED_BY_AMOUNT
    bad = run.invoke(cli, ["budget", "--sort", "largest"])
    assert bad.exit_code == 2 and "'largest' is not one of 'id', 'amount'" in bad.output


def test_an_unknown_reference_fails(run: CliRunner, diamonds: Graph) -> None:
    result = run.invoke(cli, ["trace", "no such element"])
    assert isinstance(result.exception, NotFound)


def wide_priority(outputs: int) -> dict[str, list[dict[str, Any]]]:
    """One priority whose outcome is delivered by `outputs` outputs with long names."""
    names = [f"Output number {i} with a rather long descriptive name" for i in range(outputs)]
    return {
        "elements": [
            {"id": "m", "type": "Mission", "name": "Mission"},
            {"id": "g", "type": "Goal", "name": "Goal"},
            {"id": "tp", "type": "ThematicPriority", "name": "A priority with a long name"},
            {"id": "oc", "type": "Outcome", "name": "Outcome"},
            *({"id": f"o{i}", "type": "Output", "name": n} for i, n in enumerate(names)),
        ],
        "links": [
            {"from": "m", "type": "HAS_GOAL", "to": "g"},
            {"from": "g", "type": "HAS_PRIORITY", "to": "tp"},
            {"from": "tp", "type": "HAS_OUTCOME", "to": "oc"},
            *({"from": "oc", "type": "DELIVERED_BY", "to": f"o{i}"} for i in range(outputs)),
        ],
    }


def test_matrix_fits_100_columns_with_a_legend(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, graph: Graph
) -> None:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    write_bundle(graph, wide_priority(30))
    result = CliRunner().invoke(cli, ["matrix", "ThematicPriority", "Output"], env=NARROW)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "columns 1-" in result.stdout and "of 30" in result.stdout  # in blocks
    legend = lines[lines.index("Columns:") + 1 :]
    assert len(legend) == 30 and "= Output number 29 with a rather long descriptive name (o29)" in (
        result.stdout
    )
    row = next(line for line in lines if "A priority with a long name" in line)
    assert row.count("2") >= 10  # the cells: two links from the priority to each output


def test_impact_fits_100_columns(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, diamonds: Graph
) -> None:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    result = CliRunner().invoke(cli, ["impact", "oc1"], env=NARROW)
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 100
    assert "keeps support via" in result.stdout


def test_a_long_alternative_route_is_shown_by_its_ends() -> None:
    route = [ElementRef(id=f"e{i}", name=f"Element {i}", type="Outcome") for i in range(6)]
    assert _route(route) == "Element 0 > … (4 more) > Element 5"
    assert _route(route[:3]) == "Element 0 > Element 1 > Element 2"
