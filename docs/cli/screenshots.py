"""Screenshots of `rbmtrace` in a 100x30 terminal, for the README.

Runs each command as a user would (COLUMNS=100, colours on), keeps the first 30 lines,
draws them with rich's SVG export and photographs the SVG with headless Chromium:

    NEO4J_URI=... NEO4J_PASSWORD=... .venv/bin/python docs/cli/screenshots.py [NAME ...]

(the database should hold the ITU seed: `rbmtrace seed load itu`).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.text import Text

HERE = Path(__file__).parent
WIDTH, HEIGHT = 100, 30
SHOTS = {
    "check": ["check", "--fail-on", "none"],
    "matrix": ["matrix", "ThematicPriority", "Output"],
    "report": ["report"],
    "help": ["report", "--help"],
}


def run(args: list[str]) -> str:
    env = {**os.environ, "COLUMNS": str(WIDTH), "LINES": str(HEIGHT), "FORCE_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return done.stdout + done.stderr


def main() -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    wanted = sys.argv[1:] or list(SHOTS)  # e.g. `screenshots.py help` for one
    for name, args in SHOTS.items():
        if name not in wanted:
            continue
        lines = run(args).splitlines()[:HEIGHT]
        console = Console(record=True, width=WIDTH, file=io.StringIO(), force_terminal=True)
        for line in lines:
            console.print(Text.from_ansi(line), no_wrap=True, crop=True)
        svg = console.export_svg(title="rbmtrace " + " ".join(args))
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / f"{name}.svg"
            page.write_text(svg, encoding="utf-8")
            if chromium is None:
                raise SystemExit("needs chromium (make browser) to turn the SVG into a PNG")
            subprocess.run(
                [
                    chromium,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    f"--screenshot={HERE / f'{name}.png'}",
                    "--window-size=1260,800",
                    page.as_uri(),
                ],
                capture_output=True,
                timeout=120,
                check=True,
            )
        _crop(HERE / f"{name}.png")
        print(f"{HERE / f'{name}.png'}")


def _crop(path: Path) -> None:
    """Cut the page's white margin around the terminal window."""
    from PIL import Image, ImageChops

    image = Image.open(path).convert("RGB")
    box = ImageChops.difference(image, Image.new("RGB", image.size, "white")).getbbox()
    if box:
        image.crop(box).save(path, optimize=True)


if __name__ == "__main__":
    main()
