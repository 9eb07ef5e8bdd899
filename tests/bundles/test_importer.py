from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from app.bundles.importer import BundleInput, ImportOptions, import_bundle, parsed_from_mapping
from app.bundles.parsing import BundleSource
from app.core.errors import InvalidBundle, PayloadTooLarge
from app.db.graph import Graph
from tests.bundles.bundle_examples import BAD_INPUTS, SMALL_BUNDLE
from tests.bundles.importing import options
from tests.conftest import base_settings


def change_events(graph: Graph) -> list[dict[str, object]]:
    rows = graph.run(
        "MATCH (c:ChangeEvent) RETURN properties(c) AS c ORDER BY c.seq", {}, write=False
    )
    return [row["c"] for row in rows]


def test_import_creates_then_a_second_import_changes_nothing(graph: Graph) -> None:
    first = import_bundle(graph, SMALL_BUNDLE, options())
    assert first.elements.model_dump() == {"created": 7, "updated": 0, "unchanged": 0}
    assert first.links.model_dump() == {"created": 6, "updated": 0, "unchanged": 0}
    counts = graph.counts()
    [event] = change_events(graph)  # one event for the import, not one per created item
    assert event["action"] == "import" and event["who"] == "cli"
    assert (event["elements_created"], event["links_created"]) == (7, 6)
    events = 1

    second = import_bundle(graph, SMALL_BUNDLE, options())
    assert not second.changed
    assert second.elements.model_dump() == {"created": 0, "updated": 0, "unchanged": 7}
    assert second.links.model_dump() == {"created": 0, "updated": 0, "unchanged": 6}
    assert graph.counts() == counts
    assert len(change_events(graph)) == events


def test_updates_are_counted_listed_and_recorded_with_before_and_after(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    changed = copy.deepcopy(SMALL_BUNDLE)
    changed["elements"][1]["name"] = "Goal one (revised)"
    changed["links"][3]["share"] = 0.75
    report = import_bundle(graph, changed, options(who="planner"))
    assert report.elements.model_dump() == {"created": 0, "updated": 1, "unchanged": 6}
    assert report.links.model_dump() == {"created": 0, "updated": 1, "unchanged": 5}
    assert {(c.key, tuple(c.fields)) for c in report.changes} == {
        ("g1", ("name",)),
        ("oc1-[DELIVERED_BY]->out1", ("share",)),
    }
    updates = [e for e in change_events(graph) if e["action"] == "update"]
    goal = next(e for e in updates if e.get("link_key") is None)
    assert goal["who"] == "planner" and goal["element_id"] == "g1"
    assert json.loads(str(goal["before"]))["name"] == "Goal one"
    assert json.loads(str(goal["after"]))["name"] == "Goal one (revised)"


def test_dry_run_reports_what_would_change_and_writes_nothing(graph: Graph) -> None:
    report = import_bundle(graph, SMALL_BUNDLE, options(dry_run=True))
    assert report.dry_run and report.elements.created == 7 and report.links.created == 6
    assert len(report.changes) == 13
    assert graph.counts() == (0, 0)


def test_links_may_point_at_elements_already_stored(graph: Graph) -> None:
    import_bundle(graph, {"elements": SMALL_BUNDLE["elements"][:2]}, options())
    report = import_bundle(
        graph, {"links": [{"from": "m", "type": "HAS_GOAL", "to": "g1"}]}, options()
    )
    assert report.links.created == 1


def test_batches_smaller_than_the_bundle_write_it_all(graph: Graph) -> None:
    seen: list[tuple[str, int, int]] = []
    import_bundle(graph, SMALL_BUNDLE, options(batch_size=2, progress=lambda *a: seen.append(a)))
    assert graph.counts() == (7 + 1, 6)  # elements and the import's change event; links
    assert ("elements", 7, 7) in seen and ("links", 6, 6) in seen
    # validation is a phase of its own, reported before the first write
    assert seen[:2] == [("validating", 0, 13), ("validating", 13, 13)]


@pytest.mark.parametrize(
    ("name", "file_name", "data", "words"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_each_bad_input_is_refused_naming_its_place_and_the_graph_is_unchanged(
    graph: Graph, tmp_path: Path, name: str, file_name: str, data: bytes, words: list[str]
) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    before = graph.counts()
    path = tmp_path / file_name
    path.write_bytes(data)
    with pytest.raises(InvalidBundle) as caught:
        import_bundle(graph, [path], options())
    text = caught.value.detail + json.dumps(caught.value.extra)
    assert str(path) in text
    for word in words:
        assert word in text
    assert graph.counts() == before


def test_an_oversized_file_is_refused_before_it_is_read(graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(SMALL_BUNDLE))
    with pytest.raises(PayloadTooLarge) as caught:
        import_bundle(graph, [path], options(max_bytes=100))
    assert "RBMTRACE_MAX_IMPORT_BYTES" in caught.value.extra["hint"]
    assert graph.counts() == (0, 0)


def test_several_files_combine_into_one_bundle(graph: Graph, tmp_path: Path) -> None:
    elements = tmp_path / "elements.yaml"
    elements.write_text(json.dumps({"elements": SMALL_BUNDLE["elements"]}))
    links = tmp_path / "links.json"
    links.write_text(json.dumps({"links": SMALL_BUNDLE["links"]}))
    report = import_bundle(graph, [elements, links], options())
    assert (report.elements.created, report.links.created) == (7, 6)
    assert report.files == [str(elements), str(links)]


def test_a_problem_in_one_file_keeps_all_files_out(graph: Graph, tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(SMALL_BUNDLE))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"links": [{"from": "m", "type": "HAS_GOAL", "to": "nobody"}]}))
    with pytest.raises(InvalidBundle) as caught:
        import_bundle(graph, [good, bad], options())
    assert caught.value.extra["errors"][0]["file"] == str(bad)
    assert graph.counts() == (0, 0)


def test_a_failure_part_way_through_the_write_leaves_the_graph_as_it_was(graph: Graph) -> None:
    import_bundle(graph, {"elements": SMALL_BUNDLE["elements"][:2]}, options())
    before = graph.counts()

    def fail_during_links(phase: str, done: int, total: int) -> None:
        if phase == "links":
            raise RuntimeError("connection lost part-way")

    with pytest.raises(RuntimeError):
        import_bundle(graph, SMALL_BUNDLE, options(batch_size=2, progress=fail_during_links))
    assert graph.counts() == before


def test_options_take_the_limits_from_the_settings_and_the_choices_on_top() -> None:
    settings = base_settings(import_batch_size=7, import_transaction_items=11, max_import_bytes=13)
    chosen = ImportOptions.from_settings(settings, who="planner", dry_run=True, batch_size=3)
    assert (chosen.who, chosen.dry_run, chosen.via) == ("planner", True, "import")
    assert (chosen.batch_size, chosen.transaction_items, chosen.max_bytes) == (3, 11, 13)


def test_every_kind_of_input_goes_through_the_one_door(graph: Graph, tmp_path: Path) -> None:
    """Files, uploaded bytes, data and a parsed bundle give the same report."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(SMALL_BUNDLE))
    inputs: list[BundleInput] = [
        [path],
        [BundleSource("upload.json", path.read_bytes())],
        SMALL_BUNDLE,
        parsed_from_mapping(SMALL_BUNDLE),
    ]
    for bundle in inputs:
        report = import_bundle(graph, bundle, options(dry_run=True))
        assert (report.elements.created, report.links.created) == (7, 6)
    assert graph.counts() == (0, 0)
