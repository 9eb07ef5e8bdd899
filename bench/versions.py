"""Plan versions at scale: taking a baseline, and the diff of two versions of a plan that
differ in 1% of their elements, each beside the same Cypher through the raw driver.

`versions_run(graph, driver, database, size)` runs on the plan already loaded (the bench
harness calls it after its other measurements; it leaves the plan as it found it, apart
from the 1% of descriptions it edits, and deletes its baseline). On its own, in a managed
local Neo4j of its own (started on free ports and stopped at the end):

    .venv/bin/python -m bench.versions --size 100000
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from typing import Any

from neo4j import Driver, RoutingControl

from app import metamodel
from app.db import cypher
from app.db.graph import Graph

BASELINE = "bench-versions"
CHANGED_SHARE = 0.01


def _raw_snapshot(driver: Driver, database: str) -> float:
    """Seconds for what a baseline costs in Cypher, through the raw driver: the two export
    queries in one read transaction, the payload compressed, one write of the chunks."""
    start = time.perf_counter()
    with driver.session(database=database, default_access_mode="READ") as session:

        def read(tx: Any) -> tuple[list[Any], list[Any]]:
            elements = [r.data() for r in tx.run(cypher.query("bundles/export_elements"))]
            links = [
                r.data()
                for r in tx.run(
                    cypher.query("bundles/export_links"),
                    types=list(metamodel.RELATIONSHIP_TYPE_NAMES),
                )
            ]
            return elements, links

        elements, links = session.execute_read(read)
    blob = gzip.compress(json.dumps([elements, links], default=str).encode("utf-8"), 6)
    chunks = [
        {"part": "bundle", "seq": i, "data": blob[s : s + (1 << 20)]}
        for i, s in enumerate(range(0, len(blob), 1 << 20))
    ]
    driver.execute_query(
        cypher.query("versions/create_baseline"),
        {"baseline": {"name": BASELINE + "-raw", "created_at": "now"}, "chunks": chunks},
        database_=database,
        routing_=RoutingControl.WRITE,
    )
    seconds = time.perf_counter() - start
    driver.execute_query(
        cypher.query("versions/delete_baseline"),
        {"baseline_name": BASELINE + "-raw"},
        database_=database,
        routing_=RoutingControl.WRITE,
    )
    return seconds


def versions_run(graph: Graph, driver: Driver, database: str, size: int) -> dict[str, Any]:
    from app.versions import baselines
    from app.versions.diff import diff

    out: dict[str, Any] = {"elements": size}
    start = time.perf_counter()
    made = baselines.create_baseline(graph, BASELINE, "bench", "bench")
    out["baseline_seconds"] = round(time.perf_counter() - start, 2)
    out["baseline_bytes"] = made.bytes
    out["raw_snapshot_seconds"] = round(_raw_snapshot(driver, database), 2)
    changed = max(1, int(size * CHANGED_SHARE))
    driver.execute_query(
        "MATCH (e:Element) WITH e ORDER BY e.id LIMIT $n "
        "SET e.description = coalesce(e.description, '') + ' (edited)'",
        {"n": changed},
        database_=database,
        routing_=RoutingControl.WRITE,
    )
    start = time.perf_counter()
    found = diff(graph, BASELINE, "current", limit=500)
    out["diff_seconds"] = round(time.perf_counter() - start, 2)
    out["diff_changes"] = found.total_changes
    start = time.perf_counter()
    with driver.session(database=database, default_access_mode="READ") as session:
        session.execute_read(
            lambda tx: [
                tx.run(cypher.query("bundles/export_elements")).data(),
                tx.run(
                    cypher.query("bundles/export_links"),
                    types=list(metamodel.RELATIONSHIP_TYPE_NAMES),
                ).data(),
            ]
        )
    out["raw_export_seconds"] = round(time.perf_counter() - start, 2)
    baselines.delete_baseline(graph, BASELINE)
    print(
        f"  versions at {size:,}: baseline {out['baseline_seconds']} s "
        f"(raw snapshot {out['raw_snapshot_seconds']} s, {made.bytes / 1e6:.1f} MB), "
        f"diff with {changed:,} edited {out['diff_seconds']} s "
        f"({found.total_changes:,} changes; raw export {out['raw_export_seconds']} s)",
        flush=True,
    )
    return out


def main() -> None:
    from app.db.graph import create_driver
    from app.db.schema import apply_schema
    from app.synth import synthesize
    from bench import environment, import_throughput

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--heap", default="2g")
    args = parser.parse_args()
    with environment.managed_neo4j(args.heap, "1g") as target:
        settings = environment.bench_settings(args.heap, "1g")
        driver = create_driver(target.uri, target.auth, settings)
        database = target.database
        graph = Graph(driver, database)
        try:
            apply_schema(graph)
            bundle = synthesize(args.size, args.seed).bundle
            loaded = import_throughput.raw_unwind(driver, database, bundle)
            import_throughput.await_indexes(driver, database)
            print(f"loaded {args.size:,} elements in {loaded:.1f} s", flush=True)
            print(json.dumps(versions_run(graph, driver, database, args.size)), flush=True)
        finally:
            driver.close()


if __name__ == "__main__":
    main()
