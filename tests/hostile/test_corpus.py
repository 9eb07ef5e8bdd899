"""The hostile-input corpus (tests/hostile/corpus/): every file, through every door, is
answered with a located 4xx, a short message, and the graph unchanged (counts and the
JSON export compared before and after).

Doors: `POST /api/v1/import` with the raw body and as a multipart upload, `rbmtrace
import` (the CLI), and the element and link writes with hostile JSON bodies.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.bundles.parsing import detect_format
from app.core.config import Settings
from app.db.graph import Graph
from tests.api.api_keys import EDITOR, keyed_client
from tests.cli.test_bundles import rbmtrace
from tests.hostile.conftest import Figures

CORPUS = Path(__file__).parent / "corpus"
#: Longest answer to a hostile input: the inputs quote up to 20,000 characters; the
#: answers may quote only excerpts of them.
MAX_ANSWER_CHARS = 8000

#: corpus file -> (where the first problem is, words of its message)
EXPECTED: dict[str, tuple[str, str]] = {
    "alias_10k.json": ("elements[2]", "at most 200 characters"),
    "alias_bomb.yaml": ("line 5, column 8", "aliases expand the document"),
    "amount_1e309.json": ("elements[2].amount", "not finite"),
    "amount_inf.yaml": ("elements[0].amount", "not finite"),
    "amount_infinity.json": ("elements[2].amount", "not finite"),
    "baseline_nan.json": ("elements[2].baseline", "not finite"),
    "code_10k.yaml": ("elements[0]", "at most 100 characters"),
    "deep_block_nesting.yaml": ("line 65", "nested more than 64 levels"),
    "deep_nesting.json": ("line 1, column 77", "nested more than 64 levels"),
    "deep_nesting.yaml": ("line 1, column 74", "nested more than 64 levels"),
    "elements_amount_inf.csv": ("row 2", "finite number"),
    "elements_id_10k.csv": ("row 2", "at most 200 characters"),
    "elements_number_big.csv": ("row 2", "less than or equal to 9223372036854775807"),
    "id_10k.json": ("elements[2]", "at most 200 characters"),
    "key_20k.json": ("elements[0]", "unknown property"),
    "link_from_10k.json": ("links[0]", "at most 200 characters"),
    "links_share_inf.csv": ("row 3", "finite number"),
    "name_10k.json": ("elements[2]", "at most 500 characters"),
    "number_5000_digits.yaml": ("line 2", "more than 30 digits"),
    "number_over_64_bits.json": ("elements[2].number", "outside 64 bits"),
    "share_nan.yaml": ("links[0].share", "not finite"),
    "target_minus_infinity.yaml": ("elements[0].target", "not finite"),
    "type_20k.yaml": ("elements[0]", "unknown element type"),
}
BASE = {
    "elements": [
        {"id": "m1", "type": "Mission", "name": "Mission"},
        {"id": "g1", "type": "Goal", "name": "Goal one", "number": 1},
        {"id": "o1", "type": "Output", "name": "Output one"},
        {"id": "c1", "type": "CostObject", "name": "Order one", "amount": 10},
    ],
    "links": [
        {"from": "m1", "type": "HAS_GOAL", "to": "g1"},
        {"from": "o1", "type": "FUNDED_BY", "to": "c1", "share": 1},
    ],
}
CONTENT_TYPES = {"json": "application/json", "yaml": "application/yaml", "csv": "text/csv"}


def test_every_corpus_file_has_an_expectation() -> None:
    assert sorted(p.name for p in CORPUS.iterdir()) == sorted(EXPECTED)


@pytest.fixture
def api(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    with keyed_client(settings) as client:
        assert client.post("/api/v1/import", json=BASE, headers=EDITOR).status_code == 200
        yield client


def snapshot(graph: Graph, api: TestClient) -> tuple[tuple[int, int], bytes]:
    return graph.counts(), api.get("/api/v1/export", params={"format": "json"}).content


def check_refusal(text: str, status: int, where: str, words: str) -> None:
    assert 400 <= status < 500, text[:500]
    assert len(text) < MAX_ANSWER_CHARS, f"{len(text)} characters: {text[:300]}"
    assert where in text, text[:1500]
    assert words in text, text[:1500]


@pytest.mark.parametrize("door", ["raw", "upload"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_corpus_file_is_refused_with_its_place_and_changes_nothing(
    api: TestClient, graph: Graph, figures: Figures, name: str, door: str
) -> None:
    data = (CORPUS / name).read_bytes()
    before = snapshot(graph, api)
    if door == "raw":
        fmt = detect_format(name, None, data)
        headers = {**EDITOR, "Content-Type": CONTENT_TYPES[fmt]}
        answer = api.post("/api/v1/import", content=data, headers=headers)
    else:
        answer = api.post("/api/v1/import", files={"file": (name, data)}, headers=EDITOR)
    where, words = EXPECTED[name]
    assert answer.status_code == 422, answer.text[:1000]
    assert answer.headers["content-type"] == "application/problem+json"
    check_refusal(answer.text, answer.status_code, where, words)
    assert snapshot(graph, api) == before
    figures.count("hostile_cases_tried")


@pytest.mark.parametrize(
    "name", ["alias_bomb.yaml", "amount_1e309.json", "deep_nesting.json", "elements_id_10k.csv"]
)
def test_the_cli_door_refuses_the_same_files(
    api: TestClient, graph: Graph, settings: Settings, figures: Figures, name: str, tmp_path: Path
) -> None:
    before = snapshot(graph, api)
    result = rbmtrace(settings, tmp_path, "import", str(CORPUS / name))
    assert result.returncode == 2, result.stdout + result.stderr
    where, words = EXPECTED[name]
    output = " ".join((result.stdout + result.stderr).split())  # the CLI wraps lines
    check_refusal(output, 422, where, words)
    assert snapshot(graph, api) == before
    figures.count("hostile_cases_tried")


# Hostile bodies of the element and link writes, as raw JSON text (so that the literals
# Infinity and NaN and numbers beyond 64 bits reach the service as written).
LONG = "x" * 10_000
WRITES: list[tuple[str, str, str, str]] = [
    (
        "POST",
        "/api/v1/elements",
        '{"id":"c9","type":"CostObject","name":"C","amount":1e309}',
        "amount",
    ),
    (
        "POST",
        "/api/v1/elements",
        '{"id":"c9","type":"CostObject","name":"C","amount":Infinity}',
        "amount",
    ),
    (
        "POST",
        "/api/v1/elements",
        '{"id":"i9","type":"Indicator","name":"I","baseline":NaN}',
        "baseline",
    ),
    (
        "POST",
        "/api/v1/elements",
        '{"id":"i9","type":"Indicator","name":"I","target":-Infinity}',
        "target",
    ),
    (
        "POST",
        "/api/v1/elements",
        '{"id":"g9","type":"Goal","name":"G","number":18446744073709551616}',
        "number",
    ),
    ("POST", "/api/v1/elements", f'{{"id":"{LONG}","type":"Goal","name":"G"}}', "id"),
    ("POST", "/api/v1/elements", f'{{"id":"g9","type":"Goal","name":"G","code":"{LONG}"}}', "code"),
    (
        "POST",
        "/api/v1/elements",
        f'{{"id":"g9","type":"Goal","name":"G","aliases":["{LONG}"]}}',
        "aliases",
    ),
    ("POST", "/api/v1/elements", f'{{"id":"g9","type":"Goal","name":"{LONG}"}}', "name"),
    (
        "POST",
        "/api/v1/elements",
        '{"id":"g9","type":"Goal","name":' + "[" * 10_000 + "]" * 10_000 + "}",
        "name",
    ),
    ("PATCH", "/api/v1/elements/g1", '{"aliases":' + "[" * 10_000 + "]" * 10_000 + "}", "aliases"),
    (
        "POST",
        "/api/v1/links",
        '{"from":"o1","type":"FUNDED_BY","to":"c1","source":' + "[" * 10_000,
        "source",
    ),
    ("PATCH", "/api/v1/elements/c1", '{"amount":1e999}', "amount"),
    ("PATCH", "/api/v1/elements/g1", '{"number":-99999999999999999999}', "number"),
    ("PATCH", "/api/v1/elements/g1", f'{{"name":"{LONG}"}}', "name"),
    ("POST", "/api/v1/links", '{"from":"o1","type":"FUNDED_BY","to":"c1","share":NaN}', "share"),
    ("POST", "/api/v1/links", f'{{"from":"{LONG}","type":"HAS_GOAL","to":"g1"}}', "from"),
    ("PATCH", "/api/v1/links/o1/FUNDED_BY/c1", '{"share":Infinity}', "share"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), WRITES)
def test_hostile_writes_are_refused_with_the_field_and_change_nothing(
    api: TestClient,
    graph: Graph,
    figures: Figures,
    method: str,
    path: str,
    body: str,
    field: str,
) -> None:
    before = snapshot(graph, api)
    answer = api.request(
        method,
        path,
        content=body.encode(),
        headers={**EDITOR, "Content-Type": "application/json"},
    )
    assert 400 <= answer.status_code < 500, answer.text[:500]
    assert answer.headers["content-type"] == "application/problem+json"
    assert len(answer.text) < MAX_ANSWER_CHARS, answer.text[:300]
    problem = answer.json()
    if field:
        assert answer.status_code == 422, problem
        fields = [str(e.get("field")) for e in problem.get("errors", [])]
        assert any(f.split(".")[0] == field for f in fields), json.dumps(problem)[:1000]
    assert snapshot(graph, api) == before
    figures.count("hostile_cases_tried")


def test_a_deeply_nested_write_body_says_where_and_how_to_fix_it(
    api: TestClient, graph: Graph
) -> None:
    before = snapshot(graph, api)
    body = '{"id": "g9", "type": "Goal",\n "name": ' + "[" * 5_000 + "]" * 5_000 + "}"
    answer = api.post(
        "/api/v1/elements", content=body, headers={**EDITOR, "Content-Type": "application/json"}
    )
    assert answer.status_code == 422, answer.text[:500]
    problem = answer.json()
    assert problem["type"] == "urn:rbmtrace:problem:invalid-bundle"
    [error] = problem["errors"]
    assert error["field"] == "name"
    assert error["location"] == "line 2, column 73"  # the 65th "[" of the name's value
    assert error["message"] == "nested more than 64 levels deep"
    assert "flat value" in error["hint"]
    assert problem["detail"].startswith("request body: line 2, column 73, field 'name'")
    assert snapshot(graph, api) == before
