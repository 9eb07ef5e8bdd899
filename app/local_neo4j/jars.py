"""The local server's jars: resolved by Maven from `pom.xml` (beside this file) once.

They land in `<cache_dir>/neo4j-<version>/lib`, outside the repository, with a `.complete`
marker written last, so a fetch that was interrupted is done again, never half used.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from app.core.errors import LocalServerError
from app.local_neo4j.locking import exclusive_lock

POM = Path(__file__).with_name("pom.xml")

Echo = Callable[[str], None]


def neo4j_version() -> str:
    """The Neo4j version pinned in pom.xml (the single place it is written)."""
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    version = ET.parse(POM).getroot().find("m:properties/m:neo4j.version", ns)  # noqa: S314
    if version is None or not version.text:
        raise LocalServerError(f"{POM}: <neo4j.version> property is missing")
    return version.text.strip()


def lib_dir(cache_dir: Path) -> Path:
    """Where the jars of the pinned version live."""
    return cache_dir / f"neo4j-{neo4j_version()}" / "lib"


def jars_present(cache_dir: Path) -> bool:
    return (lib_dir(cache_dir) / ".complete").exists()


def ensure_jars(cache_dir: Path, echo: Echo) -> None:
    """Resolve the server's jars from Maven Central once; later calls do nothing."""
    if jars_present(cache_dir):
        return
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalServerError(
            "Maven (mvn) is needed once to fetch the Neo4j jars: apt-get install maven, "
            "or set NEO4J_URI to use an existing Neo4j server."
        )
    target = lib_dir(cache_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with exclusive_lock(target.parent / ".fetch.lock"):
        if jars_present(cache_dir):
            return
        echo(f"Fetching Neo4j {neo4j_version()} jars from Maven Central into {target} ...")
        staging = Path(tempfile.mkdtemp(prefix="lib.", dir=target.parent))
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
        (staging / ".complete").write_text(neo4j_version())
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
        echo(f"Fetched {len(list(target.glob('*.jar')))} jars.")
