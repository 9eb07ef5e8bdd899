"""The budget figures a report prints, all taken from the one roll-up (`budget_rollup`).

A report never sums money itself: it asks `budget_rollup` for every level it shows
(every page of it), so its figures are exactly those of `GET /api/v1/budget?by=...`. The
money is pushed up the chain once (`budget_flow`, up to the highest level shown) and every
level and page is read from that one flow.
A cost object's own figure is its recorded amount (the money the roll-up starts from).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.db.graph import Graph
from app.traversal.budget import BUDGET_LEVELS, every_figure
from app.traversal.schemas import BudgetFigure, BudgetRollup


@dataclass
class ReportBudget:
    """Each level's roll-up (its totals and notes) and each element's figure by id."""

    rollups: dict[str, BudgetRollup] = field(default_factory=dict)
    figures: dict[str, BudgetFigure] = field(default_factory=dict)

    @property
    def currencies(self) -> list[str]:
        first = next(iter(self.rollups.values()), None)
        return first.currencies if first else []

    def money(self, amount: float) -> str:
        """An amount with the currency of the roll-up (or the note that there are several)."""
        currencies = self.currencies
        if len(currencies) == 1:
            return f"{amount:,.0f} {currencies[0]}"
        if not currencies:
            return f"{amount:,.0f} (no currency recorded)"
        return f"{amount:,.0f} ({' + '.join(currencies)}, added without conversion)"

    def text(self, element_id: str) -> str | None:
        """The element's budget in words; None when no money reaches it."""
        figure = self.figures.get(element_id)
        if figure is None or figure.amount_status == "none":
            return None
        return figure_text(self, figure)


def figure_text(budget: ReportBudget, figure: BudgetFigure) -> str:
    unknown = figure.unknown_cost_objects
    if figure.amount_status == "unknown":
        return "unknown (no amount is recorded for the cost objects that fund it)"
    figures = budget.money(figure.amount or 0.0)
    if figure.amount_status == "partly-unknown":
        return f"at least {figures} ({unknown} cost object(s) without an amount)"
    return figures


def report_budget(graph: Graph, levels: tuple[str, ...] = BUDGET_LEVELS) -> ReportBudget:
    """Every figure of the `levels` asked for, from `budget_rollup` (`every_figure`)."""
    budget = ReportBudget()
    for level, (rollup, figures) in every_figure(graph, levels).items():
        budget.rollups[level] = rollup
        budget.figures.update((f.id, f) for f in figures)
    return budget
