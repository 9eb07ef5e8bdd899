"""The read cache: answers of the expensive reads, kept until the database changes.

A cached answer is served only under the same *change token* it was computed under
(`app/db/change_token.py`: it moves on every committed write, whoever made it, Neo4j
Browser and other processes included), so the cache cannot go stale: the first request
after a commit misses and computes afresh. The token is read before the answer is
computed, so a write landing meanwhile can only make the next request miss.

The key is the request's entity tag material (`app/api/http_caching.py`): service version,
change token, path, the query parameters in a normal order (`?limit=5&by=Goal` is
`?by=Goal&limit=5`), the `Accept` header, and the minute for answers that also change with
the clock (findings: waivers expire). No read answer differs by the caller's role, so the
role is not part of the key; who may be served at all is checked on every hit exactly as
the route checks it (`may_read`).

In-process and bounded (least recently used first out, by total body bytes,
`RBMTRACE_READ_CACHE_BYTES`, 0 turns it off): each uvicorn worker has its own, and the
token keeps them all correct, so several workers need nothing shared. A request with
`Cache-Control: no-cache` (or `no-store`) is computed afresh (and refreshes the entry).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.requests import Request

from app.api.auth import failed_keys, match_key, parse_api_keys
from app.core.config import Settings

#: The reads worth keeping: budget, impact, trace, matrix, the gap run, the overview, the
#: linkage report, performance by level and the suspect links (each runs queries over much
#: of the graph).
CACHED_PATHS = re.compile(
    r"^/api/v1/(budget|matrix|gaps|overview|reports/linkage|performance|suspects"
    r"|elements/[^/]+/(impact|trace))$"
)
#: Headers the conditional-GET middleware sets on every answer: not stored.
_OWN_HEADERS = (b"etag", b"cache-control", b"vary")


def is_cached_path(path: str) -> bool:
    return CACHED_PATHS.match(path) is not None


def normal_query(query: str) -> str:
    """The query string with its parameters in one order (repeated ones keep theirs)."""
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


def wants_fresh(cache_control: str | None) -> bool:
    """`Cache-Control: no-cache` / `no-store` on the request: compute afresh."""
    if not cache_control:
        return False
    directives = {part.strip().lower() for part in cache_control.split(",")}
    return bool(directives & {"no-cache", "no-store"})


@dataclass(frozen=True)
class CachedAnswer:
    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes

    @classmethod
    def of(cls, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> CachedAnswer:
        kept = tuple((k, v) for k, v in headers if k.lower() not in _OWN_HEADERS)
        return cls(status, kept, body)


class ReadCache:
    """A least-recently-used map of answers, bounded by the sum of their body sizes.

    Used from the event loop only (ASGI middleware), so it needs no lock.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: str) -> CachedAnswer | None:
        answer = self._answers.get(key)
        if answer is None:
            self.misses += 1
            return None
        self._answers.move_to_end(key)
        self.hits += 1
        return answer

    def put(self, key: str, answer: CachedAnswer) -> None:
        size = len(answer.body)
        if size > self.max_bytes:
            return
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._answers[key] = answer
        self._bytes += size
        while self._bytes > self.max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)


def may_read(request: Request, settings: Settings, secret: str | None) -> bool:
    """Whether the route would let this caller read: no key when reads need none, or a
    valid key from a client not held back for wrong keys. Anything else goes to the route,
    which answers the 401 or 429 (and counts the wrong key)."""
    if secret is None:
        return not settings.reads_require_key
    client = request.client.host if request.client else "unknown"
    if failed_keys(request, settings).wait(client):
        return False
    return match_key(secret, parse_api_keys(tuple(settings.api_keys))) is not None
