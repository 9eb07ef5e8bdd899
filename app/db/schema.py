"""Apply and inspect the schema in `cypher/schema.cypher` (constraints and indexes)."""

from __future__ import annotations

import re

from app.db import cypher
from app.db.graph import Graph

_NAMED = re.compile(r"CREATE\s+(?:\w+\s+)?(?:CONSTRAINT|INDEX)\s+(\w+)", re.IGNORECASE)


def expected_names() -> set[str]:
    return set(_NAMED.findall(cypher.load("schema").text))


def apply_schema(graph: Graph) -> list[str]:
    """Run every statement of schema.cypher (each is `IF NOT EXISTS`); returns their names."""
    for statement in cypher.load("schema").statements():
        graph.run(statement, {}, write=True)
    return sorted(expected_names())


def missing_schema(graph: Graph) -> list[str]:
    """Names in schema.cypher that the database does not have (online) yet."""
    present = {row["name"] for row in graph.read("admin/online_indexes")}
    present |= {row["name"] for row in graph.read("admin/constraints")}
    return sorted(expected_names() - present)


def server_info(graph: Graph) -> dict[str, str]:
    rows = graph.read("admin/server_info")
    return rows[0] if rows else {"name": "unknown", "version": "unknown", "edition": "unknown"}
