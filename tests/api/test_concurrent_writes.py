"""Parallel clients writing one element over real HTTP (uvicorn on 127.0.0.1): no update is
lost, each change event's `before` is the previous one's `after`, and a write whose
`If-Match` names a state the element has left is refused with 412."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import httpx

from app.core.config import Settings
from app.db.graph import Graph
from tests.api.api_keys import API_KEYS, EDITOR
from tests.live_service import live_service

INDICATOR = {"id": "ind", "type": "Indicator", "name": "Resources assigned", "unit": "count"}
#: The field each of eight clients patches, and its value in round i.
FIELDS: dict[str, Callable[[int], Any]] = {
    "description": lambda i: f"description {i}",
    "unit": lambda i: f"unit {i}",
    "baseline": lambda i: 10.5 + i,
    "baseline_year": lambda i: 2020 + i,
    "target": lambda i: 100.5 + i,
    "target_year": lambda i: 2030 + i,
    "disaggregation": lambda i: [f"by {i}"],
    "aliases": lambda i: [f"IND-{i}"],
}
ROUNDS = 5


@contextmanager
def keyed_service(settings: Settings) -> Iterator[str]:
    """The service with the test API keys on a free port; stopped on leaving."""
    with live_service(settings.model_copy(update={"api_keys": API_KEYS})) as url:
        yield url


def editor(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers=EDITOR, timeout=120)


def test_parallel_patches_of_different_fields_lose_nothing(
    graph: Graph, settings: Settings
) -> None:
    with keyed_service(settings) as url:
        with editor(url) as client:
            client.post("/api/v1/elements", json=INDICATOR).raise_for_status()
        start = threading.Barrier(len(FIELDS))

        def patch_field(field: str) -> Any:
            """Patch one field ROUNDS times; the value last acknowledged."""
            acknowledged = None
            with editor(url) as client:
                start.wait()
                for i in range(ROUNDS):
                    value = FIELDS[field](i)
                    answer = client.patch("/api/v1/elements/ind", json={field: value})
                    assert answer.status_code == 200, answer.text
                    assert answer.json()["after"][field] == value
                    acknowledged = value
            return acknowledged

        with ThreadPoolExecutor(max_workers=len(FIELDS)) as pool:
            acknowledged = dict(zip(FIELDS, pool.map(patch_field, FIELDS), strict=True))

        with editor(url) as client:
            element = client.get("/api/v1/elements/ind").json()["element"]
            events = client.get("/api/v1/elements/ind/history").json()["events"]
    assert {field: element.get(field) for field in FIELDS} == acknowledged
    assert [e["action"] for e in events] == ["create"] + ["update"] * (len(FIELDS) * ROUNDS)
    for earlier, later in itertools.pairwise(events):
        assert later["before"] == earlier["after"], (earlier["id"], later["id"])
    assert events[-1]["after"]["unit"] == element["unit"]


def test_a_stale_if_match_is_412_and_changes_nothing(graph: Graph, settings: Settings) -> None:
    with keyed_service(settings) as url, editor(url) as client:
        client.post("/api/v1/elements", json=INDICATOR).raise_for_status()
        read = client.get("/api/v1/elements/ind")
        first = read.headers["ETag"]

        changed = client.patch("/api/v1/elements/ind", json={"unit": "people"},
                               headers={"If-Match": first})  # fmt: skip
        assert changed.status_code == 200, changed.text
        current = changed.headers["ETag"]
        assert current != first
        assert client.get("/api/v1/elements/ind").headers["ETag"] == current

        stale = client.patch("/api/v1/elements/ind", json={"unit": "teams"},
                             headers={"If-Match": first})  # fmt: skip
        assert stale.status_code == 412
        assert stale.headers["content-type"].startswith("application/problem+json")
        assert stale.json()["etag"] == current
        assert client.delete("/api/v1/elements/ind", headers={"If-Match": first}).status_code == 412
        assert client.get("/api/v1/elements/ind").json()["element"]["unit"] == "people"

        # eight clients race, each with the ETag they all read: exactly one may write
        start = threading.Barrier(8)

        def race(i: int) -> int:
            with editor(url) as racer:
                start.wait()
                answer = racer.patch("/api/v1/elements/ind", json={"description": f"writer {i}"},
                                     headers={"If-Match": current})  # fmt: skip
                return answer.status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(race, range(8)))
        assert sorted(statuses) == [200] + [412] * 7
        winner = statuses.index(200)
        now = client.get("/api/v1/elements/ind")
        assert now.json()["element"]["description"] == f"writer {winner}"

        gone = client.delete("/api/v1/elements/ind", headers={"If-Match": now.headers["ETag"]})
        assert gone.status_code == 200 and gone.json()["action"] == "delete"
