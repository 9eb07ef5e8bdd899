from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from weasyprint import HTML

from app.core.config import Settings
from app.core.errors import NotFound
from app.db.graph import Graph
from app.reports import linkage
from app.reports.linkage import linkage_report_data
from app.reports.rendering import ReportFormat, linkage_report, render_html, render_markdown
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


def entries(report: linkage.LinkageReport) -> dict[str, linkage.Entry]:
    return {
        e.element.id: e
        for chapter in report.chapters
        for section in chapter.sections
        for e in section.entries or []
    }


def test_every_budget_in_the_report_is_the_one_of_the_budget_endpoint(
    client: TestClient, graph: Graph
) -> None:
    write_bundle(graph, shares_not_adding_up())
    report = linkage_report_data(graph, now=NOW)
    text = render_markdown(report)
    by_id = entries(report)
    compared = 0
    for level in BUDGET_LEVELS:
        rollup = client.get("/api/v1/budget", params={"by": level}).json()
        for figure in rollup["figures"]:
            expected = f"{figure['amount']:,.0f} CHF"
            assert by_id[figure["id"]].budget == expected
            assert f"**, budget: {expected}." in text
            compared += 1
    assert compared == 6  # a mission, a goal, a priority, an outcome and both outputs
    # the shares 0.5 and 0.3 are normalised: 625 CHF reach the goal, not 500
    assert by_id["g"].budget == "625 CHF" and by_id["b"].budget == "375 CHF"
    assert "500 CHF" not in text
    goal_table = report.chapters[0].goal_budget
    assert [(b.element.id, b.amount) for b in goal_table.rows] == [("g", "625 CHF")]
    assert "Budget funding outputs: **1,000 CHF**; traced to the mission: **625 CHF** (62%)" in text


