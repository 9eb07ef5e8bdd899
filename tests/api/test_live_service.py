"""The live-service and browser fixtures work: a real Chromium reaches a real uvicorn."""

from __future__ import annotations

import httpx
from playwright.sync_api import Browser


def test_live_service_answers_over_http(live_service: str) -> None:
    response = httpx.get(f"{live_service}/health", timeout=10)
    assert response.status_code == 200


def test_chromium_loads_a_page_of_the_service(chromium: Browser, live_service: str) -> None:
    page = chromium.new_page()
    try:
        response = page.goto(f"{live_service}/openapi.json")
        assert response is not None and response.status == 200
        title = page.evaluate("() => JSON.parse(document.body.innerText).info.title")
        assert title == "RBM Trace"
    finally:
        page.close()
