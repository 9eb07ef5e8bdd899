"""The linkage report: the document a planning committee is handed, built from the graph.

The TSAG liaison statement recommends "that narrative text be developed which clearly and
comprehensively links the pertinent planning elements". This module gathers what that
text says, per plan (a chapter each): an executive summary, budget tables, the priority x
output matrix, findings by check, a results-chain diagram, and a section per level of the
chain saying how each element links to the next, citing the source of every element and
link. `rendering.py` turns it into HTML, Markdown or PDF through templates.

Every budget figure is the one of the budget roll-up (`budget_rollup`, the same as
`GET /api/v1/budget?by=...`); the priority x output matrix is `trace_matrix`; findings
are the gap engine's. A level with more than `DETAIL_LIMIT` elements in a chapter is
summarised (counts, budget, the elements with open findings) and links to the explorer
instead of listing every element.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.db.graph import Graph
from app.elements.references import resolve_ref
from app.gaps.catalogue import Severity, load_catalogue
from app.gaps.engine import in_plan, run_gaps
from app.gaps.findings import Finding, FindingStatus
from app.reports.budget_figures import ReportBudget, figure_text, report_budget
from app.reports.explorer_links import explorer_url
from app.traversal.matrix import MAX_ROWS, trace_matrix
from app.traversal.results_chain import CHAIN_TYPES
from app.traversal.schemas import BudgetRollup, MatrixRow

#: Above this many elements of one level in a chapter, the level is summarised.
DETAIL_LIMIT = 60
#: What a summarised level (or table) still lists: its first or largest this many.
SUMMARY_LISTED = 20
#: Links listed under an element (the rest are counted, and shown by the explorer).
RELATIONS_LISTED = 12
#: Findings listed by name in a chapter (the rest are counted by check).
FINDINGS_LISTED = 30
#: The matrix in each chapter: priorities (rows) by the outputs that serve them.
MATRIX_ROWS, MATRIX_COLS = "ThematicPriority", "Output"
#: Outputs drawn as columns of the priority x output matrix; more are listed per row.
MATRIX_COLUMNS = 10
NO_PLAN = "(in no plan)"

SECTION_TITLES = {
    "Vision": "Vision",
    "Mission": "Mission",
    "Goal": "Goals",
    "ThematicPriority": "Thematic priorities",
    "Outcome": "Outcomes",
    "Output": "Outputs",
    "CostObject": "Cost objects (internal orders)",
}
TYPE_WORDS = {
    "Vision": "vision",
    "Mission": "mission",
    "Goal": "goal",
    "ThematicPriority": "thematic priority",
    "Outcome": "outcome",
    "Output": "output",
    "CostObject": "cost object",
}
#: How an element relates to the one above it (by link type), and to the one below.
UP_VERBS = {
    "HAS_MISSION": "serves the vision",
    "HAS_GOAL": "serves the mission",
    "HAS_PRIORITY": "pursues the goal",
    "HAS_OUTCOME": "is aimed at under the thematic priority",
    "DELIVERED_BY": "delivers the outcome",
    "FUNDED_BY": "funds the output",
    "PART_OF": "is part of the outcome",
}
DOWN_VERBS = {
    "HAS_MISSION": "is pursued through the mission",
    "HAS_GOAL": "is pursued through the goal",
    "HAS_PRIORITY": "is pursued through the thematic priority",
    "HAS_OUTCOME": "aims at the outcome",
    "DELIVERED_BY": "is delivered by the output",
    "FUNDED_BY": "is funded by the cost object",
    "PART_OF": "is broken down into the outcome",
}


@dataclass
class Citation:
    """Where an element or a link is stated: document, section, and the basis if recorded."""

    document: str | None = None
    section: str | None = None
    basis: str | None = None
    quote: str | None = None

    @property
    def text(self) -> str:
        if not self.document:
            return "source not recorded"
        where = f"{self.document}, {self.section}" if self.section else self.document
        return f"{where}; basis: {self.basis}" if self.basis else where

    @classmethod
    def of(cls, row: dict[str, Any]) -> Citation:
        return cls(
            row.get("source_document"),
            row.get("source_section"),
            row.get("basis"),
            row.get("quote"),
        )


@dataclass
class ElementView:
    id: str
    code: str | None
    name: str
    type: str
    url: str
    citation: Citation

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}" if self.code else self.name

    @property
    def word(self) -> str:
        return TYPE_WORDS.get(self.type, self.type)


@dataclass
class Relation:
    """One link seen from an element: the verb, the element at the other end, its source."""

    verb: str
    other: ElementView
    citation: Citation


@dataclass
class Entry:
    element: ElementView
    budget: str | None
    relations: list[Relation]
    findings: list[str]
    more_relations: int = 0  # links not listed (see the explorer)


@dataclass
class Section:
    type: str
    title: str
    anchor: str
    count: int
    entries: list[Entry] | None  # None: summarised (see `summary`)
    summary: list[str] = field(default_factory=list)
    flagged: list[Entry] = field(default_factory=list)  # summarised: those with findings


@dataclass
class BudgetRow:
    element: ElementView
    amount: str
    share: str  # of the chapter's level total


@dataclass
class BudgetTable:
    """A level's budget in a chapter: every element, or the `SUMMARY_LISTED` largest."""

    rows: list[BudgetRow]
    count: int
    total: str

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


