"""The outputs that serve a thematic priority, with their outcomes and funding."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.elements.references import resolve_ref
from app.elements.schemas import ElementRef
from app.traversal.schemas import (
    AmountStatus,
    FundingCostObject,
    OutputsServing,
    ServedThrough,
    ServingOutput,
)
from app.traversal.shares import METHODS, exact, finite, split_weights

DEFAULT_OUTPUTS = 100
MAX_OUTPUTS = 1000


def amount_status(known: int, unknown: int) -> AmountStatus:
    """How complete a sum is, given how many known and unknown amounts went into it."""
    if unknown and known:
        return "partly-unknown"
    if unknown:
        return "unknown"
    return "known" if known else "none"


def funding_of(output_id: str, cost_object: dict[str, Any]) -> tuple[FundingCostObject, Fraction]:
    """The cost object's part going to this output, and that part's exact known amount."""
    funds = cost_object["funds"]
    splits = split_weights([f["share"] for f in funds])
    index = next(i for i, f in enumerate(funds) if f["output"] == output_id)
    split = splits[index]
    amount = finite(cost_object.get("amount"))
    part = exact(amount) * split.weight if amount is not None else Fraction(0)
    funding = FundingCostObject(
        id=cost_object["id"],
        code=cost_object.get("code"),
        name=cost_object.get("name"),
        type=cost_object["type"],
        amount=amount,
        currency=cost_object.get("currency"),
        weight=float(split.weight),
        method=split.method,
        funded_amount=float(part) if amount is not None else None,
    )
    return funding, part


def _serving_output(row: dict[str, Any]) -> tuple[ServingOutput, set[str]]:
    output = row["output"]
    fundings = [funding_of(output["id"], c) for c in row["cost_objects"]]
    known = [f for f, _ in fundings if f.amount is not None]
    unknown = len(fundings) - len(known)
    total = sum((part for _, part in fundings), Fraction(0))
    currencies = sorted({f.currency for f in known if f.currency})
    through = sorted(
        (ServedThrough.model_validate(t) for t in row["through"]),
        key=lambda t: (t.outcome.id, t.delivered_through.id if t.delivered_through else ""),
    )
    served = ServingOutput(
        output=ElementRef.model_validate(output),
        sector=output.get("sector"),
        through=through,
        cost_objects=[f for f, _ in fundings],
        funded_amount=float(total) if known else None,
        amount_status=amount_status(len(known), unknown),
        currency=currencies[0] if len(currencies) == 1 else None,
    )
    return served, {f.method for f, _ in fundings}


def outputs_serving(
    graph: Graph,
    ref: str,
    limit: int = DEFAULT_OUTPUTS,
    cursor: str | None = None,
    plan: str | None = None,
) -> OutputsServing:
    """The outputs serving the thematic priority `ref` names, one page in id order.

    An output serves a priority when it delivers one of the priority's outcomes, or a
    sub-outcome (PART_OF, at any level) of one of them.
    """
    check_limit(limit, MAX_OUTPUTS)
    after = decode_cursor(cursor)
    found = resolve_ref(graph, ref, types=["ThematicPriority"], plan=plan)
    priority = ElementRef.model_validate(found)
    rows = graph.read(
        "queries/outputs_serving_priority", id=priority.id, after=after, limit=limit + 1
    )
    outputs: list[ServingOutput] = []
    methods: set[str] = set()
    for row in rows[:limit]:
        served, used = _serving_output(row)
        outputs.append(served)
        methods |= used
    return OutputsServing(
        priority=priority,
        outputs=outputs,
        limit=limit,
        next_cursor=encode_cursor(outputs[-1].output.id) if len(rows) > limit else None,
        methods={m: METHODS[m] for m in sorted(methods)},
    )
