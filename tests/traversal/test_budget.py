from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from app.core.config import Settings
from app.core.errors import BadRequest, InvalidParameter
from app.db.graph import Graph
from app.elements.schemas import ElementRef
from app.seeding import load_seed
from app.synth.synthetic_plan import synthesize
from app.traversal.budget import (
    BUDGET_LEVELS,
    BudgetSort,
    budget_flow,
    budget_rollup,
    every_figure,
    figures_of,
)
from app.traversal.schemas import BudgetFigure, BudgetRollup
from tests.merge_bundle import write_bundle
from tests.traversal.chain_graphs import DIAMONDS, RANKED, RANKED_BY_AMOUNT
from tests.traversal.test_budget_activities import plan as activities_plan


def figures(result: BudgetRollup) -> dict[str, tuple[float | None, str]]:
    return {f.id: (f.amount, f.amount_status) for f in result.figures}


# Known answers for DIAMONDS (see chain_graphs.py). Funded and known: co1 1000, co2 300,
# co4 50 = 1350; co3 (no amount) feeds out2; co5 funds nothing and is left out.
# Outputs: out1 0.6x1000, out2 0.4x1000 (+co3), out3 300, orphan 50.
# Outcomes: oc1 = 0.25x600 + 300 = 450, oc2 = 0.75x600 = 450, oc2a = 400 (+co3);
#   orphan's 50 stays below (it delivers no outcome).
# Priorities: oc1 splits evenly over tp1/tp2 (225 each); oc2 gets oc2a's 400 and passes
#   850 to tp2: tp1 225, tp2 1075.
# Goals: tp2 splits evenly over g1/g2: g1 225 + 537.5, g2 537.5.
EXPECTED: dict[str, dict[str, tuple[float | None, str]]] = {
    "Output": {
        "orphan": (50.0, "known"),
        "out1": (600.0, "known"),
        "out2": (400.0, "partly-unknown"),
        "out3": (300.0, "known"),
    },
    "Outcome": {
        "lonely": (0.0, "none"),
        "oc1": (450.0, "known"),
        "oc2": (450.0, "known"),
        "oc2a": (400.0, "partly-unknown"),
    },
    "ThematicPriority": {"tp1": (225.0, "known"), "tp2": (1075.0, "partly-unknown")},
    "Goal": {"g1": (762.5, "partly-unknown"), "g2": (537.5, "partly-unknown")},
    "Mission": {"m": (1300.0, "partly-unknown")},
}


@pytest.mark.parametrize("by", BUDGET_LEVELS)
def test_roll_up_of_shared_outputs_and_diamonds(diamonds: Graph, by: str) -> None:
    result = budget_rollup(diamonds, by)
    assert figures(result) == EXPECTED[by]
    assert result.total_funded == 1350.0
    assert result.cost_objects_funded == 4
    assert result.cost_objects_without_amount == 1
    assert result.cost_objects_funding_nothing == 1
    assert result.reconciled
    known = sum(f.amount or 0.0 for f in result.figures)
    assert known + result.unattributed == pytest.approx(result.total_funded)
    held = [(h.id, h.amount) for h in result.held_below]
    assert held == ([] if by == "Output" else [("orphan", 50.0)])


def test_figures_say_which_split_methods_they_used(diamonds: Graph) -> None:
    goals = {f.id: f for f in budget_rollup(diamonds, "Goal").figures}
    assert goals["g2"].methods == ["even-split", "share", "whole"]
    assert goals["g2"].unknown_cost_objects == 1
    result = budget_rollup(diamonds, "Output")
    assert {f.id: f.methods for f in result.figures}["out3"] == ["whole"]
    assert set(result.methods) == {"share", "whole"}
    assert any("several parents" in note for note in result.notes)