@dataclass
class MatrixView:
    columns: list[ElementView]  # empty: list form (too many outputs for columns)
    rows: list[tuple[ElementView, list[str], list[ElementView]]]  # row, cells, outputs
    more_rows: int


@dataclass
class CheckCount:
    check: str
    title: str
    severity: str
    open: int
    waived: int


@dataclass
class FindingView:
    severity: str
    check: str
    message: str
    key: str
    elements: list[ElementView]


@dataclass
class Chapter:
    title: str
    anchor: str
    plan: ElementView | None
    plan_facts: list[str]
    counts: list[tuple[str, int]]
    goal_budget: BudgetTable
    priority_budget: BudgetTable
    matrix: MatrixView
    checks: list[CheckCount]
    findings: list[FindingView]
    findings_more: int
    diagram: dict[str, Any]
    sections: list[Section]


@dataclass
class Summary:
    """The executive summary: what the scope holds, money traced to the mission, findings."""

    holds: list[tuple[str, int]]
    plans: int
    total_funded: str
    traced_to_mission: str
    traced_share: str
    budget_notes: list[str]
    open: int
    waived: int
    open_by_severity: dict[str, int]
    top_findings: list[FindingView]
    baseline: BaselineChanges | None


@dataclass
class BaselineChanges:
    """What changed since a baseline. Baselines are not recorded yet (issue 18): the
    summary says so; when they are, `linkage_report_data` fills this and the templates'
    "changes since the baseline" block shows it."""

    baseline: str
    lines: list[str]


@dataclass
class LinkageReport:
    title: str
    generated: str
    scope: str
    summary: Summary
    chapters: list[Chapter]
    explorer: str


ELEMENT_FIELDS = (
    "id",
    "code",
    "name",
    "type",
    "source_document",
    "source_section",
    "basis",
    "quote",
    "amount",
    "currency",
)
LINK_FIELDS = ("from", "rel", "to", "source_document", "source_section", "basis")


def _view(row: dict[str, Any], base_url: str) -> ElementView:
    return ElementView(
        id=row["id"],
        code=row.get("code"),
        name=row.get("name") or row["id"],
        type=row["type"],
        url=explorer_url(row["id"], base_url),
        citation=Citation.of(row),
    )


def resolve_plans(graph: Graph, plans: Sequence[str]) -> list[str]:
    """The ids of the plans named (id, code or name); BadRequest for one that is no plan."""
    return [resolve_ref(graph, ref, types=["Plan"])["id"] for ref in plans]


