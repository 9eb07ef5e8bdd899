"""`rbmtrace check|checks|waive|unwaive|waivers` (app/cli/gaps.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from app import PROJECT_ROOT
from app.cli import cli
from app.core.config import Settings
from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph
from tests.gaps.clean_plan import PLANTED, clean_plan, plant
from tests.merge_bundle import write_bundle


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_check_gates_on_severity(run: CliRunner, graph: Graph) -> None:
    write_bundle(graph, plant("enabler_enables_nothing"))
    default = run.invoke(cli, ["check"])
    assert default.exit_code == 0, default.output  # a warning does not fail --fail-on error
    assert "enabler_enables_nothing" in default.output and "1 open" in default.output
    gated = run.invoke(cli, ["check", "--fail-on", "warning"])
    assert gated.exit_code == 1
    bogus = run.invoke(cli, ["check", "--fail-on", "bogus"])
    assert isinstance(bogus.exception, BadRequest) and bogus.exception.exit_code == 2


def test_check_fails_on_an_error_and_prints_json(run: CliRunner, graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome"))
    result = run.invoke(cli, ["check", "--json"])
    assert result.exit_code == 1
    body = json.loads(result.stdout)
    assert [f["key"] for f in body["findings"]] == ["output_serves_no_outcome:op9"]
    assert run.invoke(cli, ["check", "--fail-on", "none"]).exit_code == 0
    assert run.invoke(cli, ["check", "--plan", "sp"]).exit_code == 0


def test_a_clean_plan_passes(run: CliRunner, graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    result = run.invoke(cli, ["check", "--fail-on", "info"])
    assert result.exit_code == 0, result.output
    assert "0 open" in result.output


def test_waive_list_and_unwaive(run: CliRunner, graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome"))
    key = "output_serves_no_outcome:op9"
    waived = run.invoke(cli, ["waive", key, "--reason", "Pilot", "--by", "ana"])
    assert waived.exit_code == 0, waived.output
    assert run.invoke(cli, ["check"]).exit_code == 0  # the only error is waived
    listed = json.loads(run.invoke(cli, ["waivers", "--json"]).stdout)
    assert [(w["key"], w["who"]) for w in listed] == [(key, "ana")]
    assert run.invoke(cli, ["unwaive", key]).exit_code == 0
    assert run.invoke(cli, ["check"]).exit_code == 1
    unknown = run.invoke(cli, ["waive", "nope:x", "--reason", "r"])
    assert isinstance(unknown.exception, NotFound) and unknown.exception.exit_code == 2


def test_checks_markdown_is_the_readme_table(run: CliRunner) -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = readme.index("| check | severity | finds | why it matters | fix |")
    end = next(i for i in range(start, len(readme)) if not readme[i].startswith("|"))
    result = run.invoke(cli, ["checks", "--markdown"])
    assert result.exit_code == 0
    assert result.stdout == "\n".join(readme[start:end]) + "\n"


def test_keys_are_never_wrapped_in_100_columns(
    run: CliRunner, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    write_bundle(graph, plant("name_repeats_across_levels", "output_serves_no_outcome"))
    result = run.invoke(cli, ["check", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    keys = [line.removeprefix("  key: ") for line in result.stdout.splitlines() if "key:" in line]
    report = json.loads(run.invoke(cli, ["check", "--format", "json"]).stdout)
    assert keys == [f["key"] for f in report["findings"]]  # each whole on its own line
    assert any(len(k) > 30 for k in keys)


def test_many_findings_are_summarised_by_check(
    run: CliRunner, graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    write_bundle(graph, plant(*PLANTED))
    summary = run.invoke(cli, ["check"])
    assert summary.exit_code == 1  # errors are still gated
    lines = summary.stdout.splitlines()
    findings = json.loads(run.invoke(cli, ["check", "--json"]).stdout)["findings"]
    checks = {f["check"] for f in findings}
    assert len(findings) > 20 and len(lines) == len(checks) + 7  # title, header, rules, totals
    assert "Gap findings by check" in summary.stdout and "key:" not in summary.stdout
    assert max(len(line) for line in lines) <= 100
    row = next(line for line in lines if "output_serves_no_outcome" in line)
    assert row.split("│")[1].strip() == "error" and row.split("│")[-3].strip() == "1"
    listed = run.invoke(cli, ["check", "--list"])
    assert listed.stdout.count("key:") == len(findings)


def test_check_as_csv(run: CliRunner, graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome"))
    result = run.invoke(cli, ["check", "--format", "csv", "--fail-on", "none"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["key"], r["severity"], r["elements"]) for r in rows] == [
        ("output_serves_no_outcome:op9", "error", "op9")
    ]


def test_version_and_help_without_type_names(run: CliRunner) -> None:
    version = run.invoke(cli, ["--version"])
    assert version.exit_code == 0 and version.stdout.startswith("rbmtrace ")
    for command in (["check"], ["import"], ["report"], ["neo4j", "start"], ["seed", "load"]):
        shown = run.invoke(cli, [*command, "--help"], env={"COLUMNS": "100"}).stdout
        assert "Show this message and exit." in shown
        assert "<" not in shown and "list[" not in shown, shown
