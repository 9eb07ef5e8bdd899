"""Profiles (pyinstrument) of the paths that miss a goal: the import, and each endpoint.

Loads a synthetic plan into a managed local Neo4j, then profiles in this process:
- `import_bundle` of the plan (after clearing);
- the service function behind each benchmark endpoint, with the JSON serialisation of
  its response model: reference resolution, queries, the Python that shapes rows into
  pydantic models (what HTTP adds on top is FastAPI, validation of the response model
  and uvicorn).

    .venv/bin/python -m bench.profile_paths --elements 10000

Text profiles go to `bench/results/profiles/`. Not part of `make bench`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pyinstrument import Profiler

from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.synth import generate
from bench import environment, import_throughput
from bench.run import RESULTS, pick_subjects


def profile_to(path: Path, profiler: Profiler) -> None:
    path.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    print(f"  wrote {path}", flush=True)


def service_calls(graph: Graph, subjects: dict[str, str]) -> dict[str, Callable[[], str]]:
    """What each endpoint does in the service, including the JSON serialisation of its model."""
    from app.gaps.engine import run_gaps
    from app.traversal.budget import budget_rollup
    from app.traversal.impact import impact_of_removal
    from app.traversal.outputs import outputs_serving
    from app.traversal.results_chain import Direction
    from app.traversal.trace import trace

    return {
        "outputs_serving_priority": lambda: outputs_serving(
            graph, subjects["ThematicPriority"]
        ).model_dump_json(),
        "trace_up": lambda: trace(graph, subjects["Output"], Direction.up).model_dump_json(),
        "trace_down": lambda: trace(graph, subjects["Goal"], Direction.down).model_dump_json(),
        "impact": lambda: impact_of_removal(graph, subjects["Outcome"]).model_dump_json(),
        "budget_by_priority": lambda: budget_rollup(graph, "ThematicPriority").model_dump_json(),
        "gaps": lambda: run_gaps(graph).model_dump_json(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    out = RESULTS / "profiles"
    out.mkdir(parents=True, exist_ok=True)
    bundle = generate(args.elements, 42)
    subjects = pick_subjects(bundle)
    with environment.managed_neo4j("6g", "2g") as target:
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        graph = Graph(driver, target.database)
        apply_schema(graph)
        try:
            import_throughput.clear(driver, target.database)
            profiler = Profiler(interval=0.002)
            with profiler:
                import_throughput.project_import(graph, bundle)
            profile_to(out / f"import-{args.elements}.txt", profiler)

            # the same plan, written the fast way, for the endpoint profiles
            import_throughput.clear(driver, target.database)
            import_throughput.raw_unwind(driver, target.database, bundle)
            for key, call in service_calls(graph, subjects).items():
                call()  # plan and cache the queries first
                profiler = Profiler(interval=0.001)
                with profiler:
                    for _ in range(1 if key == "gaps" else args.calls):
                        call()
                profile_to(out / f"{key}-{args.elements}.txt", profiler)
        finally:
            driver.close()


if __name__ == "__main__":
    main()