def linkage_report_data(
    graph: Graph,
    plans: Sequence[str] = (),
    now: datetime | None = None,
    base_url: str = "",
) -> LinkageReport:
    """Everything the report says, for the plans named (default: every plan)."""
    plan_ids = resolve_plans(graph, plans) if plans else None
    plan_rows = graph.read("reports/report_plans", plan_ids=plan_ids)
    chain_types = list(CHAIN_TYPES)
    found = graph.read_plain("reports/report_elements", types=chain_types, plan_ids=plan_ids)
    rows = [dict(zip(ELEMENT_FIELDS, e, strict=True)) for e in found[0]["elements"]]
    found = graph.read_plain("reports/report_links", types=chain_types)
    links = [dict(zip(LINK_FIELDS, lk, strict=True)) for lk in found[0]["links"]]
    views = {r["id"]: _view(r, base_url) for r in rows}
    budget = report_budget(graph)
    gaps = run_gaps(graph, now=now)
    severity_rank = {s.value: s.rank for s in Severity}

    plans_of: dict[str, list[str]] = defaultdict(list)
    for plan in graph.read_plain("reports/report_members", types=chain_types, plan_ids=plan_ids):
        for member in plan["members"]:
            plans_of[member].append(plan["plan"])
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        for plan_id in plans_of.get(row["id"]) or [NO_PLAN]:
            members[plan_id].append(row)
    chapters_of = [(_view({**p, "type": "Plan"}, base_url), p) for p in plan_rows]
    chapter_rows: list[tuple[ElementView | None, dict[str, Any] | None]] = list(chapters_of)
    if members.get(NO_PLAN):
        chapter_rows.append((None, None))

    up: dict[str, list[dict[str, Any]]] = defaultdict(list)
    down: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for link in links:
        if link["from"] in views or link["to"] in views:
            # PART_OF points from the part to the whole: the whole is "up".
            upper, lower = (
                (link["to"], link["from"])
                if link["rel"] == "PART_OF"
                else (link["from"], link["to"])
            )
            up[lower].append({**link, "other": upper})
            down[upper].append({**link, "other": lower})
    others = _other_ends(graph, links, views, base_url)

    def finding_view(f: Finding) -> FindingView:
        return FindingView(
            f.severity,
            f.check,
            f.message,
            f.key,
            [views.get(e.id) or others.get(e.id) or _ref_view(e, base_url) for e in f.elements],
        )

    def weight(f: Finding) -> tuple[int, float, str]:
        money = max((_amount_of(budget, e.id) for e in f.elements), default=0.0)
        return (-severity_rank.get(f.severity, 0), -money, f.key)

    open_findings = sorted((f for f in gaps.findings if f.status == FindingStatus.open), key=weight)
    matrix = _matrix_rows(
        graph,
        [
            {r["id"] for r in members.get(v.id if v else NO_PLAN, []) if r["type"] == MATRIX_ROWS}
            for v, _ in chapter_rows
        ],
    )

    chapters = []
    for number, (plan_view, plan_row) in enumerate(chapter_rows, start=1):
        mine = members.get(plan_view.id if plan_view else NO_PLAN, [])
        ids = {r["id"] for r in mine}
        types = {r["type"] for r in mine}
        findings = [f for f in open_findings if in_plan(f, ids, types)]
        chapter_findings: dict[str, list[str]] = defaultdict(list)
        for f in findings:
            for e in f.elements:
                chapter_findings[e.id].append(f"[{f.severity}] {f.message} ({f.check})")
        chapters.append(
            _chapter(
                number,
                plan_view,
                plan_row,
                mine,
                views,
                up,
                down,
                others,
                budget,
                matrix,
                [f for f in gaps.findings if in_plan(f, ids, types)],
                [finding_view(f) for f in findings],
                chapter_findings,
                base_url,
            )
        )

    in_scope = {r["id"] for r in rows}
    scope_findings = [
        f
        for f in open_findings
        if plan_ids is None or in_plan(f, in_scope, {r["type"] for r in rows})
    ]
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    scope = (
        "every plan, each in its own chapter"
        if plan_ids is None
        else "the plan(s) " + ", ".join(v.label for v, _ in chapters_of)
    )
    return LinkageReport(
        title="Linkage of the planning elements",
        generated=stamp,
        scope=scope,
        summary=_summary(
            rows, len(chapters_of), budget, gaps.findings, scope_findings, finding_view
        ),
        chapters=chapters,
        explorer=explorer_url(None, base_url),
    )


