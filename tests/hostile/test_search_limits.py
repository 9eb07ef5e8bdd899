"""What reaches the full-text index is bounded and escaped: long searches and references
are refused with 422, awkward ones answer 200/404, never 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.elements.listing import MAX_QUERY_WORDS
from app.elements.references import MAX_REFERENCE_LENGTH
from app.seeding import load_seed

MANY_WORDS = " ".join(["numbering"] * 1025)
LONG_TOKEN = "x" * 5000
LUCENE_SYNTAX = 'a" OR name:* AND \\ ~ ^2 [x TO y] {a} (b) && || ! /re/ : ?'


@pytest.fixture
def seeded(graph: Graph, settings: Settings) -> Graph:
    load_seed(graph, "itu", settings)
    return graph


@pytest.mark.parametrize("q", [MANY_WORDS, LONG_TOKEN, "a " * 600])
def test_a_search_beyond_the_bounds_is_422(seeded: Graph, client: TestClient, q: str) -> None:
    answer = client.get("/api/v1/elements", params={"q": q})
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["detail"].startswith("q: ")
    assert len(answer.text) < 2000


def test_a_search_within_the_bounds_answers(seeded: Graph, client: TestClient) -> None:
    words = " ".join(["numbering"] * MAX_QUERY_WORDS)
    assert client.get("/api/v1/elements", params={"q": words}).status_code == 200
    found = client.get("/api/v1/elements", params={"q": "numbering"}).json()["items"]
    assert found, "the seed has elements about numbering"
    syntax = client.get("/api/v1/elements", params={"q": LUCENE_SYNTAX})
    assert syntax.status_code == 200, syntax.text


@pytest.mark.parametrize(
    "path",
    ["/api/v1/elements/{ref}", "/api/v1/elements/{ref}/trace", "/api/v1/priorities/{ref}/outputs"],
)
@pytest.mark.parametrize("ref", [MANY_WORDS, LONG_TOKEN])
def test_a_reference_beyond_the_bounds_is_422(
    seeded: Graph, client: TestClient, path: str, ref: str
) -> None:
    answer = client.get(path.format(ref=quote(ref, safe="")))
    assert answer.status_code == 422, answer.text
    assert str(MAX_REFERENCE_LENGTH) in answer.json()["detail"]
    assert LONG_TOKEN not in answer.text


@pytest.mark.parametrize(
    "ref",
    [
        LUCENE_SYNTAX,
        "y" * MAX_REFERENCE_LENGTH,
        " ".join(["w"] * (MAX_REFERENCE_LENGTH // 2)),
        " ".join(["numbering"] * 50),
    ],
)
def test_awkward_references_within_the_bounds_are_looked_up(
    seeded: Graph, client: TestClient, ref: str
) -> None:
    answer = client.get(f"/api/v1/elements/{quote(ref, safe='')}")
    assert answer.status_code in (404, 409), answer.text
    assert answer.headers["content-type"] == "application/problem+json"
