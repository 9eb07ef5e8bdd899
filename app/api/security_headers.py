"""Headers every answer carries, so a browser treats the service's pages and data safely.

- `X-Content-Type-Options: nosniff` and `X-Frame-Options: DENY` (with the CSP's
  `frame-ancestors 'none'`): no content sniffing, no framing by another site.
- `Content-Security-Policy`: the explorer page at `/` and the API docs load their scripts,
  styles, fonts and images from the service itself ('self') and run no inline code; data
  is fetched from the service only. `app.core.content_security` is the one place to change them
  (`REDOC_CONTENT_SECURITY_POLICY`, ReDoc's page only, also allows run-time styles and
  blob: workers; a route's own policy is kept).
- `Referrer-Policy: no-referrer`.
- `Cache-Control: private, no-store` on every answer to a request that carried an API key
  (keyed answers never land in a shared cache), except a successful read, to which the
  conditional-GET middleware (`app.api.http_caching`, outside this one) gives
  `private, no-cache` so that a keyed dashboard can revalidate it by its ETag.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.content_security import CONTENT_SECURITY_POLICY

HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
}
KEYED_CACHE_CONTROL = "private, no-store"
_KEY_HEADERS = (b"x-api-key", b"authorization")


def carries_key(scope: Scope) -> bool:
    return any(name in _KEY_HEADERS for name, _ in scope.get("headers", []))


class SecurityHeaders:
    """ASGI middleware adding `HEADERS` (and `Cache-Control` on keyed answers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        keyed = carries_key(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if keyed:
                    headers["Cache-Control"] = KEYED_CACHE_CONTROL
            await send(message)

        await self.app(scope, receive, send_with_headers)