def _amount_of(budget: ReportBudget, element_id: str) -> float:
    figure = budget.figures.get(element_id)
    return figure.amount or 0.0 if figure else 0.0


def _ref_view(ref: Any, base_url: str) -> ElementView:
    return _view({"id": ref.id, "code": ref.code, "name": ref.name, "type": ref.type}, base_url)


def _other_ends(
    graph: Graph, links: list[dict[str, Any]], views: dict[str, ElementView], base_url: str
) -> dict[str, ElementView]:
    """Elements out of the scope that scoped elements link to (named, not described)."""
    missing = sorted(
        {
            end
            for link in links
            if link["from"] in views or link["to"] in views
            for end in (link["from"], link["to"])
            if end not in views
        }
    )
    if not missing:
        return {}
    rows = graph.read("queries/elements_by_id", ids=missing)
    return {r["element"]["id"]: _view(r["element"], base_url) for r in rows}


def _summary(
    rows: list[dict[str, Any]],
    plans: int,
    budget: ReportBudget,
    all_findings: list[Finding],
    open_findings: list[Finding],
    finding_view: Any,
) -> Summary:
    counts = Counter(r["type"] for r in rows)
    rollup = budget.rollups["Mission"]
    total, traced = _funded_text(budget, rollup)
    share = f"{rollup.attributed / rollup.total_funded:.0%}" if rollup.total_funded else "n/a"
    notes = list(rollup.notes[1:])
    if rollup.cost_objects_funding_nothing:
        notes.append(
            f"{rollup.cost_objects_funding_nothing} cost object(s) fund no output and are "
            "not counted."
        )
    open_by_severity = {
        s.value: sum(f.severity == s.value for f in open_findings) for s in Severity
    }
    in_scope = {r["id"] for r in rows}
    waived = sum(
        f.status == FindingStatus.waived and any(e.id in in_scope for e in f.elements)
        for f in all_findings
    )
    return Summary(
        holds=[(SECTION_TITLES[t], counts[t]) for t in CHAIN_TYPES if counts[t]],
        plans=plans,
        total_funded=total,
        traced_to_mission=traced,
        traced_share=share,
        budget_notes=notes,
        open=len(open_findings),
        waived=waived,
        open_by_severity=open_by_severity,
        top_findings=[finding_view(f) for f in open_findings[:3]],
        baseline=None,
    )


def _funded_text(budget: ReportBudget, rollup: BudgetRollup) -> tuple[str, str]:
    """The budget funding outputs and the part reaching the mission, in words: unknown
    amounts are said to be unknown, never printed as zero."""
    funded, unknown = rollup.cost_objects_funded, rollup.cost_objects_without_amount
    if not funded:
        return "none (no cost object funds an output)", "none"
    if unknown == funded:
        text = f"unknown (none of the {funded} cost objects that fund an output has an amount)"
        return text, "unknown"
    total, traced = budget.money(rollup.total_funded), budget.money(rollup.attributed)
    if unknown:
        return (
            f"at least {total} ({unknown} cost object(s) without an amount)",
            f"at least {traced}",
        )
    return total, traced


