"""History of what imports created: one event per import, "create" events derived from stamps."""

from __future__ import annotations

from app.bundles.changes import element_history, element_updates
from app.bundles.importer import import_bundle
from app.db.graph import Graph
from app.elements.writes import delete_element, delete_link, update_element, update_link
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options


def test_an_imported_element_and_its_links_show_their_create_events(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options(who="planner"))
    events = element_history(graph, "out1")
    assert [(e["action"], e["link_key"]) for e in events] == [
        ("create", None),
        ("create", "oc1-[DELIVERED_BY]->out1"),
        ("create", "out1-[FUNDED_BY]->io1"),
        ("create", "out1-[MEASURED_BY]->ind1"),
    ]
    own = events[0]
    assert own["who"] == "planner" and own["via"] == "import" and own["before"] is None
    assert own["after"]["name"] == "International numbering resources"
    assert "import_id" not in own["after"]  # the stamp is bookkeeping, not a property
    assert len({e["import_id"] for e in events}) == 1
    assert events[1]["after"] == {
        "from": "oc1",
        "type": "DELIVERED_BY",
        "to": "out1",
        "share": 0.5,
    }


def test_the_create_event_keeps_the_state_at_creation_after_updates_and_deletes(
    graph: Graph,
) -> None:
    import_bundle(graph, SMALL_BUNDLE, options(who="planner"))
    update_element(graph, "out1", {"name": "Numbering resources delivered"}, "eve")
    update_link(graph, "oc1", "DELIVERED_BY", "out1", {"share": 0.25}, "eve")
    events = element_history(graph, "out1")
    created = next(e for e in events if e["action"] == "create" and e["link_key"] is None)
    assert created["after"]["name"] == "International numbering resources"
    link_created = next(e for e in events if e["link_key"] == "oc1-[DELIVERED_BY]->out1")
    assert link_created["action"] == "create" and link_created["after"]["share"] == 0.5

    delete_link(graph, "out1", "FUNDED_BY", "io1", "eve")
    delete_element(graph, "out1", "root")
    actions = [(e["action"], e["who"], e["link_key"]) for e in element_history(graph, "out1")]
    assert actions[:4] == [
        ("create", "planner", None),
        ("create", "planner", "oc1-[DELIVERED_BY]->out1"),
        ("create", "planner", "out1-[FUNDED_BY]->io1"),
        ("create", "planner", "out1-[MEASURED_BY]->ind1"),
    ]
    assert ("delete", "root", None) in actions
    assert ("delete", "eve", "out1-[FUNDED_BY]->io1") in actions
    # the deleted element's create event is still derived, with its state at creation
    gone = next(e for e in element_history(graph, "out1") if e["action"] == "create")
    assert gone["after"]["name"] == "International numbering resources"


def test_a_re_import_keeps_the_stamp_of_the_import_that_created(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options(who="planner"))
    changed = {**SMALL_BUNDLE, "elements": [dict(e) for e in SMALL_BUNDLE["elements"]]}
    changed["elements"][1]["name"] = "Goal one (revised)"
    report = import_bundle(graph, changed, options(who="editor"))
    assert report.elements.updated == 1
    events = [e for e in element_history(graph, "g1") if e["link_key"] is None]
    assert [(e["action"], e["who"]) for e in events] == [
        ("create", "planner"),
        ("update", "editor"),
    ]
    assert events[0]["after"]["name"] == "Goal one"
    assert events[1]["before"]["name"] == "Goal one"


def test_the_updates_of_several_elements_are_those_their_histories_hold(graph: Graph) -> None:
    """`element_updates` (who changed what an upstream element of a suspect link shows)
    reads at once what each element's history holds of its own edits, oldest first."""
    import_bundle(graph, SMALL_BUNDLE, options(who="planner"))
    update_element(graph, "out1", {"name": "Numbering resources delivered"}, "eve")
    update_link(graph, "oc1", "DELIVERED_BY", "out1", {"share": 0.25}, "eve")
    update_element(graph, "oc1", {"name": "Outcome one, reworded"}, "ann")
    update_element(graph, "out1", {"name": "Numbering resources, delivered"}, "bob")
    found = element_updates(graph, ["out1", "oc1", "io1", "nowhere"])
    for element_id, events in found.items():
        history = element_history(graph, element_id)
        own = [e for e in history if e["action"] == "update" and e["link_key"] is None]
        assert events == own
    assert [e["who"] for e in found["out1"]] == ["eve", "bob"]
    assert [e["who"] for e in found["oc1"]] == ["ann"]
    assert found["io1"] == found["nowhere"] == []
