"""The README's example bundle imports as written, and its export re-imports to the same
graph: the docs cannot drift from the code."""

from __future__ import annotations

import re

import yaml

from app import PROJECT_ROOT
from app.bundles.exporter import export_graph
from app.bundles.importer import import_bundle
from app.bundles.parsing import BundleSource, parse_source
from app.bundles.schemas import bundle_model
from app.db.graph import Graph
from tests.bundles.importing import options

SECTION = "## Plan bundles (import and export)"


def readme_bundle_text() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert match, "the README's bundle section has no ```yaml block"
    return match.group(1)


def element_and_link_counts(graph: Graph) -> tuple[int, int]:
    row = graph.run(
        "CALL () { MATCH (e:Element) RETURN count(e) AS n } "
        "CALL () { MATCH (:Element)-[r]->(:Element) RETURN count(r) AS r } RETURN n, r",
        {},
        write=False,
    )[0]
    return row["n"], row["r"]


def test_the_readme_bundle_imports_verbatim_and_round_trips(graph: Graph) -> None:
    text = readme_bundle_text()
    parsed = parse_source(BundleSource("README.md", text.encode()), 1_000_000)
    report = import_bundle(graph, parsed, options())
    assert (report.elements.created, report.links.created) == (8, 7)
    assert element_and_link_counts(graph) == (8, 7)

    exported = export_graph(graph, "yaml")
    graph.write("admin/clear_graph")
    again = import_bundle(
        graph, parse_source(BundleSource("export.yaml", exported), 1_000_000), options()
    )
    assert (again.elements.created, again.links.created) == (8, 7)
    assert element_and_link_counts(graph) == (8, 7)


def test_the_readme_bundle_satisfies_the_published_json_schema_model() -> None:
    bundle = bundle_model().model_validate(yaml.safe_load(readme_bundle_text()))
    assert len(bundle.elements) == 8  # type: ignore[attr-defined]
