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
else), read without `Record.data()`'s walk (`Graph.read_plain`); only links below that
level are walked, each resolved once to the element object it leads to (`ChainNode`);
amounts are integer pairs and exact sums are kept as unreduced integer fractions,
reduced once per element (`exact_ratio`), not `Fraction` by `Fraction`; the split methods
travel as a bit mask; the cyclic garbage collector is paused meanwhile. One flow pushed
up to a level (`budget_flow`) serves every level at or below it: a report asking for all
levels pushes the money once. Before/after equality of every figure at 100k and 1M
elements is checked by `bench/budget_equality.py` in `make bench`.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import repeat
from typing import Any, NamedTuple

from app.core.collector import collector_paused
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
#: The highest level: a flow pushed up to it serves every level.
TOP_LEVEL = BUDGET_LEVELS[-1]
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
    """One link's exact part of the money (numerator / denominator) and how it was found
    (`method`, and the same as a bit of `METHOD_BITS`)."""

    numerator: int
    denominator: int
    method: str
    bit: int


NO_COST_OBJECTS: frozenset[str] = frozenset()

#: The split methods as bits: the methods a flow used are an integer mask while money
#: climbs (one OR per link), and a set of names only for the figures shown.
METHOD_BITS: dict[str, int] = {method: 1 << index for index, method in enumerate(METHODS)}


@lru_cache(maxsize=64)
def method_names(mask: int) -> frozenset[str]:
    return frozenset(m for m, bit in METHOD_BITS.items() if mask & bit)


@dataclass(slots=True)
class Flow:
    """Money at one element: the exact known amount (as unreduced fractions, see
    `exact_ratio`), the cost objects of unknown amount feeding it, and the split methods
    used on the way (a mask of `METHOD_BITS`).

    Most flows have no unknown cost object, so those share one immutable empty set.
    """

    parts: list[tuple[int, int]] = field(default_factory=list)
    unknown: AbstractSet[str] = NO_COST_OBJECTS
    mask: int = 0

    @property
    def known(self) -> Fraction:
        return exact_sum(self.parts)

    @property
    def methods(self) -> frozenset[str]:
        return method_names(self.mask)

    def merged(self, other: Flow | None) -> Flow:
        if other is None:
            return self
        return Flow(self.parts + other.parts, self.unknown | other.unknown, self.mask | other.mask)


@dataclass
class RollupState:
    """Per element id: money entering from an element of another type (`entered`), money
    passed on by sub-outcomes (`passed`), and money stuck (`held`, with its exact known
    amount and the reason)."""

    types: dict[str, str] = field(default_factory=dict)
    entered: dict[str, Flow] = field(default_factory=dict)
    passed: dict[str, Flow] = field(default_factory=dict)
    held: dict[str, tuple[Flow, Fraction, str]] = field(default_factory=dict)

    def inflow(self, node: str) -> Flow:
        """All the money `node` received."""
        entered, passed = self.entered.get(node), self.passed.get(node)
        if entered is None:
            return Flow() if passed is None else passed
        return entered.merged(passed)


@dataclass(slots=True, eq=False)
class ChainNode:
    """An element on the links money climbs: the money entering it from another type and
    passed to it by sub-outcomes, how many links from below have not brought theirs yet,
    and its links up as (upper element, whether the link enters an element of another
    type (else it passes money between outcomes), the link's share)."""

    id: str
    type: str
    entered: Flow | None = None
    passed: Flow | None = None
    pending: int = 0
    ups: list[tuple[ChainNode, bool, float | None]] | None = None

    def inflow(self) -> Flow:
        """All the money this element received."""
        if self.entered is None:
            return Flow() if self.passed is None else self.passed
        return self.entered.merged(self.passed)


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
        Weight(
            split.weight.numerator,
            split.weight.denominator,
            split.method,
            METHOD_BITS[split.method],
        )
        for split in split_weights(shares)
    )


def chain_links(rows: list[dict[str, Any]], by: str) -> dict[str, ChainNode]:
    """The elements linked by the rows of `budget_chain_links` whose lower element is below
    `by` (the links above cannot change the money entering `by` or held below it), each
    holding its links up: the links are resolved to elements once, here, so that the flow
    follows object references instead of looking ids up."""
    level = BUDGET_RANK[by]
    nodes: dict[str, ChainNode] = {}
    for row in rows:
        upper_type, lower_type = row["upper_type"], row["lower_type"]
        if BUDGET_RANK[lower_type] <= level:
            continue
        uppers, lowers = row["upper"], row["lower"]
        for ids, type_name in ((lowers, lower_type), (uppers, upper_type)):
            for new in set(ids).difference(nodes):
                nodes[new] = ChainNode(new, type_name)
        shares = row["share"] if row["declared"] else repeat(None)
        enter = upper_type != lower_type
        for lower, upper, share in zip(lowers, uppers, shares):  # noqa: B905 (repeat)
            up = nodes[upper]
            up.pending += 1
            node = nodes[lower]
            if node.ups is None:
                node.ups = [(up, enter, share)]
            else:
                node.ups.append((up, enter, share))
    return nodes


