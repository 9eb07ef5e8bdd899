"""Elements and links with a value for every property the metamodel declares, by kind."""

from __future__ import annotations

from typing import Any

from app import metamodel
from app.bundles.codec import SOURCE_FIELDS
from app.metamodel import Property, PropertyKind

SOURCE = {"document": "Strategic Plan 2024-2027", "section": "Annex 2, 3.1"}


def sample_value(prop: Property) -> Any:
    """A valid value of the property, different from its neighbours' where it can be."""
    if prop.choices:
        return prop.choices[-1]
    kind = prop.kind
    if kind is PropertyKind.string:
        return f"{prop.name} as stated"
    if kind is PropertyKind.text:
        return f"The {prop.name},\nover two lines: 'quoted' and \"double\"."
    if kind is PropertyKind.number:
        return 0.375 if prop.maximum is not None and prop.maximum <= 1 else 1250.5
    if kind is PropertyKind.integer:
        return 7
    if kind is PropertyKind.year:
        return 2031
    if kind is PropertyKind.boolean:
        return True
    if kind is PropertyKind.string_list:
        return [f"{prop.name} one", f"{prop.name} two"]
    if kind is PropertyKind.date:
        return "2025-12-31"
    raise AssertionError(f"no sample for {kind}")


def full_element(type_name: str) -> dict[str, Any]:
    """An element of the type with every declared property given, in bundle form."""
    element: dict[str, Any] = {"id": f"full-{type_name.lower()}", "type": type_name}
    for prop in metamodel.properties_of(type_name):
        if prop.name == "id" or prop.name in SOURCE_FIELDS:
            continue
        element[prop.name] = sample_value(prop)
    element["code"] = f"{type_name[:3].upper()}#1"
    element["source"] = dict(SOURCE)
    return element


def full_link(rel: str, from_id: str, to_id: str) -> dict[str, Any]:
    link: dict[str, Any] = {"from": from_id, "type": rel, "to": to_id}
    for prop in metamodel.link_properties_of(rel):
        if prop.name not in SOURCE_FIELDS:
            link[prop.name] = sample_value(prop)
    link["source"] = {"document": "Operational plan", "section": "4"}
    return link


def full_bundle() -> dict[str, Any]:
    """One full element of every type, and one full link of every relationship type
    between them (each pair the relationship allows, the first one)."""
    elements = [full_element(name) for name in metamodel.ELEMENT_TYPE_NAMES]
    ids = {e["type"]: e["id"] for e in elements}
    links = [
        full_link(rel.name, ids[rel.pairs[0][0]], ids[rel.pairs[0][1]])
        for rel in metamodel.RELATIONSHIP_TYPES
        if rel.pairs[0][0] != rel.pairs[0][1]
    ]
    return {"elements": elements, "links": links}
