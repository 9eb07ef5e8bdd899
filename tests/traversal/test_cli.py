"""The `rbmtrace outputs|trace|impact|matrix|budget` commands (app/cli/traversal.py)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import Settings
from app.core.errors import NotFound
from app.db.graph import Graph


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


def test_matrix_table_and_csv(run: CliRunner, diamonds: Graph) -> None:
    table = run.invoke(cli, ["matrix", "ThematicPriority", "Output"])
    assert table.exit_code == 0, table.output
    csv = run.invoke(cli, ["matrix", "ThematicPriority", "Output", "--csv"])
    assert csv.stdout.splitlines()[0] == "row_id,row_code,row_name,out1,out2,out3"
    bad = run.invoke(cli, ["matrix", "Risk", "Output"])
    assert bad.exit_code != 0


def test_budget(run: CliRunner, diamonds: Graph) -> None:
    result = run.invoke(cli, ["budget", "--by", "Goal"])
    assert result.exit_code == 0, result.output
    assert "762.50 (partly unknown)" in result.output
    assert "Total funded 1,350.00 = attributed 1,300.00 + held below 50.00: reconciled." in (
        result.output
    )
    body = json.loads(run.invoke(cli, ["budget", "--by", "Mission", "--json"]).stdout)
    assert body["figures"][0]["amount"] == 1300.0


def test_an_unknown_reference_fails(run: CliRunner, diamonds: Graph) -> None:
    result = run.invoke(cli, ["trace", "no such element"])
    assert isinstance(result.exception, NotFound)
