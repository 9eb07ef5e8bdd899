"""`rbmtrace import` and `rbmtrace export`, run as a user runs them (a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.cli import main
from app.core.config import Settings
from app.core.errors import ImportPartlyWritten
from app.db.graph import Graph
from tests.bundles.bundle_examples import BAD_INPUTS, SMALL_BUNDLE


def rbmtrace(settings: Settings, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert settings.neo4j_uri
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password.get_secret_value(),
        "NEO4J_DATABASE": settings.neo4j_database,
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        cwd=cwd,  # away from any developer .env
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_prints_counts_and_a_second_import_changes_nothing(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    bundle = tmp_path / "plan.yaml"
    bundle.write_text(yaml.safe_dump(SMALL_BUNDLE))
    dry = rbmtrace(settings, tmp_path, "import", str(bundle), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would create element tp2" in dry.stdout and graph.counts() == (0, 0)
    first = rbmtrace(settings, tmp_path, "import", str(bundle))
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout
    counts = graph.counts()
    second = rbmtrace(settings, tmp_path, "import", str(bundle))
    assert "Nothing to change" in second.stdout
    assert graph.counts() == counts


@pytest.mark.parametrize(
    ("name", "file_name", "data", "words"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_input_exits_2_listing_the_problem_and_changes_nothing(
    graph: Graph,
    settings: Settings,
    tmp_path: Path,
    name: str,
    file_name: str,
    data: bytes,
    words: list[str],
) -> None:
    path = tmp_path / file_name
    path.write_bytes(data)
    result = rbmtrace(settings, tmp_path, "import", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert str(path) in result.stderr and words[0] in result.stderr
    assert graph.counts() == (0, 0)


def test_every_problem_is_listed_on_its_own_line(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(
        json.dumps(
            {
                "elements": [
                    {"id": "g", "type": "Gaol", "name": "G"},
                    {"id": "o", "type": "Output"},
                ],
                "links": [{"from": "o", "type": "HAS_GOAL", "to": "nowhere"}],
            }
        )
    )
    result = rbmtrace(settings, tmp_path, "import", str(path))
    assert result.returncode == 2
    problem_lines = [line for line in result.stderr.splitlines() if line.startswith("x ")]
    assert len(problem_lines) == 3
    assert "elements[0], field 'type'" in problem_lines[0]


def test_the_upload_limit_does_not_apply_to_files_read_from_disk(
    graph: Graph, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RBMTRACE_MAX_IMPORT_BYTES guards the service against what clients send; the CLI
    reads an operator's file whatever its size (a 1M-element bundle is 374 MB)."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(SMALL_BUNDLE))
    assert path.stat().st_size > 100
    monkeypatch.setenv("RBMTRACE_MAX_IMPORT_BYTES", "100")
    result = rbmtrace(settings, tmp_path, "import", str(path))
    assert result.returncode == 0, result.stderr
    assert graph.counts()[0] == len(SMALL_BUNDLE["elements"]) + 1  # and the import's event


def test_export_to_a_file_then_import_it_back(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(SMALL_BUNDLE))
    assert rbmtrace(settings, tmp_path, "import", str(source)).returncode == 0
    exported = tmp_path / "export.zip"
    result = rbmtrace(settings, tmp_path, "export", "--format", "csv", "--output", str(exported))
    assert result.returncode == 0, result.stderr
    stdout_json = rbmtrace(settings, tmp_path, "export")
    assert len(json.loads(stdout_json.stdout)["elements"]) == 7
    graph.write("admin/clear_graph")
    again = rbmtrace(settings, tmp_path, "import", str(exported))
    assert again.returncode == 0, again.stderr
    assert graph.run("MATCH (e:Element) RETURN count(e) AS n", {}, write=False)[0]["n"] == 7
    assert (
        graph.run("MATCH (:Element)-[r]->(:Element) RETURN count(r) AS n", {}, write=False)[0]["n"]
        == 6
    )


def test_a_yaml_content_error_names_line_and_column_and_is_listed_once(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "elements:\n  - id: g\n    type: Gaol\n    name: G\n  - id: o\n    type: Output\n"
    )
    result = rbmtrace(settings, tmp_path, "import", str(path))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"x {path}: elements[0] (line 2, column 5), field 'type':")
    assert result.stderr.count("elements[0]") == 1  # the summary does not repeat it
    assert ": 2 problems, listed above." in lines[-2]


#: The hint of an import left partly written: the ways that undo it, and only those.
PARTLY_WRITTEN_HINT = (
    "hint: When the database is reachable again: `rbmtrace import --recover` undoes it once "
    "the process that ran the import has ended; a running service undoes it by itself, at "
    "its start and on `GET /ready`. Then import again."
)


def test_a_partly_written_import_names_the_recovery_that_works_printed_as_it_is(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The hint names `rbmtrace import --recover` and the service, nothing else: no Cypher
    to delete by hand (it would leave what the import updated changed, and the import
    pending). Problem texts are not read as terminal markup: `()-[r]->()` and `[bold]`
    stay whole."""

    def undo_failed(*args: object, **kwargs: object) -> None:
        cause = RuntimeError("the database went away in ()-[r]->() [bold]here[/bold]")
        raise ImportPartlyWritten("import-1", cause)

    monkeypatch.setattr("app.cli.bundles.read_bundle", undo_failed)
    monkeypatch.setattr(sys, "argv", ["rbmtrace", "import", str(tmp_path / "plan.json")])
    with pytest.raises(SystemExit) as exit_code:
        main()
    assert exit_code.value.code == 1
    said = " ".join(capsys.readouterr().err.split())  # as one line, however it was wrapped
    assert "Import partly written:" in said
    assert "(the database went away in ()-[r]->() [bold]here[/bold])" in said
    assert "import_id 'import-1'; it stays recorded as pending." in said
    assert said.endswith(PARTLY_WRITTEN_HINT), said
    assert "MATCH" not in said and "DELETE" not in said


def test_import_without_files_says_what_to_give(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    result = rbmtrace(settings, tmp_path, "import")
    assert result.returncode == 2
    assert "Give the bundle files to import (or --recover)." in result.stderr
