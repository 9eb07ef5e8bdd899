"""A locally managed Neo4j Community 5.26 LTS server, run from jars on Maven Central.

The jars are resolved by Maven from `pom.xml` beside this file into
`<cache_dir>/neo4j-<version>/lib` (outside the repository) and started with Java 17 (or 21)
as `org.neo4j.server.CommunityEntryPoint` with a home and config directory of its own.
The server binds to 127.0.0.1 only and serves Bolt, HTTP and Neo4j Browser.

Lifecycle:
- `start()` returns once Bolt answers queries on the default database; it returns False
  when this instance was already running (so the caller knows it must not stop it);
- `stop()` sends SIGTERM to the server's process group, then SIGKILL after a timeout;
- the pid file in the instance directory is the single record of a running server.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from app.core.config import Settings
from app.core.errors import LocalServerError

POM = Path(__file__).with_name("pom.xml")
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
SUPPORTED_JAVA = (17, 21)

Echo = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def neo4j_version() -> str:
    """The Neo4j version pinned in pom.xml (the single place it is written)."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    version = ET.parse(POM).getroot().find("m:properties/m:neo4j.version", ns)  # noqa: S314
    if version is None or not version.text:
        raise LocalServerError(f"{POM}: <neo4j.version> property is missing")
    return version.text.strip()


def find_java(configured: str | None = None) -> str:
    """A java executable of a version Neo4j 5.26 supports (17 or 21)."""
    candidates: list[str] = []
    if configured:
        candidates.append(configured)
    if os.environ.get("JAVA_HOME"):
        candidates.append(str(Path(os.environ["JAVA_HOME"]) / "bin" / "java"))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    candidates += sorted(str(p) for p in Path("/usr/lib/jvm").glob("*/bin/java"))
    seen: list[str] = []
    for java in candidates:
        major = _java_major(java)
        seen.append(f"{java} ({major or 'not runnable'})")
        if major in SUPPORTED_JAVA:
            return java
    raise LocalServerError(
        "No Java 17 or 21 found for the local Neo4j server. Tried: "
        + ", ".join(seen or ["nothing"])
        + ". Install OpenJDK 17 (apt-get install openjdk-17-jre-headless) or set RBMTRACE_JAVA."
    )


