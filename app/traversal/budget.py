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
level are walked, level by level (`flow_up`): what an element sends up its links is
worked out once per element, and a link costs a dictionary look-up and an append;
amounts are integer pairs and exact sums are kept as unreduced integer fractions,
reduced once per element (`exact_ratio`), not `Fraction` by `Fraction`; the split methods
travel as a bit mask; the cyclic garbage collector is paused meanwhile. (Grouping the
links by their lower element in Cypher was tried and measured: the query took 2.5 times
as long as the one row per relationship type, more than the Python pass it saves.) One flow pushed
up to a level (`budget_flow`) serves every level at or below it: a report asking for all
levels pushes the money once. Before/after equality of every figure at 100k and 1M
elements is checked by `bench/budget_equality.py` in `make bench`.

Figures come in id order, or largest amount first (`BudgetSort.amount`: by the exact
amount shown, a partly unknown figure by its known part; figures of unknown amount last;
ties in id order). Either way the whole level is ranked, so a page is the true next part
of the order, and the cursor holds the last figure's place in it (its id, or its amount
and id).
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import lru_cache
from itertools import repeat
from typing import Any, NamedTuple

from app.core.collector import collector_paused
from app.core.errors import BadRequest, InvalidParameter
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor, not_issued
from app.elements.schemas import ElementRef
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

    A few parts are added pairwise over the least common multiple of their denominators;
    many are grouped by denominator first (numerators over the same denominator are added
    as integers) and the few denominators put over their least common multiple once: far
    quicker than adding `Fraction`s one by one (each addition reduces by a gcd, in Python
    code).
    """
    if len(parts) == 1:
        numerator, denominator = parts[0]
    elif not parts:
        return (0, 1)
    elif len(parts) <= _PAIRWISE:
        numerator, denominator = parts[0]
        for n, d in parts[1:]:
            if d == denominator:
                numerator += n
            else:
                common = math.gcd(denominator, d)
                numerator = numerator * (d // common) + n * (denominator // common)
                denominator = denominator // common * d
    else:
        by_denominator: dict[int, int] = defaultdict(int)
        for n, d in parts:
            by_denominator[d] += n
        denominator = math.lcm(*by_denominator)
        numerator = sum(n * (denominator // d) for d, n in by_denominator.items())
    divisor = math.gcd(numerator, denominator)
    return (numerator // divisor, denominator // divisor)


#: Up to this many parts, `exact_ratio` adds them pairwise.
_PAIRWISE = 16


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
    amount and the reason, and the held element's type in `types`)."""

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


class BudgetSort(StrEnum):
    """The order of a roll-up's figures."""

    #: by element id (the default)
    id = "id"
    #: largest amount first (a partly unknown figure by its known part), figures of
    #: unknown amount last; ties by element id
    amount = "amount"


#: Where a figure stands in the amount order: (1 if its amount is unknown else 0, minus
#: its exact amount, its id); the smallest comes first.
AmountPlace = tuple[int, Fraction, str]


def _amount_place(element_id: str, flow: Flow | None) -> AmountPlace:
    shown, _ = _shown_amount(flow or Flow())
    if shown is None:
        return (1, Fraction(0), element_id)
    return (0, -shown, element_id)


def _encode_amount_cursor(place: AmountPlace) -> str:
    unknown, minus_amount, element_id = place
    return encode_cursor(json.dumps(["amount", unknown, str(-minus_amount), element_id]))


def _decode_amount_cursor(cursor: str | None) -> AmountPlace | None:
    """The place after which an amount-ordered page starts (None: the first page)."""
    if not cursor:
        return None
    try:
        kind, unknown, amount, element_id = json.loads(decode_cursor(cursor))
        if kind != "amount" or unknown not in (0, 1) or not isinstance(element_id, str):
            raise ValueError(cursor)
        return (unknown, -Fraction(amount), element_id)
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise not_issued(cursor) from exc


def check_sort(sort: str) -> BudgetSort:
    try:
        return BudgetSort(sort)
    except ValueError:
        allowed = [order.value for order in BudgetSort]
        raise InvalidParameter(
            f"sort: {sort!r} is not an order of the figures. Allowed: {', '.join(allowed)}.",
            allowed=allowed,
        ) from None


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


