"""Paging: page sizes, and opaque cursors (the last id of a page, base64url-encoded).

Pages are in id order; the next page starts after the cursor's id, so a page costs
about its own size in index entries however deep into the list it is.
"""

from __future__ import annotations

import base64
import binascii

from app.core.errors import BadRequest


def encode_cursor(last_id: str) -> str:
    return base64.urlsafe_b64encode(last_id.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str | None) -> str:
    """The id after which the page starts ('' for the first page)."""
    if not cursor:
        return ""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.b64decode(padded.encode("ascii"), altchars=b"-_", validate=True)
        return raw.decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise not_issued(cursor) from exc


def not_issued(cursor: str) -> BadRequest:
    """The refusal of a cursor this service did not issue (or issued for another order)."""
    return BadRequest(
        f"cursor {cursor!r} is not one this service issued.",
        hint="Pass the next_cursor of the previous page unchanged, or omit it.",
    )


def check_limit(limit: int, maximum: int, place: str = "limit") -> int:
    """`limit` if it is between 1 and `maximum`; else a 400 saying so."""
    if not 1 <= limit <= maximum:
        raise BadRequest(f"{place} must be between 1 and {maximum}; got {limit}.")
    return limit
