"""`rbmtrace dedupe-links`: extra copies of a link stored by older versions are deleted when
identical to the kept one (import stamp aside), and left alone when their properties differ."""

from __future__ import annotations

import json
from pathlib import Path

from app.bundles.exporter import export_graph
from app.bundles.importer import import_bundle
from app.bundles.link_duplicates import dedupe_links
from app.core.config import Settings
from app.db.graph import Graph
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options
from tests.bundles.test_concurrent_imports import link_count
from tests.cli.test_bundles import rbmtrace

#: What an older version could leave: the same link created again (raw, as it did).
COPY_LINK = (
    "MATCH (a:Element {id: $from}), (b:Element {id: $to}) "
    "CREATE (a)-[r:DELIVERED_BY]->(b) SET r = $props"
)
LINK = {"from": "oc1", "type": "DELIVERED_BY", "to": "out1"}


def copy_link(graph: Graph, props: dict[str, object]) -> None:
    graph.run(COPY_LINK, {"from": LINK["from"], "to": LINK["to"], "props": props}, write=True)


def test_identical_copies_are_deleted_and_differing_ones_left(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    expected = export_graph(graph, "json")
    copy_link(graph, {"share": 0.5, "import_id": "an-older-import"})  # identical: stamp aside
    copy_link(graph, {"share": 0.5})
    assert link_count(graph, LINK) == 3

    dry = dedupe_links(graph, dry_run=True)
    assert dry.removed == {"oc1-[DELIVERED_BY]->out1": 2}
    assert link_count(graph, LINK) == 3  # a dry run deletes nothing

    done = dedupe_links(graph)
    assert done.removed_total == 2 and not done.differing
    assert link_count(graph, LINK) == 1
    assert export_graph(graph, "json") == expected
    assert dedupe_links(graph).removed_total == 0  # nothing left to do

    copy_link(graph, {"share": 0.25})  # differs: a person decides which is right
    kept = dedupe_links(graph)
    assert kept.removed_total == 0
    assert kept.differing == ["oc1-[DELIVERED_BY]->out1"]
    assert link_count(graph, LINK) == 2


def test_the_cli_command_reports_what_it_deleted(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    copy_link(graph, {"share": 0.5})
    result = rbmtrace(settings, tmp_path, "dedupe-links")
    assert result.returncode == 0, result.stderr
    assert "1 extra link copies deleted." in result.stdout
    assert link_count(graph, LINK) == 1
    assert json.loads(export_graph(graph, "json"))["links"]
