"""The explorer in a real browser (system Chromium) against the real service and Neo4j."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
from playwright.sync_api import Page, Route, expect

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed
from tests.api.api_keys import EDITOR_SECRET, READER_SECRET
from tests.bundles.bundle_examples import SMALL_BUNDLE
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


def distinct_links_by_basis(live_service: str, ref: str) -> dict[str, set[tuple[str, ...]]]:
    """The links of an element's traces up and down (each once), by basis, from the API."""
    found: dict[str, set[tuple[str, ...]]] = {"stated": set(), "inferred": set(), "assumed": set()}
    for direction in ("up", "down"):
        trace = httpx.get(
            f"{live_service}/api/v1/elements/{ref}/trace",
            params={"direction": direction},
            timeout=30,
        ).json()
        for path in trace["paths"]:
            nodes = path["nodes"]
            steps = zip(nodes[:-1], nodes[1:], path["relationships"], path["bases"], strict=True)
            for a, b, rel, basis in steps:
                ends = (b["id"], a["id"]) if direction == "up" else (a["id"], b["id"])
                found[basis].add((ends[0], rel, ends[1]))
    return found


def test_the_trace_graph_marks_assumed_links_with_a_legend(
    page: Page, live_service: str, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    page.goto(f"{live_service}/#/elements/itu-tp-2")
    box = page.locator("#trace-graph[data-drawn]")
    expect(box).to_be_visible()
    links = distinct_links_by_basis(live_service, "itu-tp-2")
    # the seed calls both goal -> TP#2 links and TP#2 -> its placeholder outcome assumed
    assert {
        ("itu-goal-1", "HAS_PRIORITY", "itu-tp-2"),
        ("itu-goal-2", "HAS_PRIORITY", "itu-tp-2"),
        ("itu-tp-2", "HAS_OUTCOME", "itu-outcome-tp-2-unnamed"),
    } <= links["assumed"]
    # drawn with the assumed style (dashed, orange), as many as the API's assumed links
    for basis, found in links.items():
        assert box.get_attribute(f"data-{basis}-edges") == str(len(found)), basis
    legend = page.locator("#basis-legend")
    expect(legend.locator('[data-basis="assumed"]')).to_have_text(
        f"assumed, not in the source ({len(links['assumed'])})"
    )
    expect(legend.locator('[data-basis="stated"]')).to_contain_text("stated in the source")
    dashed = legend.locator(".basis-line.basis-assumed").evaluate(
        "e => getComputedStyle(e).borderTopStyle"
    )
    assert dashed == "dashed"
    page.get_by_role("button", name="Tree").click()
    expect(page.locator("ul.tree .basis-tag.basis-assumed").first).to_have_text("assumed")


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


def test_the_budget_flow_continues_past_the_outputs_to_the_cost_objects(
    page: Page, live_service: str, graph: Graph
) -> None:
    bundle = {
        "elements": [
            {"id": "g1", "type": "Goal", "name": "Goal one"},
            {"id": "tp1", "type": "ThematicPriority", "code": "TP#1", "name": "Priority one"},
            {"id": "oc1", "type": "Outcome", "name": "Outcome one"},
            {"id": "out1", "type": "Output", "name": "Output one"},
            {"id": "out2", "type": "Output", "name": "Output two"},
            {"id": "act2", "type": "Activity", "name": "Activity of output two"},
            {
                "id": "io1",
                "type": "CostObject",
                "name": "Order one",
                "amount": 900,
                "currency": "CHF",
            },
            {"id": "io2", "type": "CostObject", "name": "Order two"},
        ],
        "links": [
            {"from": "g1", "type": "HAS_PRIORITY", "to": "tp1"},
            {"from": "tp1", "type": "HAS_OUTCOME", "to": "oc1"},
            {"from": "oc1", "type": "DELIVERED_BY", "to": "out1"},
            {"from": "oc1", "type": "DELIVERED_BY", "to": "out2"},
            {"from": "out1", "type": "FUNDED_BY", "to": "io1"},
            {"from": "out2", "type": "REALISED_BY", "to": "act2"},
            {"from": "act2", "type": "FUNDED_BY", "to": "io2"},
        ],
    }
    imported = httpx.post(
        f"{live_service}/api/v1/import",
        json=bundle,
        headers={"X-API-Key": EDITOR_SECRET},
        timeout=60,
    )
    assert imported.status_code == 200, imported.text
    page.goto(f"{live_service}/#/budget")
    costs = page.locator('#budget-flow g[data-level="CostObject"]')
    expect(costs).to_contain_text("Cost object")
    # a cost object's box is its own amount; one with no amount says unknown, never 0
    expect(costs.locator('a[href="#/elements/io1"]')).to_contain_text("900 CHF")
    expect(costs.locator('a[href="#/elements/io2"]')).to_contain_text("unknown")
    # bands from each output to what funds it: directly, and through its activity
    bands = page.locator("#budget-flow g.bands path")
    expect(bands.and_(page.locator('[data-source="out1"][data-target="io1"]'))).to_have_count(1)
    expect(bands.and_(page.locator('[data-source="out2"][data-target="io2"]'))).to_have_count(1)
    expect(bands.and_(page.locator('[data-source="out1"][data-target="io2"]'))).to_have_count(0)


def test_the_budget_flow_draws_the_largest_figures_of_each_level(
    page: Page, live_service: str, graph: Graph
) -> None:
    """Each level is asked for its 14 largest figures (`sort=amount&limit=14`): twenty
    outputs whose amounts grow with their ids, so the first 14 by id are the smallest; the
    flow draws the 14 largest, and says how many more there are."""
    elements: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for i in range(20):
        elements.append({"id": f"out-{i:02d}", "type": "Output", "name": f"Output {i:02d}"})
        cost = {"id": f"co-{i:02d}", "type": "CostObject", "name": f"Order {i}"}
        elements.append({**cost, "amount": 100 * (i + 1)})
        links.append({"from": f"out-{i:02d}", "type": "FUNDED_BY", "to": f"co-{i:02d}"})
    imported = httpx.post(
        f"{live_service}/api/v1/import",
        json={"elements": elements, "links": links},
        headers={"X-API-Key": EDITOR_SECRET},
        timeout=60,
    )
    assert imported.status_code == 200, imported.text
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{live_service}/#/budget")
    outputs = page.locator('#budget-flow g[data-level="Output"] a')
    expect(outputs).to_have_count(14)
    drawn = [outputs.nth(n).get_attribute("href") for n in range(14)]
    assert drawn == [f"#/elements/out-{i:02d}" for i in range(19, 5, -1)]  # largest first
    expect(page.locator("#budget-flow text.more")).to_have_text(["+ 6 more"])
    budget = [parse_qs(urlparse(url).query) for url in asked if "/api/v1/budget?" in url]
    assert sorted(q["by"][0] for q in budget) == sorted(
        ["Goal", "ThematicPriority", "Outcome", "Output"]
    )
    assert all((q["sort"], q["limit"]) == (["amount"], ["14"]) for q in budget), budget


def test_an_element_is_edited_in_its_page_with_if_match(
    page: Page, live_service: str, graph: Graph
) -> None:
    api = f"{live_service}/api/v1"
    editor = {"X-API-Key": EDITOR_SECRET}
    imported = httpx.post(f"{api}/import", json=SMALL_BUNDLE, headers=editor, timeout=60)
    assert imported.status_code == 200, imported.text
    page.goto(f"{live_service}/#/elements/g1")
    expect(page.locator("#element-title")).to_have_text("G1 · Goal one")

    def edit(name: str, description: str) -> None:
        page.locator("#edit-button").click()
        form = page.locator("#edit-form")
        form.locator("input[name=name]").fill(name)
        form.locator("textarea[name=description]").fill(description)
        form.get_by_role("button", name="Save").click()

    def use_key(secret: str) -> None:
        page.locator("#key-button").click()
        page.locator("#key-input").fill(secret)
        page.locator("#key-save").click()

    # no key, then a reader's key: refused, with what to do, and nothing written
    edit("Goal one, renamed", "")
    expect(page.locator("#edit-message")).to_contain_text("needs an API key with the editor role")
    use_key(READER_SECRET)
    page.locator("#edit-form").get_by_role("button", name="Save").click()
    expect(page.locator("#edit-message")).to_contain_text("This API key may only read")
    assert httpx.get(f"{api}/elements/g1").json()["element"]["name"] == "Goal one"

    # an editor's key: saved, only the changed fields, and the page shows the new state
    use_key(EDITOR_SECRET)
    page.goto(f"{live_service}/#/elements/g1")
    expect(page.locator("#element-title")).to_have_text("G1 · Goal one")
    edit("Goal one, renamed", "Connect everyone")
    expect(page.locator("#element-title")).to_have_text("G1 · Goal one, renamed")
    stored = httpx.get(f"{api}/elements/g1").json()["element"]
    assert (stored["name"], stored["description"], stored["number"]) == (
        "Goal one, renamed",
        "Connect everyone",
        1,
    )
    history = httpx.get(f"{api}/elements/g1/history").json()["events"]
    assert history[-1]["action"] == "update" and history[-1]["who"] == "eve"

    # someone else changes it after the page was drawn: 412, their change is kept
    page.locator("#edit-button").click()
    other = httpx.patch(
        f"{api}/elements/g1", json={"description": "Another writer's text"}, headers=editor
    )
    assert other.status_code == 200, other.text
    form = page.locator("#edit-form")
    form.locator("textarea[name=description]").fill("My text")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#edit-message")).to_contain_text("Someone changed this element")
    assert httpx.get(f"{api}/elements/g1").json()["element"]["description"] == (
        "Another writer's text"
    )
    page.locator("#edit-reload").click()
    expect(page.locator("#edit-form")).to_have_count(0)
    expect(page.locator("dl.props")).to_contain_text("Another writer's text")
