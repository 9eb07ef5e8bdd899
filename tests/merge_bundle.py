"""Writing a bundle straight into the graph with MERGE, unvalidated: for tests that set up
a graph (or plant a problem in it, which the importer would refuse) without the importer.

Not a door of the service: imports go through `app.bundles.importer.import_bundle`. The
queries live beside this module, in `tests/cypher/`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from neo4j import ManagedTransaction

from app.bundles.codec import element_rows, link_rows
from app.bundles.store import batches
from app.db import cypher
from app.db.graph import Graph

TEST_CYPHER = Path(__file__).parent / "cypher"


def _run(tx: ManagedTransaction, name: str, rows: Sequence[dict[str, Any]]) -> None:
    tx.run(cypher.load(name, TEST_CYPHER).text, rows=list(rows)).consume()


def write_rows(
    tx: ManagedTransaction,
    elements: Sequence[dict[str, Any]],
    links: Sequence[dict[str, Any]],
    batch_size: int = 5000,
) -> None:
    """Write element rows then link rows in `UNWIND` batches inside one transaction."""
    for batch in batches(elements, batch_size):
        _run(tx, "merge_elements", batch)
    for batch in batches(links, batch_size):
        _run(tx, "merge_links", batch)


def write_bundle(graph: Graph, bundle: Mapping[str, Any], batch_size: int = 5000) -> None:
    """Write a bundle (`{"elements": [...], "links": [...]}`) in one transaction, creating
    or replacing each element and link by its key; all of it or, on a failure, nothing."""
    elements = element_rows(bundle.get("elements", []))
    links = link_rows(bundle.get("links", []))
    graph.write_transaction(lambda tx: write_rows(tx, elements, links, batch_size))
