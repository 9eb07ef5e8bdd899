"""The machine, the Neo4j and the service a benchmark run uses, each started and stopped here."""

from __future__ import annotations

import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from pydantic import SecretStr

from app import PROJECT_ROOT
from app.core.config import Settings
from app.db.provision import Neo4jTarget, provide_neo4j
from app.local_neo4j.server import free_port

BENCH_PASSWORD = "rbmtrace-bench-pw"  # noqa: S105 - a throw-away local server's password


def _command(argv: list[str]) -> str:
    if shutil.which(argv[0]) is None:
        return f"({argv[0]} not available)"
    result = subprocess.run(argv, capture_output=True, text=True, check=False)
    return result.stdout.strip()


def machine_description() -> dict[str, object]:
    """What `nproc`, `free` and `lscpu` say, and the Python and OS versions."""
    lscpu = _command(["lscpu"])
    wanted = ("Architecture", "Model name", "CPU(s)", "Thread(s) per core", "CPU MHz", "L3 cache")
    summary = {}
    for line in lscpu.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in wanted:
            summary[key.strip()] = value.strip()
    return {
        "nproc": _command(["nproc"]),
        "free_m": _command(["free", "-m"]),
        "lscpu": summary,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }


def bench_settings(heap: str, pagecache: str) -> Settings:
    """Settings for a managed local Neo4j on free ports (never NEO4J_URI: the bench wipes)."""
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        neo4j_uri=None,
        neo4j_password=SecretStr(BENCH_PASSWORD),
        local_bolt_port=free_port(),
        local_http_port=free_port(),
        local_heap=heap,
        local_pagecache=pagecache,
    )


@contextmanager
def managed_neo4j(heap: str, pagecache: str, echo: object = print) -> Iterator[Neo4jTarget]:
    """A local Neo4j in its own temporary instance directory, stopped (and deleted) at the end."""
    settings = bench_settings(heap, pagecache)
    with (
        tempfile.TemporaryDirectory(prefix="rbmtrace-bench-") as tmp,
        provide_neo4j(
            settings,
            allow_container=False,
            local_instance_dir=Path(tmp) / "neo4j",
            echo=echo,  # type: ignore[arg-type]
        ) as target,
    ):
        yield target


@dataclass
class Service:
    """The API served by uvicorn in a subprocess on a free loopback port."""

    process: subprocess.Popen[bytes]
    base_url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def memory_kib(self) -> dict[str, int]:
        """Current (VmRSS) and peak (VmHWM) resident memory of the service process, KiB."""
        out = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(value.split()[0])
        return out


@contextmanager
def running_service(
    target: Neo4jTarget, log_dir: Path, workers: int = 1, tree: Path | None = None
) -> Iterator[Service]:
    """uvicorn serving the API on a free port, with `workers` processes (each its own
    driver and read cache, as `RBMTRACE_WORKERS` gives `rbmtrace serve`). `tree`: another
    build's clone, served with its own `.venv` (`bench/compare_services.py`); this one by
    default."""
    port = free_port()
    root = tree or PROJECT_ROOT
    python = str(tree / ".venv" / "bin" / "python") if tree else sys.executable
    env = {
        **os.environ,
        **({"PYTHONPATH": str(tree)} if tree else {}),
        "NEO4J_URI": target.uri,
        "NEO4J_USER": target.auth[0],
        "NEO4J_PASSWORD": target.auth[1],
        "NEO4J_DATABASE": target.database,
        "RBMTRACE_ENVIRONMENT": "development",
        "RBMTRACE_API_KEYS": "",
        "RBMTRACE_READS_REQUIRE_KEY": "false",
    }
    log_path = log_dir / f"uvicorn-{workers}.log"
    log = log_path.open("ab")
    process = subprocess.Popen(
        [
            python,
            "-m",
            "uvicorn",
            "app.api.main:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            *(["--workers", str(workers)] if workers > 1 else []),
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    log.close()
    service = Service(process, f"http://127.0.0.1:{port}", log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"uvicorn exited with code {process.returncode}: "
                    + log_path.read_text(errors="replace")[-2000:]
                )
            try:
                if httpx.get(service.base_url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not answer /health within 60 s")
            time.sleep(0.3)
        yield service
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
