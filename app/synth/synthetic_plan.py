"""A deterministic, seedable generator of realistic synthetic plan bundles with planted gaps.

The clean part of the plan (`app/synth/plan_builder.py`: several planning cycles, each
with a complete results chain) has no gap at all. Gaps are then planted by the planters of
`app/synth/gap_planters.py`, one per check of the gap catalogue in `cypher/gaps/`, each
adding new elements or links built to show exactly one problem; the manifest records
every planted gap by check id. The element count is exactly the one asked for.

Everything comes from `random.Random(seed)`: the same size and seed give the same bundle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app import metamodel
from app.synth.gap_planters import (
    PLANTERS,
    TWICE_DEFINED_TYPE,
    UNDEFINED_TYPE,
    UNPLANTED_CHECKS,
    Timing,
    plant_gaps,
    planted_elements,
)
from app.synth.plan_builder import CYCLES, PLANS_PER_CYCLE, PlanBuilder

__all__ = [
    "GAP_KINDS",
    "MINIMUM_ELEMENTS",
    "SINGLE_KINDS",
    "TWICE_DEFINED_TYPE",
    "UNDEFINED_TYPE",
    "GapManifest",
    "SyntheticPlan",
    "gaps_per_kind",
    "generate",
    "synthesize",
]

#: Gap kinds, named by check id: the planted ones in the order of the gap catalogue, then
#: the checks nothing in a synthetic plan should set off.
GAP_KINDS: tuple[str, ...] = (*PLANTERS, *UNPLANTED_CHECKS)

#: Kinds planted exactly once whatever the size (they concern the glossary as a whole).
SINGLE_KINDS: tuple[str, ...] = tuple(c for c, p in PLANTERS.items() if p.timing is Timing.once)

MINIMUM_ELEMENTS = 600


@dataclass
class GapManifest:
    """What was planted, per gap kind (named by the check ids of `cypher/gaps/`).

    Each entry is what the finding names first: an element id; for `period_mismatch` the
    link ("from -TYPE-> to"); for `chain_cycle` the cycle ("a -PART_OF-> b -PART_OF-> a");
    for `type_without_definition` the element type. Kinds with no entry must not fire.
    """

    planted: dict[str, list[str]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        """Planted gaps per kind, every kind listed (0 where none is planted)."""
        return {kind: len(self.planted.get(kind, [])) for kind in GAP_KINDS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "planted": {k: list(v) for k, v in self.planted.items()},
            "counts": self.counts(),
        }


@dataclass
class SyntheticPlan:
    bundle: dict[str, Any]
    manifest: GapManifest
    seed: int
    size: int

    def description(self) -> dict[str, Any]:
        """Sizes by element and link type, for reports."""
        by_type: dict[str, int] = {}
        for element in self.bundle["elements"]:
            by_type[element["type"]] = by_type.get(element["type"], 0) + 1
        by_link: dict[str, int] = {}
        for link in self.bundle["links"]:
            by_link[link["type"]] = by_link.get(link["type"], 0) + 1
        return {
            "seed": self.seed,
            "elements": len(self.bundle["elements"]),
            "links": len(self.bundle["links"]),
            "element_types": dict(sorted(by_type.items())),
            "link_types": dict(sorted(by_link.items())),
        }


def gaps_per_kind(elements: int) -> int:
    """How many gaps of each (non-glossary) kind a plan of this size gets."""
    return max(2, elements // 5000)


def generate(elements: int = 1000, seed: int = 0) -> dict[str, Any]:
    """A synthetic plan bundle (`{"elements": [...], "links": [...]}`) of exactly `elements`."""
    return synthesize(elements, seed).bundle


def synthesize(elements: int = 1000, seed: int = 0) -> SyntheticPlan:
    """The synthetic plan bundle with the manifest of its planted gaps."""
    if elements < MINIMUM_ELEMENTS:
        raise ValueError(
            f"a synthetic plan needs at least {MINIMUM_ELEMENTS} elements (got {elements})"
        )
    per_kind = gaps_per_kind(elements)
    defined_types = [t for t in metamodel.ELEMENT_TYPE_NAMES if t != UNDEFINED_TYPE]
    # the glossary, and per cycle its plans, vision and mission
    fixed = len(defined_types) + CYCLES * (2 + PLANS_PER_CYCLE)
    clean = elements - fixed - planted_elements(per_kind)
    plan = PlanBuilder(seed)
    plan.glossary(defined_types)
    per_cycle = clean // CYCLES
    for c in range(CYCLES):
        plan.cycle(c, per_cycle + (clean - per_cycle * CYCLES if c == CYCLES - 1 else 0))
    planted = plant_gaps(plan, per_kind)
    manifest = GapManifest(planted={kind: planted.get(kind, []) for kind in GAP_KINDS})
    if len(plan.elements) != elements:  # pragma: no cover - a bug in the sizing above
        raise AssertionError(f"generated {len(plan.elements)} elements, not {elements}")
    return SyntheticPlan(
        bundle={"elements": plan.elements, "links": plan.links},
        manifest=manifest,
        seed=seed,
        size=elements,
    )
