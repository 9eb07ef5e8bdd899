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
"""

from __future__ import annotations

import hashlib

from app.db.graph import Graph, database_errors


def change_token(graph: Graph) -> str:
    """A token that differs after each committed write to `graph`'s database.

    The bookmark is opaque (it names the database and the transaction id); the token is a
    short hash of it, so nothing about the server leaks into headers built from it.
    """
    with (
        database_errors(),
        graph.driver.session(database=graph.database, default_access_mode="READ") as session,
    ):
        transaction = session.begin_transaction()
        transaction.commit()
        bookmarks = sorted(session.last_bookmarks().raw_values)
    return hashlib.sha256("|".join(bookmarks).encode("utf-8")).hexdigest()[:20]
