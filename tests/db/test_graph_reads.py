"""`Graph.read_plain` gives the rows of a plain-valued query exactly as `Graph.read` does."""

from __future__ import annotations

from app.db.graph import Graph
from tests.merge_bundle import write_bundle


def test_plain_rows_equal_the_decoded_rows(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "o", "type": "Output", "name": "O"},
                {"id": "c", "type": "CostObject", "name": "C", "amount": 12.5, "currency": "CHF"},
                {"id": "d", "type": "CostObject", "name": "D"},
            ],
            "links": [
                {"from": "o", "type": "FUNDED_BY", "to": "c", "share": 0.5},
                {"from": "o", "type": "FUNDED_BY", "to": "d"},
            ],
        },
    )
    for name in ("queries/budget_cost_objects", "queries/budget_chain_links"):
        plain = graph.read_plain(name)
        assert plain == graph.read(name)
        assert plain  # the query found the plan written above
    cost_objects = graph.read_plain("queries/budget_cost_objects")[0]
    assert (cost_objects["amounts"], cost_objects["unknown"]) == ([12.5], ["d"])
