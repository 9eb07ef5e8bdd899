"""The explorer's performance page (#/performance) in a real browser, on the demo seed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed


def test_the_performance_page_shows_each_status_and_why(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "demo", settings)
    page.goto(f"{live_service}/#/performance?by=Outcome&as_of=2025-12-31")
    table = page.locator("#performance-table")
    # six outcomes of the first cycle, two of the draft second cycle (seed/demo/README.md)
    expect(table.locator('tr[data-depth="0"]')).to_have_count(8)
    for status in ("green", "amber", "red", "grey"):
        expect(table.locator(f'tr[data-depth="0"][data-status="{status}"]').first).to_be_visible()
    row = table.locator('tr[data-depth="0"]', has_text="DO1.2")
    expect(row).to_have_attribute("data-status", "amber")
    # the indicator below it, with the numbers and the rule
    expect(table.locator('tr[data-depth="1"]', has_text="DI1.2")).to_contain_text(
        "(38 - 48) / (32 - 48) = 62.5%"
    )
    page.locator("#levels a", has_text="Goal").click()
    expect(page.locator('#performance-table tr[data-depth="0"]')).to_have_count(2)
    expect(page.locator("nav.mainnav a.active")).to_have_text("Performance")
