"""The linkage report of a large plan: seconds to generate it, per format.

`make bench` calls `report_run` after the gap run (GET /api/v1/reports/linkage over HTTP,
each format). On its own, against a Neo4j you name (its database is WIPED):

    NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... \\
        .venv/bin/python -m bench.report_generation --size 100000

loads a synthetic plan of that size by the raw UNWIND path and times `linkage_report`
in-process for each format.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from typing import Any

from bench import import_throughput, query_latency

FORMATS = ("markdown", "html", "pdf")


def report_run(
    size: int, client: query_latency.KeepAliveClient, paths: set[str]
) -> dict[str, Any] | None:
    """Seconds (median of up to 3) and bytes of each format of the report, over HTTP, each
    computed afresh (`Cache-Control: no-cache`: the read cache would answer a repeat)."""
    if not query_latency.served(paths, "/api/v1/reports/linkage"):
        return None
    out: dict[str, Any] = {}
    for fmt in FORMATS:
        body: list[bytes] = []

        def call(fmt: str = fmt, body: list[bytes] = body) -> object:
            status, content = client.get(
                "/api/v1/reports/linkage", {"format": fmt}, headers=query_latency.COLD
            )
            if status != 200:
                raise RuntimeError(f"report {fmt} -> {status}: {content[:300]!r}")
            body[:] = [content]
            return content

        samples = query_latency.time_calls(call, 3, warmup=0, budget_seconds=60, least=1)
        out[fmt] = {
            "seconds": round(statistics.median(samples), 2),
            "bytes": len(body[0]),
        }
    print(
        f"  linkage report at {size:,}: "
        + ", ".join(f"{f} {v['seconds']} s ({v['bytes'] / 1e3:,.0f} kB)" for f, v in out.items()),
        flush=True,
    )
    return out


def main() -> None:
    from app.core.config import Settings
    from app.db.graph import Graph, create_driver
    from app.db.schema import apply_schema
    from app.reports.linkage import linkage_report_data
    from app.reports.rendering import ReportFormat, render
    from app.synth import synthesize

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    driver = create_driver(os.environ["NEO4J_URI"], settings.neo4j_auth, settings)
    database = settings.neo4j_database
    graph = Graph(driver, database)
    try:
        apply_schema(graph)
        bundle = synthesize(args.size, args.seed).bundle
        import_throughput.clear(driver, database)
        loaded = import_throughput.raw_unwind(driver, database, bundle)
        import_throughput.await_indexes(driver, database)
        print(f"loaded {args.size:,} elements in {loaded:.1f} s", flush=True)
        start = time.perf_counter()
        report = linkage_report_data(graph)
        gathered = time.perf_counter() - start
        print(f"gathered the report's data in {gathered:.1f} s", flush=True)
        for fmt in ReportFormat:
            start = time.perf_counter()
            content = render(report, fmt)
            rendered = time.perf_counter() - start
            print(
                f"{fmt.value}: rendered in {rendered:.1f} s, total {gathered + rendered:.1f} s, "
                f"{len(content) / 1e3:,.0f} kB",
                flush=True,
            )
    finally:
        driver.close()


if __name__ == "__main__":
    main()