#: What a lower element sends up each of its links: the part of its exact known amount
#: (numerator, denominator; None when nothing known reaches the link), its cost objects
#: of unknown amount (empty when none reaches the link) and the methods' mask.
Sent = tuple[tuple[int, int] | None, AbstractSet[str], int]


class _Climb:
    """The state of one `flow_up`: the flows entering and passed to each element, and the
    elements that cannot pass their money on (on or above a PART_OF cycle)."""

    def __init__(self, amounts: dict[str, tuple[int, int] | None]) -> None:
        self.amounts = amounts
        self.entered: dict[str, Flow] = {}
        self.passed: dict[str, Flow] = {}
        self.blocked: set[str] = set()

    def inflow(self, node: str) -> Flow:
        entered, passed = self.entered.get(node), self.passed.get(node)
        if entered is None:
            return Flow() if passed is None else passed
        return entered.merged(passed)

    def money(self, node: str) -> tuple[int, int, AbstractSet[str], int]:
        """(numerator, denominator, unknown cost objects, methods' mask) at `node`, all its
        money having arrived: a cost object's own amount, else its exact inflow."""
        if node in self.amounts:
            amount = self.amounts[node]
            if amount is None:
                return (0, 1, frozenset((node,)), 0)
            return (amount[0], amount[1], NO_COST_OBJECTS, 0)
        flow = self.inflow(node)
        numerator, denominator = exact_ratio(flow.parts)
        return (numerator, denominator, flow.unknown, flow.mask)

    def even(self, node: str, links: int) -> Sent:
        """What `node` sends up each of its `links` when none declares a share."""
        numerator, denominator, unknown, mask = self.money(node)
        weight = _weights((None,) * links)[0]
        part = (numerator, denominator * links) if numerator else None
        return (part, unknown, mask | weight.bit)

    def send_evenly(
        self, links: Counter[str], sends: dict[str, Sent], shares: Mapping[str, object]
    ) -> None:
        """`even` for every element of `links` (its number of links up) whose money has all
        arrived and whose links declare no share, not yet in `sends`; inlined, as it runs
        once per element of the level."""
        amounts, entered, passed, blocked = self.amounts, self.entered, self.passed, self.blocked
        bits = {count: _weights((None,) * count)[0].bit for count in set(links.values())}
        for node, count in links.items():
            if node in sends or node in shares or node in blocked:
                continue
            if node in amounts:
                numerator, denominator, unknown, mask = self.money(node)
            else:
                flow = entered.get(node)
                more = passed.get(node)
                if flow is None:
                    flow = more
                elif more is not None:
                    flow = flow.merged(more)
                if flow is None:
                    sends[node] = (None, NO_COST_OBJECTS, bits[count])
                    continue
                parts, unknown, mask = flow.parts, flow.unknown, flow.mask
                if len(parts) == 1:
                    numerator, denominator = parts[0]
                else:
                    numerator, denominator = exact_ratio(parts)
            part = (numerator, denominator * count) if numerator else None
            sends[node] = (part, unknown, mask | bits[count])

    def declared(self, node: str, shares: list[float | None]) -> dict[Any, Sent]:
        """What `node` sends up a link, by the link's share (None: none declared), when
        some of its links declare one (`shares`: the share of each of its links)."""
        numerator, denominator, unknown, mask = self.money(node)
        sent: dict[Any, Sent] = {}
        for share, weight in zip(shares, _weights(tuple(shares)), strict=True):
            part = None
            if weight.numerator and numerator:
                part = (numerator * weight.numerator, denominator * weight.denominator)
            reaches = unknown if weight.numerator else NO_COST_OBJECTS
            sent[share] = (part, reaches, mask | weight.bit)
        return sent