def test_one_chapter_per_plan_with_summary_tables_and_citations(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    report = linkage_report_data(graph, now=NOW, base_url="http://svc:8000/")
    assert [c.title for c in report.chapters] == [
        "Strategic Plan 2024-2027",
        "Operational Plan 2024-2025",
    ]
    strategic, operational = report.chapters
    assert strategic.plan_facts == ["Kind: strategic", "Period: 2024-2027"]
    assert [s.title for s in strategic.sections if s.count] == [
        "Mission",
        "Goals",
        "Thematic priorities",
        "Outcomes",
    ]
    assert [s.title for s in operational.sections if s.count] == [
        "Outputs",
        "Cost objects (internal orders)",
    ]
    summary = report.summary
    assert summary.plans == 2 and summary.open == 0 and summary.baseline is None
    assert summary.total_funded == "1,500 CHF" and summary.traced_share == "100%"
    assert ("Outputs", 2) in summary.holds
    # budgets from the roll-up: oc1 gets all of op1 and 0.4 of op2, oc1a 0.6 of op2
    by_id = entries(report)
    assert by_id["oc1"].budget == "1,200 CHF" and by_id["oc1a"].budget == "300 CHF"
    assert by_id["co2"].budget == "500 CHF"
    assert [(b.element.id, b.amount, b.share) for b in strategic.priority_budget.rows] == [
        ("tp1", "1,500 CHF", "100%")
    ]
    # the priority x output matrix: tp1 reaches op1 in 2 links and op2 in 2 (and 3)
    matrix = strategic.matrix
    assert [c.id for c in matrix.columns] == ["op1", "op2"]
    assert matrix.rows[0][0].id == "tp1" and matrix.rows[0][1] == ["2", "2"]
    # every element and link cites its source; elements link to the explorer
    op2 = by_id["op2"]
    assert op2.element.citation.text == "Operational Plan 2024-2025, 3"
    assert op2.element.url == "http://svc:8000/#/element/op2"
    assert [(r.verb, r.other.id) for r in op2.relations] == [
        ("delivers the outcome", "oc1"),
        ("delivers the outcome", "oc1a"),
        ("is funded by the cost object", "co2"),
    ]
    assert {r.citation.text for r in op2.relations} == {"source not recorded"}
    # the diagram draws one box per element of the plan, linked top-down
    boxes = {b["top"]: b for b in strategic.diagram["boxes"]}
    assert set(boxes) == {"Mission", "G1", "TP#1", "Outcome"}
    # m-g1, g1-tp1, tp1-oc1, and oc1a part of oc1 (dashed, within the row of outcomes)
    assert [line["dashed"] for line in strategic.diagram["lines"]] == [False, False, False, True]
    text = render_markdown(report)
    positions = [text.index(h) for h in ("## Executive summary", "## 1. Strategic", "## 2. Opera")]
    assert positions == sorted(positions)
    assert (
        "- is funded by the cost object [Internal order 200](http://svc:8000/\\#/element/co2) "
        "(source: source not recorded)" in text
    )
    assert "(source: Operational Plan 2024-2025, 3)" in text
    assert "No baseline is recorded" in text


def test_a_link_cites_its_own_source(graph: Graph) -> None:
    bundle = clean_plan()
    for link in bundle["links"]:
        if link["type"] == "HAS_GOAL":
            link["source"] = {"document": "Resolution 71", "section": "Annex"}
    write_bundle(graph, bundle)
    report = linkage_report_data(graph, now=NOW)
    goal = entries(report)["g1"]
    assert next((r.verb, r.citation.text) for r in goal.relations) == (
        "serves the mission",
        "Resolution 71, Annex",
    )


def test_a_plan_alone_and_an_unknown_plan(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    report = linkage_report_data(graph, ["Operational Plan 2024-2025"], now=NOW)
    assert [c.title for c in report.chapters] == ["Operational Plan 2024-2025"]
    assert report.scope == "the plan(s) Operational Plan 2024-2025"
    assert report.summary.holds == [("Outputs", 2), ("Cost objects (internal orders)", 2)]
    # the outcomes op2 delivers are outside the plan: named and linked, not described
    op2 = entries(report)["op2"]
    assert op2.relations[0].other.label == "Enhanced digital skills of citizens"
    assert "oc1" not in entries(report)
    with pytest.raises(NotFound):
        linkage_report_data(graph, ["no such plan"], now=NOW)


def test_findings_by_severity_the_three_first_and_by_check(graph: Graph) -> None:
    write_bundle(
        graph,
        plant("output_serves_no_outcome", "cost_object_without_amount", "goal_without_priority"),
    )
    report = linkage_report_data(graph, now=NOW)
    summary = report.summary
    assert summary.open_by_severity["error"] >= 2 and summary.open_by_severity["warning"] >= 1
    assert len(summary.top_findings) == 3
    assert [f.severity for f in summary.top_findings][:2] == ["error", "error"]
    operational = report.chapters[1]
    checks = {c.check: c.open for c in operational.checks}
    assert checks["output_serves_no_outcome"] == 1 and checks["cost_object_without_amount"] == 1
    assert "goal_without_priority" not in checks  # that goal is in the strategic plan
    by_id = entries(report)
    assert any("serves no outcome" in line for line in by_id["op9"].findings)
    # co2 has no amount: what it funds is partly unknown, never counted as zero
    assert (
        by_id["op2"].budget == "unknown (no amount is recorded for the cost objects that fund it)"
    )
    assert by_id["oc1"].budget == "at least 1,000 CHF (1 cost object(s) without an amount)"


def test_a_large_level_is_summarised_and_links_to_the_explorer(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_bundle(graph, plant("output_serves_no_outcome"))
    monkeypatch.setattr(linkage, "DETAIL_LIMIT", 2)
    monkeypatch.setattr(linkage, "DIAGRAM_BOXES", 2)
    report = linkage_report_data(graph, now=NOW)
    outputs = next(s for s in report.chapters[1].sections if s.type == "Output")
    assert outputs.entries is None and outputs.count == 3
    assert outputs.summary[0].startswith("This plan holds 3 outputs; they are summarised")
    assert "Budget entering them from below: 1,501 CHF." in outputs.summary
    assert [e.element.id for e in outputs.flagged] == ["op9"]  # the one with a finding
    goals = report.chapters[0].goal_budget
    assert goals.count == 1 and goals.more == 0
    boxes = report.chapters[1].diagram["boxes"]
    assert next((b["top"], b["bottom"]) for b in boxes) == ("Outputs", "3 elements")
    text = render_markdown(report)
    assert "[Browse all 3 in the explorer.](/)" in text
    assert "The output **[Digital skills curriculum]" not in text


def test_names_are_escaped_in_html_and_markdown(graph: Graph) -> None:
    bundle = clean_plan()
    bundle["elements"][3]["name"] = "<script>alert(1)</script> *all* | [x](y)"
    write_bundle(graph, bundle)
    report = linkage_report_data(graph, now=NOW)
    page = render_html(report)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = render_markdown(report)
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; \\*all\\* \\| \\[x\\](y)" in text


def test_html_has_contents_styles_print_and_the_diagram(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    page = render_html(linkage_report_data(graph, now=NOW))
    assert page.startswith("<!DOCTYPE html>")
    assert '<nav class="toc">' in page and '<a href="#c1-goal">Goals</a>' in page
    assert "@media print" in page and "@page" in page
    assert page.count("<svg") == 2 and "<title>G1 Universal connectivity</title>" in page


def test_the_itu_seed_report_states_unknown_budgets(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    text = render_markdown(linkage_report_data(graph, now=NOW))
    assert "TP\\#2 International numbering resources" in text
    assert "repeats the name of the Output" in text
    assert "source: TSAG LS, Second Submission of TSAG to CWG-SFP" in text
    assert "budget: unknown (no amount is recorded" in text


def test_pdf(graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    pdf = linkage_report(graph, ReportFormat.pdf, now=NOW)
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    laid_out = HTML(string=render_html(linkage_report_data(graph, now=NOW))).render()
    assert len(laid_out.pages) >= 3  # the summary, then each plan's chapter on a new page


def test_the_report_over_the_api(client: TestClient, graph: Graph) -> None:
    write_bundle(graph, clean_plan())
    md = client.get("/api/v1/reports/linkage")
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    assert md.text.startswith("# Linkage of the planning elements")
    assert "](http://testserver/\\#/element/" in md.text
    page = client.get("/api/v1/reports/linkage", params={"format": "html", "plan": "sp"})
    assert page.headers["content-type"].startswith("text/html")
    assert (
        "Strategic Plan 2024-2027" in page.text
        and "Operational Plan 2024-2025</a>" not in page.text
    )
    pdf = client.get("/api/v1/reports/linkage", params={"format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    missing = client.get("/api/v1/reports/linkage", params={"plan": "nope"})
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
    assert client.get("/api/v1/reports/linkage", params={"format": "doc"}).status_code == 422


def test_a_large_budget_table_shows_the_largest_and_the_total(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = plant("priority_without_outcome")  # tp9: a second priority, unfunded
    bundle["links"].append(ln("sp", "CONTAINS", "tp9"))
    write_bundle(graph, bundle)
    monkeypatch.setattr(linkage, "DETAIL_LIMIT", 1)
    monkeypatch.setattr(linkage, "SUMMARY_LISTED", 1)
    table = linkage_report_data(graph, now=NOW).chapters[0].priority_budget
    assert [(b.element.id, b.amount) for b in table.rows] == [("tp1", "1,500 CHF")]
    assert (table.count, table.more, table.total) == (2, 1, "1,500 CHF")
    text = render_markdown(linkage_report_data(graph, now=NOW))
    assert "The 1 largest of 2; together they all receive 1,500 CHF." in text
