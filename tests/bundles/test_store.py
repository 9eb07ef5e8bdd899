from __future__ import annotations

import pytest
from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from app.bundles.codec import element_rows, link_rows
from app.db.graph import Graph
from tests.merge_bundle import write_bundle, write_rows

BUNDLE = {
    "elements": [
        {"id": "m", "type": "Mission", "name": "Mission", "source": {"document": "SP"}},
        {"id": "g1", "type": "Goal", "code": "G1", "name": "Goal one", "number": 1},
        {
            "id": "tp2",
            "type": "ThematicPriority",
            "code": "TP#2",
            "name": "International numbering resources",
            "aliases": ["TP2 numbering"],
        },
    ],
    "links": [
        {"from": "m", "type": "HAS_GOAL", "to": "g1"},
        {"from": "g1", "type": "HAS_PRIORITY", "to": "tp2", "source": {"section": "2"}},
    ],
}


def test_write_bundle_stores_labels_properties_and_links(graph: Graph) -> None:
    write_bundle(graph, BUNDLE)
    write_bundle(graph, BUNDLE)  # idempotent
    assert graph.counts() == (3, 2)
    rows = graph.run(
        "MATCH (e:Element:ThematicPriority {code_key: 'tp2'})<-[r:HAS_PRIORITY]-(:Goal) "
        "RETURN e.name AS name, r.source_section AS section",
        {},
        write=False,
    )
    assert rows == [{"name": "International numbering resources", "section": "2"}]


def test_a_failure_part_way_rolls_the_whole_bundle_back(graph: Graph) -> None:
    graph.run("CREATE (:Element {id: 'dup-holder'})", {}, write=True)
    before = graph.counts()

    def write_then_clash(tx: ManagedTransaction) -> None:
        write_rows(tx, element_rows(BUNDLE["elements"]), link_rows(BUNDLE["links"]))
        tx.run("CREATE (:Element {id: 'dup-holder'})").consume()  # violates uniqueness

    with pytest.raises(ConstraintError):
        graph.write_transaction(write_then_clash)
    assert graph.counts() == before
