"""The one list envelope (`app/core/list_envelope.py`): every list answer of the OpenAPI
document carries `items`, `next_cursor` and `total`; following `next_cursor` to the end
yields each item once; the deprecated keys hold the same list until /api/v2."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.db.graph import Graph
from app.elements import writes
from app.gaps.engine import run_gaps, waive_finding
from app.seeding import load_seed
from app.versions import baselines

#: Every GET whose answer is a list envelope: its query (path filled in), whether it pages
#: (takes `limit` and `cursor`), and whether `total` is known (never null). The README's
#: table says the same; `test_the_list_is_the_openapi_documents` keeps this in sync.
ENVELOPES: dict[str, tuple[str, bool, bool]] = {
    "/api/v1/elements": ("/api/v1/elements", True, False),
    "/api/v1/priorities/{ref}/outputs": ("/api/v1/priorities/demo-tp-3/outputs", True, False),
    "/api/v1/matrix": ("/api/v1/matrix?rows=ThematicPriority&cols=Output", True, False),
    "/api/v1/budget": ("/api/v1/budget?by=Output", True, True),
    "/api/v1/gaps": ("/api/v1/gaps", True, True),
    "/api/v1/suspects": ("/api/v1/suspects", True, True),
    "/api/v1/elements/{ref}/history": ("/api/v1/elements/demo-outcome-2-1/history", False, True),
    "/api/v1/performance": ("/api/v1/performance?by=Outcome", False, True),
    "/api/v1/diff": ("/api/v1/diff?from=before-edit", True, True),
    "/api/v1/gaps/checks": ("/api/v1/gaps/checks", False, True),
    "/api/v1/gaps/waivers": ("/api/v1/gaps/waivers", False, True),
    "/api/v1/baselines": ("/api/v1/baselines", False, True),
    "/api/v1/diff/cycles": (
        "/api/v1/diff/cycles?from=demo-plan-strategic&to=demo-plan-strategic-2",
        True,
        True,
    ),
}

#: The other GETs of the API, and why they are not list envelopes.
NOT_ENVELOPES: dict[str, str] = {
    "/api/v1/elements/{ref}": "one element",
    "/api/v1/elements/{ref}/trace": "paths and a tree, capped (`truncated`), not paged",
    "/api/v1/elements/{ref}/impact": "several capped lists of one analysis, not paged",
    "/api/v1/graph": "Cytoscape.js's elements format (nodes and edges), capped",
    "/api/v1/overview": "counts and summaries",
    "/api/v1/indicators/{ref}": "one indicator",
    "/api/v1/model": "the metamodel",
    "/api/v1/schema/bundle": "a JSON Schema",
    "/api/v1/export": "a file",
    "/api/v1/baselines/{name}": "one baseline",
    "/api/v1/baselines/{name}/export": "a file",
    "/api/v1/reports/linkage": "a document",
    "/api/v1/whoami": "the key in use",
}

ENVELOPE_KEYS = ("items", "next_cursor", "total")
#: Lists whose answer had no list key of its own before the envelope.
NO_LEGACY_KEY = (
    "/api/v1/elements",
    "/api/v1/performance",
    "/api/v1/gaps/checks",
    "/api/v1/gaps/waivers",
    "/api/v1/baselines",
)


def json_answer(operation: dict[str, Any]) -> dict[str, Any] | None:
    content = operation.get("responses", {}).get("200", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return schema if isinstance(schema, dict) else None


def resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if not ref:
        return schema
    found: dict[str, Any] = document
    for part in ref.removeprefix("#/").split("/"):
        found = found[part]
    return found


@pytest.fixture
def demo(client: TestClient, graph: Graph, settings: Settings) -> TestClient:
    """The demo seed, a baseline, a waiver, then an edit: so the diff, the history, the
    waivers and the suspect links each have something to list."""
    load_seed(graph, "demo", settings)
    baselines.create_baseline(graph, "before-edit", None, "ada")
    finding = run_gaps(graph).findings[0]
    waive_finding(graph, finding.key, "Accepted for the test", "eve", None)
    for n in (1, 2):
        writes.update_element(graph, "demo-outcome-2-1", {"name": f"Reworded outcome {n}"}, "eve")
        writes.update_element(graph, "demo-outcome-3-1", {"name": f"Renamed outcome {n}"}, "eve")
    writes.update_element(graph, "demo-outcome-1-1", {"description": "Now about fibre"}, "eve")
    return client


def test_the_list_is_the_openapi_documents(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    enveloped, others = set(), set()
    for path, operations in document["paths"].items():
        if "get" not in operations or not path.startswith("/api/"):
            continue
        schema = json_answer(operations["get"])
        target = resolved(document, schema) if schema else {}
        properties = target.get("properties", {})
        if all(key in properties for key in ENVELOPE_KEYS):
            assert set(ENVELOPE_KEYS) <= set(target["required"]), path
            enveloped.add(path)
        else:
            others.add(path)
    assert enveloped == set(ENVELOPES)
    assert others == set(NOT_ENVELOPES), "classify each new GET in ENVELOPES or NOT_ENVELOPES"


def test_the_old_list_keys_are_deprecated_in_openapi(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    old_keys = {
        "OutputsServing": "outputs",
        "TraceMatrix": "rows",
        "BudgetRollup": "figures",
        "GapReport": "findings",
        "SuspectPage": "suspects",
        "History": "events",
        "Diff": "changes",
        "CycleDiff": "entries",
    }
    for name, key in old_keys.items():
        assert schemas[name]["properties"][key]["deprecated"] is True, name
        assert "/api/v2" in schemas[name]["properties"][key]["description"], name
        assert not schemas[name]["properties"]["items"].get("deprecated"), name


def walk(client: TestClient, url: str, limit: int | None) -> tuple[list[str], list[Any]]:
    """Every item of every page (as canonical JSON), following `next_cursor`; and the
    `total` of each page."""
    seen: list[str] = []
    totals: list[Any] = []
    cursor: str | None = None
    for _ in range(1000):
        params: dict[str, Any] = {}
        if limit is not None:
            params["limit"] = limit
        if cursor is not None:
            params["cursor"] = cursor
        # the query of `url` kept: `params=` would replace it
        answer = client.get(f"{url}{'&' if '?' in url else '?'}{urlencode(params)}")
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert all(key in body for key in ENVELOPE_KEYS), url
        seen += [json.dumps(item, sort_keys=True) for item in body["items"]]
        totals.append(body["total"])
        header_total = answer.headers.get("x-total-count")
        assert header_total == (None if body["total"] is None else str(body["total"]))
        assert answer.headers.get("x-next-cursor") == body["next_cursor"]
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, totals
    raise AssertionError(f"{url}: next_cursor never ended")


@pytest.mark.parametrize("path", sorted(ENVELOPES))
def test_following_next_cursor_yields_each_item_once(demo: TestClient, path: str) -> None:
    url, paged, total_known = ENVELOPES[path]
    whole, totals = walk(demo, url, 500 if paged else None)
    assert whole, f"{url} lists nothing on the demo seed: the walk would prove nothing"
    assert len(set(whole)) == len(whole), url
    if total_known:
        assert set(totals) == {len(whole)}, url
    else:
        assert set(totals) == {None}, url
    if paged:
        by_twos, _ = walk(demo, url, 2)
        assert len(by_twos) > 2, f"{url}: too few items to need a second page"
        assert by_twos == whole, url


@pytest.mark.parametrize("path", sorted(ENVELOPES))
def test_the_deprecated_key_holds_the_same_list(demo: TestClient, path: str) -> None:
    body = demo.get(ENVELOPES[path][0]).json()
    legacy = {
        key: value
        for key, value in body.items()
        if key not in ENVELOPE_KEYS and value == body["items"] and isinstance(value, list)
    }
    if path in NO_LEGACY_KEY:
        assert legacy == {}  # `items` was already their key, or they were bare arrays
    else:
        assert len(legacy) == 1, (path, sorted(body))


def test_the_budget_by_amount_pages_through_the_same_figures_largest_first(
    demo: TestClient,
) -> None:
    """`sort=amount` is another order of the same list: followed by twos or by 500, each
    figure once, largest amount first (unknown amounts last), the same total."""
    url = "/api/v1/budget?by=Output&sort=amount"
    whole, totals = walk(demo, url, 500)
    by_twos, twos_totals = walk(demo, url, 2)
    by_id, _ = walk(demo, "/api/v1/budget?by=Output", 500)
    assert by_twos == whole and len(whole) > 2
    assert sorted(whole) == sorted(by_id) and whole != by_id
    assert set(totals) == set(twos_totals) == {len(whole)}
    figures = [json.loads(item) for item in whole]
    known = [f["amount"] for f in figures if f["amount"] is not None]
    assert known == sorted(known, reverse=True)
    assert [f["amount"] for f in figures[len(known) :]] == [None] * (len(figures) - len(known))


def test_findings_of_one_element_or_status_are_counted_and_paged(demo: TestClient) -> None:
    everything = demo.get("/api/v1/gaps").json()
    assert everything["next_cursor"] is None  # without `limit`, all in one answer, as before
    element = everything["items"][0]["elements"][0]["id"]
    involving = [f for f in everything["items"] if element in {e["id"] for e in f["elements"]}]
    mine = demo.get("/api/v1/gaps", params={"element": element}).json()
    assert mine["items"] == mine["findings"] == involving
    assert mine["total"] == len(involving)
    assert mine["summary"] == everything["summary"]  # the summary is of the checks run
    waived = demo.get("/api/v1/gaps", params={"status": "waived", "limit": 1}).json()
    assert waived["total"] == everything["summary"]["waived"]
    first = demo.get("/api/v1/gaps", params={"limit": 1}).json()
    assert first["items"] == everything["items"][:1]
    assert first["total"] == len(everything["items"])
