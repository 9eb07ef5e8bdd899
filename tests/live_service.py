"""The service on a real socket: uvicorn in a thread of the test process, on 127.0.0.1 and a
free port, stopped when the block ends. The one way tests run a live service (the
`live_service` fixture of tests/conftest.py uses it too)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn

from app.api.main import create_app
from app.core.config import Settings
from app.local_neo4j.server import free_port

#: Seconds the service may take to start (its lifespan applies the schema).
START_WITHIN = 60.0


@contextmanager
def live_service(settings: Settings) -> Iterator[str]:
    """The base URL of the service (e.g. `http://127.0.0.1:43121`), answering until the
    block ends; the test fails when it does not start."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        server_header=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"live-service-{port}", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + START_WITHIN
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                pytest.fail(f"the service did not start on 127.0.0.1:{port}", pytrace=False)
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
