from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import Settings
from app.db.graph import Graph
from app.reports.linkage import ReportFormat, linkage_report
from app.seeding import load_seed
from app.traversal.budget import BUDGET_LEVELS
from tests.gaps.clean_plan import clean_plan, el, ln, plant
from tests.merge_bundle import write_bundle

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def shares_not_adding_up() -> dict[str, list[dict[str, Any]]]:
    """Issue 10's case: 1000 CHF funding output A (share 0.5) and output B (share 0.3)."""
    return {
        "elements": [
            el("m", "Mission", "Connect the world"),
            el("g", "Goal", "Universal connectivity", code="G1"),
            el("tp", "ThematicPriority", "Digital inclusion", code="TP#1"),
            el("oc", "Outcome", "Enhanced digital skills"),
            el("a", "Output", "Output A"),
            el("b", "Output", "Output B"),
            el("co", "CostObject", "Internal order 100", amount=1000.0, currency="CHF"),
        ],
        "links": [
            ln("m", "HAS_GOAL", "g"),
            ln("g", "HAS_PRIORITY", "tp"),
            ln("tp", "HAS_OUTCOME", "oc"),
            ln("oc", "DELIVERED_BY", "a"),
            ln("a", "FUNDED_BY", "co", share=0.5),
            ln("b", "FUNDED_BY", "co", share=0.3),
        ],
    }


def test_every_budget_in_the_report_is_the_one_of_the_budget_endpoint(
    client: TestClient, graph: Graph
) -> None:
    write_bundle(graph, shares_not_adding_up())
    text = linkage_report(graph, ReportFormat.markdown, now=NOW)
    paragraphs = {p.split('"')[1]: p for p in text.split("\n\n") if p.startswith("The ")}
    compared = 0
    for level in BUDGET_LEVELS:
        rollup = client.get("/api/v1/budget", params={"by": level}).json()
        for figure in rollup["figures"]:
            assert f"Budget: {figure['amount']:,.0f} CHF." in paragraphs[figure["name"]]
            compared += 1
    assert compared == 6  # a mission, a goal, a priority, an outcome and both outputs
    # the shares 0.5 and 0.3 are normalised: 625 CHF reach the goal, not 500
    assert "Budget: 625 CHF." in paragraphs["Universal connectivity"]
    assert "Budget: 500 CHF." not in text
    assert "Budget: 375 CHF." in paragraphs["Output B"]
    assert "Budget of the cost objects that fund outputs: 1,000 CHF." in text


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
    assert "Budget: 1,500 CHF." in text  # the mission, the goal and the priority
    # the money entering each outcome from its outputs, as /budget?by=Outcome counts it:
    assert "Budget: 1,200 CHF." in text  # oc1: all of op1 and 0.4 of op2
    assert "Budget: 300 CHF." in text  # oc1a: 0.6 of op2
    assert "source: Strategic Plan 2024-2027, 2" in text
    assert "Budget of the cost objects that fund outputs: 1,500 CHF." in text
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
        "Budget of the cost objects that fund outputs: unknown (none of the 3 cost objects "
        "that fund an output has an amount)" in text
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
