"""The guide and the style as Neo4j Browser fetches them: cross-origin, without a key."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.traversal.browser_style import render_grass
from tests.api.api_keys import keyed_client

BROWSER_ORIGIN = "http://127.0.0.1:7474"


def test_the_guide_is_served_to_browser_across_origins(client: TestClient) -> None:
    answer = client.get("/browser-guide/rbmtrace.html", headers={"Origin": BROWSER_ORIGIN})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "<slide " in answer.text
    # the guide's :style block points at this service's style
    assert ":style http://testserver/browser-guide/rbmtrace.grass" in answer.text


def test_the_style_is_served_to_browser_across_origins(client: TestClient) -> None:
    answer = client.get("/browser-guide/rbmtrace.grass", headers={"Origin": BROWSER_ORIGIN})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.text == render_grass()


def test_browser_preflight_with_its_no_cache_headers_is_allowed(client: TestClient) -> None:
    answer = client.options(
        "/browser-guide/rbmtrace.html",
        headers={
            "Origin": BROWSER_ORIGIN,
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "cache-control,pragma",
        },
    )
    assert answer.status_code == 204
    assert answer.headers["access-control-allow-origin"] == "*"
    assert answer.headers["access-control-allow-methods"] == "GET"
    allowed = {h.strip() for h in answer.headers["access-control-allow-headers"].split(",")}
    assert {"cache-control", "pragma"} <= allowed


def test_no_key_is_needed_even_when_reads_require_one(graph: Graph, settings: Settings) -> None:
    # Browser cannot send a key; the guide and style hold no data
    with keyed_client(settings, reads_require_key=True) as api:
        assert api.get("/api/v1/model").status_code == 401
        assert api.get("/browser-guide/rbmtrace.html").status_code == 200
        assert api.get("/browser-guide/rbmtrace.grass").status_code == 200
