"""Bottom-up budget roll-up along the results chain, without double counting.

Money starts at the cost objects that fund outputs and flows up:

1. a cost object's amount is split over the outputs it funds (FUNDED_BY.share, else an
   even split);
2. an output's money is split over the outcomes it is delivered for (DELIVERED_BY.share,
   else an even split);
3. an outcome's money is split evenly over its parents: the thematic priorities that
   aim at it (HAS_OUTCOME) and the outcomes it is PART_OF (a sub-outcome passes its
   money to the outcome it breaks down);
4. a thematic priority's money is split evenly over its goals, a goal's over missions.

Every split sums to exactly 1 (see `shares.py`), so each franc reaches any level at
most once: the figure of an element is the money *entering* it from the level below
(money passed from a sub-outcome to its outcome is not counted again at Outcome level).
Money that cannot climb to the requested level (an output delivering no outcome, a
priority under no goal ...) is reported in `held_below`, so that

    sum(figures) + sum(held_below) == sum of the amounts of all funded cost objects

holds exactly (`reconciled`). Cost objects without an amount are unknown, never zero:
figures they feed are `unknown` or `partly-unknown`, and they are counted, not summed.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from app.core.errors import BadRequest
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.elements.schemas import ElementRef
from app.traversal.outputs import amount_status
from app.traversal.results_chain import CHAIN_RANK, CHAIN_TYPES, TOP_TYPE
from app.traversal.schemas import BudgetFigure, BudgetRollup, HeldBelow
from app.traversal.shares import METHODS, exact, split_weights

#: The levels a roll-up can be asked for, bottom-up: every chain type above cost objects
#: except the vision (the mission is the top of the roll-up).
BUDGET_LEVELS: tuple[str, ...] = tuple(reversed(CHAIN_TYPES[1:-1]))
DEFAULT_FIGURES = 1000
MAX_FIGURES = 10000
MAX_HELD_LISTED = 200

_DEAD_END_REASON = {
    "Output": "delivers no outcome",
    "Outcome": "is aimed at by no thematic priority and is part of no outcome",
    "ThematicPriority": "is under no goal",
    "Goal": "is under no mission",
}


@dataclass
class Flow:
    """Money at one element: the exact known amount, the cost objects of unknown amount
    feeding it, and the split methods used on the way."""

    known: Fraction = Fraction(0)
    unknown: set[str] = field(default_factory=set)
    methods: set[str] = field(default_factory=set)

    def add(self, other: Flow, weight: Fraction, method: str) -> None:
        if other.known and weight:
            self.known += other.known * weight
        if weight:
            self.unknown.update(other.unknown)
        self.methods.update(other.methods)
        self.methods.add(method)

    @property
    def empty(self) -> bool:
        return self.known == 0 and not self.unknown


@dataclass
class RollupState:
    """Money received (`inflow`), money entering from another type (`entered`) and money
    stuck (`held`) per element id."""

    types: dict[str, str] = field(default_factory=dict)
    inflow: dict[str, Flow] = field(default_factory=lambda: defaultdict(Flow))
    entered: dict[str, Flow] = field(default_factory=lambda: defaultdict(Flow))
    held: dict[str, tuple[Flow, str]] = field(default_factory=dict)


def check_level(by: str) -> str:
    if by not in BUDGET_LEVELS:
        raise BadRequest(
            f"by: {by!r} is not a budget level. Allowed: {', '.join(BUDGET_LEVELS)}.",
            allowed=list(BUDGET_LEVELS),
        )
    return by


def flow_up(cost_objects: list[dict[str, Any]], links: list[dict[str, Any]]) -> RollupState:
    """Push every funded cost object's amount up the chain; see the module text."""
    state = RollupState()
    parents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    pending: dict[str, int] = defaultdict(int)  # links from below not yet processed
    for link in links:
        parents[link["lower"]].append(link)
        pending[link["upper"]] += 1
        state.types[link["lower"]] = link["lower_type"]
        state.types[link["upper"]] = link["upper_type"]
    for row in cost_objects:
        co, funds = row["cost_object"], row["funds"]
        if not funds:
            continue
        start = Flow(
            known=exact(co["amount"]) if co.get("amount") is not None else Fraction(0),
            unknown=set() if co.get("amount") is not None else {co["id"]},
        )
        for fund, split in zip(funds, split_weights([f["share"] for f in funds]), strict=True):
            state.types.setdefault(fund["output"], "Output")
            state.inflow[fund["output"]].add(start, split.weight, split.method)
            state.entered[fund["output"]].add(start, split.weight, split.method)
    ready = deque(sorted(n for n in state.types if pending[n] == 0))
    done: set[str] = set()
    while ready:
        node = ready.popleft()
        done.add(node)
        ups = parents.get(node, [])
        flow = state.inflow.get(node, Flow())
        if not ups:
            if state.types[node] != TOP_TYPE and not flow.empty:
                state.held[node] = (flow, _DEAD_END_REASON.get(state.types[node], "dead end"))
            continue
        for link, split in zip(ups, split_weights([u["share"] for u in ups]), strict=True):
            upper = link["upper"]
            state.inflow[upper].add(flow, split.weight, split.method)
            if link["upper_type"] != state.types[node]:
                state.entered[upper].add(flow, split.weight, split.method)
            pending[upper] -= 1
            if pending[upper] == 0:
                ready.append(upper)
    for node in sorted(set(state.types) - done):  # on a PART_OF cycle, or above one
        flow = state.inflow.get(node, Flow())
        if not flow.empty:
            state.held[node] = (flow, "is on or above a PART_OF cycle; its money stops here")
    return state


