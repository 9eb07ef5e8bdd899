from __future__ import annotations

import pytest

from app.db.graph import Graph
from tests.merge_bundle import write_bundle
from tests.traversal.chain_graphs import DIAMONDS


@pytest.fixture
def diamonds(graph: Graph) -> Graph:
    """The emptied test database holding the `DIAMONDS` chain."""
    write_bundle(graph, DIAMONDS)
    return graph
