"""Latency over real HTTP against the same Cypher through the raw driver; gap runs; load.

Each workload names the API path (as issues 4 and 5 define it) and the named Cypher file(s)
the endpoint runs. A workload whose endpoint is not in the service's OpenAPI, or whose
Cypher file does not exist yet, is skipped with the reason printed, never silently.
"""

from __future__ import annotations

import asyncio
import http.client
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString
from urllib.parse import quote, urlencode, urlsplit

import httpx
from neo4j import Driver, RoutingControl

from app import PROJECT_ROOT

CYPHER = PROJECT_ROOT / "cypher"


@dataclass
class Workload:
    key: str
    title: str
    #: path under the service, `{ref}` replaced by the subject's id
    path: str
    #: (named Cypher file, parameters) the endpoint runs for one request, in order;
    #: "$subject" in a parameter value stands for the subject's id
    queries: list[tuple[str, dict[str, Any]]]
    subject_type: str | None = None
    http_params: dict[str, Any] = field(default_factory=dict)

    def raw_queries(self, subject: str | None) -> list[tuple[str, dict[str, Any]]]:
        return [
            (name, {k: subject if v == "$subject" else v for k, v in params.items()})
            for name, params in self.queries
        ]


def workloads() -> list[Workload]:
    """The endpoints measured, each with the queries its service function runs.

    The defaults are the service's own (imported), so both sides do the same work; the
    raw side also resolves the reference, as every endpoint does.
    """
    try:
        from app.traversal.impact import DEFAULT_AFFECTED
        from app.traversal.outputs import DEFAULT_OUTPUTS
        from app.traversal.results_chain import DEFAULT_DEPTH
        from app.traversal.trace import DEFAULT_PATHS, MAX_PATHS
    except ImportError:  # traversal not there yet: the queries are skipped as missing
        DEFAULT_AFFECTED = DEFAULT_OUTPUTS = DEFAULT_PATHS = MAX_PATHS = 100
        DEFAULT_DEPTH = 10
    resolve = ("queries/resolve_reference", {"ref": "$subject"})
    depth = {"id": "$subject", "max_depth": DEFAULT_DEPTH}
    return [
        Workload(
            "outputs_serving_priority",
            "outputs serving a priority",
            "/api/v1/priorities/{ref}/outputs",
            [
                resolve,
                (
                    "queries/outputs_serving_priority",
                    {"id": "$subject", "after": "", "limit": DEFAULT_OUTPUTS + 1},
                ),
            ],
            "ThematicPriority",
        ),
        Workload(
            "trace_up",
            "trace up (output to mission)",
            "/api/v1/elements/{ref}/trace",
            [resolve, ("queries/trace_up", {**depth, "limit": DEFAULT_PATHS + 1})],
            "Output",
            http_params={"direction": "up"},
        ),
        Workload(
            "trace_down",
            "trace down (goal to cost objects)",
            "/api/v1/elements/{ref}/trace",
            [resolve, ("queries/trace_down", {**depth, "limit": DEFAULT_PATHS + 1})],
            "Goal",
            http_params={"direction": "down"},
        ),
        Workload(
            "impact",
            "impact (of an outcome)",
            "/api/v1/elements/{ref}/impact",
            [
                resolve,
                ("queries/impact_lost_support", {**depth, "limit": DEFAULT_AFFECTED + 1}),
                ("queries/impact_lost_funding", {**depth, "limit": DEFAULT_AFFECTED + 1}),
                ("queries/trace_up", {**depth, "limit": MAX_PATHS + 1}),
                ("queries/trace_down", {**depth, "limit": MAX_PATHS + 1}),
            ],
            "Outcome",
        ),
        Workload(
            "budget_by_priority",
            "budget by priority",
            "/api/v1/budget",
            [
                ("queries/budget_cost_objects", {}),
                ("queries/budget_chain_links", {}),
                ("queries/budget_elements_of_type", {"type": "ThematicPriority"}),
            ],
            None,
            http_params={"by": "ThematicPriority"},
        ),
        Workload(
            "performance_by_goal",
            "performance by goal",
            "/api/v1/performance",
            [
                ("performance/indicator_values", {"ids": None}),
                ("performance/rollup_children", {}),
            ],
            None,
            http_params={"by": "Goal"},
        ),
    ]


