from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml

from app.bundles.exporter import export_bundle, export_graph
from app.bundles.importer import import_bundle
from app.bundles.parsing import BundleSource, parse_source
from app.core.errors import BadRequest
from app.db.graph import Graph
from app.lookup_keys import IMPORT_STAMP
from tests.bundles.bundle_examples import SMALL_BUNDLE
from tests.bundles.importing import options

FILE_NAMES = {"json": "bundle.json", "yaml": "bundle.yaml", "csv": "bundle.zip"}


def stored_graph(graph: Graph) -> tuple[list[Any], list[Any]]:
    """Every element node (labels and properties) and every link between elements, without
    the import stamp (which import created them)."""
    nodes = graph.run(
        "MATCH (e:Element) RETURN labels(e) AS labels, properties(e) AS props ORDER BY e.id",
        {},
        write=False,
    )
    links = graph.run(
        "MATCH (a:Element)-[r]->(b:Element) RETURN a.id AS a, type(r) AS t, b.id AS b, "
        "properties(r) AS props ORDER BY a, t, b",
        {},
        write=False,
    )
    for node in nodes:
        node["labels"] = sorted(node["labels"])
    for row in [*nodes, *links]:
        row["props"].pop(IMPORT_STAMP, None)
    return nodes, links


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv"])
def test_export_then_import_gives_back_the_same_graph(graph: Graph, fmt: str) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    original = stored_graph(graph)
    exported = export_graph(graph, fmt)

    graph.write("admin/clear_graph")
    parsed = parse_source(BundleSource(FILE_NAMES[fmt], exported), 10_000_000)
    report = import_bundle(graph, parsed, options())
    assert (report.elements.created, report.links.created) == (7, 6)
    assert stored_graph(graph) == original
    assert len(original[0]) == 7 and len(original[1]) == 6


def test_export_is_the_bundle_form_in_metamodel_order(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    bundle = export_bundle(graph)
    assert [e["type"] for e in bundle["elements"]][:3] == ["Mission", "Goal", "ThematicPriority"]
    assert bundle["elements"][0] == {
        "id": "m",
        "type": "Mission",
        "name": "Mission",
        "source": {"document": "SP"},
    }
    tp2 = bundle["elements"][2]
    assert tp2["aliases"] == ["TP2"] and "code_key" not in tp2 and "ref_keys" not in tp2
    assert {"from": "oc1", "type": "DELIVERED_BY", "to": "out1", "share": 0.5} in bundle["links"]
    assert json.loads(export_graph(graph, "json")) == bundle
    assert yaml.safe_load(export_graph(graph, "yaml")) == bundle


def test_csv_export_is_a_zip_of_the_two_files(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    with zipfile.ZipFile(io.BytesIO(export_graph(graph, "csv"))) as archive:
        assert sorted(archive.namelist()) == ["elements.csv", "links.csv"]
        elements = archive.read("elements.csv").decode()
        links = archive.read("links.csv").decode()
    assert elements.startswith(
        "id,type,code,name,description,aliases,source_document,source_section,basis,quote,"
    )
    assert "ind1,Indicator,,Resources assigned,,,,,,," in elements and "region;sex" in elements
    assert links.splitlines()[0] == (
        "from,type,to,share,kind,source_document,source_section,basis,quote,description"
    )


def test_graphml_export_holds_every_node_and_edge(graph: Graph) -> None:
    import_bundle(graph, SMALL_BUNDLE, options())
    root = ET.fromstring(export_graph(graph, "graphml"))  # noqa: S314 - our own output
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 7
    edges = root.findall(".//g:edge", ns)
    assert len(edges) == 6
    keys = {k.get("id"): k for k in root.findall("g:key", ns)}
    assert keys["e_share"].get("attr.type") == "double"
    assert keys["n_aliases"].get("attr.type") == "string"


def test_an_unknown_export_format_is_a_bad_request(graph: Graph) -> None:
    with pytest.raises(BadRequest) as caught:
        export_graph(graph, "xlsx")
    assert "graphml" in str(caught.value.extra["hint"])
