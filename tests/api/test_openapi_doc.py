"""The OpenAPI document: security schemes, problem answers, names, examples, descriptions."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from tests.conftest import base_settings

PROBLEM_REF = "#/components/schemas/ProblemDetails"
ERROR_STATUSES = {"400", "401", "403", "404", "405", "406", "409", "412", "413", "422", "428"}
ERROR_STATUSES |= {"429", "500", "503"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    # The document is built from the routes alone: no database is needed to serve it.
    with TestClient(create_app(base_settings())) as client:
        answer = client.get("/openapi.json")
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, ops in document["paths"].items()
        for method, op in ops.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def has_example(document: dict[str, Any], op: dict[str, Any]) -> bool:
    def in_content(content: dict[str, Any]) -> bool:
        for media in content.values():
            if "example" in media or "examples" in media:
                return True
            ref = media.get("schema", {}).get("$ref", "")
            target = document["components"]["schemas"].get(ref.rpartition("/")[2], {})
            if "examples" in target or "example" in target:
                return True
        return False

    if any("example" in p or "examples" in p for p in op.get("parameters", [])):
        return True
    if in_content(op.get("requestBody", {}).get("content", {})):
        return True
    return any(
        in_content(answer.get("content", {}))
        for status, answer in op["responses"].items()
        if status.startswith("2")
    )


def test_api_key_security_schemes_are_declared(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["ApiKey"] == {**schemes["ApiKey"], "type": "apiKey", "in": "header"}
    assert schemes["ApiKey"]["name"] == "X-API-Key"
    assert schemes["BearerKey"]["scheme"] == "bearer"
    for path, method, op in operations(document):
        if path.startswith("/api/v1/"):
            assert {"ApiKey": []} in op["security"], (method, path)
            # reads are open unless RBMTRACE_READS_REQUIRE_KEY: the empty requirement says so
            assert ({} in op["security"]) == (method == "get"), (method, path)


def test_every_error_answer_is_problem_details(document: dict[str, Any]) -> None:
    assert "ProblemDetails" in document["components"]["schemas"]
    for path, method, op in operations(document):
        errors = {s for s in op["responses"] if not s.startswith("2")}
        assert errors <= ERROR_STATUSES, (method, path, errors)
        for status in errors:
            content = op["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], (method, path, status)
            assert content["application/problem+json"]["schema"]["$ref"] == PROBLEM_REF


def test_error_answers_match_what_the_routes_return(document: dict[str, Any]) -> None:
    def statuses(path: str, method: str) -> set[str]:
        return set(document["paths"][path][method]["responses"])

    assert {"401", "404", "409", "422", "503"} <= statuses("/api/v1/elements/{ref}", "get")
    assert {"401", "403", "422", "503"} <= statuses("/api/v1/gaps/waivers", "post")
    assert {"413", "422"} <= statuses("/api/v1/import", "post")
    assert "403" not in statuses("/api/v1/elements/{ref}", "get")
    assert "503" not in statuses("/health", "get")
    assert "406" in statuses("/api/v1/matrix", "get")
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_operation_ids_are_readable_and_unique(document: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(document)]
    assert len(ids) == len(set(ids))
    for op_id in ids:
        assert re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", op_id), op_id
        assert "api" not in op_id.lower(), op_id
    assert "getOutputsServing" in ids and "importBundle" in ids


def test_every_operation_has_a_description_and_an_example(document: dict[str, Any]) -> None:
    for path, method, op in operations(document):
        assert op.get("description", "").strip(), (method, path)
        assert op.get("summary", "").strip(), (method, path)
        assert has_example(document, op), (method, path)


def test_schema_names_have_no_module_paths(document: dict[str, Any]) -> None:
    names = list(document["components"]["schemas"])
    for name in names:
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", name), name
    text = str(document)
    assert "app__" not in text


def test_default_cdn_docs_are_replaced_by_offline_pages() -> None:
    with TestClient(create_app(base_settings())) as client:
        for path in ("/docs", "/redoc"):
            page = client.get(path)
            assert page.status_code == 200
            assert "cdn" not in page.text.lower()
            assert "/assets/vendor/" in page.text