def gap_checks() -> list[tuple[str, str, dict[str, Any]]]:
    """(check id, named Cypher file, parameters) of every check, as the gap engine runs it."""
    try:
        from app.gaps.catalogue import load_catalogue
        from app.gaps.engine import check_parameters
    except ImportError:
        return []
    return [(c.id, c.query, check_parameters(c)) for c in load_catalogue()]


def cypher_text(name: str) -> LiteralString:
    return (CYPHER / f"{name}.cypher").read_text(encoding="utf-8")  # a file of cypher/


def missing_queries(queries: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [n for n, _ in queries if not (CYPHER / f"{n}.cypher").exists()]


def openapi_paths(base_url: str) -> set[str]:
    spec = httpx.get(base_url + "/openapi.json", timeout=30).json()
    return {_shape(p) for p, ops in spec.get("paths", {}).items() if "get" in ops}


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def served(paths: set[str], path: str) -> bool:
    return _shape(path) in paths


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "p50_ms": round(at(0.50) * 1000, 2),
        "p95_ms": round(at(0.95) * 1000, 2),
        "p99_ms": round(at(0.99) * 1000, 2),
        "mean_ms": round(sum(ordered) / len(ordered) * 1000, 2),
    }


def time_calls(
    call: Callable[[], object],
    repeats: int,
    warmup: int = 3,
    budget_seconds: float = 15.0,
    least: int = 3,
) -> list[float]:
    """Latencies of `repeats` calls after `warmup`; fewer (at least `least`) when each call
    is so slow that `repeats` would take longer than `budget_seconds`."""
    first = None
    for _ in range(warmup):
        start = time.perf_counter()
        call()
        first = time.perf_counter() - start
        if first > budget_seconds / 10:  # a slow call: one warm-up is enough
            break
    if first is not None:
        repeats = max(min(repeats, least), min(repeats, int(budget_seconds / max(first, 1e-6))))
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


class KeepAliveClient:
    """A plain keep-alive HTTP/1.1 client (the standard library's `http.client`) for the
    sequential latency measurements. httpx spends about 0.6 ms of Python per request on
    this machine (trace up at 100k: 3.9 ms through httpx against 3.3 ms through this), which
    is the client's cost, not the service's; the concurrency run uses `LeanConnection`."""

    def __init__(self, base_url: str, timeout: float = 300) -> None:
        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname or "127.0.0.1", parts.port, timeout
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, bytes]:
        target = path + ("?" + urlencode(dict(params)) if params else "")
        sent = dict(headers or {})
        try:
            self.connection.request("GET", target, headers=sent)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):  # the server closed the connection
            self.connection.close()
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.connection.request("GET", target, headers=sent)
            response = self.connection.getresponse()
        return response.status, response.read()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> KeepAliveClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def time_pairs(
    first: Callable[[], object],
    second: Callable[[], object],
    repeats: int,
    budget_seconds: float = 30.0,
) -> tuple[list[float], list[float]]:
    """Latencies of `first` and `second` called alternately (after a warm-up of each), so
    both are sampled under the same conditions (the database's background work after an
    import, caches, other load); fewer pairs (at least 3) when a pair is slow."""
    one, two = time_calls(first, 0, least=0), time_calls(second, 0, least=0)
    del one, two  # warm-up only
    start = time.perf_counter()
    first()
    second()
    pair = time.perf_counter() - start
    repeats = max(min(repeats, 3), min(repeats, int(budget_seconds / max(pair, 1e-6))))
    samples: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeats):
        for call, out in ((first, samples[0]), (second, samples[1])):
            began = time.perf_counter()
            call()
            out.append(time.perf_counter() - began)
    return samples


#: Sent on a "cold" request: the service computes the answer afresh instead of taking it
#: from its read cache (app/api/read_cache.py), as it does after any commit.
COLD = {"Cache-Control": "no-cache"}


def http_call(
    client: KeepAliveClient, path: str, params: Mapping[str, Any], *, cold: bool = True
) -> Callable[[], object]:
    """One GET; `cold` (the default) asks the service to compute afresh, else a repeated
    request may be answered from the read cache."""
    headers = COLD if cold else None

    def call() -> object:
        status, body = client.get(path, params, headers)
        if status != 200:
            raise RuntimeError(f"GET {path} -> {status}: {body[:300]!r}")
        return body

    return call


