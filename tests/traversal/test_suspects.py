"""Suspect links (app/traversal/suspects.py, cypher/suspects/): a link stores what it saw of
its upstream end when made or cleared; an edit anywhere (API, import, raw Cypher as in
Neo4j Browser) makes it suspect; the listing says what changed, who and when, and what
hangs below; clearing (app/elements/link_review.py) is kept in the history."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver
from typer.testing import CliRunner

from app import metamodel
from app.bundles.importer import import_bundle
from app.cli import cli
from app.core.config import Settings
from app.core.errors import BadRequest, NotFound
from app.db import cypher
from app.db.graph import Graph
from app.elements import link_review, writes
from app.elements.link_review import clear_from, clear_link, stamp_unstamped
from app.gaps.engine import run_gaps
from app.traversal.suspects import suspect_links, suspect_summary
from tests.api.api_keys import EDITOR, READER, keyed_client
from tests.bundles.importing import options
from tests.merge_bundle import write_bundle
from tests.traversal.chain_graphs import DIAMONDS

#: Neo4j Browser's way: a person edits the outcome's description by hand.
RAW_EDIT = "MATCH (e:Element {id: $id}) SET e.description = $text"


@pytest.fixture
def imported(graph: Graph) -> Graph:
    """DIAMONDS, imported (so every link is stamped as the importer made it)."""
    import_bundle(graph, DIAMONDS, options(who="planner"))
    return graph


def keys(graph: Graph) -> list[str]:
    return [s.link for s in suspect_links(graph).suspects]


def test_an_imported_plan_has_no_suspect_link(imported: Graph) -> None:
    page = suspect_links(imported)
    assert page.suspects == []
    watched = [lk for lk in DIAMONDS["links"] if metamodel.upstream_watch(lk["type"])]
    assert page.summary.model_dump() == {"watched": len(watched), "suspect": 0, "unstamped": 0}


def test_an_edit_through_raw_cypher_makes_the_links_below_suspect(imported: Graph) -> None:
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Now about something else"}, write=True)
    page = suspect_links(imported)
    assert [s.link for s in page.suspects] == [
        "oc1-[DELIVERED_BY]->out1",
        "oc1-[DELIVERED_BY]->out3",
    ]
    first = page.suspects[0]
    assert first.upstream == "oc1"
    assert [c.model_dump() for c in first.changes] == [
        {"field": "description", "old": None, "new": "Now about something else"}
    ]
    assert first.changed_by is None  # no change event: an edit in Neo4j Browser
    assert page.summary.suspect == 2
    # links where oc1 is downstream (HAS_OUTCOME from tp1, tp2) are not suspect
    assert not any(s.link.endswith("->oc1") for s in page.suspects)


def test_the_impact_comes_from_the_budget_and_the_indicators_below(imported: Graph) -> None:
    write_bundle(
        imported,
        {
            "elements": [{"id": "ind3", "type": "Indicator", "name": "Workshops held"}],
            "links": [{"from": "out3", "type": "MEASURED_BY", "to": "ind3"}],
        },
    )
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    by_link = {s.link: s for s in suspect_links(imported).suspects}
    to_out1 = by_link["oc1-[DELIVERED_BY]->out1"].impact
    assert to_out1.share == 0.25
    assert to_out1.downstream.id == "out1"
    assert to_out1.budget is not None and to_out1.budget.amount == pytest.approx(600.0)
    assert to_out1.indicators == []
    to_out3 = by_link["oc1-[DELIVERED_BY]->out3"].impact
    assert to_out3.budget is not None and to_out3.budget.amount == pytest.approx(300.0)
    assert [i.id for i in to_out3.indicators] == ["ind3"]


def test_an_api_edit_is_suspect_with_who_and_when(imported: Graph) -> None:
    writes.update_element(imported, "oc2", {"name": "Outcome two, renamed"}, "eve")
    # the output it is delivered by, and its breakdown (PART_OF: oc2 is upstream)
    suspects = suspect_links(imported).suspects
    assert [s.link for s in suspects] == ["oc2-[DELIVERED_BY]->out1", "oc2a-[PART_OF]->oc2"]
    suspect = suspects[0]
    assert [(c.field, c.old, c.new) for c in suspect.changes] == [
        ("name", "Outcome two", "Outcome two, renamed")
    ]
    assert suspect.changed_by is not None
    assert (suspect.changed_by.who, suspect.changed_by.via) == ("eve", "api")


def test_an_upstream_end_of_to_watches_the_far_element(imported: Graph) -> None:
    # PART_OF: the larger outcome (oc2) is upstream of its breakdown (oc2a)
    imported.run(RAW_EDIT, {"id": "oc2", "text": "Narrowed"}, write=True)
    assert "oc2a-[PART_OF]->oc2" in keys(imported)
    imported.run(RAW_EDIT, {"id": "oc2a", "text": "Part a changed"}, write=True)
    assert "oc2a-[PART_OF]->oc2" in keys(imported)  # still only because of oc2
    assert "oc2a-[DELIVERED_BY]->out2" in keys(imported)


def test_changing_back_is_no_longer_suspect(imported: Graph) -> None:
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    assert keys(imported)
    imported.run("MATCH (e:Element {id: 'oc1'}) REMOVE e.description", {}, write=True)
    assert keys(imported) == []


def test_clearing_a_link_records_who_and_why(imported: Graph) -> None:
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    answer = clear_link(imported, "oc1-[DELIVERED_BY]->out1", "ana", "out1 still delivers it")
    [cleared] = answer["cleared"]
    assert cleared["action"] == "clear"
    assert "description=Changed" in cleared["after"]
    assert keys(imported) == ["oc1-[DELIVERED_BY]->out3"]
    history = writes.history_of(imported, "oc1")["events"]
    clears = [e for e in history if e["action"] == "clear"]
    assert len(clears) == 1
    assert (clears[0]["who"], clears[0]["why"]) == ("ana", "out1 still delivers it")
    assert clears[0]["link_key"] == "oc1-[DELIVERED_BY]->out1"
    assert clears[0]["after"]["upstream_seen"] == cleared["after"]
    again = clear_link(imported, "oc1-[DELIVERED_BY]->out1", "ana", "again")
    assert again["cleared"][0]["action"] == "unchanged"


def test_clearing_from_an_element_clears_every_link_it_made_suspect(imported: Graph) -> None:
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    imported.run(RAW_EDIT, {"id": "oc2", "text": "Changed too"}, write=True)
    answer = clear_from(imported, "Outcome one", "ana", "checked all of oc1's outputs")
    assert sorted(c["link"] for c in answer["cleared"]) == [
        "oc1-[DELIVERED_BY]->out1",
        "oc1-[DELIVERED_BY]->out3",
    ]
    assert all(k.startswith("oc2") for k in keys(imported))


@pytest.mark.parametrize(
    ("link", "error", "says"),
    [
        ("oc1->out1", BadRequest, "is not a link"),
        ("oc1-[DELIVERS]->out1", NotFound, "not a relationship type"),
        ("sp-[CONTAINS]->oc1", BadRequest, "never suspect"),
        ("oc1-[DELIVERED_BY]->out2", NotFound, "No link"),
    ],
)
def test_bad_links_are_refused_clearly(
    imported: Graph, link: str, error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        clear_link(imported, link, "ana", "why")


def test_a_clear_needs_a_reason(imported: Graph) -> None:
    with pytest.raises(BadRequest, match="reason"):
        clear_link(imported, "oc1-[DELIVERED_BY]->out1", "ana", "  ")


def test_links_stored_without_a_stamp_are_not_suspect_until_stamped(graph: Graph) -> None:
    write_bundle(graph, DIAMONDS)  # around the importer: no stamps, as before suspect links
    graph.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    assert keys(graph) == []
    assert suspect_summary(graph).unstamped > 0
    stamped = stamp_unstamped(graph, "admin", "first stamp after the upgrade")
    assert stamped == suspect_summary(graph).watched
    assert suspect_summary(graph).unstamped == 0
    graph.run(RAW_EDIT, {"id": "oc1", "text": "Changed again"}, write=True)
    assert keys(graph) == ["oc1-[DELIVERED_BY]->out1", "oc1-[DELIVERED_BY]->out3"]


def test_stamping_in_small_pages_stamps_every_link_once(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pages of 2 end inside an element's links (oc1 has several): the next page must take
    # the rest, and no link may be stamped twice or skipped
    monkeypatch.setattr(link_review, "CLEAR_BATCH", 2)
    write_bundle(graph, DIAMONDS)
    watched = suspect_summary(graph).watched
    assert watched > 2 * 2
    assert stamp_unstamped(graph, "admin", "first stamp", limit=3) == 3
    assert suspect_summary(graph).unstamped == watched - 3
    assert stamp_unstamped(graph, "admin", "first stamp") == watched - 3
    assert suspect_summary(graph).unstamped == 0
    assert stamp_unstamped(graph, "admin", "again") == 0


def test_a_link_made_through_the_api_is_stamped(imported: Graph) -> None:
    writes.create_link(imported, {"from": "lonely", "type": "DELIVERED_BY", "to": "out2"}, "eve")
    assert keys(imported) == []
    imported.run(RAW_EDIT, {"id": "lonely", "text": "No longer lonely"}, write=True)
    assert keys(imported) == ["lonely-[DELIVERED_BY]->out2"]


def test_an_import_updating_a_link_keeps_its_stamp(imported: Graph) -> None:
    changed = json.loads(json.dumps(DIAMONDS))
    for link in changed["links"]:
        if (link["from"], link["to"]) == ("oc1", "out1"):
            link["share"] = 0.3
    import_bundle(imported, changed, options(who="planner"))
    assert suspect_summary(imported).unstamped == 0
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    assert "oc1-[DELIVERED_BY]->out1" in keys(imported)


def test_the_stamp_is_no_property_of_the_link(imported: Graph) -> None:
    detail = writes.history_of(imported, "oc1")
    assert all("upstream_seen" not in json.dumps(e["after"] or {}) for e in detail["events"])
    from app.elements.listing import element_detail

    outgoing = element_detail(imported, "oc1").outgoing
    assert outgoing and all("upstream_seen" not in lk.model_dump() for lk in outgoing)


def test_the_gap_check_finds_the_suspect_link(imported: Graph) -> None:
    assert [f for f in run_gaps(imported).findings if f.check == "suspect_link"] == []
    imported.run(RAW_EDIT, {"id": "oc2", "text": "Changed"}, write=True)
    found = [f for f in run_gaps(imported, check="suspect_link").findings]
    assert [f.key for f in found] == [
        "suspect_link:oc2-[DELIVERED_BY]->out1",
        "suspect_link:oc2a-[PART_OF]->oc2",
    ]
    assert found[0].evidence["changes"] == [{"field": "description", "old": "", "new": "Changed"}]
    assert "Outcome two" in found[0].message


# --- one element's links ------------------------------------------------------------------
def reworded(graph: Graph) -> Graph:
    """DIAMONDS with three elements reworded (raw Cypher, the API, and one change undone),
    and one link's stamp removed (unstamped, as before suspect links existed)."""
    graph.run(RAW_EDIT, {"id": "oc1", "text": "Now about something else"}, write=True)
    writes.update_element(graph, "oc2", {"name": "Outcome two, renamed"}, "eve")
    writes.update_element(graph, "tp2", {"description": "Narrowed"}, "eve")
    graph.run(
        "MATCH (:Element {id: 'tp2'})-[r:HAS_OUTCOME]->(:Element {id: 'oc2'}) "
        "REMOVE r.upstream_seen",
        {},
        write=True,
    )
    return graph


