"""A write through the API that meets another transaction holding the element's lock is a
409 "Write conflict" problem that says to retry, and writes nothing.

The conflict is real: a raw-driver transaction holds the lock on the session's Neo4j with a
short `db.lock.acquisition.timeout` (`limited_neo4j`, tests/conftest.py).
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from neo4j import GraphDatabase

from app.api.main import create_app
from app.local_neo4j.server import LocalNeo4j
from tests.api.api_keys import API_KEYS, EDITOR
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.conftest import LIMITED_PASSWORD, base_settings


def test_a_patch_while_another_transaction_holds_the_element(limited_neo4j: LocalNeo4j) -> None:
    if not limited_neo4j.is_running():
        limited_neo4j.start()
    settings = base_settings(
        neo4j_uri=limited_neo4j.bolt_uri,
        neo4j_password=LIMITED_PASSWORD,
        neo4j_max_retry_time=1.0,
        api_keys=API_KEYS,
    )
    auth = ("neo4j", LIMITED_PASSWORD)
    with GraphDatabase.driver(limited_neo4j.bolt_uri, auth=auth) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        with TestClient(create_app(settings)) as api:
            assert api.post("/api/v1/import", json=SMALL_BUNDLE, headers=EDITOR).status_code == 200
            with driver.session() as session, session.begin_transaction() as holder:
                holder.run("MATCH (e:Element {id: 'g1'}) SET e.held = true").consume()
                answer = api.patch(
                    "/api/v1/elements/g1", json={"name": "Goal one, renamed"}, headers=EDITOR
                )
                holder.rollback()
            assert answer.status_code == 409, answer.text
            assert answer.headers["content-type"] == "application/problem+json"
            problem = answer.json()
            assert (problem["title"], problem["type"]) == (
                "Write conflict",
                "urn:rbmtrace:problem:write-conflict",
            )
            assert "nothing of it was written" in problem["detail"]
            assert problem["code"] == "Neo.TransientError.Transaction.LockAcquisitionTimeout"
            assert "again" in problem["hint"]
            assert api.get("/api/v1/elements/g1").json()["element"]["name"] == "Goal one"
            # a conflict is not an outage: the next request goes through
            retried = api.patch(
                "/api/v1/elements/g1", json={"name": "Goal one, renamed"}, headers=EDITOR
            )
            assert retried.status_code == 200, retried.text
            assert api.get("/api/v1/elements/g1").json()["element"]["name"] == "Goal one, renamed"