class _LevelSends:
    """What each lower element of one level sends up its links, worked out once per
    element: `sends` for the elements whose links declare no share, by share for the
    others."""

    def __init__(
        self, climb: _Climb, links: Counter[str], shares: dict[str, list[float | None]]
    ) -> None:
        self.climb, self.links, self.shares = climb, links, shares
        self.sends: dict[str, Sent] = {}
        self.by_share: dict[str, dict[Any, Sent]] = {}

    def sent(self, lower: str, share: float | None) -> Sent:
        """What `lower` sends up a link of this `share` (None: none declared)."""
        if lower in self.shares:
            found = self.by_share.get(lower)
            if found is None:
                found = self.by_share[lower] = self.climb.declared(lower, self.shares[lower])
            return found[share]
        even = self.sends.get(lower)
        if even is None:
            even = self.sends[lower] = self.climb.even(lower, self.links[lower])
        return even


def _receive(flows: dict[str, Flow], up: str, sent: Sent) -> None:
    flow = flows.get(up)
    if flow is None:
        flow = flows[up] = Flow()
    part, unknown, mask = sent
    if part is not None:
        flow.parts.append(part)
    if unknown:
        if isinstance(flow.unknown, set):
            flow.unknown.update(unknown)
        else:
            flow.unknown = set(unknown)
    flow.mask |= mask


def flow_up(
    amounts: dict[str, tuple[int, int] | None], rows: list[dict[str, Any]], by: str
) -> RollupState:
    """Push every funded cost object's exact amount (numerator, denominator; None:
    unknown) up the links of `rows` (`budget_chain_links`) whose lower element is below
    `by` (the links above cannot change the money entering `by` or held below it); see
    the module text.

    Level by level, bottom-up (cost objects, activities, outputs, outcomes, ...): an
    element's money has all arrived once the level below has sent it, so each lower
    element's money is worked out once (`_Climb.money`) and what it sends up a link
    (`_Climb.even`) is shared by all its links when none declares a share. Among
    outcomes, sub-outcomes pass their money to the outcome they are PART_OF first, in
    topological order; outcomes on a PART_OF cycle (or above one) never pass theirs on.
    The hot loop is one dictionary look-up and an append per link.
    """
    level = BUDGET_RANK[by]
    by_lower: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if BUDGET_RANK[row["lower_type"]] > level:
            by_lower[row["lower_type"]].append(row)
    climb = _Climb(amounts)
    types: dict[str, str] = {}
    lowers_all: set[str] = set()
    for lower_type in sorted(by_lower, key=BUDGET_RANK.__getitem__, reverse=True):
        level_rows = by_lower[lower_type]
        links: Counter[str] = Counter()
        shares: dict[str, list[float | None]] = defaultdict(list)
        for row in level_rows:
            links.update(row["lower"])
            if row["declared"]:
                for lower, share in zip(row["lower"], row["share"], strict=True):
                    shares[lower].append(share)
        for lower, declared in shares.items():
            declared.extend([None] * (links[lower] - len(declared)))
        lowers_all.update(links)
        level_sends = _LevelSends(climb, links, shares)
        sends, sent = level_sends.sends, level_sends.sent
        part_of = [r for r in level_rows if r["upper_type"] == lower_type]
        if part_of:
            _pass_between(climb, part_of, sent)
        climb.send_evenly(links, sends, shares)
        for row in level_rows:
            upper_type = row["upper_type"]
            for up in set(row["upper"]).difference(types):
                types[up] = upper_type
            if upper_type == lower_type:
                continue  # passed between outcomes above, in order
            flows = climb.entered
            lowers, uppers = row["lower"], row["upper"]
            blocked = climb.blocked
            if row["declared"] or blocked:
                row_shares = row["share"] if row["declared"] else repeat(None)
                for lower, up, share in zip(lowers, uppers, row_shares):  # noqa: B905
                    if lower in blocked:
                        blocked.add(up)
                    else:
                        _receive(flows, up, sent(lower, share))
                continue
            # the hot loop: no share declared on the row's links, no element blocked
            for lower, up in zip(lowers, uppers, strict=True):
                part, unknown, mask = sends.get(lower) or sent(lower, None)
                flow = flows.get(up)
                if flow is None:
                    flow = flows[up] = Flow()
                if part is not None:
                    flow.parts.append(part)
                if unknown:
                    if isinstance(flow.unknown, set):
                        flow.unknown.update(unknown)
                    else:
                        flow.unknown = set(unknown)
                flow.mask |= mask
    return _settle(climb, types, lowers_all)