def test_the_summary_of_one_element_is_the_whole_graphs_restricted_to_it(
    imported: Graph,
) -> None:
    graph = reworded(imported)
    whole = suspect_summary(graph)
    listed = suspect_links(graph, limit=500).suspects
    assert whole.suspect == len(listed) >= 5 and whole.unstamped == 1
    upstream_of: dict[str, list[dict[str, Any]]] = {}
    for link in DIAMONDS["links"]:
        watch = metamodel.upstream_watch(link["type"])
        if watch:
            upstream_of.setdefault(link[watch["end"]], []).append(link)
    added = {"watched": 0, "suspect": 0, "unstamped": 0}
    for element in DIAMONDS["elements"]:
        mine = suspect_summary(graph, element["id"])
        assert mine.watched == len(upstream_of.get(element["id"], [])), element["id"]
        assert mine.suspect == len([s for s in listed if s.upstream == element["id"]])
        page = suspect_links(graph, limit=500, upstream=element["id"])
        assert page.summary == mine and page.total == mine.suspect == len(page.suspects)
        assert page.upstream == element["id"]
        for figure in added:
            added[figure] += getattr(mine, figure)
    # every watched link has one upstream end: the elements' figures add up to the whole
    assert added == whole.model_dump()
    assert suspect_summary(graph, "tp2").model_dump() == {
        "watched": 2,
        "suspect": 1,
        "unstamped": 1,
    }
    nothing = suspect_summary(graph, "no-such-element")
    assert nothing.model_dump() == {"watched": 0, "suspect": 0, "unstamped": 0}


