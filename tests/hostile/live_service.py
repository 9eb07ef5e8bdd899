"""The service on a real socket: uvicorn in a thread of the test process, on 127.0.0.1
and a free port, stopped when the block ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from app.api.main import create_app
from app.core.config import Settings
from app.local_neo4j.server import free_port


@contextmanager
def live_service(settings: Settings) -> Iterator[str]:
    """The base URL of the service, answering until the block ends."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", server_header=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="live-service", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        httpx.get(f"{base}/health", timeout=10).raise_for_status()
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)
