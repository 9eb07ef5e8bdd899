"""`rbmtrace import PLAN` (the online import, not `--bulk`) at one size: the time of the
command's import and the peak resident memory of its Python process, for this build and,
alternated with it, older ones.

    .venv/bin/python -m bench.online_import --elements 100000 --rounds 2 --build base=/tmp/base

Generates the synthetic plan with `rbmtrace synth` (seed 42; kept in `--workdir` and reused,
as `bench.bulk_load` does), or takes `--plan FILE`. Each run is the CLI's import command in a
Python process of its own (`--build LABEL=TREE`: another build's source tree, run with this
virtualenv and PYTHONPATH=TREE, as `bench.compare_services` serves one), into a new local
Neo4j (its own temporary instance, schema applied, stopped and deleted afterwards). The
seconds are the child's time in the command; the peak is its VmHWM read as it ends (Python's
start and imports included; the server's JVM is a process of its own and not counted).
Rounds run the builds in turn: base, now, base, now ... With `--over FILE`, each new Neo4j
is given FILE first (imported by the same build, not measured): an import of updates.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from app import PROJECT_ROOT
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from bench import environment
from bench.bulk_load import make_plan

#: The child process: argv = the plan file. Prints one JSON line last.
_CHILD = """
import json, sys, time
from app.bundles.bulk_load import peak_rss_mib
from app.cli import cli
start = time.perf_counter()
cli(["import", sys.argv[1]], standalone_mode=False)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": round(seconds, 1), "peak_mib": round(peak_rss_mib(), 1)}))
"""


def run_once(
    tree: Path, plan: Path, heap: str, pagecache: str, over: Path | None = None
) -> dict[str, Any]:
    """One import of `plan` by `tree`'s CLI into a new local Neo4j (holding `over` first,
    imported by the same CLI and not measured): {seconds, peak_mib, out}."""
    with environment.managed_neo4j(heap, pagecache, echo=lambda *_: None) as target:
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        try:
            apply_schema(Graph(driver, target.database))
        finally:
            driver.close()
        env = {
            **os.environ,
            "PYTHONPATH": str(tree),
            "NEO4J_URI": target.uri,
            "NEO4J_USER": target.auth[0],
            "NEO4J_PASSWORD": target.auth[1],
            "NEO4J_DATABASE": target.database,
            "COLUMNS": "200",
        }
        for path in [*([over] if over else []), plan]:
            done = subprocess.run(
                [sys.executable, "-c", _CHILD, str(path)],
                cwd=tree,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise RuntimeError(f"the import failed: {done.stderr.strip()[-2000:]}")
    lines = done.stdout.strip().splitlines()
    return {**json.loads(lines[-1]), "out": "\n".join(lines[:-1])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--plan", type=Path, help="a plan file to import (default: synthesised)")
    parser.add_argument(
        "--over", type=Path, help="a plan imported first (not measured), e.g. to measure updates"
    )
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--build",
        action="append",
        default=[],
        metavar="LABEL=TREE",
        help="another build's source tree, run before this one in each round",
    )
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "rbmtrace-bench-online"
    )
    parser.add_argument("--heap", default="4g")
    parser.add_argument("--pagecache", default="2g")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    plan = args.plan or make_plan(args.elements, args.seed, args.workdir)
    builds = [tuple(b.split("=", 1)) for b in args.build] + [("now", str(PROJECT_ROOT))]
    results: list[dict[str, Any]] = []
    for round_number in range(1, args.rounds + 1):
        for label, tree in builds:
            print(f"round {round_number}: {label} ({tree}) imports {plan} ...", flush=True)
            run = run_once(Path(tree), plan, args.heap, args.pagecache, args.over)
            print(run.pop("out"), flush=True)
            run.update(build=label, round=round_number)
            print(json.dumps(run), flush=True)
            results.append(run)
    print()
    print(f"{'build':<8} {'round':>5} {'seconds':>8} {'peak MiB':>9}")
    for run in results:
        print(f"{run['build']:<8} {run['round']:>5} {run['seconds']:>8} {run['peak_mib']:>9,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
