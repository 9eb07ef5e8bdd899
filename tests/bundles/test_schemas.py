from __future__ import annotations

import pytest
from pydantic import ValidationError

from app import metamodel
from app.bundles.schemas import bundle_json_schema, bundle_model, element_model, element_models
from tests.bundles.bundle_examples import SMALL_BUNDLE


def test_one_model_per_element_type_with_its_declared_properties() -> None:
    assert list(element_models()) == list(metamodel.ELEMENT_TYPE_NAMES)
    for element_type in metamodel.ELEMENT_TYPES:
        fields = set(element_model(element_type.name).model_fields)
        assert {p.name for p in element_type.properties} <= fields
        assert {"id", "type", "name", "code", "aliases", "description", "source"} <= fields


def test_the_bundle_model_discriminates_elements_on_type() -> None:
    bundle = bundle_model().model_validate(SMALL_BUNDLE)
    assert type(bundle.elements[1]).__name__ == "GoalElement"  # type: ignore[attr-defined]
    with pytest.raises(ValidationError):
        bundle_model().model_validate({"elements": [{"id": "x", "type": "Nope", "name": "x"}]})


def test_properties_are_checked_by_kind_choice_and_range() -> None:
    indicator = element_model("Indicator")
    with pytest.raises(ValidationError):
        indicator.model_validate({"id": "i", "type": "Indicator", "name": "I", "kind": "input"})
    with pytest.raises(ValidationError):
        indicator.model_validate(
            {"id": "i", "type": "Indicator", "name": "I", "target_year": "2029"}
        )
    with pytest.raises(ValidationError):
        element_model("CostObject").model_validate(
            {"id": "c", "type": "CostObject", "name": "C", "amount": -1}
        )


def test_json_schema_lists_every_type_and_relationship() -> None:
    schema = bundle_json_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    element_items = schema["properties"]["elements"]["items"]
    assert element_items["discriminator"]["propertyName"] == "type"
    assert set(element_items["discriminator"]["mapping"]) == set(metamodel.ELEMENT_TYPE_NAMES)
    link = schema["$defs"]["Link"]
    assert set(link["properties"]) == {
        "from", "type", "to", "share", "kind", "source", "basis", "quote", "description"
    }  # fmt: skip
    assert link["properties"]["basis"]["anyOf"][0]["enum"] == list(metamodel.BASES)
    assert link["properties"]["type"]["enum"] == list(metamodel.RELATIONSHIP_TYPE_NAMES)
    share = link["properties"]["share"]["anyOf"][0]
    assert (share["minimum"], share["maximum"]) == (0.0, 1.0)
