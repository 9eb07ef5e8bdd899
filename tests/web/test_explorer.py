"""The explorer in a real browser (system Chromium) against the real service and Neo4j."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import httpx
from playwright.sync_api import Page, Route, expect

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed
from tests.api.api_keys import EDITOR_SECRET
from tests.web.conftest import Origins


def warm_gap_checks(live_service: str) -> None:
    """The first gap run on a fresh Neo4j compiles every check's query (seconds): do it
    before the page waits for it, so the page's waits stay short."""
    assert httpx.get(f"{live_service}/api/v1/gaps", timeout=120).status_code == 200


def test_overview_renders_with_the_itu_seed(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    warm_gap_checks(live_service)
    elements = httpx.get(f"{live_service}/api/v1/overview", timeout=10).json()["elements"]
    page.goto(f"{live_service}/")
    expect(page.locator("#element-count")).to_have_text(str(elements))
    expect(page.locator("#loaded")).to_contain_text("Thematic priority")
    expect(page.locator("#plans")).to_contain_text("Strategic Plan for the Union 2024-2027")
    expect(page.locator("#open-count")).to_have_text(re.compile(r"^[1-9]\d*$"))
    expect(page.locator("#budget-by-goal")).to_contain_text("Universal connectivity")
    # the ITU seed knows no amounts: the budget says unknown, never 0
    expect(page.locator("#budget-by-goal")).to_contain_text("unknown")


def test_search_for_tp2_reaches_its_page(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    page.goto(f"{live_service}/")
    page.locator("#search-input").fill("TP#2")
    page.locator("#search-input").press("Enter")
    expect(page.locator("#element-title")).to_have_text("TP#2 · International numbering resources")
    assert page.url.endswith("#/elements/itu-tp-2")
    # the page is a stable URL: opened afresh, it shows the same element
    page.goto(page.url)
    expect(page.locator("#element-title")).to_contain_text("TP#2")


def test_an_ambiguous_search_lists_the_candidates(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    page.goto(f"{live_service}/#/search?q=numbering")
    candidates = page.locator("#candidates li")
    expect(candidates.first).to_be_visible()
    assert candidates.count() >= 2
    expect(page.locator("#candidates")).to_contain_text("TP#2")


def test_the_outputs_serving_tp2_are_listed(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    page.goto(f"{live_service}/#/elements/itu-tp-2")
    page.locator("#outputs-link").click()
    rows = page.locator("#outputs-table tbody tr")
    expect(rows.first).to_be_visible()
    expected = httpx.get(f"{live_service}/api/v1/priorities/itu-tp-2/outputs", timeout=10).json()
    ids = {row["output"]["id"] for row in expected["outputs"]}
    assert rows.count() == len(ids) >= 1
    for output_id in ids:
        expect(page.locator(f'#outputs-table tr[data-output="{output_id}"]')).to_be_visible()
    expect(page.locator("#outputs-table")).to_contain_text("International numbering resources")


def test_the_trace_graph_draws_nodes_and_edges(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    page.goto(f"{live_service}/#/elements/itu-tp-2")
    box = page.locator("#trace-graph[data-drawn]")
    expect(box).to_be_visible()
    nodes = int(box.get_attribute("data-nodes") or 0)
    edges = int(box.get_attribute("data-edges") or 0)
    # TP#2: up to the mission through both goals, down to a cost object
    assert nodes >= 6 and edges >= 5
    assert int(box.get_attribute("data-drawn") or 0) == nodes
    expect(box.locator("canvas").first).to_be_attached()
    page.get_by_role("button", name="Tree").click()
    expect(page.locator("ul.tree").first).to_contain_text("ITU mission")


def test_a_waiver_made_in_the_page_appears_in_the_api(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    warm_gap_checks(live_service)
    page.goto(f"{live_service}/#/findings?check=name_repeats_across_levels")
    card = page.locator("article.finding", has_text="TP#2").first
    expect(card).to_contain_text("International numbering resources")
    key = card.get_attribute("data-key")
    assert key
    page.locator("#key-button").click()
    page.locator("#key-input").fill(EDITOR_SECRET)
    page.locator("#key-save").click()
    expect(page.locator("#key-button")).to_have_text("Key set")
    card = page.locator(f'article.finding[data-key="{key}"]')
    card.get_by_role("button", name="Waive…").click()
    card.locator("input[name=reason]").fill("Reformulation agreed for the 2028 plan")
    card.locator("input[name=expires]").fill("2030-12-31")
    card.get_by_role("button", name="Waive", exact=True).click()
    expect(page.locator(f'article.finding.waived[data-key="{key}"]')).to_be_visible()
    report = httpx.get(f"{live_service}/api/v1/gaps", timeout=30).json()
    [finding] = [f for f in report["findings"] if f["key"] == key]
    assert finding["status"] == "waived"
    assert finding["waiver"]["reason"] == "Reformulation agreed for the 2028 plan"
    assert finding["waiver"]["who"] == "eve"
    assert finding["waiver"]["expires"].startswith("2030-12-31")


def offline(page: Page) -> list[str]:
    """Abort every request to a host other than 127.0.0.1; returns the aborted URLs."""
    blocked: list[str] = []

    def only_loopback(route: Route) -> None:
        url = urlparse(route.request.url)
        if url.scheme not in ("http", "https", "ws", "wss") or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_loopback)
    return blocked


def test_swagger_ui_renders_offline(page: Page, live_service: str) -> None:
    blocked = offline(page)
    page.goto(f"{live_service}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("RBM Trace")
    expect(page.locator(".opblock").first).to_be_visible()
    expect(page.locator(".swagger-ui .authorize")).to_be_visible()
    assert blocked == []


def test_redoc_renders_offline(page: Page, live_service: str) -> None:
    blocked = offline(page)
    page.goto(f"{live_service}/redoc")
    expect(page.locator("#redoc h1").first).to_contain_text("RBM Trace")
    expect(page.get_by_text("The outputs that serve a thematic priority").first).to_be_attached()
    # ReDoc asks for its vendor's logo and does without it; nothing it needs comes from away
    assert all(urlparse(url).hostname == "cdn.redoc.ly" for url in blocked), blocked


FETCH_OVERVIEW = """async (url) => {
  try {
    const answer = await fetch(url);
    return {ok: answer.ok, etag: answer.headers.get("ETag"), body: await answer.json()};
  } catch (error) {
    return {failed: String(error)};
  }
}"""


def test_a_page_on_another_origin_calls_the_api_only_when_allowed(
    page: Page, live_service: str, graph: Graph, other_origins: Origins, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    page.goto(f"{other_origins.allowed}/")
    allowed = page.evaluate(FETCH_OVERVIEW, f"{live_service}/api/v1/overview")
    assert allowed.get("ok") is True, allowed
    assert allowed["body"]["elements"] > 0
    assert allowed["etag"].startswith('W/"')  # exposed to the dashboard's script
    page.goto(f"{other_origins.other}/")
    refused = page.evaluate(FETCH_OVERVIEW, f"{live_service}/api/v1/overview")
    assert "failed" in refused and "TypeError" in refused["failed"], refused
