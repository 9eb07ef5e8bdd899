"""Imports run by several clients at once: a link (from, type, to) is stored at most once.

Each client has its own driver (its own connections), and all start together on a barrier.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from neo4j.exceptions import ConstraintError

from app.bundles.exporter import export_graph
from app.bundles.import_report import ImportReport
from app.bundles.importer import import_bundle
from app.bundles.parsing import BundleSource
from app.core.config import Settings
from app.db.graph import Graph, create_driver
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options
from tests.bundles.test_exporter import stored_graph

CLIENTS = 6


def link_count(graph: Graph, link: dict[str, Any]) -> int:
    rows = graph.run(
        "MATCH (:Element {id: $from})-[r]->(:Element {id: $to}) WHERE type(r) = $type "
        "RETURN count(r) AS n",
        {"from": link["from"], "to": link["to"], "type": link["type"]},
        write=False,
    )
    return int(rows[0]["n"])


def all_at_once(
    settings: Settings, bundle: dict[str, Any], transaction_items: int
) -> list[ImportReport | ConstraintError]:
    """The answers of CLIENTS clients importing `bundle` at the same moment."""
    assert settings.neo4j_uri
    drivers = [
        create_driver(settings.neo4j_uri, settings.neo4j_auth, settings) for _ in range(CLIENTS)
    ]
    start = threading.Barrier(CLIENTS)

    def client(index: int) -> ImportReport | ConstraintError:
        graph = Graph(drivers[index], settings.neo4j_database)
        graph.read("admin/count_graph")  # connected before the start
        start.wait()
        try:
            return import_bundle(
                graph, bundle, options(who=f"client{index}", transaction_items=transaction_items)
            )
        except ConstraintError as clash:  # answered 409 over the API
            return clash

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            return list(pool.map(client, range(CLIENTS)))
    finally:
        for driver in drivers:
            driver.close()


@pytest.mark.parametrize("transaction_items", [50_000, 0], ids=["one-transaction", "staged"])
def test_parallel_imports_of_the_same_new_link_store_it_once(
    graph: Graph, settings: Settings, transaction_items: int
) -> None:
    import_bundle(graph, {"elements": SMALL_BUNDLE["elements"]}, options())
    for link in SMALL_BUNDLE["links"]:  # one round per link, each new between stored elements
        answers = all_at_once(settings, {"links": [link]}, transaction_items)
        assert link_count(graph, link) == 1, link
        reports = [a for a in answers if isinstance(a, ImportReport)]
        assert reports, answers
        for report in reports:
            assert report.links.created + report.links.unchanged == 1
        # created once; the others found it stored ("unchanged"), a staged import too,
        # which learns it when its batch's lock-and-check finds the link stored meanwhile
        assert sum(r.links.created for r in reports) == 1

    exported = export_graph(graph, "json")
    before = stored_graph(graph)
    graph.write("admin/clear_graph")
    again = import_bundle(graph, [BundleSource("export.json", exported)], options())
    assert again.links.created == len(SMALL_BUNDLE["links"])
    assert stored_graph(graph) == before