def _java_major(java: str) -> int | None:
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        ).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)', out)
    return int(match.group(1)) if match else None


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
        )

    # --- places ------------------------------------------------------------------------
    @property
    def version(self) -> str:
        return neo4j_version()

    @property
    def lib_dir(self) -> Path:
        return self.cache_dir / f"neo4j-{self.version}" / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.instance_dir / "conf"

    @property
    def log_dir(self) -> Path:
        return self.instance_dir / "logs"

    @property
    def pid_file(self) -> Path:
        return self.instance_dir / "neo4j.pid"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    # --- jars ----------------------------------------------------------------------------
    def jars_present(self) -> bool:
        return (self.lib_dir / ".complete").exists()

    def ensure_jars(self, echo: Echo = _quiet) -> None:
        """Resolve the server's jars from Maven Central once; later calls do nothing."""
        if self.jars_present():
            return
        mvn = shutil.which("mvn")
        if mvn is None:
            raise LocalServerError(
                "Maven (mvn) is needed once to fetch the Neo4j jars: apt-get install maven, "
                "or set NEO4J_URI to use an existing Neo4j server."
            )
        self.lib_dir.parent.mkdir(parents=True, exist_ok=True)
        with self._lock(self.lib_dir.parent / ".fetch.lock"):
            if self.jars_present():
                return
            echo(f"Fetching Neo4j {self.version} jars from Maven Central into {self.lib_dir} ...")
            staging = Path(tempfile.mkdtemp(prefix="lib.", dir=self.lib_dir.parent))
            result = subprocess.run(
                [
                    mvn,
                    "-B",
                    "-q",
                    "-f",
                    str(POM),
                    "dependency:copy-dependencies",
                    f"-DoutputDirectory={staging}",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                shutil.rmtree(staging, ignore_errors=True)
                tail = (result.stdout + result.stderr).strip().splitlines()[-15:]
                raise LocalServerError(
                    "Maven could not fetch the Neo4j jars:\n" + "\n".join(tail),
                    hint="Check that Maven Central is reachable, or set NEO4J_URI.",
                )
            (staging / ".complete").write_text(self.version)
            if self.lib_dir.exists():
                shutil.rmtree(self.lib_dir)
            staging.rename(self.lib_dir)
            jars = len(list(self.lib_dir.glob("*.jar")))
            echo(f"Fetched {jars} jars.")

    # --- process -------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The pid of this instance's running server, or None (a stale pid file is removed)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            cmdline = ""
        if ENTRY_POINT in cmdline and str(self.instance_dir) in cmdline:
            return pid
        self.pid_file.unlink(missing_ok=True)
        return None

    def is_running(self) -> bool:
        return self.pid() is not None

    def start(self, echo: Echo = _quiet) -> bool:
        """Start the server and wait until it answers; False if it was already running."""
        self.instance_dir.mkdir(parents=True, exist_ok=True)
        with self._lock(self.instance_dir / ".lock"):
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
            java = find_java(self.java)
            self._write_config()
            self._set_initial_password(java)
            self.log_dir.mkdir(parents=True, exist_ok=True)
            echo(f"Starting Neo4j {self.version} (logs: {self.log_dir}) ...")
            console = (self.log_dir / "console.log").open("ab")
            process = subprocess.Popen(
                [
                    java,
                    f"-Xms{self.heap}",
                    f"-Xmx{self.heap}",
                    "-XX:+UseG1GC",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-Dfile.encoding=UTF-8",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "-cp",
                    f"{self.lib_dir}/*",
                    ENTRY_POINT,
                    f"--home-dir={self.instance_dir}",
                    f"--config-dir={self.conf_dir}",
                ],
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                cwd=self.instance_dir,
            )
            console.close()
            self.pid_file.write_text(str(process.pid))
            try:
                self.wait_until_ready(process)
            except BaseException:
                self._terminate(process.pid)
                self.pid_file.unlink(missing_ok=True)
                raise
            echo(f"Neo4j is ready: {self.bolt_uri}  Browser: {self.browser_url}")
            return True

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the server; False when it was not running."""
        with self._lock(self.instance_dir / ".lock"):
            pid = self.pid()
            if pid is None:
                return False
            self._terminate(pid, timeout)
            self.pid_file.unlink(missing_ok=True)
            return True

    def wait_until_ready(self, process: subprocess.Popen[bytes] | None = None) -> None:
        deadline = time.monotonic() + self.start_timeout
        last_error = "no answer yet"
        with GraphDatabase.driver(
            self.bolt_uri, auth=("neo4j", self.password), connection_timeout=2
        ) as driver:
            while time.monotonic() < deadline:
                if process is not None and process.poll() is not None:
                    raise LocalServerError(
                        f"Neo4j exited with code {process.returncode} while starting.\n"
                        + self.log_tail(),
                        log_dir=str(self.log_dir),
                    )
                try:
                    # a plain session, not execute_query: no driver-side retries here
                    with driver.session(database="neo4j") as session:
                        session.run("RETURN 1").consume()
                    return
                except AuthError as exc:
                    raise LocalServerError(
                        f"The local Neo4j refused the password from NEO4J_PASSWORD: {exc.message}."
                        f" Use the password it was first started with, or delete "
                        f"{self.instance_dir} to start afresh (this deletes its data).",
                    ) from exc
                except (ServiceUnavailable, Neo4jError, OSError) as exc:
                    last_error = str(exc)
                time.sleep(0.5)
        raise LocalServerError(
            f"Neo4j did not answer on {self.bolt_uri} within {self.start_timeout:.0f}s "
            f"({last_error}).\n" + self.log_tail(),
            log_dir=str(self.log_dir),
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

    # --- internals -----------------------------------------------------------------------
    def _write_config(self) -> None:
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        home = self.instance_dir
        settings = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.http.listen_address": f"127.0.0.1:{self.http_port}",
            "server.https.enabled": "false",
            "server.memory.pagecache.size": self.pagecache,
            "server.directories.data": str(home / "data"),
            "server.directories.logs": str(self.log_dir),
            "server.directories.run": str(home / "run"),
            "server.directories.import": str(home / "import"),
            "dbms.security.auth_enabled": "true",
            "dbms.usage_report.enabled": "false",
            "db.tx_log.rotation.retention_policy": "2 files",
        }
        settings.update(self.extra_config)
        text = "# Written by rbmtrace on every start; edit RBMTRACE_* settings instead.\n"
        text += "".join(f"{key}={value}\n" for key, value in settings.items())
        (self.conf_dir / "neo4j.conf").write_text(text)

    def _set_initial_password(self, java: str) -> None:
        if (self.instance_dir / "data" / "dbms" / "auth.ini").exists():
            return
        env = {**os.environ, "NEO4J_HOME": str(self.instance_dir), "NEO4J_CONF": str(self.conf_dir)}
        result = subprocess.run(
            [
                java,
                "-cp",
                f"{self.lib_dir}/*",
                ADMIN_TOOL,
                "dbms",
                "set-initial-password",
                self.password,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise LocalServerError(
                "Could not set the initial Neo4j password: "
                + (result.stderr or result.stdout).strip()[-500:]
            )

    @staticmethod
    def _terminate(pid: int, timeout: float = 60.0) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not _alive(pid):
                return
            time.sleep(0.2)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        while _alive(pid):
            time.sleep(0.1)

    @staticmethod
    @contextlib.contextmanager
    def _lock(path: Path) -> Iterator[None]:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (reaping it if it is our child)."""
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
