"""`rbmtrace results import`, `rbmtrace performance` and `rbmtrace indicator`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.bundles.importer import import_bundle
from app.cli import cli
from app.core.config import Settings
from app.core.errors import InvalidBundle
from app.db.graph import Graph
from tests.bundles.importing import options
from tests.performance.plans import AS_OF, STRUCTURE, values_csv


@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "250")
    return CliRunner()


def test_import_results_then_show_performance_and_an_indicator(
    run: CliRunner, graph: Graph, tmp_path: Path
) -> None:
    import_bundle(graph, STRUCTURE, options())
    results = tmp_path / "results.csv"
    results.write_text(values_csv())
    loaded = run.invoke(cli, ["results", "import", str(results)])
    assert loaded.exit_code == 0, loaded.output
    assert "12" in loaded.output
    table = run.invoke(cli, ["performance", "--by", "Outcome", "--as-of", AS_OF])
    assert table.exit_code == 0, table.output
    assert "\x1b[" not in table.output  # not a terminal: plain words, no colour codes
    for words in ("O1", "amber", "O2", "green", "O3", "grey", "missing data: ind-late"):
        assert words in table.output
    as_json = run.invoke(cli, ["performance", "--by", "Goal", "--as-of", AS_OF, "--json"])
    assert json.loads(as_json.output)["items"][0]["status"] == "green"
    indicator = run.invoke(cli, ["indicator", "I-CUM", "--as-of", AS_OF])
    assert indicator.exit_code == 0, indicator.output
    assert "2025-01-01..2025-12-31" in indicator.output and "sex=female" in indicator.output


def test_a_bad_results_file_is_refused_whole(run: CliRunner, graph: Graph, tmp_path: Path) -> None:
    import_bundle(graph, STRUCTURE, options())
    before = graph.counts()
    results = tmp_path / "results.csv"
    results.write_text(values_csv().replace("ind-inc,", "ind-incc,"))
    refused = run.invoke(cli, ["results", "import", str(results)])
    assert isinstance(refused.exception, InvalidBundle)
    assert refused.exception.exit_code == 2
    assert graph.counts() == before
    bad_level = run.invoke(cli, ["performance", "--by", "Output"])
    assert bad_level.exception is not None and "by=Goal" in str(bad_level.exception)
