"""The size limit on every request body, however it is framed.

A body is counted as it arrives (Content-Length, chunked transfer, multipart parts alike):
a declared length over the limit is refused before anything is read, and a body that
passes the limit while arriving is refused at that point, so no more than the limit is
ever buffered. The limit is the import limit (`RBMTRACE_MAX_IMPORT_BYTES`) plus room for
multipart boundaries and part headers; no other request comes near it.
"""

from __future__ import annotations

from fastapi import FastAPI, HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.problems import problem_response
from app.bundles.parsing import too_large
from app.core.config import Settings
from app.core.errors import PayloadTooLarge

#: Room for multipart boundaries and part headers on top of the import limit.
MULTIPART_OVERHEAD = 64 * 1024


def request_limit(settings: Settings) -> int:
    """Most bytes a request body may have."""
    return settings.max_import_bytes + MULTIPART_OVERHEAD


class RequestTooLarge(PayloadTooLarge, HTTPException):
    """A body that passed the limit while arriving. An `HTTPException` too, so FastAPI's
    body parsing lets it through unchanged; rendered as the domain error it is."""

    def __init__(self, limit: int) -> None:
        error = too_large("The request body", None, limit)
        PayloadTooLarge.__init__(self, error.detail, **error.extra)
        self.status_code = self.status
        self.headers = None


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


class RequestSizeLimit:
    """ASGI middleware: counts the body of each HTTP request against `request_limit`."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limit = request_limit(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            error = too_large("The request body", declared, limit)
            response = problem_response(
                Request(scope), error.status, error.title, error.detail, error.slug, **error.extra
            )
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise RequestTooLarge(limit)
            return message

        await self.app(scope, counted, send)


def install_request_limits(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(RequestSizeLimit, settings=settings)
