"""Suspect links: links whose upstream element changed since they were made or cleared.

What makes a link suspect is declared per relationship type in the metamodel
(`app.metamodel.SUSPECT_LINKS`: which end is upstream, which of its fields carry meaning);
a link stores what it saw of them (`upstream_seen`, `app.lookup_keys`) and the named query
`cypher/suspects/suspect_links` compares that with the element as it is now, so an edit
made anywhere (API, import, Neo4j Browser) makes its links suspect. For one upstream
element, `suspect_links_of` and `suspect_summary_of` answer the same restricted to its
links, starting at it (its id through the index) rather than reading every link.

Each suspect link comes with what changed (field, old and new value), who changed it and
when (from the upstream element's change history, `app.bundles.changes`, when an event
there made exactly this change: an edit in Neo4j Browser leaves none, and then they are
unknown), and the downstream impact: the link's share, the budget figure of its downstream
element (its line in `budget_rollup`, the one budget calculation, worked out from the money
below it only: `figures_of`) and the indicators below it.
Clearing is `app.elements.link_review`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app import metamodel
from app.bundles.changes import element_updates
from app.core.list_envelope import ListEnvelope, legacy_list
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.elements.schemas import ElementRef
from app.traversal.budget import figures_of
from app.traversal.schemas import BudgetFigure

DEFAULT_SUSPECTS = 50
MAX_SUSPECTS = 500
#: Most indicators listed below one suspect link.
MAX_INDICATORS = 50


class SuspectChange(BaseModel):
    field: str
    old: str | None = Field(
        description="What the link saw when made or last cleared (null: absent or empty, or "
        "not watched then)."
    )
    new: str | None = Field(description="What the upstream element holds now (null: absent).")


class ChangedBy(BaseModel):
    who: str
    via: str
    at: str = Field(description="UTC time, ISO 8601.")
    event_id: str


class SuspectImpact(BaseModel):
    share: float | None = Field(
        description="The link's share (null: an even split is assumed, or it carries none)."
    )
    downstream: ElementRef = Field(description="The element at the link's other end.")
    budget: BudgetFigure | None = Field(
        description="The budget entering the downstream element (GET /api/v1/budget with "
        "`by` its type); null when its type is no budget level."
    )
    indicators: list[ElementRef] = Field(
        description="Indicators measuring the downstream element or anything below it."
    )


class SuspectLink(BaseModel):
    link: str = Field(description="`from-[TYPE]->to`: give it to `rbmtrace clear`.")
    source: ElementRef = Field(alias="from")
    type: str
    target: ElementRef = Field(alias="to")
    upstream: str = Field(description="Id of the end whose change makes the link suspect.")
    changes: list[SuspectChange]
    changed_by: ChangedBy | None = Field(
        description="The change event that made this change (null when unknown, e.g. an "
        "edit made in Neo4j Browser)."
    )
    impact: SuspectImpact

    model_config = {"populate_by_name": True}


class SuspectSummary(BaseModel):
    """The links of the list: every link, or with `upstream` those whose upstream end is
    that element."""

    watched: int = Field(description="Links whose type can be suspect.")
    suspect: int = Field(description="Links suspect now: every page of the list holds them.")
    unstamped: int = Field(
        description="Links stored before suspect links existed (no stamp): never suspect "
        "until cleared once (`rbmtrace clear --unstamped`)."
    )


_OC = {"id": "oc1", "code": None, "name": "Outcome one, reworded", "type": "Outcome"}
_OUT = {"id": "out3", "code": None, "name": "Workshops", "type": "Output"}
_EXAMPLE: dict[str, Any] = {
    "upstream": None,
    "summary": {"watched": 14, "suspect": 1, "unstamped": 0},
    "suspects": [
        {
            "link": "oc1-[DELIVERED_BY]->out3",
            "from": _OC,
            "type": "DELIVERED_BY",
            "to": _OUT,
            "upstream": "oc1",
            "changes": [{"field": "name", "old": "Outcome one", "new": "Outcome one, reworded"}],
            "changed_by": {
                "who": "eve",
                "via": "api",
                "at": "2026-11-30T10:00:00.000000+00:00",
                "event_id": "6f1c7a4e-0d7e-4c55-9a53-2f0b9f3a1c11",
            },
            "impact": {"share": None, "downstream": _OUT, "budget": None, "indicators": []},
        }
    ],
    "limit": 50,
    "next_cursor": None,
    "total": 1,
}


class SuspectPage(ListEnvelope[SuspectLink]):
    """`summary` counts the links listed (those of `upstream` only, when given), and
    `total` is its `suspect`."""

    legacy_key = "suspects"
    upstream: str | None = Field(
        default=None,
        description="The id of the element whose changes the list and the summary are "
        "restricted to; null: every link.",
    )
    summary: SuspectSummary
    suspects: list[SuspectLink] = legacy_list()
    limit: int

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})


def _changed_by(events: list[dict[str, Any]], changes: list[SuspectChange]) -> ChangedBy | None:
    """The latest of the element's `events` (oldest first) that changed the fields from
    their old to their new values."""
    for event in reversed(events):
        before, after = event.get("before") or {}, event.get("after") or {}
        if event.get("link_key") or event.get("action") != "update":
            continue
        if all(
            _text(before.get(c.field)) == (c.old or None) and _text(after.get(c.field)) == c.new
            for c in changes
        ):
            return ChangedBy(
                who=event["who"], via=event["via"], at=event["at"], event_id=event["id"]
            )
    return None


def _text(value: Any) -> str | None:
    """A stored value as the stamp holds it (Cypher's toString), '' as absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def indicators_below(graph: Graph, ids: list[str]) -> dict[str, list[ElementRef]]:
    rows = graph.read("suspects/indicators_below", ids=ids, limit=MAX_INDICATORS)
    return {r["id"]: [ElementRef.model_validate(i) for i in r["indicators"]] for r in rows}


def suspect_summary(graph: Graph, upstream: str | None = None) -> SuspectSummary:
    """The figures of every watched link; with `upstream` (an element id), of the links
    whose upstream end is that element, read from it outwards (`suspect_summary_of`)."""
    watch = metamodel.suspect_watch()
    if upstream is None:
        row = graph.read("suspects/suspect_summary", watch=watch)[0]
    else:
        row = graph.read("suspects/suspect_summary_of", watch=watch, upstream=upstream)[0]
    return SuspectSummary(**row)


def suspect_rows(
    graph: Graph, upstream: str | None, after: str, limit: int
) -> tuple[list[dict[str, Any]], SuspectSummary]:
    """Up to `limit` suspect links after the link key `after`, in key order, and the summary
    of the same links, as the named queries give them: of every link, from one read of the
    links (`suspect_page`: the rows of `suspect_links` and the figures of `suspect_summary`),
    or of the links whose upstream end is the element `upstream` (`suspect_links_of` and
    `suspect_summary_of`: read from it, not from every link)."""
    watch = metamodel.suspect_watch()
    if upstream is None:
        row = graph.read("suspects/suspect_page", watch=watch, after=after, limit=limit)[0]
        summary = SuspectSummary(
            watched=row["watched"], unstamped=row["unstamped"], suspect=row["suspect"]
        )
        return row["rows"], summary
    rows = graph.read(
        "suspects/suspect_links_of", watch=watch, upstream=upstream, after=after, limit=limit
    )
    return rows, suspect_summary(graph, upstream)


def suspect_links(
    graph: Graph,
    limit: int = DEFAULT_SUSPECTS,
    cursor: str | None = None,
    upstream: str | None = None,
) -> SuspectPage:
    """One page of suspect links in link-key order, each with what changed, who changed it
    and when (when known) and the downstream impact. `upstream`: only those whose upstream
    end has this id."""
    check_limit(limit, MAX_SUSPECTS)
    after = decode_cursor(cursor)
    rows, summary = suspect_rows(graph, upstream, after, limit + 1)
    page = rows[:limit]
    updates = element_updates(graph, sorted({r["upstream"] for r in page}))
    downstream = {r["downstream"]["id"]: ElementRef.model_validate(r["downstream"]) for r in page}
    budgets = figures_of(graph, list(downstream.values()))
    indicators = indicators_below(graph, sorted(downstream))
    suspects = []
    for r in page:
        changes = [
            SuspectChange(field=c["field"], old=c["old"] or None, new=c["new"])
            for c in r["changes"]
        ]
        down = r["downstream"]["id"]
        impact = SuspectImpact(
            share=r["share"],
            downstream=downstream[down],
            budget=budgets.get(down),
            indicators=indicators.get(down, []),
        )
        suspects.append(
            SuspectLink.model_validate(
                {
                    "link": r["key"],
                    "from": r["from"],
                    "type": r["type"],
                    "to": r["to"],
                    "upstream": r["upstream"],
                    "changes": changes,
                    "changed_by": _changed_by(updates[r["upstream"]], changes),
                    "impact": impact,
                }
            )
        )
    return SuspectPage(
        upstream=upstream,
        summary=summary,
        suspects=suspects,
        limit=limit,
        next_cursor=encode_cursor(page[-1]["key"]) if len(rows) > limit else None,
        total=summary.suspect,
    )