def flow_up(amounts: dict[str, tuple[int, int] | None], nodes: dict[str, ChainNode]) -> RollupState:
    """Push every funded cost object's exact amount (numerator, denominator; None:
    unknown) up the links between `nodes`; see the module text.

    The hot loop: per link one multiplication of two integer pairs, an append, a mask OR
    and a count; an element is handled once all the links from below it have brought
    their money.
    """
    ready: deque[ChainNode] = deque(
        n for n in nodes.values() if not n.pending and n.id not in amounts
    )
    # Cost objects first: each starts with its own amount (or unknown), no methods yet.
    queue: list[tuple[ChainNode, int, int, AbstractSet[str], int]] = []
    for cost_object, amount in amounts.items():
        start = nodes.get(cost_object)
        if start is None or start.ups is None:
            continue
        if amount is None:
            queue.append((start, 0, 1, frozenset((cost_object,)), 0))
        else:
            queue.append((start, amount[0], amount[1], NO_COST_OBJECTS, 0))
    done = {start.id for start, _, _, _, _ in queue}
    held: dict[str, tuple[Flow, Fraction, str]] = {}
    while True:
        for node, parts_n, parts_d, unknown, mask in queue:
            # split the money at `node` over its parents (the hot loop, kept flat)
            ups = node.ups
            assert ups is not None
            weights = _weights(tuple([link[2] for link in ups]))
            for (up, enter, _), (numerator, denominator, _, bit) in zip(ups, weights, strict=True):
                if enter:
                    flow = up.entered
                    if flow is None:
                        flow = up.entered = Flow()
                else:
                    flow = up.passed
                    if flow is None:
                        flow = up.passed = Flow()
                if numerator:
                    if parts_n:
                        flow.parts.append((parts_n * numerator, parts_d * denominator))
                    if unknown:
                        if isinstance(flow.unknown, set):
                            flow.unknown.update(unknown)
                        else:
                            flow.unknown = set(unknown)
                flow.mask |= mask | bit
                up.pending -= 1
                if not up.pending:
                    ready.append(up)
        queue = []
        while ready:
            node = ready.popleft()
            done.add(node.id)
            flow = node.inflow()
            known = exact_ratio(flow.parts)
            if node.ups is not None:
                queue.append((node, known[0], known[1], flow.unknown, flow.mask))
            elif node.type != TOP_TYPE and (known[0] or flow.unknown):
                reason = _DEAD_END_REASON.get(node.type, "dead end")
                held[node.id] = (flow, Fraction(*known), reason)
        if not queue:
            break
    for node_id in nodes.keys() - done:  # on a PART_OF cycle, or above one
        flow = nodes[node_id].inflow()
        if flow.known or flow.unknown:
            reason = "is on or above a PART_OF cycle; its money stops here"
            held[node_id] = (flow, flow.known, reason)
    return RollupState(
        types={n.id: n.type for n in nodes.values()},
        entered={n.id: n.entered for n in nodes.values() if n.entered is not None},
        passed={n.id: n.passed for n in nodes.values() if n.passed is not None},
        held=held,
    )


@dataclass
class BudgetFlow:
    """The money of every funded cost object pushed up to `top` (and so to every level
    below it too): one flow serves the roll-up of each of those levels."""

    top: str
    state: RollupState
    total: Fraction
    funded: int
    unknown_total: int
    not_finite: list[str]
    currencies: list[str]
    cost_objects: int


def budget_flow(graph: Graph, top: str = TOP_LEVEL) -> BudgetFlow:
    """Read the cost objects and the chain's links once and push the money up to `top`."""
    check_level(top)
    cost_objects = graph.read_plain("queries/budget_cost_objects")[0]
    link_rows = graph.read_plain("queries/budget_chain_links")
    stored = dict(zip(cost_objects["known"], cost_objects["amounts"], strict=True))
    not_finite = [c for c, amount in stored.items() if finite(amount) is None]
    amounts: dict[str, tuple[int, int] | None] = {
        cost_object: _exact_amount(amount)
        for cost_object, amount in stored.items()
        if finite(amount) is not None
    }
    total = exact_sum([a for a in amounts.values() if a is not None])
    amounts.update(dict.fromkeys([*cost_objects["unknown"], *not_finite]))
    with collector_paused():
        state = flow_up(amounts, chain_links(link_rows, top))
    return BudgetFlow(
        top=top,
        state=state,
        total=total,
        funded=len(amounts),
        unknown_total=len(cost_objects["unknown"]) + len(not_finite),
        not_finite=not_finite,
        currencies=sorted(c for c in cost_objects["currencies"] if c),
        cost_objects=cost_objects["cost_objects"],
    )


