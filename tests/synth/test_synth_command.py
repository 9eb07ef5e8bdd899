"""`rbmtrace synth`: writes the bundle (valid JSON) and the manifest of planted gaps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from app.synth import synthesize
from app.synth.synthetic_plan import MINIMUM_ELEMENTS


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
    target = tmp_path / "x.json"
    result = subprocess.run(  # as a user runs it: `main` turns the error into the exit code
        [sys.executable, "-m", "app.cli", "synth", "--elements", "10", "--output", str(target)],
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--elements 10 is too small" in result.stderr
    assert f"Use --elements {MINIMUM_ELEMENTS} or more" in result.stderr
    assert not target.exists()