def test_a_cost_object_reaching_a_goal_twice_is_counted_once(graph: Graph) -> None:
    """Output o serves oc1 and oc2, both under tp, under goal g: g gets 100, not 200."""
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "g", "type": "Goal", "name": "G"},
                {"id": "tp", "type": "ThematicPriority", "name": "TP"},
                {"id": "oc1", "type": "Outcome", "name": "O1"},
                {"id": "oc2", "type": "Outcome", "name": "O2"},
                {"id": "o", "type": "Output", "name": "Out"},
                {"id": "c", "type": "CostObject", "name": "C", "amount": 100},
            ],
            "links": [
                {"from": "g", "type": "HAS_PRIORITY", "to": "tp"},
                {"from": "tp", "type": "HAS_OUTCOME", "to": "oc1"},
                {"from": "tp", "type": "HAS_OUTCOME", "to": "oc2"},
                {"from": "oc1", "type": "DELIVERED_BY", "to": "o"},
                {"from": "oc2", "type": "DELIVERED_BY", "to": "o"},
                {"from": "o", "type": "FUNDED_BY", "to": "c"},
            ],
        },
    )
    result = budget_rollup(graph, "Goal")
    assert figures(result) == {"g": (100.0, "known")}
    assert {f.id: f.amount for f in budget_rollup(graph, "Outcome").figures} == {
        "oc1": 50.0,
        "oc2": 50.0,
    }


def test_shares_that_do_not_sum_to_one_are_normalised(graph: Graph) -> None:
    write_bundle(graph, _two_outcomes(share_a=0.2, share_b=0.2))
    result = budget_rollup(graph, "Outcome")
    assert {f.id: (f.amount, f.methods) for f in result.figures} == {
        "a": (45.0, ["share-normalised", "whole"]),
        "b": (45.0, ["share-normalised", "whole"]),
    }
    assert result.reconciled


def test_a_part_of_cycle_holds_its_money_and_still_reconciles(graph: Graph) -> None:
    bundle = _two_outcomes(share_a=None, share_b=None)
    bundle["links"] += [
        {"from": "a", "type": "PART_OF", "to": "b"},
        {"from": "b", "type": "PART_OF", "to": "a"},
    ]
    result = budget_rollup(graph_with(graph, bundle), "Goal")
    assert result.reconciled
    assert result.attributed == 0.0 and result.unattributed == 90.0
    assert all("cycle" in h.reason for h in result.held_below)


def test_unknown_amounts_are_unknown_not_zero(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    result = budget_rollup(graph, "Goal")
    assert result.figures and all(
        (f.amount, f.amount_status) == (None, "unknown") for f in result.figures
    )
    assert result.cost_objects_without_amount == result.cost_objects_funded > 0
    assert result.total_funded == 0.0 and result.reconciled


def test_demo_budget_per_goal_sums_to_all_funded_cost_objects(
    graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "demo", settings)
    funded = sum(graph.read("queries/budget_cost_objects")[0]["amounts"])
    assert funded == 4_150_000  # as the demo's README states
    result = budget_rollup(graph, "Goal")
    assert result.reconciled and result.unattributed == 0.0
    assert sum(f.amount or 0.0 for f in result.figures) == pytest.approx(funded)
    assert all(f.amount_status == "known" for f in result.figures)


def test_decimal_amounts_and_thirds_add_up_exactly(graph: Graph) -> None:
    """0.1 + 0.2 is 0.3 (not 0.30000000000000004), and 100 split in three reconciles."""
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "tp", "type": "ThematicPriority", "name": "TP"},
                *({"id": f"oc{i}", "type": "Outcome", "name": f"O{i}"} for i in (1, 2, 3)),
                {"id": "o", "type": "Output", "name": "Out"},
                {"id": "p", "type": "Output", "name": "Out P"},
                {"id": "c1", "type": "CostObject", "name": "C1", "amount": 0.1},
                {"id": "c2", "type": "CostObject", "name": "C2", "amount": 0.2},
                {"id": "c3", "type": "CostObject", "name": "C3", "amount": 100},
            ],
            "links": [
                {"from": "tp", "type": "HAS_OUTCOME", "to": "oc1"},
                *({"from": f"oc{i}", "type": "DELIVERED_BY", "to": "p"} for i in (1, 2, 3)),
                {"from": "oc1", "type": "DELIVERED_BY", "to": "o"},
                {"from": "o", "type": "FUNDED_BY", "to": "c1"},
                {"from": "o", "type": "FUNDED_BY", "to": "c2"},
                {"from": "p", "type": "FUNDED_BY", "to": "c3"},
            ],
        },
    )
    outputs = budget_rollup(graph, "Output")
    assert figures(outputs)["o"] == (0.3, "known")
    outcomes = budget_rollup(graph, "Outcome")
    third = float(Fraction(100, 3))
    assert {f.id: f.amount for f in outcomes.figures} == {
        "oc1": float(Fraction(3, 10) + Fraction(100, 3)),
        "oc2": third,
        "oc3": third,
    }
    priorities = budget_rollup(graph, "ThematicPriority")
    assert priorities.reconciled and priorities.total_funded == 100.3
    assert [(h.id, h.amount) for h in priorities.held_below] == [("oc2", third), ("oc3", third)]


