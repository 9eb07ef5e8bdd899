"""Profiles (pyinstrument) of the paths that miss a goal: the import, and each endpoint.

Loads a synthetic plan into a managed local Neo4j, then profiles in this process:
- `import_bundle` of the plan (after clearing);
- each benchmark endpoint called through FastAPI's TestClient (no network), so the
  profile shows the service's own time: reference resolution, queries, the Python that
  shapes rows into pydantic models, and JSON serialisation.

    .venv/bin/python -m bench.profile_paths --elements 10000

Text profiles go to `bench/results/profiles/`. Not part of `make bench`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fastapi.testclient import TestClient
from pyinstrument import Profiler

from app.api.main import create_app
from app.core.config import Settings
from app.db.graph import Graph, create_driver
from app.db.schema import apply_schema
from app.synth import generate
from bench import environment, import_throughput, query_latency
from bench.run import RESULTS, pick_subjects


def profile_to(path: Path, profiler: Profiler) -> None:
    path.write_text(profiler.output_text(unicode=False, color=False), encoding="utf-8")
    print(f"  wrote {path}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--elements", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=30)
    args = parser.parse_args()
    out = RESULTS / "profiles"
    out.mkdir(parents=True, exist_ok=True)
    bundle = generate(args.elements, 42)
    subjects = pick_subjects(bundle)
    with environment.managed_neo4j("3g", "2g") as target:
        driver = create_driver(target.uri, target.auth, environment.bench_settings("1g", "1g"))
        graph = Graph(driver, target.database)
        apply_schema(graph)
        try:
            import_throughput.clear(driver, target.database)
            profiler = Profiler(interval=0.002)
            with profiler:
                import_throughput.project_import(graph, bundle)
            profile_to(out / f"import-{args.elements}.txt", profiler)

            settings = Settings(  # type: ignore[call-arg]
                _env_file=None,
                neo4j_uri=target.uri,
                neo4j_user=target.auth[0],
                neo4j_password=target.auth[1],
                neo4j_database=target.database,
            )
            with TestClient(create_app(settings)) as client:
                for work in query_latency.workloads():
                    subject = subjects.get(work.subject_type) if work.subject_type else None
                    path = query_latency.ref_path(work.path, subject)
                    client.get(path, params=work.http_params).raise_for_status()
                    profiler = Profiler(interval=0.001)
                    with profiler:
                        for _ in range(args.calls):
                            client.get(path, params=work.http_params).raise_for_status()
                    profile_to(out / f"{work.key}-{args.elements}.txt", profiler)
                client.get("/api/v1/gaps").raise_for_status()
                profiler = Profiler(interval=0.002)
                with profiler:
                    client.get("/api/v1/gaps").raise_for_status()
                profile_to(out / f"gaps-{args.elements}.txt", profiler)
        finally:
            driver.close()


if __name__ == "__main__":
    main()
