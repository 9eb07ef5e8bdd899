"""Conditional GETs on the API: `ETag`, `304 Not Modified` and `Cache-Control`.

Every successful `GET /api/v1/...` answer carries a weak `ETag` made of the database's
change token (`app/db/change_token.py`, it moves on every committed write, whoever made
it), the request's path and query, the media type asked for (`Accept`) and the service
version. The token is the state the answer was read from, taken *before* or *at* the first
read of the answer, so a write landing meanwhile can only make the next request miss, never
serve stale data. Two ways of taking it:

- The expensive reads (those the read cache keeps, `read_cache.CACHED_PATHS`) ask the
  database for the token first (one empty transaction), so a request whose `If-None-Match`
  names the current tag is answered `304`, and a repeated one from the cache, without
  running the query at all. Asked with `Cache-Control: no-cache`, they are computed
  afresh anyway: tagged as below, and kept in the cache under that tag.
- Every other read runs, and its tag comes from the bookmark its own first transaction
  returned (`change_token.FirstToken`): no extra round trip per request, which under many
  concurrent clients is a third of the database calls of a cheap read. `If-None-Match`
  still gets `304` (the body is dropped); only the query is not saved, and it is cheap.

A route that sets its own `ETag` (an element's state, used with `If-Match` on writes)
keeps it; such answers are revalidated by running the route.

Answers that depend on the clock as well as on the data (findings: a waiver lapses when its
expiry passes) also mix the current UTC minute into the tag.

`Cache-Control: no-cache` (a client may keep the answer but must revalidate it), and
`private, no-cache` on answers to a request with an API key or when reads need one, so a
shared cache never stores them.

The expensive reads are also kept in the worker's read cache (`app/api/read_cache.py`),
keyed on the same tag: a repeated request with no commit in between is answered from
memory (`X-Read-Cache: hit`; `miss` when computed).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__
from app.api.auth import match_key, parse_api_keys, presented_secret
from app.api.read_cache import (
    CachedAnswer,
    ReadCache,
    is_cached_path,
    may_read,
    normal_query,
    wants_fresh,
)
from app.core.config import Settings
from app.core.errors import RbmTraceError
from app.db.change_token import AFRESH, FirstToken, change_token
from app.db.graph import Graph

API_PREFIX = "/api/v1/"
#: Answers that also change with the clock (waivers expire; statuses are read as of today
#: unless `as_of` says otherwise).
CLOCK_DEPENDENT_PREFIXES = (
    "/api/v1/gaps",
    "/api/v1/reports/",
    "/api/v1/performance",
    "/api/v1/indicators/",
    "/api/v1/diff",  # a diff's findings effect shows waivers, which lapse with the clock
)


def entity_tag(token: str, path: str, query: str, accept: str, *, clock: str = "") -> str:
    material = "\n".join((__version__, token, path, query, accept, clock))
    return 'W/"' + hashlib.sha256(material.encode("utf-8")).hexdigest()[:32] + '"'


def request_tag(scope: Scope, token: str) -> str:
    """The tag of this request's answer read under `token` (see the module's docstring)."""
    path = scope["path"]
    clock = (
        datetime.now(UTC).strftime("%Y-%m-%dT%H:%M")
        if path.startswith(CLOCK_DEPENDENT_PREFIXES)
        else ""
    )
    return entity_tag(
        token,
        path,
        normal_query(scope.get("query_string", b"").decode("latin-1")),
        Headers(scope=scope).get("accept", ""),
        clock=clock,
    )


def tag_matches(if_none_match: str, tag: str) -> bool:
    """RFC 9110 weak comparison: `W/` prefixes are ignored; `*` matches any tag."""
    wanted = tag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


class ConditionalGetMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.cache = ReadCache(settings.read_cache_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # `Cache-Control: no-cache` reaches the memos below the routes too (the gap run's)
        fresh = AFRESH.set(
            scope["type"] == "http" and wants_fresh(Headers(scope=scope).get("cache-control"))
        )
        try:
            await self._conditional(scope, receive, send)
        finally:
            AFRESH.reset(fresh)

    async def _conditional(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not scope["path"].startswith(API_PREFIX)
        ):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        secret = presented_secret(Request(scope))
        graph: Graph | None = getattr(scope["app"].state, "graph", None)
        if graph is None:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        keyed = self.settings.reads_require_key or secret is not None
        cache_control = "private, no-cache" if keyed else "no-cache"
        if_none_match = headers.get("if-none-match")
        cached_path = self.cache.enabled and scope["method"] == "GET" and is_cached_path(path)
        if not cached_path:
            await self._tagged_after(scope, receive, send, graph, secret, cache_control)
            return
        if wants_fresh(headers.get("cache-control")):
            # computed afresh anyway: its own first read gives the token (no round trip
            # before it), and the answer refreshes the cache entry under that token
            await self._tagged_after(scope, receive, send, graph, secret, cache_control, keep=True)
            return
        try:
            token = await run_in_threadpool(change_token, graph)
        except RbmTraceError:
            # Neo4j is not reachable: the route itself answers (503 with Retry-After).
            await self.app(scope, receive, send)
            return
        tag = request_tag(scope, token)
        if if_none_match and tag_matches(if_none_match, tag) and self._may_answer(secret):
            await _not_modified(send, tag, cache_control)
            return

        async def send_with_tag(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                _tag_headers(message, tag, cache_control)
            await send(message)

        if not wants_fresh(headers.get("cache-control")) and may_read(
            Request(scope), self.settings, secret
        ):
            cached = self.cache.get(tag)
            if cached is not None:
                await _replay(cached, send_with_tag, b"hit")
                return
        await self.app(scope, receive, self._keeping(tag, send_with_tag))

    async def _tagged_after(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        graph: Graph,
        secret: str | None,
        cache_control: str,
        *,
        keep: bool = False,
    ) -> None:
        """Run the route, then tag its answer with the token of its own first read (or, if
        it read nothing, the token asked for then); `304` when `If-None-Match` names it.
        With `keep`, a 200 answer goes into the read cache under that tag (only when a read
        was witnessed: a token asked for after the answer could be newer than it)."""
        headers = Headers(scope=scope)
        witness = FirstToken()
        dropping = False
        forward: Send = send

        async def send_tagged(message: Message) -> None:
            nonlocal dropping, forward
            if message["type"] == "http.response.start" and message["status"] == 200:
                token = witness.token
                if token is None:
                    keeping = False
                    token = await run_in_threadpool(change_token, graph)
                else:
                    keeping = keep
                tag = request_tag(scope, token)
                own = MutableHeaders(scope=message).get("etag")
                if_none_match = headers.get("if-none-match")
                if (
                    own is None
                    and if_none_match
                    and tag_matches(if_none_match, tag)
                    and self._may_answer(secret)
                ):
                    dropping = True
                    await _not_modified(send, tag, cache_control)
                    return
                _tag_headers(message, tag, cache_control)
                if keeping:
                    forward = self._keeping(tag, send)
            elif message["type"] == "http.response.body" and dropping:
                return
            await forward(message)

        with witness.witnessing():
            await self.app(scope, receive, send_tagged)

    def _keeping(self, tag: str, send: Send) -> Send:
        """`send`, keeping a copy of a 200 answer in the read cache under `tag`."""
        start: Message | None = None
        body: list[bytes] = []

        async def send_and_keep(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                if message["status"] == 200:
                    headers = [(k, v) for k, v in message["headers"]]
                    start = {**message, "headers": headers}
                    MutableHeaders(scope=message).append("X-Read-Cache", "miss")
            elif message["type"] == "http.response.body" and start is not None:
                body.append(message.get("body", b""))
                if not message.get("more_body", False) and start["status"] == 200:
                    self.cache.put(
                        tag, CachedAnswer.of(start["status"], start["headers"], b"".join(body))
                    )
            await send(message)

        return send_and_keep

    def _may_answer(self, secret: str | None) -> bool:
        """A 304 says "unchanged": when reads need a key, only to a caller with a valid one."""
        if not self.settings.reads_require_key:
            return True
        keys = parse_api_keys(tuple(self.settings.api_keys))
        return secret is not None and match_key(secret, keys) is not None


def _tag_headers(message: Message, tag: str, cache_control: str) -> None:
    response_headers = MutableHeaders(scope=message)
    # a route's own tag (an element's state, for If-Match) is more specific: kept
    if "etag" not in response_headers:
        response_headers["ETag"] = tag
    response_headers["Cache-Control"] = cache_control
    response_headers.add_vary_header("Accept")


async def _not_modified(send: Send, tag: str, cache_control: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 304,
            "headers": [
                (b"etag", tag.encode()),
                (b"cache-control", cache_control.encode()),
                (b"vary", b"Accept"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def _replay(answer: CachedAnswer, send: Send, mark: bytes) -> None:
    headers = [*answer.headers, (b"x-read-cache", mark)]
    await send({"type": "http.response.start", "status": answer.status, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
