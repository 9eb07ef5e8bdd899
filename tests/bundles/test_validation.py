from __future__ import annotations

from typing import Any

import pytest

from app.bundles import schemas
from app.bundles.codec import bundle_form
from app.bundles.importer import parsed_from_mapping
from app.bundles.validation import validate_bundle
from app.core.errors import InvalidBundle
from tests.bundles.bundle_examples import SMALL_BUNDLE


def problems(bundle: dict[str, Any], stored: dict[str, str] | None = None) -> list[dict[str, Any]]:
    with pytest.raises(InvalidBundle) as caught:
        validate_bundle(parsed_from_mapping(bundle), stored or {})
    errors: list[dict[str, Any]] = caught.value.extra["errors"]
    return errors


def test_a_valid_bundle_passes_as_typed_models_of_its_types() -> None:
    valid = validate_bundle(parsed_from_mapping(SMALL_BUNDLE), {})
    assert len(valid.elements) == 7 and len(valid.links) == 6
    assert [type(e) for e in valid.elements[:2]] == [
        schemas.element_model("Mission"),
        schemas.element_model("Goal"),
    ]
    assert all(isinstance(lk, schemas.link_model()) for lk in valid.links)
    assert bundle_form(valid.elements[0]) == {
        "type": "Mission",
        "id": "m",
        "name": "Mission",
        "source": {"document": "SP"},
    }


def test_every_problem_is_reported_at_once_with_its_place() -> None:
    bundle = {
        "elements": [
            {"id": "g", "type": "Goal", "name": "G", "number": "two", "colour": "red"},
            {"id": "o", "type": "Output"},
            {"id": "x", "type": "Gaol", "name": "X"},
        ],
        "links": [
            {"from": "g", "type": "HAS_PRIORITY", "to": "missing"},
            {"from": "g", "type": "DELIVERED_BY", "to": "o", "share": 2},
            {"from": "g", "type": "HAS_TARGETS", "to": "o"},
        ],
    }
    found = {(e["location"], e["field"]) for e in problems(bundle)}
    assert found == {
        ("elements[0]", "number"),
        ("elements[0]", "colour"),
        ("elements[1]", "name"),
        ("elements[2]", "type"),
        ("links[0]", "to"),
        ("links[1]", "share"),
        ("links[1]", "type"),
        ("links[2]", "type"),
    }


def test_a_disallowed_link_lists_the_allowed_pairs_and_what_fits() -> None:
    bundle = {
        "elements": [
            {"id": "m", "type": "Mission", "name": "M"},
            {"id": "tp", "type": "ThematicPriority", "name": "TP"},
        ],
        "links": [{"from": "m", "type": "HAS_PRIORITY", "to": "tp"}],
    }
    [error] = problems(bundle)
    assert error["message"] == (
        "HAS_PRIORITY cannot link Mission -> ThematicPriority; "
        "HAS_PRIORITY links only: Goal -> ThematicPriority"
    )
    assert "no relationship from Mission to ThematicPriority" in error["hint"]


def test_share_is_refused_where_the_relationship_declares_none() -> None:
    bundle = {
        "elements": [
            {"id": "m", "type": "Mission", "name": "M"},
            {"id": "g", "type": "Goal", "name": "G"},
        ],
        "links": [{"from": "m", "type": "HAS_GOAL", "to": "g", "share": 0.5}],
    }
    [error] = problems(bundle)
    assert error["field"] == "share" and "DELIVERED_BY" in error["hint"]


def test_links_may_end_at_stored_elements_checked_by_their_stored_type() -> None:
    bundle = {"elements": [], "links": [{"from": "m", "type": "HAS_GOAL", "to": "g"}]}
    valid = validate_bundle(parsed_from_mapping(bundle), {"m": "Mission", "g": "Goal"})
    assert [bundle_form(lk) for lk in valid.links] == [{"from": "m", "type": "HAS_GOAL", "to": "g"}]
    [error] = problems(bundle, {"m": "Mission", "g": "Output"})
    assert "Mission -> Output" in error["message"]


def test_the_type_of_a_stored_element_cannot_change() -> None:
    [error] = problems({"elements": [{"id": "g", "type": "Output", "name": "G"}]}, {"g": "Goal"})
    assert "stored as a Goal" in error["message"] and error["field"] == "type"


def test_duplicate_links_are_refused() -> None:
    link = {"from": "m", "type": "HAS_GOAL", "to": "g"}
    [error] = problems({"links": [link, dict(link)]}, {"m": "Mission", "g": "Goal"})
    assert error["location"] == "links[1]" and "links[0]" in error["message"]


def test_non_mapping_items_are_reported_not_crashed_on() -> None:
    errors = problems({"elements": ["just text"], "links": [42]})
    assert [e["location"] for e in errors] == ["elements[0]", "links[0]"]
