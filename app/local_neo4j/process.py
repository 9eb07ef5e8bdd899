"""The local server's process: Java, launching, waiting until Bolt answers, and stopping.

The server runs as `org.neo4j.server.CommunityEntryPoint` in a session (process group) of
its own, so a Ctrl-C in the terminal reaches only the command that started it, which then
decides whether to stop it. A pid file in the instance directory is the single record of a
running server; a pid is believed only while its command line names this entry point and
this instance directory.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable

from app.core.errors import LocalServerError

ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
SUPPORTED_JAVA = (17, 21)


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


def running_pid(pid_file: Path, instance_dir: Path) -> int | None:
    """The pid of the instance's running server, or None (a stale pid file is removed)."""
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return None
    if is_server_of(pid, instance_dir):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def is_server_of(pid: int, instance_dir: Path) -> bool:
    """True while `pid` is a live Neo4j server of this instance directory."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return ENTRY_POINT in cmdline and str(instance_dir) in cmdline and alive(pid)


def launch(
    java: str, lib_dir: Path, instance_dir: Path, conf_dir: Path, log_dir: Path, heap: str
) -> subprocess.Popen[bytes]:
    """Start the server process (not waiting for it), its output going to console.log."""
    log_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / "console.log").open("ab") as console:
        return subprocess.Popen(
            [
                java,
                f"-Xms{heap}",
                f"-Xmx{heap}",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Dfile.encoding=UTF-8",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp",
                f"{lib_dir}/*",
                ENTRY_POINT,
                f"--home-dir={instance_dir}",
                f"--config-dir={conf_dir}",
            ],
            stdout=console,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            cwd=instance_dir,
        )


def wait_until_ready(
    bolt_uri: str,
    password: str,
    timeout: float,
    instance_dir: Path,
    log_dir: Path,
    log_tail: Callable[[], str],
    process: subprocess.Popen[bytes] | None = None,
) -> None:
    """Return once Bolt answers a query on the default database; LocalServerError if not."""
    deadline = time.monotonic() + timeout
    last_error = "no answer yet"
    with GraphDatabase.driver(bolt_uri, auth=("neo4j", password), connection_timeout=2) as driver:
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise LocalServerError(
                    f"Neo4j exited with code {process.returncode} while starting.\n" + log_tail(),
                    log_dir=str(log_dir),
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
                    f"{instance_dir} to start afresh (this deletes its data).",
                ) from exc
            except (ServiceUnavailable, Neo4jError, OSError) as exc:
                last_error = str(exc)
            time.sleep(0.5)
    raise LocalServerError(
        f"Neo4j did not answer on {bolt_uri} within {timeout:.0f}s ({last_error}).\n" + log_tail(),
        log_dir=str(log_dir),
    )


def terminate(pid: int, timeout: float = 60.0) -> None:
    """SIGTERM to the server's process group, SIGKILL after `timeout`; returns once gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return
        time.sleep(0.2)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    while alive(pid):
        time.sleep(0.1)


def alive(pid: int) -> bool:
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
