"""The domain exceptions of RBM Trace.

Every failure a user can cause or meet is one of these. They are mapped to RFC 9457
problem-details JSON in one place (`app/api/problems.py`) and to exit codes in the CLI
(`app/cli/__init__.py`). Raise them from services; never build HTTP responses for errors by hand.
"""

from __future__ import annotations

from typing import Any


class RbmTraceError(Exception):
    """Base of all domain errors. `extra` becomes extension members of the problem JSON."""

    status: int = 500
    title: str = "Internal error"
    slug: str = "internal-error"
    #: CLI exit code: 2 for bad input, 3 for an unavailable database, 4 for a write that
    #: conflicted with another one (retry it), 1 otherwise.
    exit_code: int = 1

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class BadRequest(RbmTraceError):
    status, title, slug, exit_code = 400, "Bad request", "bad-request", 2


class InvalidParameter(RbmTraceError):
    """A query parameter or path reference beyond what the service accepts (e.g. too long)."""

    status, title, slug, exit_code = 422, "Invalid parameter", "invalid-parameter", 2


class TooManyRequests(RbmTraceError):
    """Too many failed attempts from one client; `retry_after` seconds until it may retry."""

    status, title, slug, exit_code = 429, "Too many requests", "too-many-requests", 2


class InvalidBundle(RbmTraceError):
    """An import or write that does not validate. `errors` lists every problem with its place."""

    status, title, slug, exit_code = 422, "Invalid plan bundle", "invalid-bundle", 2


class PayloadTooLarge(RbmTraceError):
    status, title, slug, exit_code = 413, "Payload too large", "payload-too-large", 2


class TooLargeForDatabase(RbmTraceError):
    """The database refused the work for want of transaction memory (e.g. a huge import)."""

    status, title, slug, exit_code = 413, "Too large for the database", "too-large-for-db", 2


class NotFound(RbmTraceError):
    status, title, slug, exit_code = 404, "Not found", "not-found", 2


class AmbiguousReference(RbmTraceError):
    """A reference (code, alias or name) matches several elements: `candidates` lists them."""

    status, title, slug, exit_code = 409, "Ambiguous reference", "ambiguous-reference", 2


class Conflict(RbmTraceError):
    status, title, slug, exit_code = 409, "Conflict", "conflict", 2


class WriteConflict(RbmTraceError):
    """Another transaction held what this write needed (a lock wait that timed out, a
    deadlock): this transaction was rolled back, and the same request may simply be retried."""

    status, title, slug, exit_code = 409, "Write conflict", "write-conflict", 4


class DatabaseRefused(RbmTraceError):
    """Neo4j refused the work for a reason that is neither an outage nor a conflict."""

    status, title, slug, exit_code = 500, "Database error", "database-error", 1


class PreconditionFailed(RbmTraceError):
    """A conditional write (`If-Match`) whose condition no longer holds: the item changed."""

    status, title, slug, exit_code = 412, "Precondition failed", "precondition-failed", 2


class Unauthorized(RbmTraceError):
    status, title, slug, exit_code = 401, "Unauthorized", "unauthorized", 2


class Forbidden(RbmTraceError):
    status, title, slug, exit_code = 403, "Forbidden", "forbidden", 2


class DatabaseUnavailable(RbmTraceError):
    """Neo4j cannot be reached now; the request may be retried later."""

    status, title, slug, exit_code = 503, "Database unavailable", "database-unavailable", 3


#: How an import left pending is undone (`app.bundles.pending_imports`): what the hints
#: of ImportPartlyWritten and UnfinishedImport say. `rbmtrace import --recover` leaves alone
#: an import whose process still runs (a service's own import, while that service runs);
#: a service undoes its own as well as those of processes that are gone.
RECOVERY = (
    "`rbmtrace import --recover` undoes it once the process that ran the import has ended; "
    "a running service undoes it by itself, at its start and on `GET /ready`."
)


class ImportPartlyWritten(RbmTraceError):
    """A staged import failed, and so did taking back what it had written: the import stays
    recorded as pending, to be undone once the database answers again."""

    status, title, slug, exit_code = 500, "Import partly written", "import-partly-written", 1

    def __init__(self, import_id: str, cause: BaseException) -> None:
        super().__init__(
            f"The import failed part way and undoing it failed too ({cause}). Elements and "
            f"links it created carry import_id '{import_id}'; it stays recorded as pending.",
            import_id=import_id,
            hint=f"When the database is reachable again: {RECOVERY} Then import again.",
        )


class UnfinishedImport(RbmTraceError):
    """An import was interrupted part way and what it wrote is not undone yet."""

    status, title, slug, exit_code = 503, "Unfinished import", "unfinished-import", 1

    def __init__(self, description: str) -> None:
        super().__init__(
            f"An interrupted {description} left rows behind that are not undone yet.",
            hint=f"Undoing it failed (the service's log says why). {RECOVERY} Then retry.",
        )


class LocalServerError(RbmTraceError):
    """The locally managed Neo4j server could not be fetched, started or stopped."""

    status, title, slug, exit_code = 500, "Local Neo4j server error", "local-neo4j", 3
