"""The Dockerfile installs and ships what the explorer and the offline API docs serve.

No Docker engine is available where the tests run, so the image is not built here: this
reads the Dockerfile and `.dockerignore` and checks the steps that put the pinned browser
libraries where the service looks for them (`Settings.web_vendor_dir` relative to the
source tree, each of `VENDOR_FOLDERS`).
"""

from __future__ import annotations

import json
import re
from fnmatch import fnmatch

from app import PROJECT_ROOT
from app.web.routes import VENDOR_FOLDERS

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text()
IGNORED = [
    line.strip()
    for line in (PROJECT_ROOT / ".dockerignore").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]


def stages() -> dict[str, list[str]]:
    """Each build stage's instructions (continuation lines joined), by stage name."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    found: dict[str, list[str]] = {}
    current = ""
    for line in joined.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("FROM "):
            words = line.split()
            current = words[3] if len(words) > 3 and words[2].upper() == "AS" else "runtime"
            found[current] = []
        found[current].append(line)
    return found


def test_a_stage_installs_the_pinned_libraries_with_npm_ci() -> None:
    web = stages()["web"]
    base = web[0].split()[1]
    assert base.startswith("node:") and re.search(r":\d+", base), base  # a pinned major
    assert "COPY package.json package-lock.json ./" in web
    [install] = [line for line in web if line.startswith("RUN ")]
    assert "npm ci" in install and "--ignore-scripts" in install  # the lock file, no scripts
    assert "npm install" not in DOCKERFILE
    # the versions npm ci installs are the pinned ones of the lock file
    lock = json.loads((PROJECT_ROOT / "package-lock.json").read_text())
    manifest = json.loads((PROJECT_ROOT / "package.json").read_text())
    for name, version in manifest["dependencies"].items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_the_image_has_every_served_library_where_the_service_looks() -> None:
    runtime = stages()["runtime"]
    [workdir] = [line.split()[1] for line in runtime if line.startswith("WORKDIR ")]
    # the service runs the source tree from WORKDIR, so web_vendor_dir is WORKDIR/node_modules
    assert "COPY --chown=rbmtrace:rbmtrace app ./app" in runtime
    assert workdir == "/srv/rbmtrace"
    copies = [line for line in runtime if line.startswith("COPY --from=web")]
    for folder in VENDOR_FOLDERS.values():
        wanted = f"/src/node_modules/{folder} ./node_modules/{folder}"
        assert any(line.endswith(wanted) for line in copies), (folder, copies)
    assert all("--chown=rbmtrace:rbmtrace" in line for line in copies)


def test_the_build_context_has_the_lock_file_and_not_the_hosts_node_modules() -> None:
    for name in ("package.json", "package-lock.json"):
        assert not any(fnmatch(name, pattern) for pattern in IGNORED), name
    assert "node_modules" in IGNORED
