from __future__ import annotations

from app.db.graph import Graph
from app.traversal.impact import impact_of_removal
from app.traversal.schemas import Impact


def summary(result: Impact) -> dict[str, list[str]]:
    return {
        "loses_support": [e.id for e in result.loses_support],
        "keeps_support": [k.element.id for k in result.keeps_support],
        "loses_funding": [e.id for e in result.loses_funding],
        "keeps_funding": [k.element.id for k in result.keeps_funding],
        "spof_support": [e.id for e in result.single_points_of_failure.support],
        "spof_funding": [e.id for e in result.single_points_of_failure.funding],
    }


def test_removing_a_shared_priority(diamonds: Graph) -> None:
    result = impact_of_removal(diamonds, "TP#2")
    assert result.supported and result.funded
    assert summary(result) == {
        # oc2's branch hangs only on tp2; oc1 keeps tp1
        "loses_support": ["co3", "oc2", "oc2a", "out2"],
        "keeps_support": ["co1", "co2", "oc1", "out1", "out3"],
        # goal 2 has no other priority; goal 1 keeps tp1
        "loses_funding": ["g2"],
        "keeps_funding": ["g1", "m"],
        "spof_support": ["m"],
        "spof_funding": [],
    }
    kept = {k.element.id: [n.id for n in k.alternative] for k in result.keeps_support}
    assert kept["oc1"] == ["oc1", "tp1", "g1", "m"]
    assert "tp2" not in {n for route in kept.values() for n in route}
    assert result.single_points_of_failure.complete and not result.truncated


def test_removing_an_outcome_with_a_breakdown(diamonds: Graph) -> None:
    assert summary(impact_of_removal(diamonds, "oc2")) == {
        "loses_support": ["co3", "oc2a", "out2"],
        "keeps_support": ["co1", "out1"],  # out1 also delivers oc1
        "loses_funding": [],
        "keeps_funding": ["g1", "g2", "m", "tp2"],  # tp2 keeps oc1
        "spof_support": ["tp2", "m"],
        "spof_funding": [],
    }


def test_a_priority_with_one_goal_has_it_as_a_single_point_of_failure(diamonds: Graph) -> None:
    result = summary(impact_of_removal(diamonds, "tp1"))
    assert result["loses_support"] == [] and result["loses_funding"] == []
    assert result["spof_support"] == ["g1", "m"]
    assert result["spof_funding"] == ["oc1"]


def test_removing_an_element_that_reaches_nothing_cuts_nothing(diamonds: Graph) -> None:
    result = impact_of_removal(diamonds, "lonely")
    assert (result.supported, result.funded) == (False, False)
    assert all(not found for found in summary(result).values())


def test_an_unsupported_element_cuts_no_support_below_it(diamonds: Graph) -> None:
    result = impact_of_removal(diamonds, "orphan")
    assert not result.supported and result.funded
    assert result.loses_support == []  # co4 had no path to the mission through it anyway
    assert [e.id for e in result.keeps_support] == []
    assert result.single_points_of_failure.funding[0].id == "co4"
