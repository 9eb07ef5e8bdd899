from __future__ import annotations

import pytest
from neo4j.exceptions import ConstraintError

from app.db.graph import Graph
from app.db.schema import apply_schema, expected_names, missing_schema, server_info


def test_schema_file_declares_the_required_objects() -> None:
    names = expected_names()
    assert {"element_id_unique", "element_code", "element_text"} <= names


def test_apply_is_idempotent_and_everything_is_online(graph: Graph) -> None:
    first = apply_schema(graph)
    second = apply_schema(graph)
    assert first == second == sorted(expected_names())
    assert missing_schema(graph) == []


def test_element_ids_are_unique(graph: Graph) -> None:
    graph.run("CREATE (:Element {id: 'dup', name: 'one'})", {}, write=True)
    with pytest.raises(ConstraintError):
        graph.run("CREATE (:Element {id: 'dup', name: 'two'})", {}, write=True)
    assert graph.counts() == (1, 0)


def test_full_text_index_finds_names(graph: Graph) -> None:
    graph.run(
        "CREATE (:Element {id: 'o1', name: 'International numbering resources'})",
        {},
        write=True,
    )
    rows = graph.run(
        "CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh() "
        "CALL db.index.fulltext.queryNodes('element_text', 'numbering') YIELD node "
        "RETURN node.id AS id",
        {},
        write=False,
    )
    assert [r["id"] for r in rows] == ["o1"]


def test_server_is_neo4j_5_26(graph: Graph, server_is_ours: bool) -> None:
    info = server_info(graph)
    assert info["name"] == "Neo4j Kernel"
    assert int(info["version"].split(".")[0]) >= 5
    if server_is_ours:  # pinned only for the server this session started
        assert info["version"].startswith("5.26")
        assert info["edition"] == "community"
