"""Conditional GETs, Cache-Control, compression and CORS on the real app and database."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed
from tests.api.api_keys import READER, keyed_client
from tests.db.test_change_token import other_session_write

DASHBOARD = "http://dashboard.test:8080"


def test_get_answers_carry_an_etag_and_304_when_unchanged(client: TestClient) -> None:
    first = client.get("/api/v1/overview")
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('W/"')
    assert first.headers["cache-control"] == "no-cache"
    again = client.get("/api/v1/overview", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag


def test_a_write_by_anyone_changes_the_etag(
    client: TestClient, settings: Settings, graph: Graph
) -> None:
    tag = client.get("/api/v1/overview").headers["etag"]
    other_session_write(settings, "CREATE (:Element {id: 'probe-x', type: 'Goal', name: 'X'})")
    answer = client.get("/api/v1/overview", headers={"If-None-Match": tag})
    assert answer.status_code == 200
    assert answer.headers["etag"] != tag
    assert answer.json()["elements"] == 1


def test_a_read_not_cached_is_tagged_from_its_own_transaction(
    client: TestClient, settings: Settings, graph: Graph
) -> None:
    """Element reads are not in the read cache: their tag comes from the bookmark of their
    own first read (no extra round trip), and still moves with anyone's write and gives 304."""
    load_seed(graph, "itu", settings)
    path = "/api/v1/priorities/TP%232/outputs"
    first = client.get(path)
    assert first.status_code == 200
    assert "x-read-cache" not in first.headers
    tag = first.headers["etag"]
    again = client.get(path, headers={"If-None-Match": tag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", tag)
    other_session_write(settings, "CREATE (:TokenProbe)")
    moved = client.get(path, headers={"If-None-Match": tag})
    assert moved.status_code == 200
    assert moved.headers["etag"] != tag
    assert moved.json() == first.json()


def test_etag_differs_by_query_and_media_type(
    client: TestClient, graph: Graph, settings: Settings
) -> None:
    load_seed(graph, "itu", settings)
    by_goal = client.get("/api/v1/budget?by=Goal").headers["etag"]
    by_output = client.get("/api/v1/budget?by=Output").headers["etag"]
    as_csv = client.get("/api/v1/budget?by=Goal", headers={"Accept": "text/csv"})
    assert len({by_goal, by_output, as_csv.headers["etag"]}) == 3


def test_keyed_answers_are_private(settings: Settings, graph: Graph) -> None:
    with keyed_client(settings) as keyed:
        answer = keyed.get("/api/v1/overview", headers=READER)
    assert answer.headers["cache-control"] == "private, no-cache"


def test_no_304_without_a_valid_key_when_reads_need_one(settings: Settings, graph: Graph) -> None:
    with keyed_client(settings, reads_require_key=True) as keyed:
        tag = keyed.get("/api/v1/overview", headers=READER).headers["etag"]
        assert keyed.get("/api/v1/overview", headers={"If-None-Match": tag}).status_code == 401
        wrong = {"If-None-Match": tag, "X-API-Key": "not-a-key"}
        assert keyed.get("/api/v1/overview", headers=wrong).status_code == 401
        keyed_again = {**READER, "If-None-Match": tag}
        assert keyed.get("/api/v1/overview", headers=keyed_again).status_code == 304


def test_errors_and_writes_carry_no_etag(client: TestClient) -> None:
    missing = client.get("/api/v1/elements/no-such-element")
    assert missing.status_code == 404
    assert "etag" not in missing.headers


def test_large_answers_are_compressed(client: TestClient, graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    answer = client.get("/api/v1/gaps", headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    small = client.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_no_origin_is_allowed_by_default(client: TestClient) -> None:
    preflight = client.options(
        "/api/v1/overview",
        headers={"Origin": DASHBOARD, "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    simple = client.get("/api/v1/overview", headers={"Origin": DASHBOARD})
    assert "access-control-allow-origin" not in simple.headers


def test_an_allowed_origin_gets_preflight_and_exposed_headers(
    settings: Settings, graph: Graph
) -> None:
    with keyed_client(settings, cors_origins=[DASHBOARD]) as allowed:
        preflight = allowed.options(
            "/api/v1/gaps/waivers",
            headers={
                "Origin": DASHBOARD,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "X-API-Key, Content-Type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == DASHBOARD
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "x-api-key" in preflight.headers["access-control-allow-headers"].lower()
        answer = allowed.get("/api/v1/overview", headers={"Origin": DASHBOARD})
        assert answer.headers["access-control-allow-origin"] == DASHBOARD
        exposed = answer.headers["access-control-expose-headers"].lower()
        for header in ("etag", "link", "x-total-count", "x-next-cursor"):
            assert header in exposed


def test_cors_origins_setting_reads_a_comma_separated_list() -> None:
    settings = Settings(_env_file=None, cors_origins="https://a.test, https://b.test")  # type: ignore[call-arg]
    assert settings.cors_origins == ["https://a.test", "https://b.test"]
