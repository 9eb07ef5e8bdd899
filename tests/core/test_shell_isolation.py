"""The suite's outcome does not depend on the shell it runs in (tests/conftest.py).

A part of the suite that reads settings every way the code does (Settings(), get_settings()
in services, the app, CLI commands in-process and as subprocesses) is run again in a
subprocess whose shell and `.env` would change every setting they could; it must pass
exactly as it does here.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import PROJECT_ROOT
from app.core.config import Environment, Settings, get_settings
from tests.conftest import SHELL

#: What a server's shell (or a developer's) may hold; each would change some test's outcome
#: if the tests read it.
HOSTILE_SHELL = {
    "RBMTRACE_API_KEYS": "ops:admin:hostile-admin-secret",
    "RBMTRACE_PORT": "1",
    "RBMTRACE_READS_REQUIRE_KEY": "true",
    "RBMTRACE_ENVIRONMENT": "production",
    "RBMTRACE_IMPORT_TRANSACTION_ITEMS": "0",
    "RBMTRACE_IMPORT_BATCH_SIZE": "1",
    "RBMTRACE_MAX_IMPORT_BYTES": "10",
    "NEO4J_USER": "intruder",
}
#: Where the Neo4j jars, Java and Chromium are: passed on as they are.
TOOLING = ("RBMTRACE_CACHE_DIR", "RBMTRACE_JAVA", "RBMTRACE_TEST_CHROMIUM")
HOSTILE_DOTENV = """\
NEO4J_URI=bolt://127.0.0.1:1
NEO4J_PASSWORD=from-a-dotenv
RBMTRACE_IMPORT_TRANSACTION_ITEMS=0
RBMTRACE_READS_REQUIRE_KEY=true
RBMTRACE_API_KEYS=dot:editor:dotenv-secret
RBMTRACE_ENVIRONMENT=production
"""

#: Tests whose outcome each of those settings would change: settings, auth, imports
#: (one-transaction vs staged), the import route, CLI import/export as subprocesses,
#: CliRunner commands, and the check below.
SUBSET = [
    "tests/core/test_config.py",
    "tests/core/test_shell_isolation.py::test_settings_made_during_tests_are_the_defaults",
    "tests/api/test_auth.py",
    "tests/api/test_bundles.py",
    "tests/bundles/test_importer.py",
    "tests/bundles/test_staged_import.py",
    "tests/cli/test_bundles.py::test_import_prints_counts_and_a_second_import_changes_nothing",
    "tests/cli/test_bundles.py::test_the_upload_limit_does_not_apply_to_files_read_from_disk",
    "tests/gaps/test_cli.py::test_check_fails_on_an_error_and_prints_json",
]


def test_settings_made_during_tests_are_the_defaults(tmp_path: Path) -> None:
    """Whatever the shell or a `.env` in the working directory says (the subprocess run
    below sets them all)."""
    (tmp_path / ".env").write_text(HOSTILE_DOTENV)
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        get_settings.cache_clear()
        made = [Settings(), get_settings()]
    finally:
        os.chdir(previous)
        get_settings.cache_clear()
    for settings in made:
        assert settings.neo4j_uri is None
        assert settings.neo4j_user == "neo4j"
        assert settings.api_keys == []
        assert settings.port == 8000
        assert settings.reads_require_key is False
        assert settings.environment is Environment.development
        assert settings.import_transaction_items == 50_000
        assert settings.import_batch_size == 5000
        assert settings.max_import_bytes == 50 * 1024 * 1024
    assert not [name for name in os.environ if name.startswith(("RBMTRACE_", "NEO4J_"))]


def outcomes(junit_xml: Path) -> dict[str, str]:
    """{test id: passed | failed | error | skipped} from a JUnit XML report."""
    found = {}
    for case in ET.parse(junit_xml).getroot().iter("testcase"):  # noqa: S314 - our own file
        kinds = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
        found[f"{case.get('classname')}::{case.get('name')}"] = kinds[0] if kinds else "passed"
    return found


def run_subset(cwd: Path, env: dict[str, str], report: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--rootdir",
            str(PROJECT_ROOT),
            "-c",
            str(PROJECT_ROOT / "pyproject.toml"),
            "-p",
            "no:cacheprovider",
            "-q",
            f"--junitxml={report}",
            *(str(PROJECT_ROOT / test) for test in SUBSET),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_a_hostile_shell_and_dotenv_change_no_outcome(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    workdir = tmp_path / "hostile"
    workdir.mkdir()
    (workdir / ".env").write_text(HOSTILE_DOTENV)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("RBMTRACE_", "NEO4J_"))}
    # this run's pytest options are not the subset's (a --basetemp would contain its cwd)
    clean.pop("PYTEST_ADDOPTS", None)
    # the same Neo4j choice as this session (a configured server, or one of its own), and
    # where the jars are; everything else hostile
    server = {k: v for k, v in SHELL.items() if k.startswith("NEO4J_") or k in TOOLING}
    env = {**clean, **server, **HOSTILE_SHELL}
    if "NEO4J_URI" in server:  # the configured server's own user, not the intruder
        env["NEO4J_USER"] = server.get("NEO4J_USER", server.get("NEO4J_USERNAME", "neo4j"))
    report = tmp_path / "hostile.xml"
    result = run_subset(workdir, env, report)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    seen = outcomes(report)
    assert set(seen.values()) == {"passed"}, {t: o for t, o in seen.items() if o != "passed"}
    # every test of the subset ran: as many as pytest collects from it here
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *SUBSET],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    expected = [line for line in collected.splitlines() if "::" in line]
    assert len(seen) == len(expected) > 30, (len(seen), len(expected))


#: A test reading one of the cleared variables from the process environment: it gets
#: nothing (the conftest moved them into `SHELL` before collection).
_CLEARED_READ = re.compile(
    r"""(?:os\.environ(?:\.get\(|\[)|os\.getenv\()\s*["'](?:RBMTRACE_|NEO4J_)"""
)


def test_no_test_reads_a_cleared_variable_from_the_environment() -> None:
    """Tests that need what the shell said (the jars' folder, a figures file ...) read
    `SHELL` or a conftest helper (`shell_cache_dir`, `tooling`), never `os.environ`."""
    tests = Path(__file__).resolve().parents[1]
    readers = [
        f"{path.relative_to(tests.parent)}:{number}"
        for path in sorted(tests.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if _CLEARED_READ.search(line)
    ]
    assert readers == []
