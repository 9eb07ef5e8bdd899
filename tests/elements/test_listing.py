from __future__ import annotations

import pytest

from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph
from app.elements.listing import element_detail, list_elements, text_query
from tests.merge_bundle import write_bundle
from tests.traversal.chain_graphs import DIAMONDS

ALL_IDS = sorted(e["id"] for e in DIAMONDS["elements"])


def test_paging_walks_every_element_once_in_id_order(diamonds: Graph) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        page = list_elements(diamonds, limit=5, cursor=cursor)
        seen += [e.id for e in page.items]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == ALL_IDS
    assert pages == 4  # 18 elements in pages of 5


def test_filter_by_type(diamonds: Graph) -> None:
    page = list_elements(diamonds, type="Output", limit=3)
    assert [e.id for e in page.items] == ["orphan", "out1", "out2"]
    assert page.next_cursor
    rest = list_elements(diamonds, type="Output", limit=3, cursor=page.next_cursor)
    assert [e.id for e in rest.items] == ["out3"] and rest.next_cursor is None


def test_filter_by_text_and_type(diamonds: Graph) -> None:
    assert [e.id for e in list_elements(diamonds, q="numbering res").items] == ["out1", "tp2"]
    assert [e.id for e in list_elements(diamonds, q="numb", type="Output").items] == ["out1"]
    assert list_elements(diamonds, q="numbering", type="Goal").items == []


def test_filter_by_plan(graph: Graph) -> None:
    write_bundle(
        graph,
        {
            "elements": [
                {"id": "plan", "type": "Plan", "name": "Operational plan", "code": "OP-1"},
                {"id": "in", "type": "Output", "name": "In the plan"},
                {"id": "out", "type": "Output", "name": "Not in the plan"},
            ],
            "links": [{"from": "plan", "type": "CONTAINS", "to": "in"}],
        },
    )
    assert [e.id for e in list_elements(graph, plan="OP-1").items] == ["in"]
    assert [e.id for e in list_elements(graph, plan="plan", type="Output").items] == ["in"]
    assert [e.id for e in list_elements(graph, type="Output").items] == ["in", "out"]
    with pytest.raises(BadRequest, match="needs a Plan"):
        list_elements(graph, plan="in")


def test_bad_filters_are_refused(diamonds: Graph) -> None:
    with pytest.raises(BadRequest, match="Allowed: Vision, Mission"):
        list_elements(diamonds, type="Outputs")
    with pytest.raises(BadRequest, match="cursor"):
        list_elements(diamonds, cursor="%%%")
    with pytest.raises(BadRequest, match="limit"):
        list_elements(diamonds, limit=0)
    with pytest.raises(BadRequest, match="no letters or digits"):
        text_query("?!")


def test_element_with_its_direct_links(diamonds: Graph) -> None:
    detail = element_detail(diamonds, "INR-1")
    assert detail.element.id == "out1"
    shown = detail.element.model_dump()
    assert shown["aliases"] == ["INR-1"]
    assert not {"ref_keys", "code_key", "aliases_text", "name_tokens", "import_id"} & set(shown)
    assert [(lk.relationship, lk.element.id) for lk in detail.outgoing] == [("FUNDED_BY", "co1")]
    assert [(lk.relationship, lk.element.id, lk.share) for lk in detail.incoming] == [
        ("DELIVERED_BY", "oc1", 0.25),
        ("DELIVERED_BY", "oc2", 0.75),
    ]
    assert (detail.outgoing_count, detail.incoming_count, detail.links_truncated) == (1, 2, False)


def test_links_beyond_the_limit_are_counted(diamonds: Graph) -> None:
    detail = element_detail(diamonds, "tp2", max_links=1)
    assert len(detail.incoming) == 1 and detail.incoming_count == 2
    assert detail.links_truncated


def test_unknown_element(diamonds: Graph) -> None:
    with pytest.raises(NotFound):
        element_detail(diamonds, "nothing like it")
