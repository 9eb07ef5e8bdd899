"""The linkage report: prose that walks the results chain, written from the graph.

The TSAG liaison statement recommends "that narrative text be developed which clearly and
comprehensively links the pertinent planning elements". This report is that text: it
walks the mission, goals, thematic priorities, outcomes, outputs and cost objects, says
how each links to the next, cites each element's source, states budget totals where
amounts are known (and says "unknown" where they are not), and lists the open gaps of
each section. Markdown and HTML are rendered from one structure.

Budget figures flow up the chain from the cost objects: a cost object's amount goes to
the outputs it funds (by the FUNDED_BY `share`, else split evenly), an output's to the
outcomes it delivers (DELIVERED_BY `share`, else evenly), an outcome breakdown's wholly to
its outcome (PART_OF), and outcomes, priorities and goals split evenly among their parents.
A figure that includes a cost object without an amount is marked incomplete ("at least").
"""

from __future__ import annotations

import html
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from app import metamodel
from app.db.graph import Graph
from app.gaps.engine import run_gaps
from app.gaps.findings import Finding, FindingStatus

CHAIN_TYPES: tuple[str, ...] = tuple(
    dict.fromkeys([metamodel.RESULTS_CHAIN[0][0], *(to for _, _, to in metamodel.RESULTS_CHAIN)])
)
SECTION_TITLES = {
    "Mission": "Mission",
    "Goal": "Goals",
    "ThematicPriority": "Thematic priorities",
    "Outcome": "Outcomes",
    "Output": "Outputs",
    "CostObject": "Cost objects (internal orders)",
}
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
class Budget:
    """Known amounts per currency, and the cost objects without an amount that feed in."""

    known: dict[str, float] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)

    def add(self, other: Budget, fraction: float) -> None:
        for currency, amount in other.known.items():
            self.known[currency] = self.known.get(currency, 0.0) + amount * fraction
        self.unknown |= other.unknown

    def text(self) -> str:
        if not self.known and not self.unknown:
            return "no cost object funds it"
        if not self.known:
            return "unknown (no amount is recorded for the cost objects that fund it)"
        figures = " + ".join(
            f"{amount:,.0f} {cur or '(no currency recorded)'}"
            for cur, amount in sorted(self.known.items())
        )
        if self.unknown:
            return f"at least {figures} ({len(self.unknown)} cost object(s) without an amount)"
        return figures


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


def budgets(elements: dict[str, dict[str, Any]], links: list[dict[str, Any]]) -> dict[str, Budget]:
    """Each element's budget, flowing up from the cost objects (see the module doc)."""
    parents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        child = link["from"] if link["rel"] == "PART_OF" else link["to"]
        parents[child].append(link)
    budget: dict[str, Budget] = {i: Budget() for i in elements}
    for i, row in elements.items():
        if row["type"] == "CostObject":
            if row.get("amount") is None:
                budget[i].unknown = {i}
            else:
                budget[i].known = {row.get("currency") or "": float(row["amount"])}
    order = {t: n for n, t in enumerate(reversed(CHAIN_TYPES))}

    def depth(i: str) -> int:  # sub-outcomes before their outcome
        seen, level, current = set(), 0, i
        while True:
            ups = [lk["to"] for lk in parents.get(current, []) if lk["rel"] == "PART_OF"]
            if not ups or ups[0] in seen:
                return level
            seen.add(current)
            current, level = ups[0], level + 1

    for i in sorted(elements, key=lambda x: (order[elements[x]["type"]], -depth(x))):
        ups = parents.get(i, [])
        if not ups:
            continue
        for link in ups:
            parent = link["to"] if link["rel"] == "PART_OF" else link["from"]
            if link["rel"] == "PART_OF":
                fraction = 1.0
            elif link.get("share") is not None:
                fraction = float(link["share"])
            else:
                fraction = 1.0 / len([u for u in ups if u["rel"] != "PART_OF"])
            budget[parent].add(budget[i], fraction)
    return budget


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
    budget = budgets(elements, links)

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

    total = Budget()
    costs = [row for row in rows if row["type"] == "CostObject"]
    for row in costs:
        total.add(budget[row["id"]], 1.0)
    if not costs:
        total_text = "none (the graph holds no cost object)"
    elif not total.known:
        total_text = f"unknown (none of the {len(costs)} cost objects has an amount)"
    else:
        total_text = total.text()
    facts = {
        "elements": len(rows),
        "total_budget": total_text,
        "open": report.summary.open,
        "waived": report.summary.waived,
        "open_by_severity": report.summary.open_by_severity,
    }
    return sections, facts


def describe(
    row: dict[str, Any],
    parents: list[dict[str, Any]],
    children: list[dict[str, Any]],
    parts: list[dict[str, Any]],
    budget: dict[str, Budget],
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
    own = budget[row["id"]]
    if kind != "Mission" and (own.known or own.unknown):
        text += f" Budget: {own.text()}."
    return f"{text} ({_source(row)})"


def render(sections: list[Section], facts: dict[str, Any], fmt: ReportFormat, now: datetime) -> str:
    stamp = now.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    severities = ", ".join(f"{n} {s}" for s, n in facts["open_by_severity"].items())
    intro = (
        f"Written from the graph on {stamp}. It walks the results chain from the mission down "
        "to the cost objects that fund the outputs, citing each element's source. "
        f"Known budget of all cost objects: {facts['total_budget']}. "
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