def _chapter(
    number: int,
    plan: ElementView | None,
    plan_row: dict[str, Any] | None,
    mine: list[dict[str, Any]],
    views: dict[str, ElementView],
    up: dict[str, list[dict[str, Any]]],
    down: dict[str, list[dict[str, Any]]],
    others: dict[str, ElementView],
    budget: ReportBudget,
    matrix: dict[str, MatrixRow],
    chapter_gaps: list[Finding],
    findings: list[FindingView],
    findings_of: dict[str, list[str]],
    base_url: str,
) -> Chapter:
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in mine:
        by_type[row["type"]].append(row)
    ids = {r["id"] for r in mine}

    def other(element_id: str) -> ElementView:
        return views.get(element_id) or others[element_id]

    def entry(row: dict[str, Any]) -> Entry:
        relations = [
            Relation(UP_VERBS[link["rel"]], other(link["other"]), Citation.of(link))
            for link in up.get(row["id"], [])
        ] + [
            Relation(DOWN_VERBS[link["rel"]], other(link["other"]), Citation.of(link))
            for link in down.get(row["id"], [])
        ]
        return Entry(
            views[row["id"]],
            _own_budget(row, budget),
            relations[:RELATIONS_LISTED],
            findings_of.get(row["id"], []),
            max(0, len(relations) - RELATIONS_LISTED),
        )

    sections = []
    for type_name in CHAIN_TYPES:
        level = by_type.get(type_name, [])
        anchor = f"c{number}-{type_name.lower()}"
        if len(level) <= DETAIL_LIMIT:
            sections.append(
                Section(
                    type_name,
                    SECTION_TITLES[type_name],
                    anchor,
                    len(level),
                    [entry(r) for r in level],
                )
            )
            continue
        sourced = sum(bool(r.get("source_document")) for r in level)
        summary = [
            f"This plan holds {len(level):,} {SECTION_TITLES[type_name].lower()}; they are "
            "summarised here and listed in full in the explorer.",
            f"{sourced:,} of them cite their source ({sourced / len(level):.0%}).",
        ]
        if type_name in budget.rollups:
            known = sum(_amount_of(budget, r["id"]) for r in level)
            summary.append(f"Budget entering them from below: {budget.money(known)}.")
        flagged = [entry(r) for r in level if r["id"] in findings_of]
        if flagged:
            summary.append(
                f"{len(flagged):,} of them have open findings; the first "
                f"{min(len(flagged), SUMMARY_LISTED)} are listed below."
            )
        sections.append(
            Section(
                type_name,
                SECTION_TITLES[type_name],
                anchor,
                len(level),
                None,
                summary,
                flagged[:SUMMARY_LISTED],
            )
        )

    checks = _check_counts(chapter_gaps)
    title = plan.label if plan else "Elements in no plan"
    facts = []
    if plan_row:
        if plan_row.get("kind"):
            facts.append(f"Kind: {plan_row['kind']}")
        if plan_row.get("period_start") or plan_row.get("period_end"):
            facts.append(
                f"Period: {plan_row.get('period_start') or '?'}-{plan_row.get('period_end') or '?'}"
            )
        if plan_row.get("organisation"):
            facts.append(f"Organisation: {plan_row['organisation']}")
    return Chapter(
        title=title,
        anchor=f"c{number}",
        plan=plan,
        plan_facts=facts,
        counts=[(SECTION_TITLES[t], len(by_type[t])) for t in CHAIN_TYPES if by_type.get(t)],
        goal_budget=_budget_rows(by_type.get("Goal", []), views, budget),
        priority_budget=_budget_rows(by_type.get("ThematicPriority", []), views, budget),
        matrix=_matrix_view(matrix, ids, views, others, base_url),
        checks=checks,
        findings=findings[:FINDINGS_LISTED],
        findings_more=max(0, len(findings) - FINDINGS_LISTED),
        diagram=diagram_layout(by_type, up, views),
        sections=sections,
    )


