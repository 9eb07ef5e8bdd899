from __future__ import annotations

import pytest

from app.bundles.importer import import_bundle
from app.core.errors import BadRequest, Conflict, InvalidBundle, NotFound
from app.db.graph import Graph
from app.elements.writes import (
    create_element,
    create_link,
    delete_element,
    delete_link,
    history_of,
    update_element,
    update_link,
)
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options


@pytest.fixture
def planned(graph: Graph) -> Graph:
    import_bundle(graph, SMALL_BUNDLE, options(who="seed"))
    return graph


def test_create_update_delete_record_who_before_and_after(planned: Graph) -> None:
    create_element(planned, {"id": "e1", "type": "Enabler", "name": "Industry engagement"}, "eve")
    update_element(planned, "e1", {"description": "Members and academia"}, "eve")
    delete_element(planned, "e1", "root")
    events = history_of(planned, "e1")["events"]
    assert [(e["action"], e["who"]) for e in events] == [
        ("create", "eve"),
        ("update", "eve"),
        ("delete", "root"),
    ]
    assert events[1]["before"].get("description") is None
    assert events[1]["after"]["description"] == "Members and academia"
    assert events[2]["after"] is None


def test_update_refuses_a_new_id_and_unknown_properties(planned: Graph) -> None:
    before = planned.counts()
    with pytest.raises(InvalidBundle) as caught:
        update_element(planned, "g1", {"id": "g2"}, "eve")
    assert caught.value.extra["errors"][0]["field"] == "id"
    with pytest.raises(InvalidBundle) as caught:
        update_element(planned, "g1", {"colour": "red"}, "eve")
    assert "unknown property 'colour'" in caught.value.extra["errors"][0]["message"]
    with pytest.raises(BadRequest):
        update_element(planned, "g1", ["not", "a", "mapping"], "eve")
    assert planned.counts() == before


def test_create_refuses_an_existing_id(planned: Graph) -> None:
    with pytest.raises(Conflict):
        create_element(planned, {"id": "g1", "type": "Goal", "name": "Again"}, "eve")


def test_link_writes_check_the_metamodel_and_keep_history(planned: Graph) -> None:
    with pytest.raises(InvalidBundle) as caught:
        create_link(planned, {"from": "out1", "type": "FUNDED_BY", "to": "ind1"}, "eve")
    assert "Output -> CostObject" in caught.value.extra["errors"][0]["message"]
    result = update_link(planned, "out1", "FUNDED_BY", "io1", {"share": None}, "eve")
    assert result.action == "update" and result.after is not None
    assert "share" not in result.after.model_dump()
    delete_link(planned, "out1", "FUNDED_BY", "io1", "eve")
    with pytest.raises(NotFound):
        delete_link(planned, "out1", "FUNDED_BY", "io1", "eve")
    with pytest.raises(NotFound):
        update_link(planned, "out1", "NOT_A_TYPE", "io1", {}, "eve")
    keys = [e["link_key"] for e in history_of(planned, "io1")["events"]]
    assert keys == [None, *["out1-[FUNDED_BY]->io1"] * 3]  # the element's own create first
