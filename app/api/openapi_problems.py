"""The error answers of every operation, declared in the OpenAPI document.

Every error leaves the service as RFC 9457 problem JSON (`app/api/problems.py`), but
FastAPI only declares what the routes name (mostly a 422 `HTTPValidationError` as plain
JSON). `declare_problem_responses` completes the document once, when it is first built:
each operation gets the error statuses it can answer, with the media type
`application/problem+json` and the `Problem` schema, and `Retry-After` on 429 and 503.
What a route declares itself is kept (its description), only completed; the 422 is
re-declared as problem JSON, which is what the service sends.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from app.api.problems import PROBLEM_JSON

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details; extension members (errors, hint, candidates, "
    "nearest, ...) depend on the problem.",
    "properties": {
        "type": {"type": "string", "description": "urn:rbmtrace:problem:<slug>"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "required": True,
        "schema": {"type": "string"},
    }
}
#: status -> (description, headers): what any operation may answer.
ANY_OPERATION: dict[str, tuple[str, dict[str, Any]]] = {
    "400": ("Bad request (a reference or parameter the service cannot use).", {}),
    "401": ("No API key, or one that is not valid, where one is needed.", {}),
    "404": ("Not found: no such element, waiver or path.", {}),
    "405": ("Method not allowed on this path.", {}),
    "409": ("Conflict: an ambiguous reference (with candidates), or a clashing write.", {}),
    "413": ("The request body is over the size limit.", {}),
    "422": ("Invalid request: each problem with its place.", {}),
    "429": ("Too many wrong API keys from this client.", _RETRY_AFTER),
    "503": ("Neo4j is not reachable now.", _RETRY_AFTER),
}
#: and what a write may answer besides.
WRITES: dict[str, tuple[str, dict[str, Any]]] = {
    "403": ("The key's role may not do this (reader key, or an admin-only action).", {}),
}


def _problem_response(description: str, headers: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if headers:
        response["headers"] = headers
    return response


def complete_error_responses(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with every operation's error answers declared (changed in place)."""
    document.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            declared = operation["responses"]
            wanted = dict(ANY_OPERATION)
            if method in ("post", "put", "patch", "delete"):
                wanted.update(WRITES)
            for status, (description, headers) in wanted.items():
                existing = declared.get(status, {})
                described = existing.get("description", description)
                if status == "422" and "Validation Error" in described:
                    described = description
                declared[status] = {
                    **existing,
                    **_problem_response(described, headers),
                }
    return document


def declare_problem_responses(app: FastAPI) -> None:
    """Build `app`'s OpenAPI document with its error answers completed (once, cached)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_error_responses(build())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
