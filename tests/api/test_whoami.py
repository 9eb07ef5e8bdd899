"""GET /api/v1/whoami: the key in use, so the explorer offers only what it allows."""

from __future__ import annotations

from app.core.config import Settings
from tests.api.api_keys import ADMIN, EDITOR, READER, keyed_client


def test_whoami_names_each_key_and_what_it_may_do(settings: Settings) -> None:
    with keyed_client(settings) as api:
        keys = {"none": {}, "reader": READER, "editor": EDITOR, "admin": ADMIN}
        answers = {
            label: api.get("/api/v1/whoami", headers=headers).json()
            for label, headers in keys.items()
        }
        wrong = api.get("/api/v1/whoami", headers={"X-API-Key": "guess"})
    assert answers == {
        "none": {"name": "anonymous", "role": None, "may_write": False, "is_admin": False},
        "reader": {"name": "ada", "role": "reader", "may_write": False, "is_admin": False},
        "editor": {"name": "eve", "role": "editor", "may_write": True, "is_admin": False},
        "admin": {"name": "root", "role": "admin", "may_write": True, "is_admin": True},
    }
    assert wrong.status_code == 401
    assert wrong.headers["content-type"] == "application/problem+json"