def test_several_currencies_are_added_without_conversion(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "oc", "type": "Outcome", "name": "O"},
                {"id": "o", "type": "Output", "name": "Out"},
                {"id": "c1", "type": "CostObject", "name": "C1", "amount": 10, "currency": "CHF"},
                {"id": "c2", "type": "CostObject", "name": "C2", "amount": 5, "currency": "EUR"},
            ],
            "links": [
                {"from": "oc", "type": "DELIVERED_BY", "to": "o"},
                {"from": "o", "type": "FUNDED_BY", "to": "c1"},
                {"from": "o", "type": "FUNDED_BY", "to": "c2"},
            ],
        },
    )
    result = budget_rollup(graph, "Outcome")
    assert result.currencies == ["CHF", "EUR"]
    assert figures(result) == {"oc": (15.0, "known")}
    assert any("without conversion" in note for note in result.notes)


def test_a_priority_above_a_part_of_cycle_holds_all_its_money(graph: Graph) -> None:
    """tp gets money from oc (outside the cycle) and from a, which is on the cycle a <-> b:
    tp never learns all it receives, so it holds all of it, and its goal gets nothing."""
    bundle = _priority_over_a_cycle(share_a=None)  # o (90) -> a 45, b 45
    result = budget_rollup(graph_with(graph, bundle), "Goal")
    assert figures(result) == {"g": (0.0, "none")}
    assert result.reconciled and result.unattributed == 100.0
    held = {h.id: (h.amount, "cycle" in h.reason) for h in result.held_below}
    assert held == {"a": (45.0, True), "b": (45.0, True), "tp": (10.0, True)}


def test_figures_page_with_a_cursor(diamonds: Graph) -> None:
    first = budget_rollup(diamonds, "Output", limit=3)
    assert [f.id for f in first.figures] == ["orphan", "out1", "out2"]
    rest = budget_rollup(diamonds, "Output", limit=3, cursor=first.next_cursor)
    assert [f.id for f in rest.figures] == ["out3"] and rest.next_cursor is None
    assert rest.attributed == first.attributed == 1350.0


@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_figures_by_amount_page_with_a_cursor_in_that_order(graph: Graph, limit: int) -> None:
    write_bundle(graph, RANKED)
    ranked: list[tuple[str, float | None, str]] = []
    cursor: str | None = None
    for _ in range(10):
        page = budget_rollup(graph, "Output", limit=limit, cursor=cursor, sort=BudgetSort.amount)
        assert page.total == len(RANKED_BY_AMOUNT) and len(page.figures) <= limit
        ranked += [(f.id, f.amount, f.amount_status) for f in page.figures]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert ranked == RANKED_BY_AMOUNT
    by_id = budget_rollup(graph, "Output")  # the default order stays the id order
    assert [f.id for f in by_id.figures] == sorted(f[0] for f in RANKED_BY_AMOUNT)


