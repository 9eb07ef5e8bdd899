"""The results chain as traversals see it, derived from `app.metamodel`.

Top to bottom: Vision -HAS_MISSION-> Mission -HAS_GOAL-> Goal -HAS_PRIORITY->
ThematicPriority -HAS_OUTCOME-> Outcome -DELIVERED_BY-> Output -FUNDED_BY-> CostObject.
"Up" is towards the mission, "down" towards cost objects. A sub-outcome (Outcome
-PART_OF-> Outcome) sits below the outcome it breaks down: whatever serves the
sub-outcome serves the outcome, and so the outcome's priorities, goals and mission.
"""

from __future__ import annotations

from enum import StrEnum

from app import metamodel
from app.core.errors import BadRequest

#: Element types on the chain, top (Vision) to bottom (CostObject).
CHAIN_TYPES = metamodel.CHAIN_TYPES
#: The type traces up end at, and the type traces down end at.
TOP_TYPE = metamodel.RESULTS_CHAIN[0][0]
BOTTOM_TYPE = metamodel.RESULTS_CHAIN[-1][2]

CHAIN_RANK: dict[str, int] = {name: rank for rank, name in enumerate(CHAIN_TYPES)}

#: Depth bounds, in links. MAX_DEPTH is the literal bound written in the query files.
DEFAULT_DEPTH = 10
MAX_DEPTH = 12


class Direction(StrEnum):
    up = "up"
    down = "down"


def check_depth(max_depth: int) -> int:
    if not 1 <= max_depth <= MAX_DEPTH:
        raise BadRequest(
            f"max_depth must be between 1 and {MAX_DEPTH} links; got {max_depth}.",
            hint=f"The default, {DEFAULT_DEPTH}, covers the whole chain with breakdowns.",
        )
    return max_depth


def check_chain_type(name: str, place: str) -> str:
    """`name` if it is an element type on the results chain; else a 400 naming them."""
    if name not in CHAIN_RANK:
        kind = (
            "an element type off the results chain"
            if metamodel.is_element_type(name)
            else ("not an element type")
        )
        raise BadRequest(
            f"{place}: {name!r} is {kind}. Allowed: {', '.join(CHAIN_TYPES)}.",
            allowed=list(CHAIN_TYPES),
        )
    return name
