"""Bottom-up budget roll-up along the results chain, without double counting.

Money starts at the cost objects that fund outputs and flows up:

1. a cost object's amount is split over the outputs and activities it funds
   (FUNDED_BY.share, else an even split); an activity's money is split evenly over the
   outputs it realises (REALISED_BY): bottom-up budgeting links resources, activities and
   outputs;
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

The work is linear in the links below the level asked for, and kept small: the named
queries answer in one row of lists each (a row per link cost more than everything
else), only links below that level are walked, and exact sums are kept as unreduced
integer fractions, reduced once per element (`exact_ratio`), not `Fraction` by
`Fraction`.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import Any, NamedTuple

from app.core.errors import BadRequest
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.traversal.outputs import amount_status
from app.traversal.results_chain import CHAIN_RANK, CHAIN_TYPES, TOP_TYPE
from app.traversal.schemas import BudgetFigure, BudgetRollup, HeldBelow
from app.traversal.shares import METHODS, exact, finite, split_weights

#: The levels a roll-up can be asked for, bottom-up: every chain type above cost objects
#: except the vision (the mission is the top of the roll-up).
BUDGET_LEVELS: tuple[str, ...] = tuple(reversed(CHAIN_TYPES[1:-1]))
DEFAULT_FIGURES = 1000
MAX_FIGURES = 10000
MAX_HELD_LISTED = 200

#: Rank of each type money climbs through: the chain's, with activities between outputs
#: and the cost objects that fund them.
BUDGET_RANK: dict[str, float] = {**CHAIN_RANK, "Activity": CHAIN_RANK["Output"] + 0.5}

_DEAD_END_REASON = {
    "Activity": "realises no output",
    "Output": "delivers no outcome",
    "Outcome": "is aimed at by no thematic priority and is part of no outcome",
    "ThematicPriority": "is under no goal",
    "Goal": "is under no mission",
}


def exact_ratio(parts: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The exact sum of fractions given as (numerator, denominator) pairs, not reduced, as
    one reduced (numerator, denominator) pair.

    Numerators over the same denominator are added as integers and the few denominators
    are put over their least common multiple once: far quicker than adding `Fraction`s
    one by one (each addition reduces by a gcd, in Python code).
    """
    if len(parts) == 1:
        numerator, denominator = parts[0]
    elif not parts:
        return (0, 1)
    else:
        by_denominator: dict[int, int] = defaultdict(int)
        for n, d in parts:
            by_denominator[d] += n
        denominator = math.lcm(*by_denominator)
        numerator = sum(n * (denominator // d) for d, n in by_denominator.items())
    divisor = math.gcd(numerator, denominator)
    return (numerator // divisor, denominator // divisor)


def exact_sum(parts: Sequence[tuple[int, int]]) -> Fraction:
    """`exact_ratio` as a `Fraction`."""
    return Fraction(*exact_ratio(parts))


class Weight(NamedTuple):
    """One link's exact part of the money (numerator / denominator) and how it was found."""

    numerator: int
    denominator: int
    method: str


NO_COST_OBJECTS: frozenset[str] = frozenset()


@dataclass(slots=True)
class Flow:
    """Money at one element: the exact known amount (as unreduced fractions, see
    `exact_ratio`), the cost objects of unknown amount feeding it, and the split methods
    used on the way.

    Most flows have no unknown cost object and one of a few sets of methods, so those are
    shared (immutable) sets: tens of thousands of flows then need no sets of their own.
    """

    parts: list[tuple[int, int]] = field(default_factory=list)
    unknown: AbstractSet[str] = NO_COST_OBJECTS
    methods: frozenset[str] = frozenset()

    def add(self, other: Flow, known: tuple[int, int], weight: Weight) -> None:
        """Add the part `weight` of `other`, whose known amount (`other.known`) is the
        fraction `known` (numerator, denominator)."""
        if weight.numerator:
            if known[0]:
                self.parts.append((known[0] * weight.numerator, known[1] * weight.denominator))
            if other.unknown:
                if isinstance(self.unknown, set):
                    self.unknown.update(other.unknown)
                else:
                    self.unknown = set(other.unknown)
        self.methods = _methods(self.methods, other.methods, weight.method)

    @property
    def known(self) -> Fraction:
        return exact_sum(self.parts)

    def merged(self, other: Flow | None) -> Flow:
        if other is None:
            return self
        return Flow(
            self.parts + other.parts, self.unknown | other.unknown, self.methods | other.methods
        )


@lru_cache(maxsize=1024)
def _methods(mine: frozenset[str], other: frozenset[str], method: str) -> frozenset[str]:
    return mine | other | {method}


@dataclass
class RollupState:
    """Per element id: money entering from an element of another type (`entered`), money
    passed on by sub-outcomes (`passed`), and money stuck (`held`, with its exact known
    amount and the reason)."""

    types: dict[str, str] = field(default_factory=dict)
    entered: dict[str, Flow] = field(default_factory=lambda: defaultdict(Flow))
    passed: dict[str, Flow] = field(default_factory=lambda: defaultdict(Flow))
    held: dict[str, tuple[Flow, Fraction, str]] = field(default_factory=dict)

    def inflow(self, node: str) -> Flow:
        """All the money `node` received."""
        entered, passed = self.entered.get(node), self.passed.get(node)
        if entered is None:
            return Flow() if passed is None else passed
        return entered.merged(passed)


class Link(NamedTuple):
    """A link money climbs, from the `lower` element to the `upper` one."""

    upper: str
    upper_type: str
    lower: str
    lower_type: str
    share: float | None


def check_level(by: str) -> str:
    if by not in BUDGET_LEVELS:
        raise BadRequest(
            f"by: {by!r} is not a budget level. Allowed: {', '.join(BUDGET_LEVELS)}.",
            allowed=list(BUDGET_LEVELS),
        )
    return by


@lru_cache(maxsize=4096)
def _weights(shares: tuple[float | None, ...]) -> tuple[Weight, ...]:
    return tuple(
        Weight(split.weight.numerator, split.weight.denominator, split.method)
        for split in split_weights(shares)
    )


def chain_links(rows: list[dict[str, Any]], by: str) -> list[Link]:
    """The links in the rows of `budget_chain_links` whose lower element is below `by`:
    the links above cannot change the money entering `by` or held below it."""
    level = BUDGET_RANK[by]
    links = []
    for row in rows:
        upper_type, lower_type = row["upper_type"], row["lower_type"]
        if BUDGET_RANK[lower_type] <= level:
            continue
        shares = row["share"] if row["declared"] else [None] * len(row["upper"])
        links += [
            Link(upper, upper_type, lower, lower_type, share)
            for upper, lower, share in zip(row["upper"], row["lower"], shares, strict=True)
        ]
    return links


def flow_up(amounts: dict[str, Fraction | None], links: list[Link]) -> RollupState:
    """Push every funded cost object's amount (None: unknown) up the `links`; see the
    module text."""
    state = RollupState()
    parents: dict[str, list[Link]] = defaultdict(list)
    pending: dict[str, int] = defaultdict(int)  # links from below not yet processed
    for link in links:
        parents[link.lower].append(link)
        pending[link.upper] += 1
        state.types[link.lower] = link.lower_type
        state.types[link.upper] = link.upper_type
    entered, passed, types = state.entered, state.passed, state.types  # (the hot loops)
    ready: deque[str] = deque()

    def push(node: str, flow: Flow, known: tuple[int, int]) -> None:
        """Split the money at `node` (`flow`, whose known amount is `known`) over its
        parents; a parent whose last link from below this was is ready."""
        ups = parents[node]
        node_type = types[node]
        for link, weight in zip(ups, _weights(tuple([u.share for u in ups])), strict=True):
            upper = link.upper
            (entered if link.upper_type != node_type else passed)[upper].add(flow, known, weight)
            pending[upper] -= 1
            if not pending[upper]:
                ready.append(upper)

    # Cost objects first: each starts with its own amount (or unknown), no methods yet.
    starts = {c: amount for c, amount in amounts.items() if c in parents}
    ready.extend(n for n in types if not pending[n] and n not in starts)
    known_start = Flow()
    for cost_object, amount in starts.items():
        if amount is None:
            push(cost_object, Flow(unknown={cost_object}), (0, 1))
        else:
            push(cost_object, known_start, (amount.numerator, amount.denominator))
    done = set(starts)
    while ready:
        node = ready.popleft()
        done.add(node)
        flow = state.inflow(node)
        known = exact_ratio(flow.parts)
        if node in parents:
            push(node, flow, known)
        elif types[node] != TOP_TYPE and (known[0] or flow.unknown):
            reason = _DEAD_END_REASON.get(types[node], "dead end")
            state.held[node] = (flow, Fraction(*known), reason)
    for node in set(state.types) - done:  # on a PART_OF cycle, or above one
        flow = state.inflow(node)
        if flow.known or flow.unknown:
            reason = "is on or above a PART_OF cycle; its money stops here"
            state.held[node] = (flow, flow.known, reason)
    return state


def budget_rollup(
    graph: Graph, by: str, limit: int = DEFAULT_FIGURES, cursor: str | None = None
) -> BudgetRollup:
    """The budget entering each element of type `by`, reconciled with the cost objects."""
    check_level(by)
    check_limit(limit, MAX_FIGURES)
    after = decode_cursor(cursor)
    cost_objects = graph.read("queries/budget_cost_objects")[0]
    link_rows = graph.read("queries/budget_chain_links")
    elements = graph.read("queries/budget_elements_of_type", type=by)[0]["elements"]

    stored = dict(zip(cost_objects["known"], cost_objects["amounts"], strict=True))
    not_finite = [c for c, amount in stored.items() if finite(amount) is None]
    amounts: dict[str, Fraction | None] = {
        cost_object: _exact_amount(amount)
        for cost_object, amount in stored.items()
        if finite(amount) is not None
    }
    total = exact_sum([(a.numerator, a.denominator) for a in amounts.values() if a is not None])
    amounts.update(dict.fromkeys([*cost_objects["unknown"], *not_finite]))
    unknown_total = len(cost_objects["unknown"]) + len(not_finite)
    funded = len(amounts)
    currencies = sorted(c for c in cost_objects["currencies"] if c)
    state = flow_up(amounts, chain_links(link_rows, by))

    level_flows = [state.entered[e[0]] for e in elements if e[0] in state.entered]
    attributed = exact_sum([part for flow in level_flows for part in flow.parts])
    methods = set().union(*(flow.methods for flow in level_flows))
    level = BUDGET_RANK[by]
    held = [
        (node, flow, known, reason)
        for node, (flow, known, reason) in sorted(state.held.items())
        if BUDGET_RANK[state.types[node]] > level
    ]
    unattributed = sum((known for _, _, known, _ in held), Fraction(0))
    page = [e for e in elements if e[0] > after][: limit + 1]
    notes = _notes(by, currencies, unknown_total, held)
    if not_finite:
        notes.append(
            f"{len(not_finite)} cost object(s) hold an amount that is not a finite number "
            f"(e.g. {sorted(not_finite)[0]}); they count as unknown. Correct them with "
            "PATCH /api/v1/elements/{id} or a new import."
        )
    names = _names(graph, [node for node, _, _, _ in held[:MAX_HELD_LISTED]])
    return BudgetRollup(
        by=by,
        currencies=currencies,
        total_funded=float(total),
        attributed=float(attributed),
        unattributed=float(unattributed),
        reconciled=attributed + unattributed == total,
        cost_objects_funded=funded,
        cost_objects_without_amount=unknown_total,
        cost_objects_funding_nothing=cost_objects["cost_objects"] - funded,
        figures=[_figure(e, by, state.entered.get(e[0])) for e in page[:limit]],
        held_below=[
            HeldBelow(
                **names.get(node, {"id": node, "type": state.types[node]}),
                amount=float(known) if known or not flow.unknown else None,
                unknown_cost_objects=len(flow.unknown),
                reason=reason,
            )
            for node, flow, known, reason in held[:MAX_HELD_LISTED]
        ],
        methods={m: METHODS[m] for m in sorted(methods)},
        notes=notes,
        limit=limit,
        next_cursor=encode_cursor(page[limit - 1][0]) if len(page) > limit else None,
    )


def _exact_amount(amount: float | int) -> Fraction:
    """`exact(amount)`, quicker for the common whole amounts: a whole float below 2**53 is
    exactly the integer its decimal text shows."""
    if isinstance(amount, float) and amount.is_integer() and abs(amount) < 2**53:
        return Fraction(int(amount))
    return exact(amount)


def _figure(element: list[Any], by: str, flow: Flow | None) -> BudgetFigure:
    element_id, code, name = element
    flow = flow or Flow()
    known = flow.known
    known_part = known != 0 or (not flow.unknown and bool(flow.methods))
    return BudgetFigure(
        id=element_id,
        code=code,
        name=name,
        type=by,
        amount=float(known) if known_part or not flow.unknown else None,
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