def test_outcomes_by_amount_break_a_tie_by_id(diamonds: Graph) -> None:
    result = budget_rollup(diamonds, "Outcome", sort=BudgetSort.amount)
    assert [(f.id, f.amount) for f in result.figures] == [
        ("oc1", 450.0),
        ("oc2", 450.0),
        ("oc2a", 400.0),
        ("lonely", 0.0),
    ]


def test_a_cursor_of_one_order_is_refused_by_the_other(graph: Graph) -> None:
    write_bundle(graph, RANKED)
    by_id = budget_rollup(graph, "Output", limit=2)
    with pytest.raises(BadRequest, match="not one this service issued"):
        budget_rollup(graph, "Output", limit=2, cursor=by_id.next_cursor, sort=BudgetSort.amount)
    with pytest.raises(InvalidParameter, match="Allowed: id, amount"):
        budget_rollup(graph, "Output", sort="largest")  # type: ignore[arg-type]


@pytest.mark.parametrize("by", BUDGET_LEVELS)
def test_one_flow_up_to_the_mission_gives_every_level_the_same_answer(
    diamonds: Graph, by: str
) -> None:
    """What a report does (one flow for all levels) equals one roll-up per level."""
    shared = budget_flow(diamonds)
    assert budget_rollup(diamonds, by, flow=shared) == budget_rollup(diamonds, by)
    assert figures(budget_rollup(diamonds, by, flow=shared)) == EXPECTED[by]


def test_one_flow_on_a_part_of_cycle_gives_every_level_the_same_answer(graph: Graph) -> None:
    bundle = _two_outcomes(share_a=0.25, share_b=None)
    bundle["links"] += [
        {"from": "a", "type": "PART_OF", "to": "b"},
        {"from": "b", "type": "PART_OF", "to": "a"},
    ]
    graph_with(graph, bundle)
    shared = budget_flow(graph)
    for by in BUDGET_LEVELS:
        assert budget_rollup(graph, by, flow=shared) == budget_rollup(graph, by)


def test_a_flow_that_stops_below_the_level_is_not_used(diamonds: Graph) -> None:
    with pytest.raises(ValueError, match="reaches Outcome only"):
        budget_rollup(diamonds, "Goal", flow=budget_flow(diamonds, "Outcome"))


def test_a_level_off_the_roll_up_is_refused(diamonds: Graph) -> None:
    with pytest.raises(BadRequest, match="Allowed: Output, Outcome, ThematicPriority, Goal"):
        budget_rollup(diamonds, "CostObject")


def _priority_over_a_cycle(share_a: float | None) -> dict[str, Any]:
    """Goal g over priority tp, which aims at oc (o2, 10 CHF) and at a, on the PART_OF cycle
    a <-> b (both delivered by o, 90 CHF; `share_a` of it to a)."""
    bundle = _two_outcomes(share_a=share_a, share_b=None)
    bundle["elements"] += [
        {"id": "g", "type": "Goal", "name": "G"},
        {"id": "tp", "type": "ThematicPriority", "name": "TP"},
        {"id": "oc", "type": "Outcome", "name": "OC"},
        {"id": "o2", "type": "Output", "name": "Out 2"},
        {"id": "c2", "type": "CostObject", "name": "C2", "amount": 10.0},
    ]
    bundle["links"] += [
        {"from": "a", "type": "PART_OF", "to": "b"},
        {"from": "b", "type": "PART_OF", "to": "a"},
        {"from": "g", "type": "HAS_PRIORITY", "to": "tp"},
        {"from": "tp", "type": "HAS_OUTCOME", "to": "a"},
        {"from": "tp", "type": "HAS_OUTCOME", "to": "oc"},
        {"from": "oc", "type": "DELIVERED_BY", "to": "o2"},
        {"from": "o2", "type": "FUNDED_BY", "to": "c2"},
    ]
    return bundle


