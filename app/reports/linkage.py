"""The linkage report: prose that walks the results chain, written from the graph.

The TSAG liaison statement recommends "that narrative text be developed which clearly and
comprehensively links the pertinent planning elements". This report is that text: it
walks the mission, goals, thematic priorities, outcomes, outputs and cost objects, says
how each links to the next, cites each element's source, states budget totals where
amounts are known (and says "unknown" where they are not), and lists the open gaps of
each section. Markdown and HTML are rendered from one structure.

Every budget figure is the one of the budget roll-up (`budget_rollup`, the same as
`GET /api/v1/budget?by=...`): the money entering an element from below. A figure that
includes a cost object without an amount is marked incomplete ("at least").
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from app import metamodel
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.findings import Finding, FindingStatus
from app.reports.budget_figures import ReportBudget, report_budget

SECTION_TITLES = {
    "Mission": "Mission",
    "Goal": "Goals",
    "ThematicPriority": "Thematic priorities",
    "Outcome": "Outcomes",
    "Output": "Outputs",
    "CostObject": "Cost objects (internal orders)",
}
#: The chain types the report has a section for: the results chain from the mission down.
CHAIN_TYPES: tuple[str, ...] = tuple(t for t in metamodel.CHAIN_TYPES if t in SECTION_TITLES)
OTHER_SECTION = "Indicators, enablers, risks, mandates, glossary and plans"
TYPE_WORDS = {
    "Mission": "mission",
    "Goal": "goal",
    "ThematicPriority": "thematic priority",
    "Outcome": "outcome",
    "Output": "output",
    "CostObject": "cost object",
}


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"


@dataclass
class Section:
    title: str
    paragraphs: list[str]
    gaps: list[str]


def _name(row: dict[str, Any]) -> str:
    code = f"{row['code']} " if row.get("code") else ""
    return f'{code}"{row["name"]}"'


def _source(row: dict[str, Any]) -> str:
    if not row.get("source_document"):
        return "source: not recorded"
    section = f", {row['source_section']}" if row.get("source_section") else ""
    return f"source: {row['source_document']}{section}"


def _listing(rows: list[dict[str, Any]]) -> str:
    names = [_name(r) for r in rows]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _gap_line(finding: Finding) -> str:
    return f"[{finding.severity}] {finding.message} ({finding.check})"


def build_sections(graph: Graph) -> tuple[list[Section], dict[str, Any]]:
    rows = graph.read("reports/linkage_elements", types=list(CHAIN_TYPES))
    links = graph.read("reports/linkage_links", types=list(CHAIN_TYPES))
    elements = {r["id"]: r for r in rows}
    down: dict[str, list[dict[str, Any]]] = defaultdict(list)
    up: dict[str, list[dict[str, Any]]] = defaultdict(list)
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        if link["rel"] == "PART_OF":
            parts[link["to"]].append(elements[link["from"]])
            up[link["from"]].append(elements[link["to"]])
        else:
            down[link["from"]].append(elements[link["to"]])
            up[link["to"]].append(elements[link["from"]])
    budget = report_budget(graph)

    report = run_gaps(graph)
    open_findings = [f for f in report.findings if f.status == FindingStatus.open]
    gaps_by_section: dict[str, list[str]] = defaultdict(list)
    for finding in open_findings:
        first = finding.elements[0].type if finding.elements else finding.subject
        section = first if first in SECTION_TITLES else OTHER_SECTION
        gaps_by_section[section].append(_gap_line(finding))

    sections = []
    for type_name in CHAIN_TYPES:
        paragraphs = []
        for row in [r for r in rows if r["type"] == type_name]:
            paragraphs.append(
                describe(row, up[row["id"]], down[row["id"]], parts[row["id"]], budget)
            )
        if not paragraphs:
            paragraphs.append(f"The graph holds no {TYPE_WORDS[type_name]}.")
        sections.append(Section(SECTION_TITLES[type_name], paragraphs, gaps_by_section[type_name]))
    sections.append(Section(OTHER_SECTION, [], gaps_by_section[OTHER_SECTION]))

    total_text = _total_text(budget, [r for r in rows if r["type"] == "CostObject"])
    facts = {
        "elements": len(rows),
        "total_budget": total_text,
        "open": report.summary.open,
        "waived": report.summary.waived,
        "open_by_severity": report.summary.open_by_severity,
    }
    return sections, facts


def _total_text(budget: ReportBudget, costs: list[dict[str, Any]]) -> str:
    if not costs:
        return "none (the graph holds no cost object)"
    rollup = next(iter(budget.rollups.values()))
    funded = rollup.cost_objects_funded
    if funded and rollup.cost_objects_without_amount == funded:
        return f"unknown (none of the {funded} cost objects that fund an output has an amount)"
    text = budget.money(rollup.total_funded)
    if rollup.cost_objects_without_amount:
        text = (
            f"at least {text} ({rollup.cost_objects_without_amount} cost object(s) "
            "without an amount)"
        )
    if rollup.cost_objects_funding_nothing:
        text += f"; {rollup.cost_objects_funding_nothing} cost object(s) fund no output"
    return text


def _cost_object_text(row: dict[str, Any]) -> str:
    if row.get("amount") is None:
        return "unknown (no amount is recorded)"
    return f"{float(row['amount']):,.0f} {row.get('currency') or '(no currency recorded)'}"


def describe(
    row: dict[str, Any],
    parents: list[dict[str, Any]],
    children: list[dict[str, Any]],
    parts: list[dict[str, Any]],
    budget: ReportBudget,
) -> str:
    """One element in prose: what it serves, what serves it, its budget, its source."""
    kind = row["type"]
    word = TYPE_WORDS[kind]
    text = f"The {word} {_name(row)}"
    if kind == "Mission":
        text += (
            f" is pursued through {len(children)} goal(s): {_listing(children)}."
            if children
            else " is pursued through no goal."
        )
    elif kind == "Goal":
        text += f" serves the mission {_listing(parents)}" if parents else " serves no mission"
        text += (
            f" and is pursued through the thematic priorities {_listing(children)}."
            if children
            else "; no thematic priority pursues it."
        )
    elif kind == "ThematicPriority":
        text += f" pursues the goal(s) {_listing(parents)}" if parents else " pursues no goal"
        text += (
            f" and aims at the outcome(s) {_listing(children)}."
            if children
            else "; it aims at no outcome."
        )
    elif kind == "Outcome":
        above = [p for p in parents if p["type"] == "ThematicPriority"]
        whole = [p for p in parents if p["type"] == "Outcome"]
        if above:
            text += f" is aimed at under {_listing(above)}"
        elif whole:
            text += f" is part of the outcome {_listing(whole)}"
        else:
            text += " is aimed at under no thematic priority"
        if parts:
            text += f"; its breakdown is {_listing(parts)}"
        text += (
            f"; it is delivered by the output(s) {_listing(children)}."
            if children
            else "; no output delivers it directly."
        )
    elif kind == "Output":
        text += (
            f" delivers the outcome(s) {_listing(parents)}" if parents else " delivers no outcome"
        )
        text += (
            f" and is funded by {_listing(children)}." if children else "; no cost object funds it."
        )
    else:
        text += f" funds the output(s) {_listing(parents)}." if parents else " funds no output."
    own = _cost_object_text(row) if kind == "CostObject" else budget.text(row["id"])
    if own is not None:
        text += f" Budget: {own}."
    return f"{text} ({_source(row)})"


def render(sections: list[Section], facts: dict[str, Any], fmt: ReportFormat, now: datetime) -> str:
    stamp = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    severities = ", ".join(f"{n} {s}" for s, n in facts["open_by_severity"].items())
    intro = (
        f"Written from the graph on {stamp}. It walks the results chain from the mission down "
        "to the cost objects that fund the outputs, citing each element's source. "
        f"Budget of the cost objects that fund outputs: {facts['total_budget']}. "
        f"Open gaps: {facts['open']} ({severities}); waived: {facts['waived']}."
    )
    if fmt == ReportFormat.html:
        out = [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>Linkage of the planning elements</title></head><body>",
            "<h1>Linkage of the planning elements</h1>",
            f"<p>{html.escape(intro)}</p>",
        ]
        for section in sections:
            out.append(f"<h2>{html.escape(section.title)}</h2>")
            out += [f"<p>{html.escape(p)}</p>" for p in section.paragraphs]
            out.append("<h3>Open gaps</h3>")
            if section.gaps:
                out.append(
                    "<ul>" + "".join(f"<li>{html.escape(g)}</li>" for g in section.gaps) + "</ul>"
                )
            else:
                out.append("<p>None.</p>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"
    lines = ["# Linkage of the planning elements", "", intro, ""]
    for section in sections:
        lines += [f"## {section.title}", ""]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        lines += ["Open gaps:", ""]
        lines += [f"- {g}" for g in section.gaps] or ["- none"]
        lines.append("")
    return "\n".join(lines)


def linkage_report(
    graph: Graph, fmt: ReportFormat = ReportFormat.markdown, now: datetime | None = None
) -> str:
    sections, facts = build_sections(graph)
    return render(sections, facts, fmt, now or datetime.now(UTC))
