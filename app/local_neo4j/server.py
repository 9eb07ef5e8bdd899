"""A locally managed Neo4j Community 5.26 LTS server, run from jars on Maven Central.

`LocalNeo4j` is what commands and tests use; the work is done by three modules:
`jars` (fetching the jars once), `configuration` (neo4j.conf and the initial password)
and `process` (launching, waiting until Bolt answers, stopping). The server binds to
127.0.0.1 only and serves Bolt, HTTP and Neo4j Browser.

Lifecycle:
- `start()` returns once Bolt answers queries on the default database; it returns False
  when this instance was already running (so the caller knows it must not stop it);
- `stop()` sends SIGTERM to the server's process group, then SIGKILL after a timeout;
  `stop(pid=...)` stops the server only while it is still that process, so a caller stops
  exactly the server it started, never one started later by someone else;
- the pid file in the instance directory is the single record of a running server.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.config import Settings
from app.core.errors import LocalServerError
from app.local_neo4j import jars, process
from app.local_neo4j.configuration import ServerConfiguration, set_initial_password
from app.local_neo4j.locking import exclusive_lock
from app.local_neo4j.process import free_port, port_in_use

__all__ = ["LocalNeo4j", "free_port"]

Echo = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def api_url(settings: Settings) -> str:
    """Where a browser on this machine reaches the API (`make run` / `rbmtrace serve`)."""
    host = settings.host if settings.host not in ("0.0.0.0", "::", "") else "127.0.0.1"  # noqa: S104
    return f"http://{host}:{settings.port}"


@dataclass
class LocalNeo4j:
    instance_dir: Path
    cache_dir: Path
    bolt_port: int = 7687
    http_port: int = 7474
    password: str = "rbmtrace-local"  # noqa: S105 - overridden from settings
    heap: str = "4g"
    pagecache: str = "2g"
    java: str | None = None
    start_timeout: float = 180.0
    #: Where the RBM Trace API listens (Browser fetches its guide and style there).
    api_url: str = "http://127.0.0.1:8000"
    #: Further neo4j.conf settings (tests use it to set small memory limits).
    extra_config: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, instance_dir: Path | None = None) -> LocalNeo4j:
        return cls(
            instance_dir=instance_dir
            or settings.local_instance_dir
            or settings.cache_dir / "instance",
            cache_dir=settings.cache_dir,
            bolt_port=settings.local_bolt_port,
            http_port=settings.local_http_port,
            password=settings.neo4j_password.get_secret_value(),
            heap=settings.local_heap,
            pagecache=settings.local_pagecache,
            java=settings.java,
            start_timeout=settings.local_start_timeout,
            api_url=api_url(settings),
        )

    # --- places ------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return jars.neo4j_version()

    @property
    def lib_dir(self) -> Path:
        return jars.lib_dir(self.cache_dir)

    @property
    def configuration(self) -> ServerConfiguration:
        return ServerConfiguration(
            instance_dir=self.instance_dir,
            bolt_port=self.bolt_port,
            http_port=self.http_port,
            pagecache=self.pagecache,
            api_url=self.api_url,
            extra=dict(self.extra_config),
        )

    @property
    def conf_dir(self) -> Path:
        return self.configuration.conf_dir

    @property
    def log_dir(self) -> Path:
        return self.configuration.log_dir

    @property
    def pid_file(self) -> Path:
        return self.instance_dir / "neo4j.pid"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    @property
    def browser_connect_url(self) -> str:
        """Browser's address with its login form filled in: this server, user neo4j."""
        return f"{self.browser_url}?dbms=neo4j://neo4j@127.0.0.1:{self.bolt_port}"

    # --- jars ----------------------------------------------------------------------------
    def jars_present(self) -> bool:
        return jars.jars_present(self.cache_dir)

    def ensure_jars(self, echo: Echo = _quiet) -> None:
        """Resolve the server's jars from Maven Central once; later calls do nothing."""
        jars.ensure_jars(self.cache_dir, echo)

    # --- process -------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The pid of this instance's running server, or None (a stale pid file is removed)."""
        return process.running_pid(self.pid_file, self.instance_dir)

    def is_running(self) -> bool:
        return self.pid() is not None

    def start(self, echo: Echo = _quiet) -> bool:
        """Start the server and wait until it answers; False if it was already running."""
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        with exclusive_lock(self.instance_dir / ".lock"):
            if self.is_running():
                self.wait_until_ready()
                return False
            for port in (self.bolt_port, self.http_port):
                if port_in_use(port):
                    raise LocalServerError(
                        f"Port {port} on 127.0.0.1 is already in use by another program, so the "
                        "local Neo4j cannot start. Stop that program, choose other ports with "
                        "RBMTRACE_LOCAL_BOLT_PORT / RBMTRACE_LOCAL_HTTP_PORT, or point "
                        "NEO4J_URI at the server that is running there."
                    )
            self.ensure_jars(echo)
            java = process.find_java(self.java)
            config = self.configuration
            config.write()
            set_initial_password(config, java, self.lib_dir, self.password)
            echo(f"Starting Neo4j {self.version} (logs: {self.log_dir}) ...")
            started = process.launch(
                java, self.lib_dir, self.instance_dir, self.conf_dir, self.log_dir, self.heap
            )
            self.pid_file.write_text(str(started.pid))
            try:
                self.wait_until_ready(started)
            except BaseException:
                process.terminate(started.pid)
                self.pid_file.unlink(missing_ok=True)
                raise
            echo(f"Neo4j is ready: {self.bolt_uri}  Browser: {self.browser_url}")
            return True

    def stop(self, timeout: float = 60.0, pid: int | None = None) -> bool:
        """Stop the server; False when it was not running (or, given `pid`, is no longer
        that process: a server started since by someone else is left alone)."""
        with exclusive_lock(self.instance_dir / ".lock"):
            running = self.pid()
            if running is None or (pid is not None and running != pid):
                return False
            process.terminate(running, timeout)
            self.pid_file.unlink(missing_ok=True)
            return True

    def wait_until_ready(self, started: subprocess.Popen[bytes] | None = None) -> None:
        process.wait_until_ready(
            self.bolt_uri,
            self.password,
            self.start_timeout,
            self.instance_dir,
            self.log_dir,
            self.log_tail,
            started,
        )

    def status(self) -> dict[str, object]:
        pid = self.pid()
        return {
            "running": pid is not None,
            "pid": pid,
            "version": self.version,
            "bolt_uri": self.bolt_uri,
            "browser_url": self.browser_url,
            "instance_dir": str(self.instance_dir),
            "log_dir": str(self.log_dir),
            "jars": str(self.lib_dir) if self.jars_present() else "not fetched yet",
        }

    def log_tail(self, lines: int = 20) -> str:
        out = []
        for name in ("neo4j.log", "console.log"):
            path = self.log_dir / name
            if path.exists():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"--- {path} (last {len(tail)} lines)\n" + "\n".join(tail))
        return "\n".join(out)
