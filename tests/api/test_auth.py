from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from app.api.auth import ApiKey, KeyConfigError, match_key, parse_api_keys
from app.api.main import create_app
from app.core.config import Role, Settings
from app.db.graph import Graph
from app.local_neo4j.server import free_port
from tests.api.api_keys import (
    ADMIN,
    ADMIN_SECRET,
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
        assert (wrong.json()["detail"], wrong.json()["hint"]) == (
            "The API key is not valid.",
            "Send a configured key in the X-API-Key header.",
        )
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
        keyless = api.get("/api/v1/model")
        assert keyless.status_code == 401
        assert (keyless.json()["detail"], keyless.json()["hint"]) == (
            "Reading needs an API key.",
            "Send a key (any role) in the X-API-Key header.",
        )
        assert api.get("/api/v1/export").status_code == 401
        assert api.get("/api/v1/model", headers=READER).status_code == 200
        assert api.get("/api/v1/schema/bundle", headers=EDITOR).status_code == 200
        assert api.get("/health").status_code == 200  # liveness stays open


class Recorder(logging.Handler):
    """Every record that reaches the loggers it is attached to, formatted, once each."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: dict[int, logging.LogRecord] = {}
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records[id(record)] = record

    def lines(self, logger: str = "") -> list[str]:
        return [
            self.format(r)
            for r in self.records.values()
            if r.name == logger or r.name.startswith(logger)
        ]


#: The loggers a request can reach: uvicorn's own (which does not propagate to the root
#: when it configured its logging) and everything else through the root.
LOGGERS = ("", "uvicorn", "uvicorn.error", "uvicorn.access")


@contextmanager
def every_log_at_debug() -> Iterator[Recorder]:
    recorder = Recorder()
    previous = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).addHandler(recorder)
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield recorder
    finally:
        for name, level in previous.items():
            logging.getLogger(name).removeHandler(recorder)
            logging.getLogger(name).setLevel(level)


@contextmanager
def uvicorn_serving(settings: Settings) -> Iterator[str]:
    """The keyed app on a real port, uvicorn logging at DEBUG with its access log."""
    keyed = settings.model_copy(update={"api_keys": API_KEYS})
    port = free_port()
    config = uvicorn.Config(
        create_app(keyed), host="127.0.0.1", port=port, log_level="debug", log_config=None
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(600):
            if server.started or not thread.is_alive():
                break
            threading.Event().wait(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)


def test_secrets_never_reach_the_logs(graph: Graph, settings: Settings) -> None:
    """Failing and succeeding keyed requests, with uvicorn, the app, the Neo4j driver and
    the HTTP client all logging at DEBUG: the requests are logged (who wrote, the status of
    each), the secrets are not."""
    guess = "not-a-key-secret"
    with (
        every_log_at_debug() as logs,
        uvicorn_serving(settings) as base,
        httpx.Client(base_url=base, timeout=120) as http,
    ):
        answers = [
            http.post("/api/v1/elements", json=ELEMENT, headers={"X-API-Key": guess}),
            http.post("/api/v1/elements", json=ELEMENT, headers=READER),
            http.post("/api/v1/elements", json=ELEMENT, headers=EDITOR),
            http.patch(
                "/api/v1/elements/g1",
                json={"name": "Goal 1"},
                headers={"Authorization": f"Bearer {ADMIN_SECRET}"},
            ),
            http.post("/api/v1/elements", json=ELEMENT, headers=EDITOR),  # 409: exists
        ]
    assert [a.status_code for a in answers] == [401, 403, 201, 200, 409]
    access = logs.lines("uvicorn.access")
    for path, status in [("POST /api/v1/elements", 401), ("POST /api/v1/elements", 403),
                         ("POST /api/v1/elements", 201), ("PATCH /api/v1/elements/g1", 200),
                         ("POST /api/v1/elements", 409)]:  # fmt: skip
        assert any(path in line and f" {status}" in line for line in access), (path, access)
    driver = "\n".join(logs.lines("neo4j"))
    assert "'who': 'eve'" in driver and "'who': 'root'" in driver  # the writes, by key name
    text = "\n".join(logs.lines())
    for secret in (READER_SECRET, EDITOR_SECRET, ADMIN_SECRET, guess):
        assert secret not in text
        assert all(secret not in a.text for a in answers)


def test_api_key_repr_hides_the_secret() -> None:
    assert "s3cret" not in repr(ApiKey("n", Role.admin, SecretStr("s3cret")))
    settings = Settings(_env_file=None, api_keys="ops:admin:s3cret,ro:reader:t0ken")  # type: ignore[call-arg]
    for shown in (repr(settings), str(settings), repr(settings.model_dump())):
        assert "s3cret" not in shown and "t0ken" not in shown
    assert [k.name for k in parse_api_keys(tuple(settings.api_keys))] == ["ops", "ro"]


def test_repeated_wrong_keys_are_throttled_per_client(graph: Graph, settings: Settings) -> None:
    with keyed_client(settings, auth_failure_limit=3, auth_failure_window_seconds=300) as api:
        for _ in range(3):
            assert api.get("/api/v1/model", headers={"X-API-Key": "guess"}).status_code == 401
        throttled = api.get("/api/v1/model", headers={"X-API-Key": "guess"})
        assert throttled.status_code == 429, throttled.text
        assert throttled.headers["content-type"] == "application/problem+json"
        assert 1 <= int(throttled.headers["Retry-After"]) <= 300
        assert "RBMTRACE_AUTH_FAILURE_LIMIT" in throttled.json()["hint"]
        # while throttled, this client's keyed requests wait, even with a right key ...
        assert api.get("/api/v1/model", headers=READER).status_code == 429
        # ... and requests without a key are served as before
        assert api.get("/api/v1/model").status_code == 200
    with keyed_client(settings, auth_failure_limit=3) as fresh:  # a new app, a new count
        assert fresh.get("/api/v1/model", headers=READER).status_code == 200


def test_security_headers_and_no_store_on_keyed_answers(graph: Graph, settings: Settings) -> None:
    with keyed_client(settings) as api:
        open_answer = api.get("/api/v1/model")
        keyed_answer = api.get("/api/v1/model", headers=READER)
        problem = api.get("/api/v1/elements/nope", headers=READER)
    for answer in (open_answer, keyed_answer, problem):
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["X-Frame-Options"] == "DENY"
        csp = answer.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert "server" not in answer.headers
    # an open answer may be cached, but only revalidated by its ETag (app/api/http_caching.py)
    assert open_answer.headers["Cache-Control"] == "no-cache"
    # a keyed read is private and revalidated by its ETag (app/api/http_caching.py); any
    # other keyed answer is never stored
    assert keyed_answer.headers["Cache-Control"] == "private, no-cache"
    assert problem.headers["Cache-Control"] == "private, no-store"


def test_deleting_a_linked_element_needs_the_admin_role(graph: Graph, settings: Settings) -> None:
    bundle = {
        "elements": [
            {"id": "g1", "type": "Goal", "name": "Goal one"},
            {"id": "t1", "type": "Target", "name": "Target one"},
            {"id": "g2", "type": "Goal", "name": "Goal two"},
        ],
        "links": [{"from": "g1", "type": "HAS_TARGET", "to": "t1"}],
    }
    with keyed_client(settings) as api:
        assert api.post("/api/v1/import", json=bundle, headers=EDITOR).status_code == 200
        before = graph.counts()
        refused = api.delete("/api/v1/elements/g1", headers=EDITOR)
        assert refused.status_code == 403, refused.text
        assert "admin" in refused.json()["detail"] and refused.json()["links"] == 1
        assert graph.counts() == before
        assert api.delete("/api/v1/elements/g2", headers=EDITOR).status_code == 200
        done = api.delete("/api/v1/elements/g1", headers=ADMIN)
        assert done.status_code == 200, done.text
        assert len(done.json()["links_deleted"]) == 1


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
