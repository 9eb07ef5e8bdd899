"""`make bench`: one run on a managed local Neo4j and the API under uvicorn, side by side
with the raw driver. Results go to `bench/results/` (JSON, PNG) and `BENCHMARKS.md`.

    .venv/bin/python -m bench.run --sizes 1000,10000,100000,1000000

Each measurement whose endpoint or Cypher file does not exist yet is skipped with the
reason printed. Sizes whose import would not fit in the time budget (estimated from the
previous size) are generated only, and the reason is printed and recorded.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import shlex
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import PROJECT_ROOT
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.synth import synthesize, write_bundle_json
from app.synth.synthetic_plan import MINIMUM_ELEMENTS
from bench import (
    budget_equality,
    cpu,
    environment,
    import_throughput,
    query_latency,
    report,
    report_generation,
    suspects,
    versions,
)

#: Largest plan the versions section (a baseline, and a diff after editing 1% of the
#: elements) runs on: it holds the whole plan in memory twice.
VERSIONS_MAX = 100_000

RESULTS = PROJECT_ROOT / "bench" / "results"
DEFAULT_SIZES = "1000,10000,100000,1000000"


def say(message: str) -> None:
    print(message, flush=True)


def skip(results: dict[str, Any], what: str, reason: str) -> None:
    say(f"  SKIPPED {what}: {reason}")
    results["skipped"].append({"what": what, "reason": reason})


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="comma-separated element counts")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--budget-seconds",
        type=float,
        default=1500.0,
        help="time budget for the whole run (imports that would not fit are "
        "skipped with the estimate printed)",
    )
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--load-seconds", type=float, default=30.0)
    parser.add_argument("--heap", default="6g", help="Neo4j heap")
    parser.add_argument(
        "--project-max-elements",
        type=int,
        default=1_000_000,
        help="largest size imported through the project's importer",
    )
    parser.add_argument("--pagecache", default="2g", help="Neo4j page cache")
    parser.add_argument(
        "--bulk-max",
        type=int,
        default=1_000_000,
        help="largest size also loaded with `rbmtrace import --bulk` (a Neo4j of its own)",
    )
    parser.add_argument(
        "--equality-max",
        type=int,
        default=1_000_000,
        help="largest size at which every budget figure is compared with the roll-up before "
        "its rewrite (the old roll-up pages through 1M in many minutes)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile the project import path with pyinstrument at 10k (adds one import)",
    )
    parser.add_argument("--results", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # a SIGTERM unwinds like Ctrl-C, so the Neo4j and the service this run started stop
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    began = time.monotonic()
    sizes = sorted({int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()})
    command = "make bench" + ("" if args.sizes == DEFAULT_SIZES else f" BENCH_SIZES={args.sizes}")
    given = list(sys.argv[1:] if argv is None else argv)
    if "--sizes" in given:
        at = given.index("--sizes")
        del given[at : at + 2]
    if given:
        command += f' BENCH_ARGS="{shlex.join(given)}"'
    results: dict[str, Any] = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "argv": " ".join(shlex.quote(a) for a in sys.argv),
        "machine": environment.machine_description(),
        "settings": {
            "seed": args.seed,
            "sizes": sizes,
            "neo4j_heap": args.heap,
            "neo4j_pagecache": args.pagecache,
            "clients": args.clients,
            "load_seconds": args.load_seconds,
            "budget_seconds": args.budget_seconds,
            "rust_extension": query_latency.rust_extension(),
        },
        "sizes": [],
        "skipped": [],
    }
    args.results.mkdir(parents=True, exist_ok=True)
    say(f"RBM Trace benchmark: sizes {sizes}, seed {args.seed}")
    with (
        tempfile.TemporaryDirectory(prefix="rbmtrace-bench-logs-") as logs,
        environment.managed_neo4j(args.heap, args.pagecache, echo=say) as target,
    ):
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        graph = Graph(driver, target.database)
        apply_schema(graph)
        import_path, _ = import_throughput.project_import_path()
        results["import_path"] = import_path
        say(f"Project import path: {import_path}")
        try:
            with environment.running_service(target, Path(logs)) as service:
                results["service"] = {"pid": service.pid, "base_url": service.base_url}
                paths = query_latency.openapi_paths(service.base_url)
                warm_up(graph, driver, target.database)
                previous: dict[str, Any] | None = None
                for size in sizes:
                    entry = run_size(
                        args,
                        size,
                        results,
                        graph,
                        driver,
                        target.database,
                        service,
                        paths,
                        results["sizes"],
                        began,
                    )
                    results["sizes"].append(entry)
                    write_partial(results, args.results)
                    if entry.get("imported"):
                        previous = entry
                    gc.collect()
                results["load"] = run_load(
                    args, results, service, paths, previous, driver, target, Path(logs)
                )
                results["service_memory_kib"] = service.memory_kib()
                say(f"Service peak RSS: {results['service_memory_kib']['VmHWM'] / 1024:.0f} MiB")
        finally:
            driver.close()
    results["total_seconds"] = round(time.monotonic() - began, 1)
    results["goals"] = report.goals(results)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"run-{stamp}.json", "latest.json"):
        (args.results / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.results / "partial.json").unlink(missing_ok=True)
    report.plots(results, args.results)
    report.write_markdown(results, PROJECT_ROOT / "BENCHMARKS.md")
    say("")
    for line in report.goal_lines(results["goals"]):
        say(line)
    say(
        f"Total time {results['total_seconds']:.0f} s. Results: {args.results}/latest.json, "
        "BENCHMARKS.md"
    )
    return 0


def run_size(
    args: argparse.Namespace,
    size: int,
    results: dict[str, Any],
    graph: Graph,
    driver: Any,
    database: str,
    service: environment.Service,
    paths: set[str],
    history: list[dict[str, Any]],
    began: float,
) -> dict[str, Any]:
    say(f"\n=== {size:,} elements ===")
    entry: dict[str, Any] = {"elements": size, "imported": False}
    start = time.perf_counter()
    plan = synthesize(size, args.seed)
    entry["generate_seconds"] = round(time.perf_counter() - start, 2)
    bundle = plan.bundle
    entry["links"] = len(bundle["links"])
    entry["planted_gaps"] = plan.manifest.counts()
    with tempfile.TemporaryDirectory(prefix="rbmtrace-bench-synth-") as tmp:
        start = time.perf_counter()
        entry["bundle_json_bytes"] = write_bundle_json(bundle, Path(tmp) / "plan.json")
        entry["write_json_seconds"] = round(time.perf_counter() - start, 2)
    say(
        f"  generated {size:,} elements and {entry['links']:,} links in "
        f"{entry['generate_seconds']} s (JSON {entry['bundle_json_bytes'] / 1e6:.0f} MB in "
        f"{entry['write_json_seconds']} s)"
    )

    # 1. import. Estimates from the sizes before decide what fits in the time budget.
    elapsed = time.monotonic() - began
    reserve = args.load_seconds + 90  # the concurrency run, the report, stopping
    items = size + entry["links"]
    raw_estimate = estimate(history, "raw_unwind", items)
    latency_estimate = estimate(history, "latency", items)
    gaps_estimate = estimate(history, "gaps", items)
    project_estimate = estimate(history, "project", items)
    entry["estimates_seconds"] = {
        "raw_unwind": raw_estimate,
        "latency": latency_estimate,
        "gaps": gaps_estimate,
        "project": project_estimate,
    }
    must = (raw_estimate or 0) + (gaps_estimate or 0)
    if elapsed + must + reserve > args.budget_seconds:
        skip(
            results,
            f"import and queries at {size:,} elements",
            f"the raw load and the gap run would take about {must:.0f} s (extrapolated from "
            f"the smaller sizes); {elapsed:.0f} s of the {args.budget_seconds:.0f} s budget are "
            "used. Generation was measured. To measure this size on its own: "
            f"`.venv/bin/python -m bench.run --sizes {size} --budget-seconds 100000`.",
        )
        return entry

    start = time.perf_counter()
    import_throughput.clear(driver, database)
    entry["clear_seconds"] = round(time.perf_counter() - start, 2)
    rows, row_seconds = import_throughput.per_row_sample(driver, database, bundle)
    per_row = {
        "rows": rows,
        "seconds": round(row_seconds, 3),
        "items_per_s": round(rows / row_seconds, 1),
    }
    entry["import"] = {"per_row": per_row}
    if args.profile and size == 10_000:
        entry["import_profile"] = profile_import(graph, driver, database, bundle, args.results)
    elapsed = time.monotonic() - began
    if size > args.project_max_elements:
        skip(
            results,
            f"project import at {size:,} elements",
            f"larger than --project-max-elements ({args.project_max_elements:,}). The graph "
            "for the queries is loaded by the raw UNWIND path (the same rows).",
        )
    elif project_estimate is not None and (
        elapsed + project_estimate + must + reserve > args.budget_seconds
    ):
        skip(
            results,
            f"project import at {size:,} elements",
            f"estimated {project_estimate:.0f} s (fitted to the smaller sizes, which grow "
            f"faster than linearly); it does not fit in the {args.budget_seconds:.0f} s budget "
            "with the rest. The graph for the queries is loaded by the raw UNWIND path "
            "(the same rows).",
        )
    else:
        import_throughput.clear(driver, database)
        start = time.perf_counter()
        try:
            (name, project_seconds, _), peak_mib = import_throughput.peak_rss_during(
                lambda: import_throughput.project_import(graph, bundle)
            )
        except Exception as exc:  # recorded and reported; the run goes on with the raw load
            failed_after = time.perf_counter() - start
            entry["import"]["project_failed"] = f"{type(exc).__name__}: {exc}"[:600]
            skip(
                results,
                f"project import at {size:,} elements",
                f"it FAILED after {failed_after:.0f} s: {entry['import']['project_failed']}",
            )
        else:
            project = import_throughput.throughput(size, entry["links"], project_seconds)
            project["peak_mib"] = peak_mib
            entry["import"].update(path=name, project=project)
            say(
                f"  import: project {project['items_per_s']:,.0f} items/s ({project_seconds:.1f} s)"
            )
    if size <= args.bulk_max:  # `rbmtrace import --bulk`, into a local instance of its own
        bulk_seconds, bulk_peak, _ = import_throughput.bulk_import_timed(bundle)
        bulk = import_throughput.throughput(size, entry["links"], bulk_seconds)
        entry["import"]["bulk"] = {**bulk, "peak_mib": bulk_peak}
        say(f"  import: bulk {bulk['items_per_s']:,.0f} items/s ({bulk_seconds:.1f} s)")
    import_throughput.clear(driver, database)
    raw_seconds = import_throughput.raw_unwind(driver, database, bundle)
    raw = import_throughput.throughput(size, entry["links"], raw_seconds)
    import_throughput.await_indexes(driver, database)  # before any query is timed
    entry["import"]["raw_unwind"] = raw
    entry["imported"] = True
    say(
        f"  import: raw UNWIND {raw['items_per_s']:,.0f} items/s ({raw_seconds:.1f} s), "
        f"per-row {per_row['items_per_s']:,.0f} rows/s (sample of {rows}); the graph now "
        "holds the plan as the raw path wrote it"
    )

    # 2. latency over HTTP against the raw driver (when it fits), 3. the full gap run
    subjects = pick_subjects(bundle)
    entry["subjects"] = subjects
    entry["latency"] = {}
    elapsed = time.monotonic() - began
    with query_latency.KeepAliveClient(service.base_url, timeout=300) as client:
        started = time.perf_counter()
        if latency_estimate is not None and (
            elapsed + latency_estimate + (gaps_estimate or 0) + reserve > args.budget_seconds
        ):
            skip(
                results,
                f"latency workloads at {size:,} elements",
                f"estimated {latency_estimate:.0f} s; with the gap run it does not fit in the "
                f"{args.budget_seconds:.0f} s budget ({elapsed:.0f} s used). The gap run is "
                "measured at this size.",
            )
        else:
            measure_latency(results, entry, size, subjects, client, driver, database, paths)
        entry["latency_seconds"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        entry["gaps"] = gap_run(
            results, size, client, driver, database, paths, entry["planted_gaps"]
        )
        entry["gaps_seconds"] = round(time.perf_counter() - started, 1)
        entry["linkage_report"] = report_generation.report_run(size, client, paths)
    started = time.perf_counter()
    if size > args.equality_max:
        skip(
            results,
            f"budget figures before/after the rewrite at {size:,} elements",
            f"larger than --equality-max ({args.equality_max:,}); to compare at this size: "
            f"`.venv/bin/python -m bench.run --sizes {size} --equality-max {size}`.",
        )
        entry["budget_equality"] = {
            "compared": False,
            "reason": f"larger than --equality-max ({args.equality_max:,})",
        }
    else:
        entry["budget_equality"] = budget_equality.compare(graph)
    say(
        "  budget figures before/after the rewrite: "
        + (
            ("EQUAL" if entry["budget_equality"]["equal"] else "DIFFERENT")
            + f" at every level ({time.perf_counter() - started:.0f} s)"
            if entry["budget_equality"]["compared"]
            else "not compared: " + entry["budget_equality"]["reason"]
        )
    )
    if size <= VERSIONS_MAX:
        entry["versions"] = versions.versions_run(graph, driver, database, size)
    # last: it stamps the links and rewords 1% of the outcomes
    entry["suspects"] = suspects.suspect_workload(graph, driver, database)
    say(
        "  suspects: "
        + ", ".join(
            f"{title} x{entry['suspects'][title]['p50_ratio']} of raw"
            for title in SUSPECT_TIMINGS
            if title in entry["suspects"]
        )
    )
    entry["service_memory_kib"] = service.memory_kib()
    return entry


SUSPECT_TIMINGS = ("suspect_links page (with impact)", "suspect summary", "suspect_link gap check")


def measure_latency(
    results: dict[str, Any],
    entry: dict[str, Any],
    size: int,
    subjects: dict[str, str],
    client: query_latency.KeepAliveClient,
    driver: Any,
    database: str,
    paths: set[str],
) -> None:
    repeats = 50 if size <= 10_000 else 30 if size <= 100_000 else 10
    for work in query_latency.workloads():
        subject = subjects.get(work.subject_type) if work.subject_type else None
        measure: dict[str, Any] = {"title": work.title, "subject": subject}
        http_path = query_latency.ref_path(work.path, subject)
        if not query_latency.served(paths, work.path):
            skip(
                results,
                f"HTTP {work.title} at {size:,}",
                f"GET {work.path} is not in the service's OpenAPI yet",
            )
        missing = query_latency.missing_queries(work.queries)
        if missing:
            skip(
                results,
                f"raw {work.title} at {size:,}",
                "no Cypher file " + ", ".join(f"cypher/{m}.cypher" for m in missing),
            )
        elif query_latency.served(paths, work.path):
            # HTTP and raw calls alternate, so both see the same conditions
            http_samples, raw_samples = query_latency.time_pairs(
                query_latency.http_call(client, http_path, work.http_params),
                query_latency.raw_call(driver, database, work.raw_queries(subject)),
                repeats,
            )
            measure["http"] = query_latency.percentiles(http_samples)
            measure["raw"] = query_latency.percentiles(raw_samples)
            # the same request repeated with no write in between: the read cache's answer
            cached = query_latency.http_call(client, http_path, work.http_params, cold=False)
            measure["http_cached"] = query_latency.percentiles(
                query_latency.time_calls(cached, repeats, warmup=1)
            )
        if "http" in measure and "raw" in measure:
            measure["p50_ratio"] = round(measure["http"]["p50_ms"] / measure["raw"]["p50_ms"], 2)
        if "http" in measure or "raw" in measure:
            entry["latency"][work.key] = measure
            say(
                "  {:<36} HTTP p50 {:>9} ms   raw p50 {:>9} ms   ratio {}   repeated {} ms".format(
                    work.title,
                    measure.get("http", {}).get("p50_ms", "-"),
                    measure.get("raw", {}).get("p50_ms", "-"),
                    measure.get("p50_ratio", "-"),
                    measure.get("http_cached", {}).get("p50_ms", "-"),
                )
            )


def write_partial(results: dict[str, Any], out_dir: Path) -> None:
    """What is measured so far, so an interrupted run still leaves its numbers."""
    (out_dir / "partial.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def warm_up(graph: Graph, driver: Any, database: str) -> None:
    """Plan and compile every import statement once, so the first size is not all planning."""
    say("Warming up (a small plan through each import path) ...")
    bundle = synthesize(MINIMUM_ELEMENTS, 1).bundle
    import_throughput.clear(driver, database)
    import_throughput.project_import(graph, bundle)
    import_throughput.clear(driver, database)
    import_throughput.raw_unwind(driver, database, bundle)
    import_throughput.clear(driver, database)
    import_throughput.per_row_sample(driver, database, bundle, size=50)
    import_throughput.clear(driver, database)


#: Growth exponent assumed from a single size: imports of the project path have grown faster
#: than linearly (see BENCHMARKS.md); the raw path is linear; the query workloads run a fixed
#: number of requests, each growing with the part of the graph it reads.
_SINGLE_POINT_EXPONENT = {"project": 1.5, "raw_unwind": 1.0, "latency": 0.7, "gaps": 1.0}
#: Least growth assumed: a write of n items is at least linear.
_LEAST_EXPONENT = {"project": 1.0, "raw_unwind": 1.0, "latency": 0.3, "gaps": 0.5}


def estimate(history: list[dict[str, Any]], what: str, items: int) -> float | None:
    """Seconds `what` would take for `items`, fitted (t = a n^k) to the two largest sizes."""
    points = []
    for entry in history:
        if not entry.get("imported"):
            continue
        if what in ("latency", "gaps"):
            seconds = entry.get(f"{what}_seconds")
        else:
            seconds = (entry.get("import") or {}).get(what, {}).get("seconds")
        if seconds:
            points.append((entry["elements"] + entry["links"], float(seconds)))
    if not points:
        return None
    if len(points) == 1:
        (n, t), k = points[0], _SINGLE_POINT_EXPONENT[what]
    else:
        (n0, t0), (n, t) = points[-2], points[-1]
        k = min(2.5, max(_LEAST_EXPONENT[what], math.log(t / t0) / math.log(n / n0)))
    return round(t * (items / n) ** k, 1)


def pick_subjects(bundle: dict[str, Any]) -> dict[str, str]:
    """A typical (clean, middle-cycle) element of each type the workloads start from."""
    sections = sorted(
        {
            e["source"]["section"]
            for e in bundle["elements"]
            if e["source"]["section"].startswith("Cycle ")
        }
    )
    middle = sections[len(sections) // 2]
    subjects: dict[str, str] = {}
    for element in bundle["elements"]:
        if element["source"]["section"] == middle and element["type"] not in subjects:
            subjects[element["type"]] = element["id"]
    return subjects


def gap_run(
    results: dict[str, Any],
    size: int,
    client: query_latency.KeepAliveClient,
    driver: Any,
    database: str,
    paths: set[str],
    planted: dict[str, int],
) -> dict[str, Any]:
    """The full gap analysis over HTTP, and each check's query through the raw driver."""
    out: dict[str, Any] = {}
    if query_latency.served(paths, "/api/v1/gaps"):
        call = query_latency.http_call(client, "/api/v1/gaps", {})
        samples = query_latency.time_calls(call, 5, warmup=1, budget_seconds=20, least=2)
        out["http_seconds"] = round(statistics.median(samples), 3)
        out["http_samples"] = [round(x, 3) for x in samples]
    else:
        skip(results, f"HTTP full gap run at {size:,}", "GET /api/v1/gaps is not served yet")
    checks = query_latency.gap_checks()
    if not checks:
        skip(results, f"raw full gap run at {size:,}", "the gap catalogue (app.gaps) is not there")
        return out
    per_check: dict[str, float] = {}
    findings: dict[str, int] = {}
    for check_id, query, params in checks:
        if query_latency.missing_queries([(query, params)]):
            skip(results, f"raw gap check {check_id} at {size:,}", f"no cypher/{query}.cypher")
            continue
        call = query_latency.raw_call(driver, database, [(query, params)])
        start = time.perf_counter()
        rows = call()
        first = time.perf_counter() - start
        findings[check_id] = len(rows[0])  # type: ignore[index]
        repeats = 3 if first < 2 else 1
        samples = query_latency.time_calls(call, repeats, warmup=0)
        per_check[check_id] = round(statistics.median(samples), 4)
    out["raw_seconds"] = round(sum(per_check.values()), 3)
    out["raw_per_check_seconds"] = dict(sorted(per_check.items(), key=lambda kv: -kv[1]))
    out["raw_findings"] = findings
    mismatched = {
        k: {"found": findings.get(k, 0), "planted": n}
        for k, n in planted.items()
        if findings.get(k, 0) != n
    }
    mismatched.update(
        {k: {"found": n, "planted": 0} for k, n in findings.items() if k not in planted and n}
    )
    out["findings_match_planted"] = not mismatched
    out["findings_not_as_planted"] = mismatched
    slowest = list(out["raw_per_check_seconds"].items())[:3]
    say(
        f"  full gap run: HTTP {out.get('http_seconds', '-')} s, raw {out['raw_seconds']} s "
        f"({len(per_check)} checks; slowest {slowest}); findings "
        + ("match the planted gaps" if not mismatched else f"DIFFER from planted: {mismatched}")
    )
    return out


