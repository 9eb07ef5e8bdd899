"""The Content-Security-Policy of the service's pages, in one place.

The API answers (`app.api.security_headers`) carry `CONTENT_SECURITY_POLICY`; a page that
needs another one (`app.web.routes`) sets its own, which the middleware keeps.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

#: ReDoc's page only: ReDoc styles itself with <style> elements it writes at run time and
#: parses the document in a worker started from a blob: URL. Scripts stay 'self' only.
REDOC_CONTENT_SECURITY_POLICY = (
    CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace(
        "img-src 'self' data:", "img-src 'self' data: blob:"
    )
    + "; worker-src 'self' blob:"
)
