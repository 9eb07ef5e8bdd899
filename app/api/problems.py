"""RFC 9457 problem-details responses: the one place errors become HTTP.

Domain errors (`app/core/errors.py`), request validation errors, HTTP errors and any
unexpected exception all leave the service as `application/problem+json`; a stack trace
never does. `DatabaseUnavailable` is 503 with a `Retry-After` header. A JSON body nested
too deep for the parser is a located 422, like the same refusal of a bundle.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from neo4j.exceptions import DriverError, Neo4jError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.bundles.documents import MAX_DEPTH, deep_json_place
from app.bundles.places import Place
from app.core.config import get_settings
from app.core.errors import (
    DatabaseRefused,
    DatabaseUnavailable,
    InvalidBundle,
    RbmTraceError,
    TooManyRequests,
    Unauthorized,
)
from app.db.graph import translated

log = logging.getLogger("rbmtrace.api")

PROBLEM_JSON = "application/problem+json"
INSTANCE_CHARS = 200


def problem_type(slug: str) -> str:
    return f"urn:rbmtrace:problem:{slug}"


def problem_response(
    request: Request,
    status: int,
    title: str,
    detail: str,
    slug: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": problem_type(slug) if slug else "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        # a path may hold a hostile reference: never echo more than its start
        "instance": request.url.path[:INSTANCE_CHARS],
    }
    body.update(extra)
    return JSONResponse(
        jsonable_encoder(body), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _retry_after(request: Request) -> dict[str, str]:
    settings = getattr(request.app.state, "settings", None) or get_settings()
    return {"Retry-After": str(settings.retry_after_seconds)}


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RbmTraceError)
    headers: dict[str, str] | None = None
    if isinstance(exc, DatabaseUnavailable):
        headers = _retry_after(request)
    elif isinstance(exc, TooManyRequests):
        headers = {"Retry-After": str(exc.extra.get("retry_after", 1))}
    elif isinstance(exc, Unauthorized):
        headers = {"WWW-Authenticate": 'ApiKey header="X-API-Key", Bearer'}
    if exc.status >= 500 and not isinstance(exc, DatabaseUnavailable):
        log.error("%s on %s: %s", exc.title, request.url.path, exc.detail)
    return problem_response(
        request, exc.status, exc.title, exc.detail, exc.slug, headers=headers, **exc.extra
    )


async def _driver_error(request: Request, exc: Exception) -> JSONResponse:
    """A driver error raised outside `Graph` (which translates its own): the same meaning,
    from the same place (`app.db.graph.translated`)."""
    assert isinstance(exc, (Neo4jError, DriverError))
    translation = translated(exc)
    if isinstance(translation, DatabaseRefused):  # a query the service got wrong: a bug
        return await _unexpected(request, exc)
    return await _domain_error(request, translation)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "place": ".".join(str(part) for part in err.get("loc", ())),
            "message": err.get("msg", ""),
        }
        for err in exc.errors()
    ]
    places = "; ".join(f"{e['place']}: {e['message']}" for e in errors[:5])
    return problem_response(
        request, 422, "Invalid request", places, "invalid-request", errors=errors
    )


#: How to fix a JSON body refused for its nesting.
_DEEP_BODY_HINT = (
    "An element or link body nests at most 3 levels (a list or a `source` mapping in a "
    f"field); give the field a flat value. Bodies nested beyond {MAX_DEPTH} levels are refused."
)


async def _body_too_deep(request: Request) -> InvalidBundle:
    """A JSON body nested beyond what the service reads, located (line and column, and the
    top-level field it is in) like the same refusal of an imported bundle."""
    text = (await request.body()).decode("utf-8", errors="replace")
    where, member = deep_json_place(text)
    error = Place("request body", where).error(
        f"nested more than {MAX_DEPTH} levels deep", field=member or None, hint=_DEEP_BODY_HINT
    )
    return InvalidBundle(str(error), errors=[error.as_dict()], hint=_DEEP_BODY_HINT)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if isinstance(exc.__cause__, RecursionError):  # FastAPI's "error parsing the body"
        return await _domain_error(request, await _body_too_deep(request))
    title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
    return problem_response(
        request, exc.status_code, title, str(exc.detail), headers=getattr(exc, "headers", None)
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("Unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(
        request,
        500,
        "Internal error",
        "An unexpected error occurred; it has been logged. Please report it.",
        "internal-error",
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RbmTraceError, _domain_error)
    app.add_exception_handler(Neo4jError, _driver_error)
    app.add_exception_handler(DriverError, _driver_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
