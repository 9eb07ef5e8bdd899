"""Import throughput: the project's import path against raw-driver UNWIND and per-row writes.

The raw baselines send the same rows (the stored form `app.bundles.store` derives) into
the emptied database as plain parameterised `CREATE` statements whose labels and
relationship types come from the metamodel's lists: `UNWIND` batches grouped by type, each
batch its own transaction; and, on a small sample, one transaction per row. (The project's
importer also CREATEs what is new, after validating the bundle and reading what is
stored, and records a change event per item, all in one transaction.)

The bulk path (`rbmtrace import --bulk`, `app.bundles.bulk_load`) needs a local Neo4j it
may stop: `bulk_import` runs it into a new instance of its own, and its time includes the
offline importer, the server's start, the schema and its indexes.

Peak memory is the Python process's peak resident set during the import alone
(`peak_rss_during`: Linux's VmHWM, reset before through /proc/self/clear_refs); for the
bulk path, that of the process of its own that reads the bundle from a file, as
`rbmtrace import --bulk plan.json` does.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, ManagedTransaction

from app import metamodel
from app.bundles import codec, store
from app.bundles.importer import ImportOptions, import_bundle
from app.core.config import Settings
from app.db.graph import Graph
from app.local_neo4j.server import free_port

T = TypeVar("T")

RAW_BATCH = 10_000
PER_ROW_SAMPLE = 150


def element_statement(type_name: str) -> LiteralString:
    """CREATE one batch of elements of one type; the label comes from the metamodel's list."""
    if type_name not in metamodel.ELEMENT_TYPE_NAMES:
        raise ValueError(f"not an element type of the metamodel: {type_name}")
    text = "UNWIND $rows AS row CREATE (e:Element:" + type_name + ") SET e = row.props"
    return text  # mypy reads LiteralString as str; the text is built from the metamodel


def link_statement(rel: str) -> LiteralString:
    """CREATE one batch of links of one type; the type comes from the metamodel's list."""
    if rel not in metamodel.RELATIONSHIP_TYPE_NAMES:
        raise ValueError(f"not a relationship type of the metamodel: {rel}")
    text = (
        "UNWIND $rows AS row MATCH (a:Element {id: row.from}) MATCH (b:Element {id: row.to}) "
        "CREATE (a)-[r:" + rel + "]->(b) SET r = row.props"
    )
    return text  # mypy reads LiteralString as str; the text is built from the metamodel


