"""One public shape of an element (and of a link) on every endpoint, documented once; and
a property added to the metamodel flows through import, storage, export and the API."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app import metamodel
from app.bundles import schemas
from app.core.config import Settings
from app.db.graph import Graph
from app.metamodel import Property, PropertyKind
from tests.api.api_keys import EDITOR, keyed_client
from tests.bundles.element_samples import full_bundle


@pytest.fixture
def api(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    with keyed_client(settings) as client:
        yield client


def test_element_listing_and_write_answers_show_the_same_shape(api: TestClient) -> None:
    bundle = full_bundle()
    api.post("/api/v1/import", json=bundle, headers=EDITOR).raise_for_status()
    output = next(e for e in bundle["elements"] if e["type"] == "Output")

    detail = api.get(f"/api/v1/elements/{output['id']}").json()
    assert detail["element"] == output
    listed = api.get("/api/v1/elements", params={"type": "Output"}).json()["items"]
    assert listed == [output]
    exported = api.get("/api/v1/export", params={"format": "json"}).json()
    assert next(e for e in exported["elements"] if e["id"] == output["id"]) == output

    answer = api.patch(
        f"/api/v1/elements/{output['id']}", json={"sector": "ITU-D"}, headers=EDITOR
    ).json()
    assert answer["before"] == output
    assert answer["after"] == {**output, "sector": "ITU-D"}
    again = api.get(f"/api/v1/elements/{output['id']}").json()["element"]
    assert again == answer["after"]

    funded = next(lk for lk in bundle["links"] if lk["type"] == "FUNDED_BY")
    [direct] = [lk for lk in detail["outgoing"] if lk["relationship"] == "FUNDED_BY"]
    assert direct == {
        "relationship": "FUNDED_BY",
        "element": direct["element"],
        **{k: v for k, v in funded.items() if k not in ("from", "type", "to")},
    }
    link_answer = api.patch(
        f"/api/v1/links/{funded['from']}/FUNDED_BY/{funded['to']}",
        json={"share": 0.5},
        headers=EDITOR,
    ).json()
    assert link_answer["before"] == funded and link_answer["after"] == {**funded, "share": 0.5}


def test_absent_parts_are_left_out_everywhere(api: TestClient) -> None:
    goal = {"id": "g", "type": "Goal", "name": "Goal", "source": {"document": "SP"}}
    created = api.post("/api/v1/elements", json=goal, headers=EDITOR).json()
    assert created["after"] == goal
    assert api.get("/api/v1/elements/g").json()["element"] == goal
    assert api.get("/api/v1/elements").json()["items"] == [goal]


def test_the_element_shape_is_one_model_in_the_openapi_document(api: TestClient) -> None:
    document = api.get("/openapi.json").json()
    shapes = document["components"]["schemas"]
    assert "ElementSummary" not in shapes
    element = shapes["Element"]
    declared = {p.name for t in metamodel.ELEMENT_TYPES for p in metamodel.properties_of(t.name)}
    flat_source = {"source_document", "source_section"}
    assert set(element["properties"]) == (declared - flat_source) | {"type", "source"}

    def refs(schema: Any) -> set[str]:
        if isinstance(schema, dict):
            found = {schema["$ref"]} if "$ref" in schema else set()
            return found.union(*(refs(v) for v in schema.values()))
        if isinstance(schema, list):
            return set().union(*(refs(v) for v in schema))
        return set()

    for answer in ("ElementPage", "ElementDetail", "ElementWrite"):
        assert "#/components/schemas/Element" in refs(shapes[answer]), answer


RATIONALE = Property("rationale", PropertyKind.text, "Why the element is believed to be so.")
QUORUM = Property("quorum", PropertyKind.integer, "Members needed for a decision.")


@pytest.fixture
def extended_metamodel(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The metamodel with `rationale` on every element and link, and `quorum` on goals."""
    goal = metamodel.element_type("Goal")
    wider_goal = dataclasses.replace(goal, properties=(*goal.properties, QUORUM))
    monkeypatch.setattr(metamodel, "COMMON_PROPERTIES", (*metamodel.COMMON_PROPERTIES, RATIONALE))
    monkeypatch.setattr(metamodel, "LINK_PROPERTIES", (*metamodel.LINK_PROPERTIES, RATIONALE))
    monkeypatch.setattr(
        metamodel,
        "ELEMENT_TYPES",
        tuple(wider_goal if t is goal else t for t in metamodel.ELEMENT_TYPES),
    )
    monkeypatch.setitem(metamodel._ELEMENTS_BY_NAME, "Goal", wider_goal)
    schemas.forget_models()
    yield
    monkeypatch.undo()
    schemas.forget_models()


def test_a_property_added_to_the_metamodel_flows_through_everything(
    extended_metamodel: None, api: TestClient, graph: Graph
) -> None:
    bundle = {
        "elements": [
            {"id": "m", "type": "Mission", "name": "Mission", "rationale": "Constitution, art. 1"},
            {"id": "g", "type": "Goal", "name": "Goal", "quorum": 3, "rationale": "PP-22"},
        ],
        "links": [{"from": "m", "type": "HAS_GOAL", "to": "g", "rationale": "Resolution 71"}],
    }
    imported = api.post("/api/v1/import", json=bundle, headers=EDITOR)
    assert imported.status_code == 200, imported.text
    [stored] = graph.run("MATCH (g:Goal) RETURN g.quorum AS q, g.rationale AS b", {}, write=False)
    assert stored == {"q": 3, "b": "PP-22"}

    assert api.get("/api/v1/elements/g").json()["element"] == bundle["elements"][1]
    [direct] = api.get("/api/v1/elements/g").json()["incoming"]
    assert direct["rationale"] == "Resolution 71"
    exported = api.get("/api/v1/export", params={"format": "json"}).json()
    assert exported == bundle

    refused = api.post(
        "/api/v1/elements",
        json={"id": "m2", "type": "Mission", "name": "M", "quorum": 2},
        headers=EDITOR,
    )
    assert refused.status_code == 422 and "quorum" in refused.text

    csv_zip = api.get("/api/v1/export", params={"format": "csv"}).content
    graph.write("admin/clear_graph")
    again = api.post(
        "/api/v1/import",
        files={"files": ("bundle.zip", csv_zip, "application/zip")},
        headers=EDITOR,
    )
    assert again.status_code == 200, again.text
    assert api.get("/api/v1/export", params={"format": "json"}).json() == bundle

    patched = api.patch("/api/v1/elements/g", json={"quorum": 4}, headers=EDITOR).json()
    assert patched["after"] == {**bundle["elements"][1], "quorum": 4}
