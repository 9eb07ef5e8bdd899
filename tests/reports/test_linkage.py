from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import Settings
from app.db.graph import Graph
from app.reports.linkage import Budget, ReportFormat, linkage_report
from app.seeding import load_seed
from tests.gaps.clean_plan import clean_plan, plant
from tests.merge_bundle import write_bundle

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_budget_text_says_unknown() -> None:
    assert Budget().text() == "no cost object funds it"
    assert Budget(unknown={"a", "b"}).text().startswith("unknown")
    assert Budget({"CHF": 1500.0}, {"a"}).text() == (
        "at least 1,500 CHF (1 cost object(s) without an amount)"
    )
    assert Budget({"": 2.0, "CHF": 1.0}).text() == "2 (no currency recorded) + 1 CHF"


def test_the_report_walks_the_chain_with_budgets_and_sources(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    text = linkage_report(graph, ReportFormat.markdown, now=NOW)
    sections = ["## Mission", "## Goals", "## Thematic priorities", "## Outcomes", "## Outputs"]
    positions = [text.index(s) for s in sections]
    assert positions == sorted(positions)
    assert (
        'The mission "Connect the world" is pursued through 1 goal(s): G1 "Universal connectivity".'
        in text
    )
    # op1 1000 to oc1; op2 500 split 0.4 / 0.6 between oc1 and its breakdown oc1a (part of oc1)
    assert 'The output "Teacher training programme" delivers the outcome(s)' in text
    assert "Budget: 1,500 CHF." in text  # the goal, the priority and oc1
    assert "Budget: 300 CHF." in text  # oc1a: 0.6 of 500
    assert "source: Strategic Plan 2024-2027, 2" in text
    assert "Known budget of all cost objects: 1,500 CHF." in text
    assert "Open gaps: 0" in text


def test_gaps_are_listed_in_their_section(graph: Graph) -> None:
    write_bundle(graph, plant("output_serves_no_outcome", "cost_object_without_amount"))
    text = linkage_report(graph, ReportFormat.markdown, now=NOW)
    outputs = text[text.index("## Outputs") : text.index("## Cost objects")]
    assert '[error] Output "Orphan output" serves no outcome' in outputs
    costs = text[text.index("## Cost objects") :]
    assert '[warning] Cost object "Internal order 200" has no amount' in costs
    # co2 reaches the goal along two paths (through oc1 and its breakdown): counted once
    assert "Budget: at least 1,000 CHF (1 cost object(s) without an amount)." in text


def test_the_itu_seed_report_states_unknown_budgets_and_the_liaison_points(
    graph: Graph,
    settings: Settings,
) -> None:
    load_seed(graph, "itu", settings)
    text = linkage_report(graph, ReportFormat.markdown, now=NOW)
    assert (
        "Known budget of all cost objects: unknown (none of the 3 cost objects has an amount)"
        in text
    )
    assert 'TP#2 "International numbering resources"' in text
    assert "repeats the name of the output" in text
    assert "source: TSAG LS, Second Submission of TSAG to CWG-SFP" in text


def test_html_is_escaped(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["elements"][2]["name"] = "Connect <everyone> & more"
    write_bundle(graph, bundle)
    page = linkage_report(graph, ReportFormat.html, now=NOW)
    assert page.startswith("<!DOCTYPE html>")
    assert "Connect &lt;everyone&gt; &amp; more" in page and "<everyone>" not in page


def test_the_report_over_the_api(client: TestClient, graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    md = client.get("/api/v1/reports/linkage")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Linkage of the planning elements")
    page = client.get("/api/v1/reports/linkage", params={"format": "html"})
    assert page.headers["content-type"].startswith("text/html")
    assert client.get("/api/v1/reports/linkage", params={"format": "pdf"}).status_code == 422


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    return CliRunner()


def test_the_report_command_writes_a_file(run: CliRunner, graph: Graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    write_bundle(graph, clean_plan())
    target = tmp_path / "linkage.html"
    result = run.invoke(cli, ["report", "--format", "html", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert "<h2>Outputs</h2>" in target.read_text(encoding="utf-8")
    printed = run.invoke(cli, ["report"])
    assert printed.stdout.startswith("# Linkage of the planning elements")