def test_the_page_query_gives_the_rows_and_figures_of_the_two_readable_ones(
    imported: Graph,
) -> None:
    """`suspect_page` (one read of the links, what the service runs) against
    `suspect_links` and `suspect_summary` (the analysts' two): the same rows in the same
    order, page by page for every page size, and the same figures on every page, the page
    after the last key and a graph with no suspect link included."""
    watch = metamodel.suspect_watch()
    calm = imported.read("suspects/suspect_page", watch=watch, after="", limit=5)[0]
    assert calm["rows"] == [] and calm["suspect"] == 0 and calm["watched"] > 0
    graph = reworded(imported)
    figures = graph.read("suspects/suspect_summary", watch=watch)[0]
    every = graph.read("suspects/suspect_links", watch=watch, after="", limit=1000)
    assert len(every) == figures["suspect"] >= 5
    for limit in (1, 2, 3, len(every), len(every) + 1):
        after, pages = "", 0
        while True:
            page = graph.read("suspects/suspect_page", watch=watch, after=after, limit=limit)
            assert len(page) == 1
            row = page[0]
            assert {k: row[k] for k in figures} == figures
            expected = graph.read("suspects/suspect_links", watch=watch, after=after, limit=limit)
            assert row["rows"] == expected, (limit, after)
            if not row["rows"]:
                break
            after, pages = row["rows"][-1]["key"], pages + 1
        assert pages == -(-len(every) // limit)
    # the service's page holds the same summary and rows
    served = suspect_links(graph, limit=2)
    assert served.summary.model_dump() == figures and served.total == figures["suspect"]
    assert [s.link for s in served.suspects] == [r["key"] for r in every[:2]]


def test_one_elements_queries_start_at_it_through_the_index(
    imported: Graph, driver: Driver, settings: Settings
) -> None:
    """The plans (EXPLAIN, nothing timed) seek the element by its id and expand from it:
    no operator scans every node or relationship."""
    watch = metamodel.suspect_watch()
    for name, params in [
        ("suspects/suspect_summary_of", {"watch": watch, "upstream": "oc1"}),
        (
            "suspects/suspect_links_of",
            {"watch": watch, "upstream": "oc1", "after": "", "limit": 10},
        ),
    ]:
        explained = driver.execute_query(
            "EXPLAIN " + cypher.query(name), params, database_=settings.neo4j_database
        ).summary.plan
        assert explained is not None
        used = operators(explained)
        assert any(op.startswith("NodeUniqueIndexSeek") for op in used), (name, used)
        assert not any("Scan" in op for op in used), (name, used)


def operators(plan: Any) -> list[str]:
    """The operator names of a plan (as the driver gives it) and of all its children."""
    children = plan.get("children", [])
    return [plan["operatorType"], *(op for child in children for op in operators(child))]


# --- API --------------------------------------------------------------------------------
def test_the_api_lists_and_an_editor_clears(imported: Graph, settings: Settings) -> None:
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    with keyed_client(settings) as client:
        listed = client.get("/api/v1/suspects", params={"limit": 1}, headers=READER)
        assert listed.status_code == 200, listed.text
        body = listed.json()
        assert [s["link"] for s in body["suspects"]] == ["oc1-[DELIVERED_BY]->out1"]
        assert body["suspects"][0]["from"]["id"] == "oc1"
        assert body["next_cursor"] and listed.headers["X-Next-Cursor"] == body["next_cursor"]
        assert (body["upstream"], body["total"], body["summary"]["suspect"]) == (None, 2, 2)
        scoped = client.get("/api/v1/suspects", params={"upstream": "Outcome two"})
        assert scoped.json()["suspects"] == []
        # the summary of Outcome two's links only: oc2-[DELIVERED_BY]->out1, oc2a-[PART_OF]->oc2
        assert scoped.json()["upstream"] == "oc2" and scoped.json()["total"] == 0
        assert scoped.json()["summary"] == {"watched": 2, "suspect": 0, "unstamped": 0}
        assert scoped.headers["X-Total-Count"] == "0"
        link = {"link": "oc1-[DELIVERED_BY]->out1", "why": "checked"}
        refused = client.post("/api/v1/suspects/clear", json=link, headers=READER)
        assert refused.status_code == 403
        cleared = client.post("/api/v1/suspects/clear", json=link, headers=EDITOR)
        assert cleared.status_code == 200, cleared.text
        assert cleared.json()["cleared"][0]["action"] == "clear"
        both = client.post("/api/v1/suspects/clear", json={**link, "from": "oc1"}, headers=EDITOR)
        assert both.status_code == 400 and "either" in both.json()["detail"]
        by_element = client.post(
            "/api/v1/suspects/clear", json={"from": "oc1", "why": "all fine"}, headers=EDITOR
        )
        assert [c["link"] for c in by_element.json()["cleared"]] == ["oc1-[DELIVERED_BY]->out3"]
        history = client.get("/api/v1/elements/oc1/history", headers=READER).json()
        assert [e["why"] for e in history["events"] if e["action"] == "clear"] == [
            "checked",
            "all fine",
        ]
        gaps = client.get("/api/v1/gaps", params={"check": "suspect_link"}, headers=READER)
        assert gaps.json()["findings"] == []


def test_the_model_says_what_makes_a_link_suspect(client: TestClient) -> None:
    rels = {r["name"]: r for r in client.get("/api/v1/model").json()["relationship_types"]}
    assert rels["DELIVERED_BY"]["suspect_when_changed"] == {
        "end": "from",
        "fields": ["name", "description"],
    }
    assert rels["CONTAINS"]["suspect_when_changed"] is None


# --- CLI --------------------------------------------------------------------------------
@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def test_the_cli_lists_clears_and_checks(run: CliRunner, imported: Graph) -> None:
    imported.run(RAW_EDIT, {"id": "oc1", "text": "Changed"}, write=True)
    listed = run.invoke(cli, ["suspects"])
    assert listed.exit_code == 0, listed.output
    assert "oc1-[DELIVERED_BY]->out1" in listed.output and "description" in listed.output
    as_json: dict[str, Any] = json.loads(run.invoke(cli, ["suspects", "--json"]).stdout)
    assert as_json["summary"]["suspect"] == 2
    check = run.invoke(cli, ["check", "--check", "suspect_link", "--list", "--fail-on", "warning"])
    assert check.exit_code == 1 and "suspect_link:oc1-[DELIVERED_BY]->out1" in check.output
    one = run.invoke(cli, ["clear", "oc1-[DELIVERED_BY]->out1", "--why", "fine", "--by", "ana"])
    assert one.exit_code == 0, one.output
    assert "cleared" in one.output
    rest = run.invoke(cli, ["clear", "--from", "oc1", "--why", "fine too"])
    assert rest.exit_code == 0 and "oc1-[DELIVERED_BY]->out3: cleared" in rest.output
    assert keys(imported) == []
    neither = run.invoke(cli, ["clear", "--why", "x"])
    assert isinstance(neither.exception, BadRequest)