def _pass_between(
    climb: _Climb,
    part_of: list[dict[str, Any]],
    sent: Callable[[str, float | None], Sent],
) -> None:
    """Sub-outcomes pass their money to the outcome they are PART_OF, each once all its
    own sub-outcomes have passed theirs (topological order); those on a PART_OF cycle,
    or above one, never do and are `blocked`."""
    pending: Counter[str] = Counter()
    ups: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    for row in part_of:
        pending.update(row["upper"])
        row_shares = row["share"] if row["declared"] else repeat(None)
        for lower, up, share in zip(row["lower"], row["upper"], row_shares):  # noqa: B905
            ups[lower].append((up, share))
    ready = deque(sub for sub in ups if not pending[sub])
    while ready:
        sub = ready.popleft()
        for up, share in ups[sub]:
            _receive(climb.passed, up, sent(sub, share))
            pending[up] -= 1
            if not pending[up] and up in ups:
                ready.append(up)
    climb.blocked.update(node for node, count in pending.items() if count)


def _settle(climb: _Climb, types: dict[str, str], lowers: set[str]) -> RollupState:
    """Money that stops: at an element with no link up (below the mission: a dead end),
    or on or above a PART_OF cycle."""
    held: dict[str, tuple[Flow, Fraction, str]] = {}
    for node in climb.blocked:
        flow = climb.inflow(node)
        if flow.known or flow.unknown:
            reason = "is on or above a PART_OF cycle; its money stops here"
            held[node] = (flow, flow.known, reason)
    for node in types.keys() - lowers - climb.blocked:
        node_type = types[node]
        if node_type == TOP_TYPE:
            continue
        flow = climb.inflow(node)
        known = exact_ratio(flow.parts)
        if known[0] or flow.unknown:
            reason = _DEAD_END_REASON.get(node_type, "dead end")
            held[node] = (flow, Fraction(*known), reason)
    return RollupState(
        types={node: types[node] for node in held},
        entered=climb.entered,
        passed=climb.passed,
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
    amounts, not_finite = _amounts(cost_objects)
    total = exact_sum([a for a in amounts.values() if a is not None])
    with collector_paused():
        state = flow_up(amounts, link_rows, top)
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


def _amounts(
    cost_objects: Mapping[str, Any],
) -> tuple[dict[str, tuple[int, int] | None], list[str]]:
    """The exact amount of each cost object of a `budget_cost_objects` row (its `known`,
    `amounts` and `unknown`): (numerator, denominator), None when unknown or not a finite
    number; and the ids of those whose amount is not a finite number."""
    stored = dict(zip(cost_objects["known"], cost_objects["amounts"], strict=True))
    not_finite: list[str] = []
    amounts: dict[str, tuple[int, int] | None] = {}
    for cost_object, amount in stored.items():
        if type(amount) is int:  # the common case, finite: no check needed
            amounts[cost_object] = (amount, 1)
        elif finite(amount) is None:
            not_finite.append(cost_object)
        else:
            amounts[cost_object] = _exact_amount(amount)
    amounts.update(dict.fromkeys([*cost_objects["unknown"], *not_finite]))
    return amounts, not_finite


def figures_of(graph: Graph, elements: Sequence[ElementRef]) -> dict[str, BudgetFigure]:
    """The budget figure of each of `elements` whose type is a level of the roll-up, by id:
    the same figure as its line in `budget_rollup` by its type (`every_figure`), worked out
    from the money below these elements only (`budget_chain_links_below`): what an element
    receives depends only on the elements below it and on how each of those splits its
    money over all its links up, so those links are all that is read. For a page of
    elements (suspect links' impacts) this reads a few links instead of the whole chain;
    for the top of the chain it reads about as much as `budget_flow`.
    Elements of another type are left out."""
    wanted = [e for e in elements if e.type in BUDGET_LEVELS]
    if not wanted:
        return {}
    rows = graph.read_plain("queries/budget_chain_links_below", ids=sorted({e.id for e in wanted}))
    funded = sorted({c for row in rows if row["relationship"] == "FUNDED_BY" for c in row["lower"]})
    cost_objects = graph.read_plain("queries/budget_cost_object_amounts", ids=funded)[0]
    amounts, _ = _amounts(cost_objects)
    top = min((e.type for e in wanted), key=BUDGET_RANK.__getitem__)  # highest: least rank
    with collector_paused():
        state = flow_up(amounts, rows, top)
    return {e.id: _figure([e.id, e.code, e.name], e.type, state.entered.get(e.id)) for e in wanted}


def budget_rollup(
    graph: Graph,
    by: str,
    limit: int = DEFAULT_FIGURES,
    cursor: str | None = None,
    flow: BudgetFlow | None = None,
    sort: BudgetSort = BudgetSort.id,
) -> BudgetRollup:
    """The budget entering each element of type `by`, reconciled with the cost objects;
    the figures in `sort` order, a page of `limit` after `cursor`.

    `flow`: a `budget_flow` already pushed up to `by` or above (a report asking for every
    level computes it once); by default one is computed up to `by` only.
    """
    check_level(by)
    check_limit(limit, MAX_FIGURES)
    sort = check_sort(sort)
    after = decode_cursor(cursor) if sort is BudgetSort.id else ""
    after_place = _decode_amount_cursor(cursor) if sort is BudgetSort.amount else None
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
    if sort is BudgetSort.amount:
        ranked = sorted((_amount_place(e[0], state.entered.get(e[0])), e) for e in elements)
        if after_place is not None:
            ranked = [(place, e) for place, e in ranked if place > after_place]
        page = [e for _, e in ranked[: limit + 1]]
        next_cursor = _encode_amount_cursor(ranked[limit - 1][0]) if len(page) > limit else None
    else:
        page = [e for e in elements if e[0] > after][: limit + 1]
        next_cursor = encode_cursor(page[limit - 1][0]) if len(page) > limit else None
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
        next_cursor=next_cursor,
        total=len(elements),
    )


