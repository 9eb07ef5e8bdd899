"""`rbmtrace import --bulk` at one size: each phase's time, the total and the peak memory.

    .venv/bin/python -m bench.bulk_load --elements 1000000     (make bench-bulk)

Generates the synthetic plan with `rbmtrace synth` (seed 42; kept in `--workdir` and
reused by the next run of the same size and seed), then runs `rbmtrace import --bulk PLAN`
in a process of its own into a new local instance on free loopback ports (deleted
afterwards; the command stops the server it started). Prints the command's phases as it
runs (`app.bundles.bulk_load.Phases`), then a table: each phase's seconds, the wall time of
the whole command (Python's start included) and the peak resident memory of its Python
process (Linux VmHWM, read as it ends; the JVMs of the server and of neo4j-admin are
processes of their own and not counted).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from app.local_neo4j.server import free_port

ROOT = Path(__file__).resolve().parent.parent
#: A phase line of `Phases`: "  name: 1.2 s (total 3.4 s, peak memory 567 MiB)" (may wrap).
PHASE = re.compile(r"^\s+(?P<name>.+): (?P<seconds>[\d.]+) s \(total [\d.]+ s,")
PEAK = re.compile(r"^peak resident memory of the command: (?P<mib>[\d.]+) MiB$")


def make_plan(elements: int, seed: int, workdir: Path) -> Path:
    plan = workdir / f"plan-{elements}-seed{seed}.json"
    if plan.exists():
        print(f"Reusing {plan} ({plan.stat().st_size:,} bytes).")
        return plan
    print(f"Generating {plan} with rbmtrace synth ...", flush=True)
    partial = plan.with_suffix(".partial.json")
    synth = str(Path(sys.executable).with_name("rbmtrace"))
    subprocess.run(
        [synth, "synth", "-n", str(elements), "-s", str(seed), "-o", str(partial)], check=True
    )
    partial.rename(plan)
    return plan


def run_bulk(plan: Path, workdir: Path, heap: str | None, pagecache: str | None) -> int:
    """Run the command in a process of its own; print its output and a table; exit code."""
    instance = Path(tempfile.mkdtemp(prefix="instance-", dir=workdir))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")
    }
    env.update(
        RBMTRACE_LOCAL_INSTANCE_DIR=str(instance / "neo4j"),
        RBMTRACE_LOCAL_BOLT_PORT=str(free_port()),
        RBMTRACE_LOCAL_HTTP_PORT=str(free_port()),
        NEO4J_PASSWORD="bench-bulk-load",  # noqa: S106 - a throwaway instance
        COLUMNS="200",  # the command's lines unwrapped, for the table
    )
    if heap:
        env["RBMTRACE_LOCAL_HEAP"] = heap
    if pagecache:
        env["RBMTRACE_LOCAL_PAGECACHE"] = pagecache
    command = [sys.executable, "-m", "bench.bulk_load", "--child", str(plan)]
    print(f"rbmtrace import --bulk {plan}  (instance {instance})", flush=True)
    phases: list[tuple[str, float]] = []
    peak = None
    start = time.perf_counter()
    try:
        with subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        ) as child:
            assert child.stdout is not None
            for line in child.stdout:
                print(line, end="", flush=True)
                if found := PHASE.match(line):
                    phases.append((found["name"], float(found["seconds"])))
                elif found := PEAK.match(line.strip()):
                    peak = float(found["mib"])
        wall = time.perf_counter() - start
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    if child.returncode != 0:
        print(f"The bulk load failed (exit code {child.returncode}).")
        return child.returncode
    width = max(len(name) for name, _ in phases)
    print()
    print(f"{'phase':<{width}}  seconds")
    for name, seconds in phases:
        print(f"{name:<{width}}  {seconds:7.1f}")
    print(f"{'phases together':<{width}}  {sum(s for _, s in phases):7.1f}")
    print(f"{'the whole command (wall)':<{width}}  {wall:7.1f}")
    print(f"peak RSS of the loading Python process: {peak:,.0f} MiB")
    return 0


def child(plan: Path) -> None:
    """`rbmtrace import --bulk PLAN` in this process, then its peak resident memory."""
    from app.bundles.bulk_load import peak_rss_mib
    from app.cli import cli

    try:
        cli(["import", "--bulk", str(plan)], standalone_mode=False)
    finally:
        print(f"peak resident memory of the command: {peak_rss_mib():.1f} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--elements", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "rbmtrace-bench-bulk",
        help="where the plan is kept and the instance made (default: %(default)s)",
    )
    parser.add_argument("--heap", help="the local server's heap (default: the settings')")
    parser.add_argument("--pagecache", help="its page cache (default: the settings')")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    plan = make_plan(args.elements, args.seed, args.workdir)
    sys.exit(run_bulk(plan, args.workdir, args.heap, args.pagecache))


if __name__ == "__main__":
    main()
