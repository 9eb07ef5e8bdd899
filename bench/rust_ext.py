"""What the driver's Rust extension (`neo4j-rust-ext`) saves: each workload's queries through
the raw driver, with the extension and without it, CPU time of the client per call.

    .venv/bin/python -m bench.rust_ext --size 100000 --calls 20 --rounds 2

One managed local Neo4j (stopped and deleted at the end), one synthetic plan (seed 42)
written with the raw UNWIND path; then, round after round, a Python process of its own per
side calls every workload of `make bench` (`bench.query_latency.workloads`: the named
queries each endpoint runs, as `raw_call` runs them, records turned into dicts) `--calls`
times and reports the CPU seconds it spent (user + system, `time.process_time`: the
decoding of the records is the client's CPU, which other work on the machine changes
little) and the wall seconds. The side without the extension hides `neo4j._rust` from the
import system before the driver is imported, so the driver falls back to its Python
decoder, as it does when the extension is not installed. Not part of `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import PROJECT_ROOT
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.synth import synthesize
from bench import environment, import_throughput
from bench.run import RESULTS, pick_subjects

#: The child process: argv = mode ("rust" or "python"), then a JSON of what it needs.
_CHILD = """
import importlib.abc, json, sys, time
mode, job = sys.argv[1], json.loads(sys.argv[2])
if mode == "python":
    class _Hide(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "neo4j._rust" or name.startswith("neo4j._rust."):
                raise ImportError("hidden: the Python decoder is measured")
            return None
    sys.meta_path.insert(0, _Hide())
from bench import query_latency
from neo4j import GraphDatabase
rust = query_latency.rust_extension()
driver = GraphDatabase.driver(job["uri"], auth=tuple(job["auth"]))
out = {"mode": mode, "rust_extension": rust, "workloads": {}}
try:
    for work in query_latency.workloads():
        subject = job["subjects"].get(work.subject_type) if work.subject_type else None
        call = query_latency.raw_call(driver, job["database"], work.raw_queries(subject))
        call()  # plans cached, connection warm
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(job["calls"]):
            call()
        out["workloads"][work.key] = {
            "cpu_ms": (time.process_time() - cpu) * 1000 / job["calls"],
            "wall_ms": (time.perf_counter() - wall) * 1000 / job["calls"],
        }
finally:
    driver.close()
print(json.dumps(out))
"""


def run_side(mode: str, job: dict[str, Any]) -> dict[str, Any]:
    """One side in a process of its own; its last stdout line is its JSON."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, json.dumps(job)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=PROJECT_ROOT,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    if result["rust_extension"] != (mode == "rust"):
        raise RuntimeError(f"the {mode} side decoded with rust={result['rust_extension']}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--calls", type=int, default=20, help="calls of each workload a side")
    parser.add_argument("--rounds", type=int, default=2, help="rust, python, rust, python ...")
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    bundle = synthesize(args.size, 42).bundle
    subjects = pick_subjects(bundle)
    sides: dict[str, list[dict[str, Any]]] = {"rust": [], "python": []}
    with environment.managed_neo4j(args.heap, args.pagecache) as target:
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        try:
            apply_schema(Graph(driver, target.database))
            import_throughput.raw_unwind(driver, target.database, bundle)
        finally:
            driver.close()
        del bundle
        job = {
            "uri": target.uri,
            "auth": list(target.auth),
            "database": target.database,
            "subjects": subjects,
            "calls": args.calls,
        }
        for round_number in range(1, args.rounds + 1):
            for mode in sides:
                print(f"round {round_number}: {mode} decoder ...", flush=True)
                sides[mode].append(run_side(mode, job))
    keys = list(sides["rust"][0]["workloads"])
    summary: dict[str, Any] = {}
    print(f"\n{'workload':<28} {'CPU ms rust':>12} {'CPU ms python':>14} {'saved':>7}")
    for key in keys:
        cpu = {
            mode: statistics.median(r["workloads"][key]["cpu_ms"] for r in runs)
            for mode, runs in sides.items()
        }
        wall = {
            mode: statistics.median(r["workloads"][key]["wall_ms"] for r in runs)
            for mode, runs in sides.items()
        }
        saved = 1 - cpu["rust"] / cpu["python"] if cpu["python"] else 0.0
        summary[key] = {
            "cpu_ms": {m: round(v, 2) for m, v in cpu.items()},
            "wall_ms": {m: round(v, 2) for m, v in wall.items()},
            "cpu_saved": round(saved, 3),
        }
        print(f"{key:<28} {cpu['rust']:>12.2f} {cpu['python']:>14.2f} {saved:>6.0%}")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or RESULTS / f"rust-ext-{stamp}.json"
    result = {"size": args.size, "calls": args.calls, "rounds": args.rounds, "workloads": summary}
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