def _cycle_under_a_priority() -> dict[str, Any]:
    """`_priority_over_a_cycle` with a share declared on a's link, and a sub-outcome of oc
    delivered by o2, which a cost object of unknown amount funds too."""
    bundle = _priority_over_a_cycle(share_a=0.25)
    bundle["elements"] += [
        {"id": "sub", "type": "Outcome", "name": "Sub"},
        {"id": "c3", "type": "CostObject", "name": "C3"},
    ]
    bundle["links"] += [
        {"from": "sub", "type": "PART_OF", "to": "oc"},
        {"from": "sub", "type": "DELIVERED_BY", "to": "o2"},
        {"from": "o2", "type": "FUNDED_BY", "to": "c3"},
    ]
    return bundle


_PLANS = ["diamonds", "activities", "cycle", "itu", "synthetic"]


def _load(graph: Graph, settings: Settings, name: str) -> None:
    if name == "diamonds":
        write_bundle(graph, DIAMONDS)
    elif name == "activities":
        activities_plan(graph)
    elif name == "cycle":
        write_bundle(graph, _cycle_under_a_priority())
    elif name == "itu":
        load_seed(graph, "itu", settings)
    else:
        write_bundle(graph, synthesize(1000, seed=7).bundle)


@pytest.mark.parametrize("plan", _PLANS)
def test_figures_of_a_few_elements_equal_their_lines_in_the_roll_up(
    graph: Graph, settings: Settings, plan: str
) -> None:
    """`figures_of` (suspect links' impacts) reads only the money below the elements asked
    for; asked for all of them, in small groups of mixed levels or one by one, it gives
    every element of every level the figure `budget_rollup` gives it."""
    _load(graph, settings, plan)
    lines: dict[str, BudgetFigure] = {
        figure.id: figure
        for _, figures in every_figure(graph, BUDGET_LEVELS).values()
        for figure in figures
    }
    refs = [ElementRef(id=f.id, code=f.code, name=f.name, type=f.type) for f in lines.values()]
    assert len({ref.type for ref in refs}) >= 4
    assert figures_of(graph, refs) == lines
    mixed = sorted(refs, key=lambda ref: ref.id)[:: max(1, len(refs) // 60)]
    for group in (mixed[i : i + 3] for i in range(0, len(mixed), 3)):
        assert figures_of(graph, group) == {ref.id: lines[ref.id] for ref in group}
    for ref in mixed[:20]:
        assert figures_of(graph, [ref]) == {ref.id: lines[ref.id]}
    elsewhere = [ElementRef(id="nowhere", type="Indicator"), ElementRef(id="co", type="CostObject")]
    assert figures_of(graph, elsewhere) == {}


def test_every_figure_of_a_level_larger_than_a_page_is_every_page(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`every_figure` gives the figures of every page (here with more outputs than
    `MAX_FIGURES`, lowered to 2)."""
    write_bundle(graph, DIAMONDS)
    pages: list[BudgetFigure] = []
    cursor: str | None = None
    while True:
        page = budget_rollup(graph, "Output", limit=3, cursor=cursor)
        pages += page.figures
        cursor = page.next_cursor
        if cursor is None:
            break
    monkeypatch.setattr("app.traversal.budget.MAX_FIGURES", 2)
    first, figures = every_figure(graph, ["Output"])["Output"]
    assert first.next_cursor is not None and len(first.figures) == 2
    assert figures == pages and len(figures) == 4


def graph_with(graph: Graph, bundle: dict[str, Any]) -> Graph:
    write_bundle(graph, bundle)
    return graph


def _two_outcomes(share_a: float | None, share_b: float | None) -> dict[str, Any]:
    """One output (90 CHF) delivering outcomes a and b."""

    def link(to: str, share: float | None) -> dict[str, Any]:
        extra = {} if share is None else {"share": share}
        return {"from": to, "type": "DELIVERED_BY", "to": "o", **extra}

    return {
        "elements": [
            {"id": "a", "type": "Outcome", "name": "A"},
            {"id": "b", "type": "Outcome", "name": "B"},
            {"id": "o", "type": "Output", "name": "Out"},
            {"id": "c", "type": "CostObject", "name": "C", "amount": 90.0},
        ],
        "links": [
            link("a", share_a),
            link("b", share_b),
            {"from": "o", "type": "FUNDED_BY", "to": "c"},
        ],
    }