def budget_rollup(
    graph: Graph,
    by: str,
    limit: int = DEFAULT_FIGURES,
    cursor: str | None = None,
    flow: BudgetFlow | None = None,
) -> BudgetRollup:
    """The budget entering each element of type `by`, reconciled with the cost objects.

    `flow`: a `budget_flow` already pushed up to `by` or above (a report asking for every
    level computes it once); by default one is computed up to `by` only.
    """
    check_level(by)
    check_limit(limit, MAX_FIGURES)
    after = decode_cursor(cursor)
    if flow is None:
        flow = budget_flow(graph, by)
    elif BUDGET_RANK[flow.top] > BUDGET_RANK[by]:
        raise ValueError(f"the flow reaches {flow.top} only, not {by}")
    state = flow.state
    elements = graph.read_plain("queries/budget_elements_of_type", type=by)[0]["elements"]

    level_flows = [state.entered[e[0]] for e in elements if e[0] in state.entered]
    attributed = exact_sum([part for level_flow in level_flows for part in level_flow.parts])
    mask = 0
    for level_flow in level_flows:
        mask |= level_flow.mask
    level = BUDGET_RANK[by]
    held = [
        (node, held_flow, known, reason)
        for node, (held_flow, known, reason) in sorted(state.held.items())
        if BUDGET_RANK[state.types[node]] > level
    ]
    unattributed = sum((known for _, _, known, _ in held), Fraction(0))
    page = [e for e in elements if e[0] > after][: limit + 1]
    notes = _notes(by, flow.currencies, flow.unknown_total, held)
    if flow.not_finite:
        notes.append(
            f"{len(flow.not_finite)} cost object(s) hold an amount that is not a finite number "
            f"(e.g. {sorted(flow.not_finite)[0]}); they count as unknown. Correct them with "
            "PATCH /api/v1/elements/{id} or a new import."
        )
    names = _names(graph, [node for node, _, _, _ in held[:MAX_HELD_LISTED]])
    return BudgetRollup(
        by=by,
        currencies=flow.currencies,
        total_funded=float(flow.total),
        attributed=float(attributed),
        unattributed=float(unattributed),
        reconciled=attributed + unattributed == flow.total,
        cost_objects_funded=flow.funded,
        cost_objects_without_amount=flow.unknown_total,
        cost_objects_funding_nothing=flow.cost_objects - flow.funded,
        figures=[_figure(e, by, state.entered.get(e[0])) for e in page[:limit]],
        held_below=[
            HeldBelow(
                **names.get(node, {"id": node, "type": state.types[node]}),
                amount=float(known) if known or not held_flow.unknown else None,
                unknown_cost_objects=len(held_flow.unknown),
                reason=reason,
            )
            for node, held_flow, known, reason in held[:MAX_HELD_LISTED]
        ],
        methods={m: METHODS[m] for m in sorted(method_names(mask))},
        notes=notes,
        limit=limit,
        next_cursor=encode_cursor(page[limit - 1][0]) if len(page) > limit else None,
        total=len(elements),
    )


def every_figure(
    graph: Graph, levels: Sequence[str]
) -> dict[str, tuple[BudgetRollup, list[BudgetFigure]]]:
    """Each of `levels`: its roll-up (first page) and its figures of every page, the money
    pushed up the chain once (`budget_flow` up to the highest of them). For callers that
    need whole levels: reports, diffs, performance weights, suspect-link impacts."""
    if not levels:
        return {}
    flow = budget_flow(graph, min(levels, key=BUDGET_RANK.__getitem__))
    found: dict[str, tuple[BudgetRollup, list[BudgetFigure]]] = {}
    for level in levels:
        first = page = budget_rollup(graph, level, limit=MAX_FIGURES, flow=flow)
        figures = list(page.figures)
        while page.next_cursor is not None:
            page = budget_rollup(
                graph, level, limit=MAX_FIGURES, cursor=page.next_cursor, flow=flow
            )
            figures += page.figures
        found[level] = (first, figures)
    return found


def _exact_amount(amount: float | int) -> tuple[int, int]:
    """`exact(amount)` as (numerator, denominator), quicker for the common whole amounts: a
    whole float below 2**53 is exactly the integer its decimal text shows."""
    if isinstance(amount, int) or (amount.is_integer() and abs(amount) < 2**53):
        return (int(amount), 1)
    value = exact(amount)
    return (value.numerator, value.denominator)


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
        methods=sorted(method_names(flow.mask)),
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
