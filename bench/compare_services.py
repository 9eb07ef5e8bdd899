"""Two builds of the service against ONE database, requests alternated: what each adds.

    .venv/bin/python -m bench.compare_services --size 100000 before=/path/to/older/clone
    make bench-compare COMPARE_REF=c174a95            (clones and sets up the older build)

Separate `make bench` runs of two commits differ by more than the code: another Neo4j
instance, another import, another hour of a machine whose speed varies through the day (raw
queries up to 3.6x slower in the afternoon than in the morning here). This puts both
builds on the same data at the same moment:

- one managed local Neo4j on free loopback ports (stopped and deleted at the end), one
  synthetic plan (`--size`, seed 42) imported by this tree's importer;
- this tree's service (`now`) and the service of each other tree given as `label=path`
  (a clone with its own `.venv`, `make install` there), each uvicorn on its own port;
- for each workload of `make bench` (`bench.query_latency.workloads`, the same subjects):
  the raw queries through the driver and one GET to each service, called in turn, round
  after round, so every sample of every side meets the same conditions. Each GET is cold
  (`Cache-Control: no-cache`; a build without a read cache ignores it).

Prints, per workload, the p50 of each side, what each service adds to the raw queries
(p50 HTTP - p50 raw, ms) and the ratio HTTP / raw, and writes the same as JSON to
`--out` (default `bench/results/compare-<UTC stamp>.json`). Not part of `make bench`.
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import PROJECT_ROOT
from app.db.graph import Graph, create_driver
from app.db.provision import Neo4jTarget
from app.db.schema import apply_schema
from app.synth import synthesize
from bench import environment, import_throughput, query_latency
from bench.run import RESULTS, pick_subjects

DEFAULT_WORKLOADS = (
    "outputs_serving_priority",
    "trace_up",
    "trace_down",
    "impact",
    "budget_by_priority",
)


def say(message: str) -> None:
    print(message, flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench.compare_services", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "trees",
        nargs="+",
        metavar="LABEL=PATH",
        help="another build: a clone with its own .venv (`make install` in it)",
    )
    parser.add_argument("--size", type=int, default=100_000, help="elements of the plan")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=120, help="samples of each side")
    parser.add_argument(
        "--workloads",
        default=",".join(DEFAULT_WORKLOADS),
        help="comma-separated keys of bench.query_latency.workloads()",
    )
    parser.add_argument("--heap", default="6g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    others: list[tuple[str, Path]] = []
    for given in args.trees:
        label, sep, path = given.partition("=")
        tree = Path(path).expanduser().resolve()
        if not sep or not label or label == "now":
            parser.error(f"{given!r}: give LABEL=PATH, with a label other than 'now'")
        if not (tree / ".venv" / "bin" / "python").exists():
            parser.error(f"{tree}: no .venv/bin/python; run `make install` in that clone first")
        others.append((label, tree))
    args.others = others
    return args


@contextmanager
def service_url(tree: Path | None, target: Neo4jTarget, log_dir: Path) -> Iterator[str]:
    """A build's service (`tree`'s clone, or this one for None) on a free port: its URL."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with environment.running_service(target, log_dir, tree=tree) as service:
        yield service.base_url


def alternate(calls: dict[str, Callable[[], object]], rounds: int) -> dict[str, list[float]]:
    """Every call once per round, in turn, `rounds` times (after 5 warm-up rounds)."""
    for _ in range(5):
        for call in calls.values():
            call()
    samples: dict[str, list[float]] = {side: [] for side in calls}
    for _ in range(rounds):
        for side, call in calls.items():
            began = time.perf_counter()
            call()
            samples[side].append(time.perf_counter() - began)
    return samples


def summary(samples: dict[str, list[float]], sizes: dict[str, int]) -> dict[str, Any]:
    raw = statistics.median(samples["raw"]) * 1000
    out: dict[str, Any] = {"raw_p50_ms": round(raw, 2), "samples": len(samples["raw"])}
    for side, values in samples.items():
        if side == "raw":
            continue
        p50 = statistics.median(values) * 1000
        out[side] = {
            "p50_ms": round(p50, 2),
            "added_ms": round(p50 - raw, 2),
            "ratio": round(p50 / raw, 3),
            "answer_bytes": sizes[side],
        }
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    chosen = [key.strip() for key in args.workloads.split(",") if key.strip()]
    known = {w.key: w for w in query_latency.workloads()}
    unknown = [key for key in chosen if key not in known]
    if unknown:
        say(f"Unknown workloads {unknown}; known: {', '.join(known)}")
        return 2
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "argv": " ".join(sys.argv),
        "machine": environment.machine_description(),
        "size": args.size,
        "seed": args.seed,
        "rounds": args.rounds,
        "builds": {"now": str(PROJECT_ROOT), **{label: str(t) for label, t in args.others}},
        "workloads": {},
    }
    with (
        tempfile.TemporaryDirectory(prefix="rbmtrace-compare-") as logs,
        environment.managed_neo4j(args.heap, args.pagecache, echo=say) as target,
        ExitStack() as services,
    ):
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        services.callback(driver.close)
        graph = Graph(driver, target.database)
        apply_schema(graph)
        plan = synthesize(args.size, args.seed)
        began = time.perf_counter()
        import_throughput.project_import(graph, plan.bundle)
        say(f"Imported {args.size:,} elements in {time.perf_counter() - began:.1f} s")
        subjects = pick_subjects(plan.bundle)
        urls = {"now": services.enter_context(service_url(None, target, Path(logs) / "now"))}
        for label, tree in args.others:
            urls[label] = services.enter_context(service_url(tree, target, Path(logs) / label))
        clients = {side: query_latency.KeepAliveClient(url) for side, url in urls.items()}
        for client in clients.values():
            services.callback(client.close)
        for key in chosen:
            workload = known[key]
            subject = subjects.get(workload.subject_type) if workload.subject_type else None
            path = query_latency.ref_path(workload.path, subject)
            calls: dict[str, Callable[[], object]] = {
                "raw": query_latency.raw_call(
                    driver, target.database, workload.raw_queries(subject)
                )
            }
            sizes: dict[str, int] = {}
            for side, client in clients.items():
                calls[side] = query_latency.http_call(client, path, workload.http_params)
                sizes[side] = len(calls[side]())  # type: ignore[arg-type]
            entry = summary(alternate(calls, args.rounds), sizes)
            results["workloads"][key] = entry
            say(
                f"{workload.title}: raw {entry['raw_p50_ms']:.2f} ms; "
                + "; ".join(
                    f"{side} {entry[side]['p50_ms']:.2f} ms (adds {entry[side]['added_ms']:.2f}"
                    f", x{entry[side]['ratio']:.2f})"
                    for side in urls
                )
            )
    results["total_seconds"] = round(time.perf_counter() - began, 1)
    out = args.out or RESULTS / f"compare-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say(f"Results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
