"""Exporting the whole graph as a plan bundle: JSON, YAML, CSV (a zip of the pair) or GraphML.

JSON, YAML and CSV exports import back to the same graph (same elements, links and
properties). GraphML is for graph tools (yEd, Gephi, Cytoscape); it is not read back. In
GraphML, list properties (e.g. `aliases`) are JSON-encoded strings.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

import yaml
from neo4j import ManagedTransaction

from app import metamodel
from app.bundles.codec import element_from_stored, flatten_source, link_from_stored
from app.bundles.csv_layout import cells_of, element_columns, link_columns
from app.core.errors import BadRequest
from app.db.graph import Graph, run_in

EXPORT_FORMATS = ("json", "yaml", "csv", "graphml")
MEDIA_TYPES = {
    "json": "application/json",
    "yaml": "application/yaml",
    "csv": "application/zip",
    "graphml": "application/graphml+xml",
}
FILE_NAMES = {
    "json": "bundle.json",
    "yaml": "bundle.yaml",
    "csv": "bundle-csv.zip",
    "graphml": "graph.graphml",
}

_TYPE_ORDER = {name: i for i, name in enumerate(metamodel.ELEMENT_TYPE_NAMES)}


def export_bundle(graph: Graph) -> dict[str, Any]:
    """Every element and every metamodel link, in bundle form (elements by type, then id),
    read in one read transaction: a consistent snapshot that blocks no writer."""
    return graph.read_transaction(export_bundle_in)


def export_bundle_in(tx: ManagedTransaction) -> dict[str, Any]:
    """`export_bundle` inside a transaction the caller runs."""
    rows = run_in(tx, "bundles/export_elements")
    elements = [element_from_stored(row["props"]) for row in rows]
    elements.sort(key=lambda e: (_TYPE_ORDER.get(e["type"], len(_TYPE_ORDER)), e["id"]))
    types = list(metamodel.RELATIONSHIP_TYPE_NAMES)
    links = [link_from_stored(row) for row in run_in(tx, "bundles/export_links", types=types)]
    return {"elements": elements, "links": links}


# --- renderings ---------------------------------------------------------------------------
def to_json(bundle: Mapping[str, Any]) -> bytes:
    return (json.dumps(bundle, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def to_yaml(bundle: Mapping[str, Any]) -> bytes:
    text = yaml.safe_dump(dict(bundle), sort_keys=False, allow_unicode=True, width=100)
    return text.encode("utf-8")


def _csv_text(columns: tuple[str, ...], items: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    # CRLF (RFC 4180): a field holding a lone carriage return is then quoted, and reads back
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for item in items:
        writer.writerow(cells_of(item, columns))
    return buffer.getvalue()


def csv_pair(bundle: Mapping[str, Any]) -> tuple[str, str]:
    """The text of `elements.csv` and `links.csv`."""
    elements = _csv_text(element_columns(), bundle["elements"])
    links = _csv_text(link_columns(), bundle["links"])
    return elements, links


def to_csv_zip(bundle: Mapping[str, Any]) -> bytes:
    elements, links = csv_pair(bundle)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("elements.csv", elements)
        archive.writestr("links.csv", links)
    return buffer.getvalue()


_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


def _graphml_type(values: list[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "long"
    if kinds and kinds <= {int, float}:
        return "double"
    return "string"


def _graphml_value(value: Any) -> str:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_graphml(bundle: Mapping[str, Any]) -> bytes:
    nodes = [flatten_source(e) for e in bundle["elements"]]
    edges = [flatten_source(lk) for lk in bundle["links"]]
    root = ET.Element("graphml", xmlns=_GRAPHML_NS)
    keys: dict[tuple[str, str], str] = {}
    for domain, items, skip in (("node", nodes, {"id"}), ("edge", edges, {"from", "to"})):
        names = sorted({k for item in items for k, v in item.items() if v is not None} - skip)
        for name in names:
            key_id = f"{domain[0]}_{name}"
            keys[(domain, name)] = key_id
            ET.SubElement(
                root,
                "key",
                {
                    "id": key_id,
                    "for": domain,
                    "attr.name": name,
                    "attr.type": _graphml_type([item.get(name) for item in items]),
                },
            )
    graph = ET.SubElement(root, "graph", id="rbmtrace", edgedefault="directed")
    for node in nodes:
        element = ET.SubElement(graph, "node", id=str(node["id"]))
        for name, value in node.items():
            if name != "id" and value is not None:
                ET.SubElement(element, "data", key=keys[("node", name)]).text = _graphml_value(
                    value
                )
    for index, edge in enumerate(edges):
        element = ET.SubElement(
            graph, "edge", id=f"e{index}", source=str(edge["from"]), target=str(edge["to"])
        )
        for name, value in edge.items():
            if name not in ("from", "to") and value is not None:
                ET.SubElement(element, "data", key=keys[("edge", name)]).text = _graphml_value(
                    value
                )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def render(bundle: Mapping[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return to_json(bundle)
    if fmt == "yaml":
        return to_yaml(bundle)
    if fmt == "csv":
        return to_csv_zip(bundle)
    if fmt == "graphml":
        return to_graphml(bundle)
    raise BadRequest(
        f"unknown export format '{fmt}'", hint="Formats: " + ", ".join(EXPORT_FORMATS) + "."
    )


def export_graph(graph: Graph, fmt: str = "json") -> bytes:
    """The whole graph, rendered in one of EXPORT_FORMATS."""
    if fmt not in EXPORT_FORMATS:
        render({}, fmt)  # raises BadRequest naming the formats
    return render(export_bundle(graph), fmt)
