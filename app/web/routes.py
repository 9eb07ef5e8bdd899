"""Serving the explorer (`/`), the offline API docs (`/docs`, `/redoc`) and their assets.

`/assets/app/` is the explorer's own code (`app/web/static/`); `/assets/vendor/<name>/` is
one installed npm package's distribution folder, and nothing else of `node_modules/`.
When `npm ci` has not run, the pages still load and say what is missing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from starlette.staticfiles import StaticFiles

from app.core.config import Settings
from app.core.content_security import REDOC_CONTENT_SECURITY_POLICY

STATIC = Path(__file__).resolve().parent / "static"

#: URL name -> folder inside node_modules (the package's browser distribution).
VENDOR_FOLDERS = {
    "cytoscape": "cytoscape/dist",
    "swagger-ui": "swagger-ui-dist",
    "redoc": "redoc/bundles",
}

PAGES = {
    "/": "explorer/index.html",
    "/docs": "docs/swagger.html",
    "/redoc": "docs/redoc.html",
}


#: Pages whose Content-Security-Policy is not the service's default one.
PAGE_POLICIES = {"/redoc": REDOC_CONTENT_SECURITY_POLICY}


def _page_route(url: str, relative: str) -> Callable[[], Awaitable[FileResponse]]:
    path = STATIC / relative
    headers = {"Content-Security-Policy": PAGE_POLICIES[url]} if url in PAGE_POLICIES else None

    async def page() -> FileResponse:
        return FileResponse(path, media_type="text/html; charset=utf-8", headers=headers)

    return page


def install_web(app: FastAPI, settings: Settings) -> None:
    for url, relative in PAGES.items():
        app.add_api_route(url, _page_route(url, relative), methods=["GET"], include_in_schema=False)
    app.mount("/assets/app", StaticFiles(directory=STATIC), name="web-assets")
    for name, folder in VENDOR_FOLDERS.items():
        app.mount(
            f"/assets/vendor/{name}",
            StaticFiles(directory=settings.web_vendor_dir / folder, check_dir=False),
            name=f"vendor-{name}",
        )
