"""Neo4j's offline importer (`neo4j-admin database import full`, class `org.neo4j.cli.AdminTool`
in the jars the local server runs from) on the local instance, while its server is stopped.

It writes a database's store files directly from CSV files, many times faster than
transactions, but only into an empty database and only with nothing serving it.
`app.bundles.bulk_load` decides what goes into the CSV files; this module only runs the tool.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import LocalServerError
from app.local_neo4j import process
from app.local_neo4j.configuration import ADMIN_TOOL
from app.local_neo4j.server import LocalNeo4j

#: Off-heap memory the importer may use (its own default is 90% of the machine's memory).
IMPORT_OFF_HEAP = "2G"


@dataclass(frozen=True)
class CsvGroup:
    """One CSV file with its own header: nodes with `labels`, or relationships of `type`."""

    path: Path
    labels: Sequence[str] = ()
    type: str | None = None

    def argument(self) -> str:
        if self.type is not None:
            return f"--relationships={self.type}={self.path}"
        return f"--nodes={':'.join(self.labels)}={self.path}"


def run_offline_import(
    local: LocalNeo4j,
    database: str,
    groups: Sequence[CsvGroup],
    *,
    array_delimiter: str,
    multiline: bool,
    log_path: Path,
) -> None:
    """Replace the (empty) `database` of the stopped local server with the CSV files' nodes
    and relationships; LocalServerError with the tool's last lines when it fails."""
    if local.is_running():
        raise LocalServerError("The offline importer needs the local Neo4j stopped.")
    java = process.find_java(local.java)
    local.configuration.write()
    command = [
        java,
        "-cp",
        f"{local.lib_dir}/*",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        database,
        "--overwrite-destination=true",
        f"--array-delimiter=U+{ord(array_delimiter):04X}",
        f"--multiline-fields={'true' if multiline else 'false'}",
        f"--max-off-heap-memory={IMPORT_OFF_HEAP}",
        f"--report-file={log_path.with_suffix('.report')}",
        *(group.argument() for group in groups),
    ]
    env = {
        **os.environ,
        "NEO4J_HOME": str(local.instance_dir),
        "NEO4J_CONF": str(local.conf_dir),
    }
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        result = subprocess.run(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    if result.returncode != 0:
        tail = log_path.read_text(errors="replace").strip().splitlines()[-15:]
        raise LocalServerError(
            f"neo4j-admin database import failed (exit code {result.returncode}); "
            f"its log: {log_path}\n" + "\n".join(tail)
        )
