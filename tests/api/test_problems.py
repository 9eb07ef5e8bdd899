"""The central mapping of errors to RFC 9457 problem details (app/api/problems.py)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from neo4j.exceptions import ConstraintError

from app.api.problems import install_problem_handlers
from app.core.errors import AmbiguousReference, Unauthorized
from tests.conftest import base_settings


def app_raising(exc: Exception) -> TestClient:
    app = FastAPI()
    app.state.settings = base_settings()
    install_problem_handlers(app)

    @app.get("/boom")
    def boom() -> None:
        raise exc

    @app.get("/typed")
    def typed(n: int) -> int:
        return n

    return TestClient(app, raise_server_exceptions=False)


def test_domain_error_keeps_its_status_title_and_extras() -> None:
    client = app_raising(AmbiguousReference("TP matches 2 elements", candidates=["a", "b"]))
    response = client.get("/boom")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "urn:rbmtrace:problem:ambiguous-reference",
        "title": "Ambiguous reference",
        "status": 409,
        "detail": "TP matches 2 elements",
        "instance": "/boom",
        "candidates": ["a", "b"],
    }


def test_unauthorized_says_how_to_authenticate() -> None:
    response = app_raising(Unauthorized("An API key is required")).get("/boom")
    assert response.status_code == 401
    assert "X-API-Key" in response.headers["www-authenticate"]


def test_constraint_violation_is_a_conflict_not_a_500() -> None:
    response = app_raising(ConstraintError("Node already exists with id 'x'")).get("/boom")
    assert response.status_code == 409
    assert response.json()["title"] == "Conflict"


def test_unexpected_error_is_500_without_a_stack_trace() -> None:
    response = app_raising(RuntimeError("secret internals")).get("/boom")
    assert response.status_code == 500
    assert response.json()["title"] == "Internal error"
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_request_validation_names_the_place() -> None:
    response = app_raising(RuntimeError()).get("/typed", params={"n": "many"})
    assert response.status_code == 422
    body = response.json()
    assert body["errors"][0]["place"] == "query.n"
    assert "query.n" in body["detail"]
