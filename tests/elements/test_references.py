from __future__ import annotations

import pytest

from app.core.errors import AmbiguousReference, BadRequest, NotFound
from app.db.graph import Graph
from app.elements.references import resolve_ref
from tests.merge_bundle import write_bundle


@pytest.mark.parametrize("ref", ["TP#2", "tp-2", "TP2", " tp 2 ", "tp2"])
def test_code_spellings_resolve_to_one_priority(diamonds: Graph, ref: str) -> None:
    assert resolve_ref(diamonds, ref)["id"] == "tp2"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("out1", "out1"),  # id
        ("INR-1", "out1"),  # alias as written
        ("inr 1", "out1"),  # alias in another spelling
        ("Numbering priority", "tp2"),  # an alias of several words
        ("Workshops", "out3"),  # a unique name
        ("workshops", "out3"),
        ("Outcome two", "oc2"),  # exact name wins over "Outcome two, part a"
        ("part a", "oc2a"),  # a phrase of one name
    ],
)
def test_ids_aliases_and_names_resolve(diamonds: Graph, ref: str, expected: str) -> None:
    assert resolve_ref(diamonds, ref)["id"] == expected


def test_a_name_shared_by_two_elements_is_ambiguous(diamonds: Graph) -> None:
    with pytest.raises(AmbiguousReference) as raised:
        resolve_ref(diamonds, "International numbering resources")
    candidates = raised.value.extra["candidates"]
    assert {(c["id"], c["type"]) for c in candidates} == {
        ("tp2", "ThematicPriority"),
        ("out1", "Output"),
    }
    assert set(candidates[0]) == {"id", "code", "name", "type", "plans"}
    assert candidates[0]["plans"] == []  # in no plan


def test_an_expected_type_settles_the_ambiguity(diamonds: Graph) -> None:
    found = resolve_ref(diamonds, "International numbering resources", types=["Output"])
    assert found["id"] == "out1"


def test_a_reference_to_another_type_says_what_it_names(diamonds: Graph) -> None:
    with pytest.raises(BadRequest, match="the Output 'Workshops'"):
        resolve_ref(diamonds, "out3", types=["ThematicPriority"])


def test_a_code_shared_by_two_elements_is_ambiguous(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "a", "type": "Output", "name": "A", "code": "X-1"},
                {"id": "b", "type": "Outcome", "name": "B", "code": "x1"},
            ]
        },
    )
    with pytest.raises(AmbiguousReference, match="by code/alias"):
        resolve_ref(graph, "X1")


def test_an_exact_id_wins_over_a_code_of_another_element(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "x1", "type": "Output", "name": "By id"},
                {"id": "other", "type": "Outcome", "name": "By code", "code": "X#1"},
            ]
        },
    )
    assert resolve_ref(graph, "x1")["name"] == "By id"
    assert resolve_ref(graph, "X#1")["name"] == "By code"


def test_an_unknown_reference_lists_the_nearest_names(diamonds: Graph) -> None:
    with pytest.raises(NotFound) as raised:
        resolve_ref(diamonds, "Internationl numbring")
    nearest = {c["id"] for c in raised.value.extra["nearest"]}
    assert nearest == {"tp2", "out1"}
    assert "Nearest names: International numbering resources" in raised.value.detail


def test_nothing_similar_says_so(diamonds: Graph) -> None:
    with pytest.raises(NotFound, match="No similar names"):
        resolve_ref(diamonds, "qqqqqq")


@pytest.mark.parametrize("ref", ['a"b', "x\\", "AND OR NOT", "name:*", "[a TO z]"])
def test_lucene_syntax_in_an_unknown_reference_is_plain_text(diamonds: Graph, ref: str) -> None:
    with pytest.raises(NotFound):
        resolve_ref(diamonds, ref)


@pytest.mark.parametrize("ref", ["(TP:2)~*", "tp#2 \"'"])
def test_lucene_syntax_around_a_code_still_finds_it(diamonds: Graph, ref: str) -> None:
    assert resolve_ref(diamonds, ref)["id"] == "tp2"


def test_an_empty_reference_is_a_bad_request(diamonds: Graph) -> None:
    with pytest.raises(BadRequest):
        resolve_ref(diamonds, "  ")
