"""`rbmtrace synth`: writes the bundle (valid JSON) and the manifest of planted gaps."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from app.synth import synthesize


def test_synth_writes_the_same_bundle_as_the_generator(tmp_path: Path) -> None:
    bundle_file, manifest_file = tmp_path / "plan.json", tmp_path / "gaps.json"
    result = CliRunner().invoke(
        cli,
        [
            "synth",
            "--elements",
            "800",
            "--seed",
            "11",
            "--output",
            str(bundle_file),
            "--manifest",
            str(manifest_file),
        ],
    )
    assert result.exit_code == 0, result.output
    plan = synthesize(800, 11)
    assert json.loads(bundle_file.read_text(encoding="utf-8")) == plan.bundle
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    assert manifest["counts"] == plan.manifest.counts()
    assert manifest["seed"] == 11 and manifest["elements"] == 800


def test_synth_refuses_a_plan_too_small_with_exit_code_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["synth", "--elements", "10", "--output", str(tmp_path / "x.json")]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "x.json").exists()
