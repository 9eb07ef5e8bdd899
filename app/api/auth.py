"""Who may read and write: API keys from the settings, checked in constant time.

Keys are configured as `RBMTRACE_API_KEYS=name:role:secret,...` with role `reader`,
`editor` or `admin`. A client sends its secret in `X-API-Key` (or as
`Authorization: Bearer <secret>`). Every configured secret is compared with
`hmac.compare_digest`, so the time taken does not tell how much of a guess was right.
Secrets never appear in logs, errors or responses; only the key's name does (it is who a
change event records).

- `require_reader`: enforced only when `RBMTRACE_READS_REQUIRE_KEY` is true; any valid key.
- `require_editor`: a valid key with role editor or admin. No key (or an unknown one) is
  401; a reader key is 403.
- `Principal.is_admin`: the destructive actions (deleting an element that still has links,
  withdrawing a waiver someone else gave) need the admin role; see README "Keys and roles".

Secrets are `SecretStr` from the settings to the comparison. A client that sends
`RBMTRACE_AUTH_FAILURE_LIMIT` wrong keys within `RBMTRACE_AUTH_FAILURE_WINDOW_SECONDS` gets
429 with `Retry-After` for every keyed request until the window has passed (counted per
client address, in this process).
"""

from __future__ import annotations

import hmac
import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Request
from pydantic import SecretStr

from app.api.deps import SettingsDep
from app.core.config import Role, Settings
from app.core.errors import Forbidden, RbmTraceError, TooManyRequests, Unauthorized

KEY_HEADER = "X-API-Key"
WRITE_ROLES = frozenset({Role.editor, Role.admin})


class KeyConfigError(RbmTraceError):
    status, title, slug, exit_code = 500, "API keys misconfigured", "api-keys-misconfigured", 1


@dataclass(frozen=True)
class ApiKey:
    name: str
    role: Role
    secret: SecretStr = field(repr=False)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the key's name and role (`anonymous` when reads are open)."""

    name: str
    role: Role | None

    @property
    def is_admin(self) -> bool:
        return self.role is Role.admin


ANONYMOUS = Principal("anonymous", None)


def _text(entry: SecretStr | str) -> str:
    return entry.get_secret_value() if isinstance(entry, SecretStr) else entry


@lru_cache(maxsize=8)
def parse_api_keys(entries: tuple[SecretStr | str, ...]) -> tuple[ApiKey, ...]:
    """`name:role:secret` entries; a malformed one is refused, naming its position only."""
    keys = []
    for position, entry in enumerate(entries, start=1):
        name, _, rest = _text(entry).partition(":")
        role_text, _, secret = rest.partition(":")
        if not name or not secret or role_text not in Role.__members__:
            raise KeyConfigError(
                f"RBMTRACE_API_KEYS entry #{position} is not name:role:secret with role "
                "reader, editor or admin.",
                hint="Fix the entry in the environment or .env file and restart the service.",
            )
        keys.append(ApiKey(name=name, role=Role(role_text), secret=SecretStr(secret)))
    return tuple(keys)


def presented_secret(request: Request) -> str | None:
    value = request.headers.get(KEY_HEADER)
    if value:
        return value.strip()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def match_key(secret: str, keys: tuple[ApiKey, ...]) -> ApiKey | None:
    """The key with this secret; every key is compared, in constant time each."""
    found = None
    given = secret.encode("utf-8")
    for key in keys:
        if hmac.compare_digest(given, key.secret.get_secret_value().encode("utf-8")):
            found = key
    return found


class FailedKeys:
    """Recent failed keys per client address, to slow down guessing."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait(self, client: str) -> int:
        """Seconds until `client` may try a key again; 0 when it may now."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            if not times:
                self._failures.pop(client, None)
            if len(times) < self.limit:
                return 0
            return max(1, math.ceil(times[0] + self.window - now))

    def record(self, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            times = self._recent(client, now)
            times.append(now)
            self._failures[client] = times


def failed_keys(request: Request, settings: Settings) -> FailedKeys:
    """This app's record of failed keys (one per app, made on first use)."""
    state = request.app.state
    with _STATE_LOCK:
        record = getattr(state, "failed_keys", None)
        if record is None:
            record = FailedKeys(settings.auth_failure_limit, settings.auth_failure_window_seconds)
            state.failed_keys = record
    return record


_STATE_LOCK = threading.Lock()


async def authenticate(request: Request, settings: SettingsDep) -> Principal | None:
    """The caller's key, None when no key was sent; 401 for a key that matches none, 429
    after too many of those from one client."""
    secret = presented_secret(request)
    if secret is None:
        return None
    client = request.client.host if request.client else "unknown"
    failures = failed_keys(request, settings)
    wait = failures.wait(client)
    if wait:
        raise TooManyRequests(
            f"Too many wrong API keys from this client; try again in {wait} s.",
            retry_after=wait,
            hint="Check the key you send; the limit is RBMTRACE_AUTH_FAILURE_LIMIT wrong keys "
            "in RBMTRACE_AUTH_FAILURE_WINDOW_SECONDS.",
        )
    key = match_key(secret, parse_api_keys(tuple(settings.api_keys)))
    if key is None:
        failures.record(client)
        raise Unauthorized(
            "The API key is not valid.",
            hint=f"Send a configured key in the {KEY_HEADER} header.",
        )
    return Principal(key.name, key.role)


CallerDep = Annotated[Principal | None, Depends(authenticate)]


async def require_reader(caller: CallerDep, settings: SettingsDep) -> Principal:
    if caller is not None:
        return caller
    if settings.reads_require_key:
        raise Unauthorized(
            "Reading needs an API key.",
            hint=f"Send a key (any role) in the {KEY_HEADER} header.",
        )
    return ANONYMOUS


async def require_editor(caller: CallerDep) -> Principal:
    if caller is None:
        raise Unauthorized(
            "Writing needs an API key with the editor or admin role.",
            hint=f"Send the key in the {KEY_HEADER} header (or Authorization: Bearer <key>).",
        )
    if caller.role not in WRITE_ROLES:
        raise Forbidden(
            f"The key '{caller.name}' has the {caller.role} role; writing needs editor or admin.",
            hint="Ask an administrator for an editor key.",
        )
    return caller


ReaderDep = Annotated[Principal, Depends(require_reader)]
EditorDep = Annotated[Principal, Depends(require_editor)]
