"""CSV export and import give back every property of every element type, with the
characters CSV has to escape: commas, double quotes, newlines, and `;` (the list separator)
in text.

Not covered because CSV cannot carry it as documented (README "CSV layout": a list cell is
`;`-separated): a list item holding `;` itself, and list items that are empty or start or
end with spaces. The metamodel declares no boolean property, so there is none to carry.
"""

from __future__ import annotations

import json
from typing import Any

from app import metamodel
from app.bundles.exporter import export_bundle, export_graph
from app.bundles.importer import ImportOptions, import_bundle
from app.bundles.parsing import BundleSource
from app.db.graph import Graph
from tests.bundles.test_exporter import stored_graph

OPTIONS = ImportOptions(who="cli", batch_size=5000, transaction_items=50_000, max_bytes=10**7)

#: Text with everything CSV must quote or escape.
HARD = "a, b; \"c\" 'd'\nsecond line; é ü 中文 \u2013 end"

VALUES: dict[metamodel.PropertyKind, list[Any]] = {
    metamodel.PropertyKind.string: [HARD, "007", "12.5", "x,y", '"quoted"', "semi;colon"],
    metamodel.PropertyKind.text: [HARD + '\n\nthird paragraph, with "quotes"; and more'],
    metamodel.PropertyKind.number: [1500.5, 0.1, -3, 10, 1e20, 2.5e-7],
    metamodel.PropertyKind.integer: [1, 42, -7],
    metamodel.PropertyKind.year: [2024, 1999, 2031],
    metamodel.PropertyKind.boolean: [True, False],
    metamodel.PropertyKind.date: ["2024-01-01", "2027-12-31"],
    metamodel.PropertyKind.string_list: [
        ["region", "sex, age", 'the "third" one', "line\nbreak"],
        ["TP2", "Tp-2", "Thematic priority two, revised"],
    ],
}


def value_for(prop: metamodel.Property, n: int) -> Any:
    if prop.choices:
        return prop.choices[n % len(prop.choices)]
    options = VALUES[prop.kind]
    return options[n % len(options)]


def every_property_bundle() -> dict[str, Any]:
    """Two elements of every type, every declared property set (hard text where a string
    goes), and links with shares and sources."""
    elements = []
    for element_type in metamodel.ELEMENT_TYPES:
        for n in range(2):
            element: dict[str, Any] = {
                "id": f"{element_type.name.lower()}-{n}",
                "type": element_type.name,
                "name": f"{element_type.name} {n}: {HARD}",
                "code": f"{element_type.name[:2].upper()}#{n}",
                "description": VALUES[metamodel.PropertyKind.text][0],
                "aliases": VALUES[metamodel.PropertyKind.string_list][n],
                "source": {"document": f'Plan, {n}; "draft"', "section": "Annex 1,\n§ 2"},
            }
            for i, prop in enumerate(element_type.properties):
                element[prop.name] = value_for(prop, n + i)
            elements.append(element)
    links = [
        {"from": "outcome-0", "type": "DELIVERED_BY", "to": "output-0", "share": 0.25},
        {"from": "outcome-1", "type": "DELIVERED_BY", "to": "output-0", "share": 0.75},
        {"from": "output-0", "type": "FUNDED_BY", "to": "costobject-0", "share": 1.0},
        {
            "from": "output-1",
            "type": "FUNDED_BY",
            "to": "costobject-1",
            "share": 0.5,
            "source": {"document": 'Budget, "2026"; final', "section": "line 1\nline 2"},
        },
        {"from": "mission-0", "type": "HAS_GOAL", "to": "goal-0", "source": {"section": "1"}},
    ]
    return {"elements": elements, "links": links}


def test_every_property_kind_and_type_survives_a_csv_round_trip(graph: Graph) -> None:
    bundle = every_property_bundle()
    declared = [
        *metamodel.COMMON_PROPERTIES,
        *(p for t in metamodel.ELEMENT_TYPES for p in t.properties),
    ]
    assert {p.kind for p in declared} == set(VALUES)  # every kind in use is exercised

    report = import_bundle(graph, bundle, OPTIONS)
    assert report.elements.created == 2 * len(metamodel.ELEMENT_TYPES)
    original = stored_graph(graph)
    original_bundle = export_bundle(graph)

    exported = export_graph(graph, "csv")
    graph.write("admin/clear_graph")
    again = import_bundle(graph, [BundleSource("bundle.zip", exported)], OPTIONS)
    assert again.elements == report.elements
    assert again.links == report.links
    assert stored_graph(graph) == original  # every stored property, derived keys included
    assert export_bundle(graph) == original_bundle

    # and what is stored is what the bundle said (nothing lost on the way in either)
    by_id = {e["id"]: e for e in original_bundle["elements"]}
    for element in bundle["elements"]:
        assert by_id[element["id"]] == element, element["id"]

    def canonical(links: list[dict[str, Any]]) -> list[str]:
        return sorted(json.dumps(link, sort_keys=True) for link in links)

    assert canonical(original_bundle["links"]) == canonical(bundle["links"])
