"""The element codec: every declared property survives every conversion, and the derived
lookup keys are added on the way in and never shown on the way out."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from app import metamodel
from app.bundles import codec
from app.bundles.exporter import export_bundle, to_csv_zip
from app.bundles.importer import import_bundle
from app.bundles.parsing import BundleSource
from app.bundles.places import Place
from app.bundles.validation import validate_element, validate_link
from app.db.graph import Graph
from app.lookup_keys import DERIVED_PROPERTIES, IMPORT_STAMP
from tests.bundles.element_samples import full_bundle, full_element, full_link
from tests.bundles.importing import options

PLACE = Place("test", "item")


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["id"]: i for i in items}


def by_ends(links: list[dict[str, Any]]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(lk["from"], lk["type"], lk["to"]): lk for lk in links}


@pytest.mark.parametrize("type_name", metamodel.ELEMENT_TYPE_NAMES)
def test_every_declared_property_goes_to_the_stored_row_and_back(type_name: str) -> None:
    element = full_element(type_name)
    row = codec.element_row(validate_element(element, PLACE, {}))
    props = row["props"]
    assert (row["id"], row["type"]) == (element["id"], type_name)
    assert props["source_document"] == element["source"]["document"]
    assert "source" not in props
    assert {"code_key", "ref_keys", "aliases_text"} <= set(props)
    shown = codec.element_from_stored({**props, IMPORT_STAMP: "an-import"})
    assert shown == element
    assert list(shown) == ["id", "type", *[k for k in element if k not in ("id", "type")]]
    assert not set(DERIVED_PROPERTIES) - {"type"} & set(shown)


@pytest.mark.parametrize("rel", metamodel.RELATIONSHIP_TYPES, ids=lambda r: r.name)
def test_every_declared_link_property_goes_to_the_stored_row_and_back(
    rel: metamodel.RelationshipType,
) -> None:
    from_type, to_type = rel.pairs[0]
    link = full_link(rel.name, "a", "b")
    row = codec.link_row(validate_link(link, PLACE, {"a": from_type, "b": to_type}))
    assert "source" not in row["props"] and "from" not in row["props"]
    stored = {**row, "props": {**row["props"], IMPORT_STAMP: "an-import"}}
    assert codec.link_from_stored(stored) == link


def test_element_props_flatten_source_and_derive_the_lookup_keys() -> None:
    props = codec.element_props(
        {
            "id": "tp2",
            "type": "ThematicPriority",
            "code": "TP#2",
            "name": "International numbering resources",
            "aliases": ["TP2 numbering"],
            "source": {"document": "SP"},
        }
    )
    assert props["code_key"] == "tp2"
    assert props["ref_keys"] == ["tp2", "tp2numbering"]
    assert props["aliases_text"] == "TP2 numbering"
    assert props["name_tokens"] == ["international", "numbering", "resource"]
    assert props["source_document"] == "SP"


def test_absent_values_are_left_out_and_empty_aliases_too() -> None:
    element = {"id": "g", "type": "Goal", "name": "G", "aliases": [], "source": {}}
    props = codec.element_row(validate_element(element, PLACE, {}))["props"]
    assert props["aliases"] == [] and "code_key" not in props
    assert codec.element_from_stored(props) == {"id": "g", "type": "Goal", "name": "G"}


def test_own_properties_leave_out_every_derived_one() -> None:
    props = codec.element_row(full_element("Output"))["props"]
    assert "name_tokens" in props
    assert set(codec.own_properties(props)) == set(props) - set(DERIVED_PROPERTIES)
    assert "type" in codec.own_properties(props, keep_type=True)


def test_changed_properties_set_what_changed_and_drop_what_went() -> None:
    before = {"id": "g", "name": "G", "code": "G1", "aliases": ["x"]}
    after = {"id": "g", "name": "Goal", "aliases": ["x"], "number": 2}
    assert codec.changed_properties(before, after) == {"name": "Goal", "number": 2, "code": None}
    assert codec.changed_properties(after, after) == {}


def test_the_etag_follows_every_change_and_nothing_else() -> None:
    element = full_element("Indicator")
    same = dict(reversed(list(element.items())))
    assert codec.etag(element) == codec.etag(same)
    assert codec.etag(element) != codec.etag({**element, "unit": "other"})
    assert codec.etag(element).startswith('"') and codec.etag(element).endswith('"')


def test_a_full_bundle_imports_and_exports_unchanged(graph: Graph) -> None:
    bundle = full_bundle()
    report = import_bundle(graph, bundle, options())
    assert report.elements.created == len(bundle["elements"])
    exported = export_bundle(graph)
    assert by_id(exported["elements"]) == by_id(bundle["elements"])
    assert by_ends(exported["links"]) == by_ends(bundle["links"])


def test_the_csv_pair_carries_every_declared_property(graph: Graph) -> None:
    bundle = full_bundle()
    archive = to_csv_zip(bundle)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert sorted(opened.namelist()) == ["elements.csv", "links.csv"]
    import_bundle(graph, [BundleSource("bundle.zip", archive)], options())
    exported = export_bundle(graph)
    assert by_id(exported["elements"]) == by_id(bundle["elements"])
    assert by_ends(exported["links"]) == by_ends(bundle["links"])
