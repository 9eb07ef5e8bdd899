"""Why the project's import is slow: the link MERGE with a dynamic relationship type.

Writes the same synthetic plan three ways inside ONE write transaction each (as the
importer does) and prints the seconds:

1. elements with `bundles/merge_elements`, links with `bundles/merge_links` (dynamic
   `MERGE (a)-[r:$(row.type)]->(b)`), batches of 5000 - what `import_bundle` runs;
2. the same element query, links grouped by type with a static type from the metamodel;
3. both elements and links with static labels/types from the metamodel.

    .venv/bin/python -m bench.diagnose_link_merge --elements 10000

Measured on the benchmark machine (see BENCHMARKS.md): at 10,000 elements 1. takes about
130 s, 2. and 3. about 2-4 s.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from typing import Any

from neo4j import ManagedTransaction

from app.bundles import store
from app.db import cypher
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.synth import generate
from bench import environment, import_throughput


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elements", type=int, default=10_000)
    args = parser.parse_args()
    bundle = generate(args.elements, 42)
    elements = store.element_rows(bundle["elements"])
    links = store.link_rows(bundle["links"])
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in elements:
        by_type[row["type"]].append(row)
    by_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in links:
        by_rel[row["type"]].append(row)

    def dynamic_links(tx: ManagedTransaction) -> None:
        for batch in store.batches(elements, 5000):
            tx.run(cypher.query("bundles/merge_elements"), rows=list(batch)).consume()
        for batch in store.batches(links, 5000):
            tx.run(cypher.query("bundles/merge_links"), rows=list(batch)).consume()

    def static_links(tx: ManagedTransaction) -> None:
        for batch in store.batches(elements, 5000):
            tx.run(cypher.query("bundles/merge_elements"), rows=list(batch)).consume()
        for rel, rows in by_rel.items():
            statement = import_throughput.link_statement(rel)
            for batch in store.batches(rows, 5000):
                tx.run(statement, rows=list(batch)).consume()

    def all_static(tx: ManagedTransaction) -> None:
        for type_name, rows in by_type.items():
            statement = import_throughput.element_statement(type_name)
            for batch in store.batches(rows, 5000):
                tx.run(statement, rows=list(batch)).consume()
        for rel, rows in by_rel.items():
            statement = import_throughput.link_statement(rel)
            for batch in store.batches(rows, 5000):
                tx.run(statement, rows=list(batch)).consume()

    with environment.managed_neo4j("3g", "2g") as target:
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        apply_schema(Graph(driver, target.database))
        try:
            for title, work in (
                ("warm-up (static)", all_static),
                ("1. merge_elements + merge_links (dynamic link type)", dynamic_links),
                ("2. merge_elements + links by type (static link type)", static_links),
                ("3. static labels and link types", all_static),
            ):
                import_throughput.clear(driver, target.database)
                start = time.perf_counter()
                with driver.session(database=target.database) as session:
                    session.execute_write(work)
                print(f"{title}: {time.perf_counter() - start:.1f} s", flush=True)
        finally:
            driver.close()


if __name__ == "__main__":
    main()