def raw_call(
    driver: Driver, database: str, queries: list[tuple[str, dict[str, Any]]]
) -> Callable[[], object]:
    """Run the named queries one after the other through the driver, as the service does."""
    texts = [(cypher_text(name), params) for name, params in queries]

    def call() -> object:
        out = []
        for text, params in texts:
            records, _, _ = driver.execute_query(
                text, params, database_=database, routing_=RoutingControl.READ
            )
            out.append([r.data() for r in records])
        return out

    return call


def ref_path(path: str, subject: str | None) -> str:
    return path.replace("{ref}", quote(subject, safe="")) if subject else path


class LeanConnection:
    """One keep-alive HTTP/1.1 connection over asyncio streams, for the concurrency run:
    a GET, the status line, the headers and the body (Content-Length or chunked), nothing
    else. httpx's AsyncClient spent 2.25 ms of CPU per request on this machine against
    0.03 ms for this (`bench/client_cost.py`); the load generator shares the two cores with
    the service, so its own cost was counted against the HTTP side and not the raw one."""

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n\r\n".encode("ascii")
        )
        try:
            return await asyncio.wait_for(self._answer(self.reader), self.timeout)
        except BaseException:
            self.close()
            raise

    @staticmethod
    async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = bytearray()
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                body += await reader.readexactly(size + 2)  # the chunk and its CRLF
                del body[-2:]
                if size == 0:  # the last chunk (no trailers from the service): done
                    return status, bytes(body)
        return status, await reader.readexactly(int(headers.get(b"content-length", b"0")))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _load(base_url: str, path: str, clients: int, seconds: float) -> dict[str, Any]:
    stop_at = time.perf_counter() + seconds
    ok = 0
    errors: dict[str, int] = {}
    latencies: list[float] = []
    where = urlsplit(base_url)
    host, port = where.hostname or "127.0.0.1", where.port or 80

    async def worker() -> None:
        nonlocal ok
        connection = LeanConnection(host, port, timeout=30)
        try:
            while time.perf_counter() < stop_at:
                start = time.perf_counter()
                try:
                    status, _ = await connection.get(path)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                    await asyncio.sleep(0.01)  # not a busy loop against a refusing server
                    continue
                if status == 200:
                    ok += 1
                    latencies.append(time.perf_counter() - start)
                else:
                    key = f"HTTP {status}"
                    errors[key] = errors.get(key, 0) + 1
        finally:
            connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    elapsed = time.perf_counter() - began
    return {
        "clients": clients,
        "client": "asyncio streams (bench.query_latency.LeanConnection)",
        "seconds": round(elapsed, 2),
        "requests_ok": ok,
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "requests_per_s": round(ok / elapsed, 1),
        "latency": percentiles(latencies) if latencies else None,
    }


def concurrent_load(base_url: str, path: str, clients: int, seconds: float) -> dict[str, Any]:
    """`clients` concurrent keep-alive clients hitting one GET path for `seconds`."""
    return asyncio.run(_load(base_url, path, clients, seconds))


def raw_load(
    driver: Driver,
    database: str,
    queries: list[tuple[str, dict[str, Any]]],
    clients: int,
    seconds: float,
) -> dict[str, Any]:
    """The same `clients`, on the raw driver: each a thread running the endpoint's named
    queries (as `raw_call`) one request after the other for `seconds`, one driver (its
    connection pool) shared, as the service shares its one driver."""
    call = raw_call(driver, database, queries)
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: dict[str, int] = {}

    def worker() -> None:
        mine: list[float] = []
        while time.perf_counter() < stop_at:
            start = time.perf_counter()
            try:
                call()
            except Exception as exc:  # counted, as the HTTP side counts its errors
                with lock:
                    errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                continue
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return {
        "clients": clients,
        "seconds": round(elapsed, 2),
        "requests_ok": len(latencies),
        "errors": sum(errors.values()),
        "errors_by_kind": errors,
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "latency": percentiles(latencies) if latencies else None,
    }


def rust_extension() -> bool:
    """Whether the driver decodes records with its Rust extension (`neo4j-rust-ext`)."""
    try:
        import neo4j._rust  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return True
