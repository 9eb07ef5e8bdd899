from __future__ import annotations

import logging

import pytest

from app.api.auth import ApiKey, KeyConfigError, match_key, parse_api_keys
from app.core.config import Role, Settings
from app.db.graph import Graph
from tests.api.api_keys import (
    API_KEYS,
    EDITOR,
    EDITOR_SECRET,
    READER,
    READER_SECRET,
    keyed_client,
)

ELEMENT = {"id": "g1", "type": "Goal", "name": "Goal one"}


def test_keys_parse_and_match_by_secret() -> None:
    keys = parse_api_keys(tuple(API_KEYS))
    assert [(k.name, k.role) for k in keys] == [
        ("ada", Role.reader),
        ("eve", Role.editor),
        ("root", Role.admin),
    ]
    assert match_key(EDITOR_SECRET, keys) == keys[1]
    assert match_key("editor-secret-45", keys) is None
    assert EDITOR_SECRET not in repr(keys[1])


@pytest.mark.parametrize("entry", ["nameonly", "x:superuser:secret", "x:editor:", ":editor:s"])
def test_a_malformed_key_entry_is_refused_without_showing_it(entry: str) -> None:
    with pytest.raises(KeyConfigError) as caught:
        parse_api_keys(("ok:reader:fine", entry))
    assert "#2" in caught.value.detail and "fine" not in caught.value.detail


def test_writes_need_an_editor_or_admin_key(graph: Graph, settings: Settings) -> None:
    with keyed_client(settings) as api:
        none = api.post("/api/v1/elements", json=ELEMENT)
        assert (
            none.status_code == 401 and none.headers["content-type"] == "application/problem+json"
        )
        wrong = api.post("/api/v1/elements", json=ELEMENT, headers={"X-API-Key": "guess"})
        assert wrong.status_code == 401
        reader = api.post("/api/v1/elements", json=ELEMENT, headers=READER)
        assert reader.status_code == 403 and "reader" in reader.json()["detail"]
        assert graph.counts() == (0, 0)
        bearer = api.post(
            "/api/v1/elements", json=ELEMENT, headers={"Authorization": "Bearer admin-secret-789"}
        )
        assert bearer.status_code == 201


def test_reads_are_open_unless_configured_to_need_a_key(graph: Graph, settings: Settings) -> None:
    with keyed_client(settings) as api:
        assert api.get("/api/v1/model").status_code == 200
    with keyed_client(settings, reads_require_key=True) as api:
        assert api.get("/api/v1/model").status_code == 401
        assert api.get("/api/v1/export").status_code == 401
        assert api.get("/api/v1/model", headers=READER).status_code == 200
        assert api.get("/api/v1/schema/bundle", headers=EDITOR).status_code == 200
        assert api.get("/health").status_code == 200  # liveness stays open


def test_secrets_never_reach_the_logs(
    graph: Graph, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with keyed_client(settings) as api:
        api.post("/api/v1/elements", json=ELEMENT, headers={"X-API-Key": "not-a-key-secret"})
        api.post("/api/v1/elements", json=ELEMENT, headers=READER)
        api.post("/api/v1/elements", json=ELEMENT, headers=EDITOR)
    text = caplog.text
    for secret in (READER_SECRET, EDITOR_SECRET, "not-a-key-secret"):
        assert secret not in text


def test_api_key_repr_hides_the_secret() -> None:
    assert "s3cret" not in repr(ApiKey("n", Role.admin, "s3cret"))


def test_every_api_route_needs_a_key_when_reads_are_keyed(graph: Graph, settings: Settings) -> None:
    """Routers are included with the reader dependency centrally (app/api/main.py), so a
    router added later cannot forget it."""
    with keyed_client(settings, reads_require_key=True) as api:
        paths = api.get("/openapi.json").json()["paths"]
        routes = [
            (method.upper(), path)
            for path, operations in paths.items()
            if path.startswith("/api/v1/")
            for method in operations
        ]
        assert len(routes) >= 10
        for method, path in routes:
            url = path.replace("{", "").replace("}", "")  # any value will do for a parameter
            answer = api.request(method, url)
            assert answer.status_code == 401, (method, path, answer.status_code)
