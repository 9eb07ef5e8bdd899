"""`rbmtrace synth`: write a deterministic synthetic plan bundle (and its gap manifest)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from app.cli.context import echo
from app.core.errors import BadRequest
from app.synth import synthesize, write_bundle_json
from app.synth.synthetic_plan import MINIMUM_ELEMENTS


def register(cli: typer.Typer) -> None:
    @cli.command()
    def synth(
        elements: int = typer.Option(1000, "--elements", "-n", help="Number of elements."),
        seed: int = typer.Option(0, "--seed", "-s", help="Random seed; same seed, same bundle."),
        output: Path = typer.Option(..., "--output", "-o", help="Bundle JSON file to write."),
        manifest: Path | None = typer.Option(
            None,
            "--manifest",
            help="Also write the planted gaps (by kind) to this JSON file.",
        ),
    ) -> None:
        """Generate a synthetic plan bundle with a known number of planted gaps of each kind."""
        if elements < MINIMUM_ELEMENTS:
            raise BadRequest(
                f"--elements {elements} is too small for a plan with every kind of gap.",
                hint=f"Use --elements {MINIMUM_ELEMENTS} or more.",
            )
        plan = synthesize(elements, seed)
        size = write_bundle_json(plan.bundle, output)
        links = len(plan.bundle["links"])
        echo(f"Wrote {elements} elements and {links} links to {output} ({size:,} bytes).")
        if manifest is not None:
            manifest.write_text(
                json.dumps(
                    {"elements": elements, "seed": seed, **plan.manifest.to_dict()}, indent=2
                )
                + "\n",
                encoding="utf-8",
            )
            echo(f"Wrote the manifest of planted gaps to {manifest}.")
