"""Large imports are written in batches, each its own transaction, and undone together."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from neo4j.exceptions import ConstraintError

from app.bundles.changes import element_history
from app.bundles.importer import import_bundle
from app.db.graph import Graph
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options
from tests.bundles.test_exporter import stored_graph


def everything(graph: Graph) -> list[dict[str, Any]]:
    """Every node and relationship with all its properties (import stamps included)."""
    return graph.run(
        "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) "
        "RETURN labels(n) AS labels, properties(n) AS props, type(r) AS rel, "
        "properties(r) AS rel_props, m.id AS to ORDER BY n.id, n.at, rel, to",
        {},
        write=False,
    )


def changed_bundle() -> dict[str, Any]:
    changed = copy.deepcopy(SMALL_BUNDLE)
    changed["elements"][1]["name"] = "Goal one (revised)"
    changed["links"][3]["share"] = 0.75
    changed["elements"].append({"id": "out2", "type": "Output", "name": "Second output"})
    changed["links"].append({"from": "oc1", "type": "DELIVERED_BY", "to": "out2"})
    return changed


def test_a_staged_import_writes_what_one_transaction_writes(graph: Graph) -> None:
    one = import_bundle(graph, SMALL_BUNDLE, options())
    expected = stored_graph(graph)
    graph.write("admin/clear_graph")

    seen: list[tuple[str, int, int]] = []
    staged = import_bundle(
        graph,
        SMALL_BUNDLE,
        options(batch_size=2, transaction_items=0, progress=lambda *a: seen.append(a)),
    )
    assert staged.model_dump() == one.model_dump()
    assert stored_graph(graph) == expected
    assert ("elements", 7, 7) in seen and ("links", 6, 6) in seen
    assert [e["action"] for e in element_history(graph, "g1")][:1] == ["create"]

    again = import_bundle(graph, changed_bundle(), options(batch_size=2, transaction_items=0))
    assert again.elements.model_dump() == {"created": 1, "updated": 1, "unchanged": 6}
    assert again.links.model_dump() == {"created": 1, "updated": 1, "unchanged": 5}
    assert [e["action"] for e in element_history(graph, "g1") if not e["link_key"]] == [
        "create",
        "update",
    ]


def test_a_staged_import_stopped_part_way_is_undone(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    before = everything(graph)

    def stop_in_the_links(phase: str, done: int, total: int) -> None:
        if phase == "links":  # elements created and updated, links not all written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_bundle(
            graph,
            changed_bundle(),
            options(batch_size=1, transaction_items=0, progress=stop_in_the_links),
        )
    assert everything(graph) == before


def test_a_staged_import_that_the_database_refuses_part_way_is_undone(graph: Graph) -> None:
    before = everything(graph)
    bundle = copy.deepcopy(SMALL_BUNDLE)

    def someone_else_creates_ind1(phase: str, done: int, total: int) -> None:
        if (phase, done) == ("elements", 1):  # after the first batch, before the last
            graph.run("CREATE (:Element:Indicator {id: 'ind1', type: 'Indicator'})", {}, write=True)

    with pytest.raises(ConstraintError):
        import_bundle(
            graph,
            bundle,
            options(batch_size=1, transaction_items=0, progress=someone_else_creates_ind1),
        )
    after = everything(graph)
    assert [row["props"]["id"] for row in after] == ["ind1"]  # only the other writer's node
    assert before == []
