"""API keys and a keyed app for the write and import tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from app.api.main import create_app
from app.core.config import Settings

READER_SECRET = "reader-secret-123"
EDITOR_SECRET = "editor-secret-456"
ADMIN_SECRET = "admin-secret-789"
API_KEYS = [
    f"ada:reader:{READER_SECRET}",
    f"eve:editor:{EDITOR_SECRET}",
    f"root:admin:{ADMIN_SECRET}",
]
READER = {"X-API-Key": READER_SECRET}
EDITOR = {"X-API-Key": EDITOR_SECRET}
ADMIN = {"X-API-Key": ADMIN_SECRET}


@contextmanager
def keyed_client(settings: Settings, **overrides: object) -> Iterator[TestClient]:
    """The API with the keys above (and any other setting overridden)."""
    keyed = settings.model_copy(update={"api_keys": API_KEYS, **overrides})
    with TestClient(create_app(keyed)) as client:
        yield client
