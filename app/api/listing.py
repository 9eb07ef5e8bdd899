"""What every list-like answer shares: JSON or CSV by `Accept`, and the paging headers.

- `Accept` chooses the media type: `application/json` (the default, also for `*/*` or no
  header) or `text/csv`; anything else is `406` with the types the endpoint offers.
- Every list answer's JSON is one envelope (`app/core/list_envelope.py`): `items`,
  `next_cursor`, `total`. The same paging, JSON or CSV, is in headers a dashboard can read
  (CORS exposes them): `X-Next-Cursor` and `Link: <...&cursor=...>; rel="next"` when there
  is a next page, and `X-Total-Count` where the total is known without extra work.
- CSV cells name elements by id *and* name; a cell that a spreadsheet would run as a
  formula (starting with `=`, `+`, `-`, `@`) is prefixed with `'`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from typing import Any, TypeVar

from fastapi import Request, Response

from app.core.errors import RbmTraceError
from app.core.list_envelope import ListEnvelope
from app.elements.paging import check_limit, decode_cursor, encode_cursor

CSV = "text/csv"
JSON = "application/json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Answer = TypeVar("Answer", bound=ListEnvelope[Any])


class NotAcceptable(RbmTraceError):
    status, title, slug, exit_code = 406, "Not acceptable", "not-acceptable", 2


class ListFormat(StrEnum):
    json = "json"
    csv = "csv"


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality))
    return ranges


def negotiate(request: Request) -> ListFormat:
    """JSON or CSV, as the request's `Accept` header prefers; 406 when it allows neither."""
    accept = request.headers.get("accept", "").strip()
    if not accept:
        return ListFormat.json
    best: tuple[float, int, ListFormat] | None = None
    for media, quality in _media_ranges(accept):
        if quality <= 0:
            continue
        if media == CSV or media == "text/*":
            choice = ListFormat.csv if media == CSV else ListFormat.json
        elif media in (JSON, "application/*", "*/*", "application/problem+json"):
            choice = ListFormat.json
        else:
            continue
        # the highest quality wins; at equal quality, an exact type beats a wildcard,
        # then the earlier one
        rank = (quality, 0 if "*" in media else 1, choice)
        if best is None or rank[:2] > best[:2]:
            best = rank
    if best is None:
        raise NotAcceptable(
            f"This endpoint answers {JSON} or {CSV}, not {accept!r}.",
            hint=f"Send Accept: {JSON} (or */*) for JSON, or Accept: {CSV} for CSV.",
            available=[JSON, CSV],
        )
    return best[2]


def paging_headers(request: Request, page: ListEnvelope[Any]) -> dict[str, str]:
    """The envelope's `next_cursor` and `total` as headers (for CSV and other formats too)."""
    headers: dict[str, str] = {}
    if page.next_cursor:
        headers["X-Next-Cursor"] = page.next_cursor
        next_url = request.url.include_query_params(cursor=page.next_cursor)
        headers["Link"] = f'<{next_url}>; rel="next"'
    if page.total is not None:
        headers["X-Total-Count"] = str(page.total)
    return headers


def set_paging_headers(response: Response, request: Request, page: ListEnvelope[Any]) -> None:
    response.headers.update(paging_headers(request, page))


def page_of(
    answer: Answer,
    keep: Callable[[Any], bool],
    limit: int | None,
    cursor: str | None,
    order: Callable[[Any], str],
    maximum: int,
) -> Answer:
    """One page of an answer that computes its whole list anyway (`/gaps`): the items that
    `keep` accepts, in `order` (a string key that sorts like the list), after `cursor`, at
    most `limit` (without `limit` and `cursor`: all of them). `total` counts every kept item,
    on all pages; the deprecated list key holds the same page."""
    kept = [item for item in answer.items if keep(item)]
    if limit is None and cursor is None:
        chosen, next_cursor = kept, None
    else:
        size = check_limit(maximum if limit is None else limit, maximum)
        after = decode_cursor(cursor)
        rest = sorted((item for item in kept if order(item) > after), key=order)
        chosen = rest[:size]
        next_cursor = encode_cursor(order(chosen[-1])) if len(rest) > size else None
    update: dict[str, Any] = {"items": chosen, "next_cursor": next_cursor, "total": len(kept)}
    if answer.legacy_key:
        update[answer.legacy_key] = chosen
    return answer.model_copy(update=update)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(item) for item in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def csv_response(
    request: Request,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    page: ListEnvelope[Any],
) -> Response:
    return Response(
        csv_text(columns, rows),
        media_type="text/csv; charset=utf-8",
        headers=paging_headers(request, page),
    )


def csv_openapi(example: str) -> dict[int | str, dict[str, Any]]:
    """The CSV alternative of a list answer, for the route's `responses`."""
    return {200: {"content": {CSV: {"example": example}}}}
