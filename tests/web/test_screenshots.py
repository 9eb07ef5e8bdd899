"""Screenshots of the main pages, taken by the browser tests' own fixtures.

`make screenshots` runs this file with RBMTRACE_SCREENSHOTS_DIR=docs/screenshots, which
refreshes the pictures in the README; in `make test` they go to a temporary folder, so the
pages are still rendered and checked to be there.
"""

from __future__ import annotations

import struct
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed
from tests.api.api_keys import EDITOR_SECRET
from tests.conftest import SHELL

#: file name -> (explorer URL, selector that is there once the page is drawn)
PAGES = {
    "overview": ("/", "#open-count"),
    "element": ("/#/elements/itu-tp-2", "#trace-graph[data-drawn]"),
    "outputs": ("/#/priorities/demo-tp-1/outputs", "#outputs-table tbody tr"),
    "findings": ("/#/findings?severity=error", "article.finding"),
    "matrix": ("/#/matrix?rows=ThematicPriority&cols=Output", "#matrix svg .cell"),
    "budget": ("/#/budget", "#budget-flow"),
    "versions": ("/#/versions", "#baselines-table tbody tr"),
    "diff": ("/#/diff?from=screenshots&to=current", "#diff-summary"),
    "cycles": (
        "/#/cycles?from=demo-plan-strategic&to=demo-plan-strategic-2",
        "#crosswalk tbody tr",
    ),
    "suspects": ("/#/suspects", "#suspect-summary"),
    "api-docs": ("/docs", ".swagger-ui .opblock"),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    configured = SHELL.get("RBMTRACE_SCREENSHOTS_DIR")  # read before the shell was cleared
    target = Path(configured) if configured else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    return target


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_screenshots_of_the_main_pages(
    page: Page, live_service: str, graph: Graph, folder: Path, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    load_seed(graph, "demo", settings)
    assert httpx.get(f"{live_service}/api/v1/gaps", timeout=120).status_code == 200  # warm
    # a baseline for the versions and diff pages, then a change and a suspect link after it
    api, editor = f"{live_service}/api/v1", {"X-API-Key": EDITOR_SECRET}
    taken = httpx.post(
        f"{api}/baselines",
        json={"name": "screenshots", "note": "before"},
        headers=editor,
        timeout=120,
    )
    assert taken.status_code == 201, taken.text
    changed = httpx.patch(
        f"{api}/elements/demo-outcome-1-1",
        json={"description": "Reworded after the baseline"},
        headers=editor,
        timeout=30,
    )
    assert changed.status_code == 200, changed.text
    for name, (url, ready) in PAGES.items():
        page.goto(f"{live_service}{url}")
        drawn = page.locator(ready).first
        drawn.wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        drawn.scroll_into_view_if_needed()
        target = folder / f"{name}.png"
        page.screenshot(path=str(target))
        assert png_size(target) == (1440, 900), name
