"""Large JSON files are imported item by item (app.bundles.streamed_import): the same report,
graph and change events as the import that reads them whole, and still all or nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from neo4j.exceptions import ConstraintError

from app.bundles import importer
from app.bundles.importer import import_bundle
from app.bundles.parsing import ParsedBundle
from app.bundles.pending_imports import pending_imports
from app.core.errors import InvalidBundle
from app.db.graph import Graph
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options
from tests.bundles.test_exporter import stored_graph
from tests.bundles.test_staged_import import changed_bundle, everything

#: Batches of 2 (slices of 8 items), and every bundle large enough to be written staged.
STREAMED = {"batch_size": 2, "transaction_items": 0}


def written(tmp_path: Path, bundle: dict[str, Any], name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def never_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import must not read the files whole (it streams them)."""

    def refused(*args: Any) -> ParsedBundle:
        raise AssertionError("the bundle was read whole")

    monkeypatch.setattr(importer, "read_bundle", refused)


def events(graph: Graph) -> list[dict[str, Any]]:
    """The change events, without what differs from one import to the next (ids, times)."""
    rows = graph.run(
        "MATCH (c:ChangeEvent) RETURN properties(c) AS event ORDER BY c.seq, c.element_id",
        {},
        write=False,
    )
    for row in rows:
        for name in ("id", "at", "created_in"):
            row["event"].pop(name, None)
    return rows


def imported_whole(graph: Graph, files: list[Path], **choices: Any) -> Any:
    """Import the files read whole (the in-memory import, staged when `choices` say so)."""
    parsed = importer.read_bundle(files, importer.NO_SIZE_LIMIT)
    return import_bundle(graph, parsed, options(**choices))


def test_a_streamed_import_gives_what_the_whole_read_gives(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = written(tmp_path, SMALL_BUNDLE), written(tmp_path, changed_bundle(), "2.json")
    whole = [imported_whole(graph, [first]), imported_whole(graph, [second], **STREAMED)]
    expected = (stored_graph(graph), events(graph))
    graph.write("admin/clear_graph")

    never_read_whole(monkeypatch)
    seen: list[tuple[str, int, int]] = []
    streamed = [
        import_bundle(graph, [first], options(**STREAMED, progress=lambda *a: seen.append(a))),
        import_bundle(graph, [second], options(**STREAMED)),
    ]
    assert [r.model_dump() for r in streamed] == [r.model_dump() for r in whole]
    assert streamed[1].elements.model_dump() == {"created": 1, "updated": 1, "unchanged": 6}
    assert (stored_graph(graph), events(graph)) == expected
    assert ("validating", 13, 13) in seen and ("elements", 7, 7) in seen and ("links", 6, 6) in seen
    # each phase's total is given before the first write (the CLI's links bar is not "0/?")
    assert seen[seen.index(("validating", 13, 13)) + 1 :][:2] == [
        ("elements", 0, 7),
        ("links", 0, 6),
    ]
    assert pending_imports(graph) == []


def test_importing_the_same_file_again_changes_nothing(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_read_whole(monkeypatch)
    path = written(tmp_path, SMALL_BUNDLE)
    import_bundle(graph, [path], options(**STREAMED))
    before, events_before = everything(graph), events(graph)
    again = import_bundle(graph, [path], options(**STREAMED))
    assert not again.changed and again.changes == []
    assert again.elements.model_dump() == {"created": 0, "updated": 0, "unchanged": 7}
    assert again.links.model_dump() == {"created": 0, "updated": 0, "unchanged": 6}
    assert everything(graph) == before and events(graph) == events_before


def late_problems() -> dict[str, Any]:
    bundle = copy.deepcopy(SMALL_BUNDLE)
    bundle["elements"] += [{"id": f"extra{i}", "type": "Output", "name": "x"} for i in range(20)]
    bundle["elements"].append({"id": "bad", "type": "Outptu", "name": "x"})
    bundle["elements"].append({"id": ["a", "list"], "type": "Output", "name": "x"})
    bundle["links"].append({"from": "oc1", "type": "DELIVERED_BY", "to": "nowhere"})
    return bundle


def test_a_problem_late_in_the_file_writes_nothing_and_is_placed(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = written(tmp_path, late_problems())
    with pytest.raises(InvalidBundle) as whole:
        imported_whole(graph, [path])
    never_read_whole(monkeypatch)
    with pytest.raises(InvalidBundle) as streamed:
        import_bundle(graph, [path], options(**STREAMED))
    assert streamed.value.extra == whole.value.extra
    assert streamed.value.detail == whole.value.detail
    places = [(e["file"], e["location"]) for e in streamed.value.extra["errors"]]
    assert places[0] == (str(path), "elements[27]") and places[-1] == (str(path), "links[6]")
    assert (str(path), "elements[28]") in places
    assert everything(graph) == []


def test_a_streamed_import_stopped_in_a_late_batch_is_undone(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    before = everything(graph)
    never_read_whole(monkeypatch)
    pending_seen = []

    def stop_in_the_last_links(phase: str, done: int, total: int) -> None:
        if phase == "links":  # elements created and updated, some links written
            pending_seen.append(len(pending_imports(graph)))
            if len(pending_seen) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as stopped:
        import_bundle(
            graph,
            [written(tmp_path, changed_bundle())],
            options(batch_size=1, transaction_items=0, progress=stop_in_the_last_links),
        )
    assert pending_seen == [1, 1]  # recorded as pending while it writes
    assert "undone" in " ".join(getattr(stopped.value, "__notes__", []))
    assert everything(graph) == before


def test_a_streamed_import_that_the_database_refuses_part_way_is_undone(
    graph: Graph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_read_whole(monkeypatch)
    path = written(tmp_path, SMALL_BUNDLE)

    def someone_else_creates_g1(phase: str, done: int, total: int) -> None:
        if (
            phase == "elements"
            and done
            and not graph.run("MATCH (g:Goal) RETURN g", {}, write=False)
        ):
            # after the first batch (m), before the second (g1)
            graph.run("CREATE (:Element:Goal {id: 'g1', type: 'Goal'})", {}, write=True)

    with pytest.raises(ConstraintError):
        import_bundle(
            graph,
            [path],
            options(batch_size=1, transaction_items=0, progress=someone_else_creates_g1),
        )
    assert [row["props"]["id"] for row in everything(graph)] == ["g1"]  # the other writer's
    assert pending_imports(graph) == []


def test_small_files_and_dry_runs_are_read_whole(graph: Graph, tmp_path: Path) -> None:
    path = written(tmp_path, SMALL_BUNDLE)
    assert importer.json_files([path], options()) is None  # fewer items than a staged write
    assert importer.json_files([path], options(**STREAMED, dry_run=True)) is None
    assert importer.json_files([path], options(**STREAMED)) == [path]
    yaml_file = tmp_path / "plan.yaml"
    yaml_file.write_text("elements: []\n", encoding="utf-8")
    assert importer.json_files([yaml_file], options(**STREAMED)) is None