def _own_budget(row: dict[str, Any], budget: ReportBudget) -> str | None:
    if row["type"] == "CostObject":
        if row.get("amount") is None:
            return "unknown (no amount is recorded)"
        return f"{float(row['amount']):,.0f} {row.get('currency') or '(no currency recorded)'}"
    figure = budget.figures.get(row["id"])
    if figure is None or figure.amount_status == "none":
        return None
    return figure_text(budget, figure)


def _budget_rows(
    level: list[dict[str, Any]], views: dict[str, ElementView], budget: ReportBudget
) -> BudgetTable:
    """The level's figures; the `SUMMARY_LISTED` largest when there are more than
    `DETAIL_LIMIT`."""
    amounts = {r["id"]: _amount_of(budget, r["id"]) for r in level}
    total = sum(amounts.values())
    shown = level
    if len(level) > DETAIL_LIMIT:
        shown = sorted(level, key=lambda r: -amounts[r["id"]])[:SUMMARY_LISTED]
    rows = []
    for row in shown:
        figure = budget.figures.get(row["id"])
        amount = amounts[row["id"]]
        known = figure is not None and figure.amount_status != "none"
        rows.append(
            BudgetRow(
                views[row["id"]],
                figure_text(budget, figure) if figure is not None and known else "none",
                f"{amount / total:.0%}" if total else "",
            )
        )
    return BudgetTable(rows, len(level), budget.money(total))


def _matrix_rows(graph: Graph, chapters: list[set[str]]) -> dict[str, MatrixRow]:
    """The priority x output matrix rows the chapters list: page through `trace_matrix`
    until each chapter has its first `DETAIL_LIMIT` priorities (or there are no more)."""
    wanted = set().union(*chapters)
    found: dict[str, MatrixRow] = {}
    cursor: str | None = None
    while wanted:
        page = trace_matrix(
            graph, MATRIX_ROWS, MATRIX_COLS, limit=min(MAX_ROWS, 4 * DETAIL_LIMIT), cursor=cursor
        )
        found.update((r.row.id, r) for r in page.rows if r.row.id in wanted)
        enough = all(len(ids & found.keys()) >= min(len(ids), DETAIL_LIMIT) for ids in chapters)
        cursor = page.next_cursor
        if enough or cursor is None:
            break
    return found


def _matrix_view(
    matrix: dict[str, MatrixRow],
    ids: set[str],
    views: dict[str, ElementView],
    others: dict[str, ElementView],
    base_url: str,
) -> MatrixView:
    priorities = [i for i in ids if views[i].type == MATRIX_ROWS]
    rows = sorted((matrix[i] for i in priorities if i in matrix), key=lambda r: r.row.id)
    listed = rows[: DETAIL_LIMIT if len(priorities) <= DETAIL_LIMIT else SUMMARY_LISTED]
    if not listed:
        return MatrixView([], [], 0)
    outputs: dict[str, ElementView] = {}
    for row in listed:
        for cell in row.cells:
            outputs.setdefault(
                cell.id, views.get(cell.id) or others.get(cell.id) or _ref_view(cell, base_url)
            )
    more = len(priorities) - len(listed)
    if len(outputs) <= MATRIX_COLUMNS:
        columns = list(outputs.values())
        return MatrixView(
            columns,
            [
                (
                    views[r.row.id],
                    [
                        next((str(c.path_length) for c in r.cells if c.id == col.id), "")
                        for col in columns
                    ],
                    [],
                )
                for r in listed
            ],
            more,
        )
    return MatrixView(
        [], [(views[r.row.id], [], [outputs[c.id] for c in r.cells]) for r in listed], more
    )


def _check_counts(findings: list[Finding]) -> list[CheckCount]:
    catalogue = {c.id: c for c in load_catalogue()}
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for f in findings:
        counts[f.check][0 if f.status == FindingStatus.open else 1] += 1
    rank = {s.value: s.rank for s in Severity}
    out = [
        CheckCount(check, catalogue[check].title, catalogue[check].severity.value, o, w)
        for check, (o, w) in counts.items()
    ]
    return sorted(out, key=lambda c: (-rank[c.severity], -c.open, c.check))


