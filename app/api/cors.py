"""Cross-origin access for dashboards: CORS from the `RBMTRACE_CORS_ORIGINS` setting.

No origin is allowed by default. A preflight (`OPTIONS` with `Access-Control-Request-Method`)
is always answered: 200 with the allowed methods and headers for a listed origin, 400 for
any other. Answers expose the headers a dashboard needs to page and revalidate: `ETag`,
`Link`, `X-Total-Count`, `X-Next-Cursor`, `Retry-After` and `Location`.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from app.api.auth import KEY_HEADER
from app.core.config import Settings

ALLOWED_METHODS = ["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"]
ALLOWED_HEADERS = [KEY_HEADER, "Authorization", "Content-Type", "Accept", "If-None-Match"]
EXPOSED_HEADERS = ["ETag", "Link", "X-Total-Count", "X-Next-Cursor", "Retry-After", "Location"]


def install_cors(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=ALLOWED_METHODS,
        allow_headers=ALLOWED_HEADERS,
        expose_headers=EXPOSED_HEADERS,
        allow_credentials=False,
        max_age=600,
    )