def run_load(
    args: argparse.Namespace,
    results: dict[str, Any],
    service: environment.Service,
    paths: set[str],
    largest: dict[str, Any] | None,
    driver: Any,
    target: Any,
    log_dir: Path,
) -> dict[str, Any] | None:
    """`--clients` concurrent clients on outputs-serving-a-priority (not a cached path):
    over HTTP with 1 worker, with 2 workers, and the same clients on the raw driver."""
    work = query_latency.workloads()[0]
    if largest is None:
        skip(results, "concurrency", "no size was imported")
        return None
    if not query_latency.served(paths, work.path):
        skip(results, "concurrency", f"GET {work.path} is not served yet")
        return None
    # the graph holds the largest imported plan; its subjects are those of that plan
    subject = largest["subjects"]["ThematicPriority"]
    path = query_latency.ref_path(work.path, subject)
    say(
        f"\n=== {args.clients} concurrent clients for {args.load_seconds:.0f} s on {path} "
        f"({largest['elements']:,} elements) ==="
    )
    neo4j_pid = target.local.pid() if target.local is not None else None

    def measured(service_group: int | None, phase: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """One phase's figures, with the CPU that Neo4j (when managed here), the service's
        processes and this process (the clients) spent during it: where the 2 cores went."""
        sources = {"neo4j": lambda: cpu.process_seconds(neo4j_pid)}
        if service_group is not None:
            sources["service"] = lambda: cpu.group_seconds(service_group)
        sources["clients"] = cpu.own_seconds
        with cpu.accounted(sources) as account:
            figures = phase()
        per_request = cpu.per_request_ms(account, figures["requests_ok"])
        figures["cpu"] = account | {"ms_per_request": per_request}
        return figures

    seconds = args.load_seconds
    load = measured(
        service.pid,
        lambda: query_latency.concurrent_load(service.base_url, path, args.clients, seconds),
    )
    load["elements"] = largest["elements"]
    load["workers"] = 1
    queries = work.raw_queries(subject)
    raw = load["raw"] = measured(
        None,
        lambda: query_latency.raw_load(driver, target.database, queries, args.clients, seconds),
    )
    # the HTTP stack alone (no database call): the most this machine serves over HTTP
    load["http_only"] = measured(
        service.pid,
        lambda: query_latency.concurrent_load(service.base_url, "/health", args.clients, seconds),
    )
    with environment.running_service(target, log_dir, workers=2) as two:
        query_latency.concurrent_load(two.base_url, path, args.clients, 3)  # warm both workers
        load["two_workers"] = measured(
            two.pid,
            lambda: query_latency.concurrent_load(two.base_url, path, args.clients, seconds),
        )
    for key, figures in (("ratio_to_raw", load), ("two_workers_ratio_to_raw", load["two_workers"])):
        load[key] = round(figures["requests_per_s"] / raw["requests_per_s"], 2)
    say(
        f"  HTTP 1 worker {load['requests_per_s']} requests/s ({load['errors']} errors, "
        f"p50 {load['latency']['p50_ms'] if load['latency'] else '-'} ms); HTTP 2 workers "
        f"{load['two_workers']['requests_per_s']} requests/s; raw driver "
        f"{raw['requests_per_s']} requests/s; ratios {load['ratio_to_raw']} / "
        f"{load['two_workers_ratio_to_raw']}; GET /health (no database) "
        f"{load['http_only']['requests_per_s']} requests/s"
    )
    return load


def profile_import(
    graph: Graph, driver: Any, database: str, bundle: dict[str, Any], results_dir: Path
) -> dict[str, Any] | None:
    try:
        from pyinstrument import Profiler
    except ImportError:
        say("  (pyinstrument not installed: no import profile)")
        return None
    import_throughput.clear(driver, database)
    profiler = Profiler(interval=0.005)
    profiler.start()
    import_throughput.project_import(graph, bundle)
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    path = results_dir / "import-profile-10k.txt"
    path.write_text(text, encoding="utf-8")
    say(f"  import profile (pyinstrument) written to {path}")
    return {"file": path.name}


if __name__ == "__main__":
    sys.exit(main())
