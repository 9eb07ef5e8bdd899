"""Every route that changes something needs an editor key: no key is 401, a reader key 403.

The routes are read from the running service's `/openapi.json`, so a route added later is
covered without touching this test; its path parameters get plausible values.
"""

from __future__ import annotations

import re
from typing import Any

from httpx import Response

from app.core.config import Settings
from app.db.graph import Graph
from tests.api.api_keys import EDITOR, READER, keyed_client

#: Plausible values for path parameters by name (a name not listed gets "x1").
PATH_VALUES = {
    "ref": "g1",
    "from_id": "oc1",
    "rel": "DELIVERED_BY",
    "to_id": "out1",
    "key": "output_serves_no_outcome:op9",
    "id": "g1",
    "element_id": "g1",
}
READ_METHODS = {"get", "head", "options", "trace"}

#: Write routes that exist today; the discovery must find at least these.
KNOWN_WRITES = {
    ("POST", "/api/v1/import"),
    ("POST", "/api/v1/elements"),
    ("PATCH", "/api/v1/elements/{ref}"),
    ("DELETE", "/api/v1/elements/{ref}"),
    ("POST", "/api/v1/links"),
    ("PATCH", "/api/v1/links/{from_id}/{rel}/{to_id}"),
    ("DELETE", "/api/v1/links/{from_id}/{rel}/{to_id}"),
    ("POST", "/api/v1/gaps/waivers"),
    ("DELETE", "/api/v1/gaps/waivers/{key}"),
}

#: A body that is valid JSON (so the request reaches the routes' dependencies) and would
#: create something on a route that forgot its check.
BODY: dict[str, Any] = {
    "id": "g1",
    "type": "Goal",
    "name": "Goal one",
    "from": "oc1",
    "to": "out1",
    "key": "output_serves_no_outcome:op9",
    "reason": "r",
    "elements": [{"id": "g2", "type": "Goal", "name": "Goal two"}],
    "links": [],
}


#: What the caller is told (detail, hint), so that a client knows what to do.
NO_KEY = (
    "Writing needs an API key with the editor or admin role.",
    "Send the key in the X-API-Key header (or Authorization: Bearer <key>).",
)
READER_KEY = (
    "The key 'ada' has the reader role; writing needs editor or admin.",
    "Ask an administrator for an editor key.",
)


def problem_text(answer: Response) -> tuple[str, str]:
    problem = answer.json()
    return problem["detail"], problem["hint"]


def write_routes(openapi: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted(
        (method.upper(), path)
        for path, operations in openapi["paths"].items()
        for method in operations
        if method not in READ_METHODS
    )


def url_of(path: str) -> str:
    return re.sub(r"\{([^}:]+)(:[^}]*)?\}", lambda m: PATH_VALUES.get(m[1], "x1"), path)


def test_every_write_route_refuses_no_key_and_a_reader_key(
    graph: Graph, settings: Settings
) -> None:
    with keyed_client(settings) as api:
        routes = write_routes(api.get("/openapi.json").json())
        assert set(routes) >= KNOWN_WRITES, sorted(KNOWN_WRITES - set(routes))
        wrong = []
        for method, path in routes:
            url = url_of(path)
            anonymous = api.request(method, url, json=BODY)
            reader = api.request(method, url, json=BODY, headers=READER)
            if (anonymous.status_code, reader.status_code) != (401, 403):
                wrong.append((method, path, anonymous.status_code, reader.status_code))
            else:
                assert anonymous.headers["content-type"] == "application/problem+json"
                assert problem_text(anonymous) == NO_KEY, (method, path)
                assert problem_text(reader) == READER_KEY, (method, path)
        assert wrong == [], "write routes without the editor check (method, path, 401?, 403?)"
    assert graph.counts() == (0, 0)  # and none of them wrote anything


def test_the_path_parameters_get_plausible_values() -> None:
    assert url_of("/api/v1/links/{from_id}/{rel}/{to_id}") == "/api/v1/links/oc1/DELIVERED_BY/out1"
    waiver = "/api/v1/gaps/waivers/output_serves_no_outcome:op9"
    assert url_of("/api/v1/gaps/waivers/{key}") == waiver
    assert url_of("/api/v1/things/{thing:path}") == "/api/v1/things/x1"


def test_withdrawing_a_waiver_that_does_not_exist_says_where_to_look(
    graph: Graph, settings: Settings
) -> None:
    with keyed_client(settings) as api:
        answer = api.delete("/api/v1/gaps/waivers/output_serves_no_outcome:op9", headers=EDITOR)
    assert answer.status_code == 404
    assert problem_text(answer) == (
        "No waiver for finding 'output_serves_no_outcome:op9'.",
        "List waivers with `rbmtrace waivers` or GET /api/v1/gaps/waivers.",
    )
