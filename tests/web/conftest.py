"""Browser tests of the explorer: the session's settings plus API keys and one allowed origin.

`live_service` (tests/conftest.py) serves these settings; `other_origin` serves a blank page
on another 127.0.0.1 port, as a dashboard on another origin would be.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Browser, Page, expect

from app.core.config import Settings
from app.local_neo4j.server import free_port
from tests.api.api_keys import API_KEYS

#: Ports of the two "dashboard" pages: the first is an allowed origin, the second is not.
ALLOWED_PORT = free_port()
OTHER_PORT = free_port()

#: Every wait in these tests is bounded by this (milliseconds). Pages draw in a second or
#: two; the cap leaves room for a loaded machine parsing the docs' 1-2 MB bundles.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="session")
def settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"api_keys": API_KEYS, "cors_origins": [f"http://127.0.0.1:{ALLOWED_PORT}"]}
    )


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


class _BlankPage(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>dashboard</title><p>A dashboard on another origin."
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return


@dataclass(frozen=True)
class Origins:
    allowed: str
    other: str


@pytest.fixture
def other_origins() -> Iterator[Origins]:
    """Two tiny page servers on other ports: one allowed by the settings, one not."""
    ports = (ALLOWED_PORT, OTHER_PORT)
    servers = [ThreadingHTTPServer(("127.0.0.1", port), _BlankPage) for port in ports]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield Origins(f"http://127.0.0.1:{ALLOWED_PORT}", f"http://127.0.0.1:{OTHER_PORT}")
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)