#: The diagram draws at most this many boxes per level; more are one box with the count.
DIAGRAM_BOXES = 8
BOX_W, BOX_H, GAP_X, ROW_H, MARGIN = 150, 44, 14, 78, 10


def diagram_layout(
    by_type: dict[str, list[dict[str, Any]]],
    up: dict[str, list[dict[str, Any]]],
    views: dict[str, ElementView],
) -> dict[str, Any]:
    """Boxes and arrows of the plan's results chain, one row per level (top: mission),
    laid out here and drawn by the SVG template. A level with more than `DIAGRAM_BOXES`
    elements is one box with its count, so the drawing stays legible for any plan."""
    levels = [t for t in CHAIN_TYPES if by_type.get(t)]
    box_of: dict[str, str] = {}
    boxes: list[dict[str, Any]] = []
    widest = max((min(len(by_type[t]), DIAGRAM_BOXES) for t in levels), default=1)
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    for row_number, type_name in enumerate(levels):
        level = by_type[type_name]
        shown = level if len(level) <= DIAGRAM_BOXES else []
        count = len(shown) or 1
        row_width = count * BOX_W + (count - 1) * GAP_X
        left = (width - row_width) / 2
        y = MARGIN + row_number * ROW_H
        if shown:
            for i, row in enumerate(shown):
                view = views[row["id"]]
                box_id = f"b{len(boxes)}"
                box_of[row["id"]] = box_id
                boxes.append(
                    {
                        "id": box_id,
                        "x": left + i * (BOX_W + GAP_X),
                        "y": y,
                        "type": type_name,
                        "top": _clip(view.code or TYPE_WORDS[type_name].capitalize(), 22),
                        "bottom": _clip(view.name, 24),
                        "title": view.label,
                        "url": view.url,
                    }
                )
        else:
            box_id = f"b{len(boxes)}"
            for row in level:
                box_of[row["id"]] = box_id
            boxes.append(
                {
                    "id": box_id,
                    "x": left,
                    "y": y,
                    "type": type_name,
                    "top": SECTION_TITLES[type_name],
                    "bottom": f"{len(level):,} elements",
                    "title": f"{len(level):,} {SECTION_TITLES[type_name].lower()}",
                    "url": None,
                }
            )
    position = {b["id"]: b for b in boxes}
    arrows = set()
    for element_id, box_id in box_of.items():
        for link in up.get(element_id, []):
            upper = box_of.get(link["other"])
            if upper and upper != box_id:
                arrows.add((upper, box_id))
    lines = [_arrow(position[a], position[b]) for a, b in sorted(arrows)]
    height = MARGIN * 2 + max(len(levels), 1) * ROW_H - (ROW_H - BOX_H)
    return {
        "width": width,
        "height": height,
        "box_w": BOX_W,
        "box_h": BOX_H,
        "boxes": boxes,
        "lines": lines,
    }


def _arrow(upper: dict[str, Any], lower: dict[str, Any]) -> dict[str, Any]:
    """From the upper box down to the lower one; between boxes of one row (a sub-outcome
    and its outcome) a dashed line from side to side, pointing at the whole."""
    if upper["y"] != lower["y"]:
        return {
            "x1": upper["x"] + BOX_W / 2,
            "y1": upper["y"] + BOX_H,
            "x2": lower["x"] + BOX_W / 2,
            "y2": lower["y"],
            "dashed": False,
        }
    left, right = (upper, lower) if upper["x"] < lower["x"] else (lower, upper)
    start, end = (right, left) if left is upper else (left, right)
    return {
        "x1": start["x"] + (0 if start is right else BOX_W),
        "y1": start["y"] + BOX_H / 2,
        "x2": end["x"] + (BOX_W if end is left else 0),
        "y2": end["y"] + BOX_H / 2,
        "dashed": True,
    }


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"
