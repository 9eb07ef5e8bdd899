"""The suspect-link query at size: the service's function against the same Cypher through the
raw driver (issue 18: "the suspect query at 100k, timed against the same Cypher").

`suspect_workload(graph, driver, database)` is what the runner calls on a loaded plan:

1. links the raw UNWIND load wrote carry no stamp: they get their first one through
   `stamp_unstamped` (the real migration, `rbmtrace clear --unstamped`), timed;
2. 1% of the outcomes get a new description through plain Cypher, as an analyst would
   type it in Neo4j Browser, so that their DELIVERED_BY (and PART_OF) links are suspect;
3. the first page of `suspect_links` (with the impact: histories, budget, indicators),
   the summary and the `suspect_link` gap check are timed, each against its named Cypher
   through the raw driver (calls alternate, `query_latency.time_pairs`); the page's is
   `suspect_page`, its rows and its summary from one read of the links.

Standalone (its own managed Neo4j, stopped at the end):

    .venv/bin/python -m bench.suspects --size 100000
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any, LiteralString

from neo4j import Driver

from app import metamodel
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.elements.link_review import stamp_unstamped
from app.gaps.engine import run_gaps
from app.synth import synthesize
from app.traversal.suspects import DEFAULT_SUSPECTS, suspect_links, suspect_summary
from bench import environment, import_throughput, query_latency

#: What an analyst would type in Neo4j Browser: new descriptions for some outcomes.
EDIT_OUTCOMES: LiteralString = """
MATCH (o:Outcome)
WITH o ORDER BY o.id
WITH collect(o) AS outcomes
UNWIND outcomes[0..toInteger(ceil(size(outcomes) * $fraction))] AS o
SET o.description = coalesce(o.description, '') + ' (reworded)'
RETURN count(o) AS edited
"""


def suspect_workload(
    graph: Graph,
    driver: Driver,
    database: str,
    *,
    edit_fraction: float = 0.01,
    repeats: int = 10,
) -> dict[str, Any]:
    """Stamp, edit, then time the suspect queries against the raw driver (see the module)."""
    out: dict[str, Any] = {}
    began = time.perf_counter()
    out["stamped_links"] = stamp_unstamped(graph, "bench", "bench: first stamp")
    out["stamp_seconds"] = round(time.perf_counter() - began, 2)
    edited = graph.run(EDIT_OUTCOMES, {"fraction": edit_fraction}, write=True)
    out["edited_outcomes"] = edited[0]["edited"]
    out["summary"] = suspect_summary(graph).model_dump()
    watch = metamodel.suspect_watch()
    page_params = {"watch": watch, "after": "", "limit": DEFAULT_SUSPECTS + 1}
    timed: dict[str, tuple[Callable[[], object], list[tuple[str, dict[str, Any]]]]] = {
        "suspect_links page (with impact)": (
            lambda: suspect_links(graph, limit=DEFAULT_SUSPECTS),
            [("suspects/suspect_page", page_params)],
        ),
        "suspect summary": (
            lambda: suspect_summary(graph),
            [("suspects/suspect_summary", {"watch": watch})],
        ),
        "suspect_link gap check": (
            lambda: run_gaps(graph, check="suspect_link"),
            [("gaps/suspect_link", {"watch": watch, "admit": list(metamodel.BASES)})],
        ),
    }
    for title, (service, queries) in timed.items():
        raw = query_latency.raw_call(driver, database, queries)
        ours, theirs = query_latency.time_pairs(service, raw, repeats, budget_seconds=120)
        service_ms, raw_ms = query_latency.percentiles(ours), query_latency.percentiles(theirs)
        out[title] = {
            "service": service_ms,
            "raw": raw_ms,
            "p50_ratio": round(service_ms["p50_ms"] / raw_ms["p50_ms"], 2),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="elements of the plan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    with environment.managed_neo4j(args.heap, args.pagecache) as target:
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        try:
            graph = Graph(driver, target.database)
            apply_schema(graph)
            bundle = synthesize(args.size, args.seed).bundle
            load_seconds = import_throughput.raw_unwind(driver, target.database, bundle)
            result = {
                "size": args.size,
                "links": len(bundle["links"]),
                "raw_load_seconds": round(load_seconds, 1),
                **suspect_workload(graph, driver, target.database, repeats=args.repeats),
            }
        finally:
            driver.close()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
