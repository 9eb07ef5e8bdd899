"""Paging through a large diff: the first page computes the comparison, the next ones are cut
from the one remembered (`app.versions.diff.COMPARISONS`). Prints seconds per page; asserts
nothing. In a managed local Neo4j of its own (started on free ports and stopped at the end):

    .venv/bin/python -m bench.diff_pages --size 10000 --changed 1.0 --limit 500

`--changed` is the share of elements whose description is edited after the baseline is
taken (1.0: every element, a diff of as many element changes as the plan has elements).
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from app.db.change_token import AFRESH
from app.db.graph import Graph
from app.versions.diff import COMPARISONS, diff

BASELINE = "bench-diff-pages"


def timed_page(graph: Graph, limit: int, cursor: str | None, afresh: bool) -> tuple[float, Any]:
    token = AFRESH.set(afresh)
    try:
        start = time.perf_counter()
        page = diff(graph, BASELINE, "current", limit=limit, cursor=cursor)
        return time.perf_counter() - start, page
    finally:
        AFRESH.reset(token)


def pages_run(graph: Graph, changed: int, limit: int) -> dict[str, Any]:
    from app.versions import baselines

    baselines.create_baseline(graph, BASELINE, "bench", "bench")
    graph.run(
        "MATCH (e:Element) WITH e ORDER BY e.id LIMIT $n "
        "SET e.description = coalesce(e.description, '') + ' (edited)'",
        {"n": changed},
        write=True,
    )
    COMPARISONS.clear()
    out: dict[str, Any] = {"limit": limit}
    first_s, first = timed_page(graph, limit, None, afresh=False)
    second_s, second = timed_page(graph, limit, first.next_cursor, afresh=False)
    third_s, _ = timed_page(graph, limit, second.next_cursor, afresh=False)
    fresh_second_s, _ = timed_page(graph, limit, first.next_cursor, afresh=True)
    out.update(
        changes=first.total_changes,
        page_1_seconds=round(first_s, 3),
        page_2_seconds=round(second_s, 3),
        page_3_seconds=round(third_s, 3),
        page_2_no_cache_seconds=round(fresh_second_s, 3),
    )
    baselines.delete_baseline(graph, BASELINE)
    return out


def main() -> None:
    from app.db.graph import create_driver
    from app.db.schema import apply_schema
    from app.synth import synthesize
    from bench import environment, import_throughput

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--changed", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=500)
    parser.add_argument("--heap", default="1g")
    args = parser.parse_args()
    with environment.managed_neo4j(args.heap, "512m") as target:
        settings = environment.bench_settings(args.heap, "512m")
        driver = create_driver(target.uri, target.auth, settings)
        graph = Graph(driver, target.database)
        try:
            apply_schema(graph)
            bundle = synthesize(args.size, args.seed).bundle
            loaded = import_throughput.raw_unwind(driver, target.database, bundle)
            import_throughput.await_indexes(driver, target.database)
            print(f"loaded {args.size:,} elements in {loaded:.1f} s", flush=True)
            changed = max(1, int(args.size * args.changed))
            print(json.dumps({"elements": args.size, **pages_run(graph, changed, args.limit)}))
        finally:
            driver.close()


if __name__ == "__main__":
    main()