def every_figure(
    graph: Graph, levels: Sequence[str]
) -> dict[str, tuple[BudgetRollup, list[BudgetFigure]]]:
    """Each of `levels`: its roll-up (first page) and the figures of the whole level (those
    of every page, in id order), the money pushed up the chain once (`budget_flow` up to
    the highest of them). For callers that need whole levels: reports, diffs, performance
    weights; the figures of a few elements come quicker from `figures_of`."""
    if not levels:
        return {}
    flow = budget_flow(graph, min(levels, key=BUDGET_RANK.__getitem__))
    found: dict[str, tuple[BudgetRollup, list[BudgetFigure]]] = {}
    for level in levels:
        first = budget_rollup(graph, level, limit=MAX_FIGURES, flow=flow)
        figures = list(first.figures)
        if first.next_cursor is not None:  # the whole level at once, not page by page
            rows = graph.read_plain("queries/budget_elements_of_type", type=level)
            entered = flow.state.entered
            figures = [_figure(e, level, entered.get(e[0])) for e in rows[0]["elements"]]
        found[level] = (first, figures)
    return found


def _exact_amount(amount: float | int) -> tuple[int, int]:
    """`exact(amount)` as (numerator, denominator), quicker for the common whole amounts: a
    whole float below 2**53 is exactly the integer its decimal text shows."""
    if isinstance(amount, int) or (amount.is_integer() and abs(amount) < 2**53):
        return (int(amount), 1)
    value = exact(amount)
    return (value.numerator, value.denominator)


def _shown_amount(flow: Flow) -> tuple[Fraction | None, bool]:
    """The exact amount a figure of `flow` shows (None: unknown, when only cost objects
    without an amount feed it), and whether a known part reaches it."""
    known = flow.known
    known_part = known != 0 or (not flow.unknown and bool(flow.methods))
    return (known if known_part or not flow.unknown else None), known_part


def _figure(element: list[Any], by: str, flow: Flow | None) -> BudgetFigure:
    element_id, code, name = element
    flow = flow or Flow()
    shown, known_part = _shown_amount(flow)
    return BudgetFigure(
        id=element_id,
        code=code,
        name=name,
        type=by,
        amount=None if shown is None else float(shown),
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
