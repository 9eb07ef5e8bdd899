"""Cross-origin access for dashboards: CORS from the `RBMTRACE_CORS_ORIGINS` setting.

No origin is allowed by default. A preflight (`OPTIONS` with `Access-Control-Request-Method`)
is always answered: 200 with the allowed methods and headers for a listed origin, 400 for
any other. Answers expose the headers a dashboard needs to page and revalidate: `ETag`,
`Link`, `X-Total-Count`, `X-Next-Cursor`, `Retry-After` and `Location`.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.auth import KEY_HEADER
from app.core.config import Settings

ALLOWED_METHODS = ["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"]
ALLOWED_HEADERS = [KEY_HEADER, "Authorization", "Content-Type", "Accept", "If-None-Match"]
EXPOSED_HEADERS = ["ETag", "Link", "X-Total-Count", "X-Next-Cursor", "Retry-After", "Location"]


#: Paths whose cross-origin access this setting governs; others (the Neo4j Browser guide)
#: answer their own preflights.
CORS_PATHS = ("/api/", "/openapi.json")


class ApiCorsMiddleware:
    """Starlette's CORS middleware, applied to the API's paths only."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.cors = CORSMiddleware(
            app,
            allow_origins=list(settings.cors_origins),
            allow_methods=ALLOWED_METHODS,
            allow_headers=ALLOWED_HEADERS,
            expose_headers=EXPOSED_HEADERS,
            allow_credentials=False,
            max_age=600,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(CORS_PATHS):
            await self.cors(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def install_cors(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(ApiCorsMiddleware, settings=settings)
