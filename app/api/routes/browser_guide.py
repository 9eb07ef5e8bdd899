"""Neo4j Browser's RBM Trace guide and style, fetched by Browser with `:guide` / `:style`.

Browser (served by Neo4j on its own port) fetches them cross-origin, with no-cache request
headers that make its browser ask first (a CORS preflight), so both answers, and the
preflight, allow any origin; they hold no data, only the guide and the style, and need no
key.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from app.traversal.browser_guide import render_guide
from app.traversal.browser_style import render_grass

router = APIRouter(prefix="/browser-guide", tags=["Neo4j Browser"])

#: Browser's origin is the Neo4j server's HTTP address, whatever its port.
CROSS_ORIGIN = {"Access-Control-Allow-Origin": "*"}
#: The request headers Browser sends with a guide request.
GUIDE_REQUEST_HEADERS = "cache-control, pragma"


@router.options("/{name}", include_in_schema=False)
def preflight(name: str) -> Response:
    """Browser's CORS preflight for the guide or the style: GET with no-cache headers."""
    return Response(
        status_code=204,
        headers={
            **CROSS_ORIGIN,
            "Access-Control-Allow-Methods": "GET",
            "Access-Control-Allow-Headers": GUIDE_REQUEST_HEADERS,
            "Access-Control-Max-Age": "600",
        },
    )


@router.get(
    "/rbmtrace.html",
    response_class=HTMLResponse,
    summary="The RBM Trace guide for Neo4j Browser (`:guide <this url>`)",
)
def browser_guide(request: Request) -> HTMLResponse:
    style_url = str(request.url_for("browser_style"))
    return HTMLResponse(render_guide(style_url), headers=CROSS_ORIGIN)


@router.get(
    "/rbmtrace.grass",
    response_class=PlainTextResponse,
    summary="The RBM Trace style for Neo4j Browser (`:style <this url>`)",
)
def browser_style() -> PlainTextResponse:
    return PlainTextResponse(render_grass(), headers=CROSS_ORIGIN)
