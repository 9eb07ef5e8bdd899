"""A plan bundle answering the named queries of the budget roll-up, so that the one
`budget_rollup` (app/traversal/budget.py) computes the figures of a version that is not in
the graph (a baseline, a bundle file) with its own arithmetic.

`BundleGraph.read` answers only the four queries `budget_rollup` runs, with rows of the
same shape as their Cypher files (`cypher/queries/budget_*.cypher`, `elements_by_id`); any
other query is refused. `tests/versions/test_bundle_graph.py` proves that the roll-up of
the exported graph equals the roll-up of the graph itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from app.db.graph import Graph, Row

#: (relationship, upper types, lower type given, whether `upper` is the link's start)
#: as `budget_chain_links` selects them.
_CHAIN: tuple[tuple[str, tuple[str, ...], str | None, bool], ...] = (
    ("FUNDED_BY", ("Output", "Activity"), "CostObject", True),
    ("REALISED_BY", ("Output",), "Activity", True),
    ("DELIVERED_BY", ("Outcome",), "Output", True),
    ("HAS_OUTCOME", ("ThematicPriority",), "Outcome", True),
    ("HAS_PRIORITY", ("Goal",), "ThematicPriority", True),
    ("HAS_GOAL", ("Mission",), "Goal", True),
    ("PART_OF", ("Outcome",), "Outcome", False),
)


class BundleGraph(Graph):
    """A read-only stand-in for the graph, holding one bundle in memory."""

    def __init__(self, bundle: Mapping[str, Any]) -> None:  # no driver: nothing is sent
        self.elements = {e["id"]: e for e in bundle.get("elements", [])}
        self.links = list(bundle.get("links", []))

    def write(self, name: str, **params: Any) -> list[Row]:
        raise TypeError(f"a bundle is read-only; cannot run {name}")

    def read(self, name: str, **params: Any) -> list[Row]:
        if name == "queries/budget_cost_objects":
            return [self._cost_objects()]
        if name == "queries/budget_chain_links":
            return self._chain_links()
        if name == "queries/budget_elements_of_type":
            of_type = sorted(
                (e for e in self.elements.values() if e["type"] == params["type"]),
                key=lambda e: e["id"],
            )
            return [{"elements": [[e["id"], e.get("code"), e.get("name")] for e in of_type]}]
        if name == "queries/elements_by_id":
            wanted = [i for i in sorted(set(params["ids"])) if i in self.elements]
            return [
                {"element": {k: self.elements[i].get(k) for k in ("id", "code", "name", "type")}}
                for i in wanted
            ]
        raise TypeError(f"a bundle answers only the budget roll-up's queries, not {name}")

    def read_plain(self, name: str, **params: Any) -> list[Row]:
        # The rows above hold plain values only, which is what `read_plain` promises.
        return self.read(name, **params)

    def _type(self, element_id: str) -> str | None:
        element = self.elements.get(element_id)
        return element["type"] if element else None

    def _cost_objects(self) -> Row:
        funded = {
            lk["to"]
            for lk in self.links
            if lk["type"] == "FUNDED_BY" and self._type(lk["from"]) in ("Output", "Activity")
        }
        cost_objects = [e for e in self.elements.values() if e["type"] == "CostObject"]
        known = [c for c in cost_objects if c["id"] in funded and c.get("amount") is not None]
        return {
            "cost_objects": len(cost_objects),
            "known": [c["id"] for c in known],
            "amounts": [c["amount"] for c in known],
            "unknown": [
                c["id"] for c in cost_objects if c["id"] in funded and c.get("amount") is None
            ],
            "currencies": sorted(
                {c["currency"] for c in cost_objects if c["id"] in funded and c.get("currency")}
            ),
        }

    def _chain_links(self) -> list[Row]:
        groups: dict[tuple[str, str, str, bool], dict[str, list[Any]]] = defaultdict(
            lambda: {"upper": [], "lower": [], "share": []}
        )
        for relationship, upper_types, lower_type, upper_starts in _CHAIN:
            for lk in self.links:
                if lk["type"] != relationship:
                    continue
                upper, lower = (lk["from"], lk["to"]) if upper_starts else (lk["to"], lk["from"])
                upper_type, found_lower = self._type(upper), self._type(lower)
                if upper_type not in upper_types or found_lower is None:
                    continue
                if relationship == "PART_OF" and found_lower != "Outcome":
                    continue
                share = lk.get("share")
                key = (relationship, upper_type, lower_type or found_lower, share is not None)
                group = groups[key]
                group["upper"].append(upper)
                group["lower"].append(lower)
                if share is not None:
                    group["share"].append(share)
        return [
            {
                "relationship": relationship,
                "upper_type": upper_type,
                "lower_type": lower_type,
                "declared": declared,
                **lists,
            }
            for (relationship, upper_type, lower_type, declared), lists in groups.items()
        ]
