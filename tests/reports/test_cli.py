from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import Settings
from app.core.errors import BadRequest
from app.db.graph import Graph
from tests.gaps.clean_plan import clean_plan
from tests.merge_bundle import write_bundle


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    return CliRunner()


def test_the_report_in_a_100_column_terminal_is_rendered_markdown(
    run: CliRunner, graph: Graph
) -> None:
    write_bundle(graph, clean_plan())
    result = run.invoke(cli, ["report"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith(("#", "|"))]  # no raw Markdown
    assert any(line.strip() == "Executive summary" for line in lines)
    assert "━" in result.stdout or "─" in result.stdout  # headings and tables drawn
    assert max(len(line) for line in lines) <= 100
    raw = run.invoke(cli, ["report", "--raw", "--plan", "op"])
    assert raw.stdout.startswith("# Linkage of the planning elements")
    assert "## 1. Operational Plan 2024-2025" in raw.stdout and "## 2." not in raw.stdout


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.pdf", b"%PDF-"), ("r.html", b"<!DOCTYPE html>"), ("r.md", b"# Linkage")],
)
def test_the_file_extension_picks_the_format(
    run: CliRunner, graph: Graph, tmp_path: Path, name: str, start: bytes
) -> None:
    write_bundle(graph, clean_plan())
    target = tmp_path / name
    result = run.invoke(cli, ["report", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(start)
    assert f"written to {target}" in result.stderr


def test_bad_report_requests_say_what_to_do(run: CliRunner, graph: Graph, tmp_path: Path) -> None:
    write_bundle(graph, clean_plan())
    for args, hint in [
        (["-o", str(tmp_path / "r.docx")], "End the file name with .pdf, .html or .md."),
        (["-o", str(tmp_path / "r.md"), "--format", "html"], "Leave out --format"),
        (["--format", "pdf"], "Add -o report.pdf."),
    ]:
        result = run.invoke(cli, ["report", *args])
        assert isinstance(result.exception, BadRequest), result.output
        assert result.exception.extra["hint"].startswith(hint)
    assert not list(tmp_path.iterdir())
