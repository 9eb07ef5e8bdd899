"""The change token moves on every committed write, whoever made it, and only then."""

from __future__ import annotations

from neo4j import GraphDatabase

from app.core.config import Settings
from app.db.change_token import FirstToken, change_token
from app.db.graph import Graph


def other_session_write(settings: Settings, statement: str, *, commit: bool = True) -> None:
    """A write through a separate driver, as Neo4j Browser or another process would make."""
    assert settings.neo4j_uri
    with (
        GraphDatabase.driver(settings.neo4j_uri, auth=settings.neo4j_auth) as other,
        other.session(database=settings.neo4j_database) as session,
    ):
        transaction = session.begin_transaction()
        transaction.run(statement).consume()
        if commit:
            transaction.commit()
        else:
            transaction.rollback()


def test_token_is_stable_while_nothing_is_written(graph: Graph) -> None:
    first = change_token(graph)
    graph.read("admin/count_graph")
    assert change_token(graph) == first


def test_token_moves_on_a_write_made_through_another_driver(
    graph: Graph, settings: Settings
) -> None:
    before = change_token(graph)
    other_session_write(settings, "CREATE (:TokenProbe {at: 1})")
    after_create = change_token(graph)
    assert after_create != before
    other_session_write(settings, "MATCH (p:TokenProbe) DELETE p")
    assert change_token(graph) not in (before, after_create)


def test_token_stays_on_a_rolled_back_write(graph: Graph, settings: Settings) -> None:
    before = change_token(graph)
    other_session_write(settings, "CREATE (:TokenProbe)", commit=False)
    assert change_token(graph) == before


def test_a_read_witnessed_gives_the_token_without_asking_for_it(
    graph: Graph, settings: Settings
) -> None:
    witness = FirstToken()
    with witness.witnessing():
        graph.read("admin/count_graph")
    assert witness.token == change_token(graph)
    other_session_write(settings, "CREATE (:TokenProbe)")
    later = FirstToken()
    with later.witnessing():
        graph.read("admin/count_graph")
        other_session_write(settings, "MATCH (p:TokenProbe) DELETE p")
        graph.read("admin/count_graph")
    # the first read's state, not the last: a write between the reads moves the next token
    assert later.token not in (None, witness.token, change_token(graph))


def test_nothing_witnessed_without_a_read(graph: Graph) -> None:
    witness = FirstToken()
    with witness.witnessing():
        pass
    assert witness.token is None
    graph.read("admin/count_graph")  # outside: not witnessed
    assert witness.token is None