def budget_rollup(
    graph: Graph, by: str, limit: int = DEFAULT_FIGURES, cursor: str | None = None
) -> BudgetRollup:
    """The budget entering each element of type `by`, reconciled with the cost objects."""
    check_level(by)
    check_limit(limit, MAX_FIGURES)
    after = decode_cursor(cursor)
    cost_objects = graph.read("queries/budget_cost_objects")
    links = graph.read("queries/budget_chain_links")
    elements = graph.read("queries/budget_elements_of_type", type=by)
    state = flow_up(cost_objects, links)

    funded = [r["cost_object"] for r in cost_objects if r["funds"]]
    total = sum((exact(c["amount"]) for c in funded if c.get("amount") is not None), Fraction(0))
    unknown_total = sum(1 for c in funded if c.get("amount") is None)
    currencies = sorted({c["currency"] for c in funded if c.get("currency")})

    all_figures = [_figure(r["element"], state.entered.get(r["element"]["id"])) for r in elements]
    attributed = sum(
        (
            state.entered[r["element"]["id"]].known
            for r in elements
            if r["element"]["id"] in state.entered
        ),
        Fraction(0),
    )
    level = CHAIN_RANK[by]
    held = [
        (node, flow, reason)
        for node, (flow, reason) in sorted(state.held.items())
        if CHAIN_RANK[state.types[node]] > level
    ]
    unattributed = sum((flow.known for _, flow, _ in held), Fraction(0))
    page = [f for f in all_figures if f.id > after][: limit + 1]
    methods = set().union(*(set(f.methods) for f in all_figures)) if all_figures else set()
    notes = _notes(by, currencies, unknown_total, held)
    names = _names(graph, [node for node, _, _ in held[:MAX_HELD_LISTED]])
    return BudgetRollup(
        by=by,
        currencies=currencies,
        total_funded=float(total),
        attributed=float(attributed),
        unattributed=float(unattributed),
        reconciled=attributed + unattributed == total,
        cost_objects_funded=len(funded),
        cost_objects_without_amount=unknown_total,
        cost_objects_funding_nothing=len(cost_objects) - len(funded),
        figures=page[:limit],
        held_below=[
            HeldBelow(
                **names.get(node, {"id": node, "type": state.types[node]}),
                amount=float(flow.known) if flow.known or not flow.unknown else None,
                unknown_cost_objects=len(flow.unknown),
                reason=reason,
            )
            for node, flow, reason in held[:MAX_HELD_LISTED]
        ],
        methods={m: METHODS[m] for m in sorted(methods)},
        notes=notes,
        limit=limit,
        next_cursor=encode_cursor(page[limit - 1].id) if len(page) > limit else None,
    )


def _figure(element: dict[str, Any], flow: Flow | None) -> BudgetFigure:
    flow = flow or Flow()
    known_part = flow.known != 0 or (not flow.unknown and bool(flow.methods))
    return BudgetFigure(
        **ElementRef.model_validate(element).model_dump(),
        amount=float(flow.known) if known_part or not flow.unknown else None,
        amount_status=amount_status(int(known_part), len(flow.unknown)),
        unknown_cost_objects=len(flow.unknown),
        methods=sorted(flow.methods),
    )


def _names(graph: Graph, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = graph.read("queries/elements_by_id", ids=ids)
    return {r["element"]["id"]: r["element"] for r in rows}


def _notes(by: str, currencies: list[str], unknown: int, held: list[Any]) -> list[str]:
    notes = [
        f"Figures are the budget entering each {by} from below; an element with several "
        "parents passes its money on in even parts unless the links declare a share."
    ]
    if len(currencies) > 1:
        notes.append(
            f"Amounts are in several currencies ({', '.join(currencies)}) and are added "
            "without conversion."
        )
    if unknown:
        notes.append(
            f"{unknown} funded cost object(s) have no amount: the figures they feed are "
            "unknown or partly unknown, not zero."
        )
    if held:
        notes.append(
            f"{len(held)} element(s) below {by} reach no {by}; their money is in held_below."
        )
    return notes