def clear(driver: Driver, database: str) -> None:
    """Delete everything in batches: the relationships first, then the nodes, so that no
    transaction holds a plan node with its hundred thousand CONTAINS links."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def await_indexes(driver: Driver, database: str, seconds: int = 600) -> None:
    """Wait until every index (the full-text one is filled in the background after a bulk
    write) is online."""
    with driver.session(database=database) as session:
        session.run("CALL db.awaitIndexes($seconds)", seconds=seconds).consume()


def raw_unwind(driver: Driver, database: str, bundle: Mapping[str, Any]) -> float:
    """Seconds to write the bundle with plain UNWIND batches (rows prepared inside the time)."""
    start = time.perf_counter()
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in codec.element_rows(bundle["elements"]):
        by_type[row["type"]].append({"id": row["id"], "props": row["props"]})
    by_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in codec.link_rows(bundle["links"]):
        by_rel[row["type"]].append({"from": row["from"], "to": row["to"], "props": row["props"]})
    with driver.session(database=database) as session:
        for type_name, rows in by_type.items():
            statement = element_statement(type_name)
            for batch in store.batches(rows, RAW_BATCH):
                session.execute_write(_run, statement, list(batch))
        for rel, rows in by_rel.items():
            statement = link_statement(rel)
            for batch in store.batches(rows, RAW_BATCH):
                session.execute_write(_run, statement, list(batch))
    return time.perf_counter() - start


def _run(tx: ManagedTransaction, statement: LiteralString, rows: list[dict[str, Any]]) -> None:
    tx.run(statement, rows=rows).consume()


def per_row_sample(
    driver: Driver, database: str, bundle: Mapping[str, Any], size: int = PER_ROW_SAMPLE
) -> tuple[int, float]:
    """(rows, seconds) writing a sample of elements and their links one transaction per row."""
    elements = bundle["elements"][:size]
    ids = {e["id"] for e in elements}
    links = [lk for lk in bundle["links"] if lk["from"] in ids and lk["to"] in ids][:size]
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for row in codec.element_rows(elements):
            statement = element_statement(row["type"])
            session.execute_write(_run, statement, [{"id": row["id"], "props": row["props"]}])
        for row in codec.link_rows(links):
            statement = link_statement(row["type"])
            session.execute_write(
                _run, statement, [{"from": row["from"], "to": row["to"], "props": row["props"]}]
            )
    return len(elements) + len(links), time.perf_counter() - start


def project_import_path() -> tuple[str, Callable[[Graph, Mapping[str, Any]], object]]:
    """The project's import: its one door, with the default settings' limits (as `make run`
    has them unless the environment says otherwise)."""
    options = ImportOptions.from_settings(Settings(_env_file=None), who="bench")  # type: ignore[call-arg]
    return "app.bundles.importer.import_bundle", lambda graph, bundle: import_bundle(
        graph, bundle, options
    )


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key == field:
            return int(value.split()[0])
    raise RuntimeError(f"/proc/self/status has no {field}")


def peak_rss_during(work: Callable[[], T]) -> tuple[T, float]:
    """(what `work` returns, the process's peak resident memory while it ran, MiB).
    Linux: VmHWM is reset to the current size first (writing 5 to /proc/self/clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")
    result = work()
    return result, round(_status_kib("VmHWM") / 1024, 1)


def project_import(graph: Graph, bundle: Mapping[str, Any]) -> tuple[str, float, object]:
    """(which path, seconds, its report) for importing the bundle the project's way."""
    name, function = project_import_path()
    start = time.perf_counter()
    report = function(graph, bundle)
    return name, time.perf_counter() - start, report


def bulk_settings(instance_dir: Path, heap: str, pagecache: str) -> Settings:
    """A new local instance on free ports, never NEO4J_URI (the bulk path refuses it)."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        neo4j_uri=None,
        local_instance_dir=instance_dir,
        local_bolt_port=free_port(),
        local_http_port=free_port(),
        local_heap=heap,
        local_pagecache=pagecache,
    )


def bulk_import_timed(
    bundle: Mapping[str, Any], heap: str = "2g", pagecache: str = "1g"
) -> tuple[float, float, object]:
    """(seconds, peak MiB, report) of `rbmtrace import --bulk`'s function loading the bundle,
    as the CLI does: from a JSON file, in a Python process of its own (so that the peak is
    the import's, not this process's copy of the bundle), into a new local instance
    (deleted afterwards). Writing the file is not timed; the seconds are the child's time
    in `bulk_import`, and the peak its VmHWM (the offline importer's JVM apart)."""
    with tempfile.TemporaryDirectory(prefix="rbmtrace-bench-bulk-") as tmp:
        path = Path(tmp) / "plan.json"
        with path.open("w", encoding="utf-8") as handle:
            json.dump(bundle, handle)
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                _BULK_CHILD,
                str(path),
                str(Path(tmp) / "instance"),
                heap,
                pagecache,
            ],
            cwd=Path(__file__).resolve().parent.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the bulk load failed: {done.stderr.strip()[-1500:]}")
        result = json.loads(done.stdout.strip().splitlines()[-1])
        return result["seconds"], result["peak_mib"], result["report"]


#: The child process of bulk_import_timed: argv = bundle file, instance folder, heap, pagecache.
_BULK_CHILD = """
import json, sys, time
from pathlib import Path
from app.bundles.bulk_load import bulk_import, peak_rss_mib
from app.bundles.importer import NO_SIZE_LIMIT, ImportOptions
from bench.import_throughput import bulk_settings
path, instance, heap, pagecache = sys.argv[1:5]
settings = bulk_settings(Path(instance), heap, pagecache)
options = ImportOptions.from_settings(settings, who="bench", max_bytes=NO_SIZE_LIMIT)
Path("/proc/self/clear_refs").write_text("5")
start = time.perf_counter()
report = bulk_import(settings, [Path(path)], options, lambda line: print(line, file=sys.stderr))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mib": round(peak_rss_mib(), 1),
                  "report": report.model_dump()}))
"""


def throughput(elements: int, links: int, seconds: float) -> dict[str, float]:
    return {
        "seconds": round(seconds, 3),
        "elements_per_s": round(elements / seconds, 1),
        "links_per_s": round(links / seconds, 1),
        "items_per_s": round((elements + links) / seconds, 1),
    }
