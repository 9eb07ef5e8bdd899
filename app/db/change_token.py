"""The change token: a short string that moves on every committed write to the database.

Whoever made the write (this service, `rbmtrace import`, an analyst in Neo4j Browser), the
token read afterwards differs; reads and rolled-back transactions leave it alone. HTTP
`ETag`s are derived from it (`app/api/http_caching.py`), and a read cache can key on it.

How: Neo4j answers every committed transaction, read-only ones included, with a *bookmark*
naming the last transaction committed in the database when it ran. An empty read
transaction (BEGIN, COMMIT, no statement) is therefore the cheapest question that returns
it. Measured on Neo4j 5.26 Community, local Bolt, warm pool (2 cores, 300 calls each):

- empty read transaction, bookmark:          3.6 ms a call
- `RETURN 1` through `execute_query`:        6.3 ms (the bookmark comes at the same price)
- `SHOW DATABASES YIELD lastCommittedTxn`:   37 ms, and the column is null on Community
- `dbms.queryJmx('org.neo4j:*')`:            no beans on 5.26 Community (empty list)

`SHOW TRANSACTIONS` lists only running transactions, so it cannot tell a commit either.
Since no statement runs, there is no Cypher file for this: the token is the bookmark.

An answer computed by running queries does not need that extra round trip: its own first
read transaction returned the same bookmark (`FirstToken`, through
`app.db.graph.witnessing_bookmarks`), so the token it was read under comes for free. The
HTTP layer uses this for the reads it does not cache (`app/api/http_caching.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from neo4j import Bookmarks

from app.db.graph import Graph, database_errors, witnessing_bookmarks

#: True while the caller asked for an answer computed afresh (HTTP `Cache-Control:
#: no-cache`): answers remembered under the token are not read (they are still refreshed).
AFRESH: ContextVar[bool] = ContextVar("rbmtrace_afresh", default=False)


def token_of(bookmarks: Iterable[str]) -> str:
    """The token for a transaction's bookmarks (opaque strings naming the database and the
    transaction id): a short hash, so nothing about the server leaks into headers."""
    return hashlib.sha256("|".join(sorted(bookmarks)).encode("utf-8")).hexdigest()[:20]


def change_token(graph: Graph) -> str:
    """A token that differs after each committed write to `graph`'s database.

    The bookmark is opaque; the token is a short hash of it (`token_of`).
    """
    with (
        database_errors(),
        graph.driver.session(database=graph.database, default_access_mode="READ") as session,
    ):
        transaction = session.begin_transaction()
        transaction.commit()
        bookmarks = session.last_bookmarks().raw_values
    return token_of(bookmarks)


class FirstToken:
    """The change token of the first read transaction run while `witnessing()` is active:
    the state of the database the answer computed meanwhile was read from. A write that
    commits between that transaction and a later one makes the next token differ, so a tag
    built from the first can only cause a needless recomputation, never a stale answer.
    None when no read ran (the caller then asks `change_token`)."""

    def __init__(self) -> None:
        self.token: str | None = None

    def _seen(self, bookmarks: Bookmarks) -> None:
        if self.token is None:
            self.token = token_of(bookmarks.raw_values)

    @contextmanager
    def witnessing(self) -> Iterator[None]:
        with witnessing_bookmarks(self._seen):
            yield
