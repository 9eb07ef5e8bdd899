"""Clearing suspect links: a person has checked a link against its changed upstream end.

A link of a watched type (`app.metamodel.SUSPECT_LINKS`) stores what it saw of its
upstream end's meaningful fields (`upstream_seen`, see `app.lookup_keys`) when it is
created; it is suspect when they differ now (`cypher/suspects/suspect_links`). Clearing
stores again what they hold now, in one transaction with one "clear" change event per
link (who, when, why, the stamp before and after), shown in the element's history.

Links stored before suspect links existed carry no stamp and are never suspect; clearing
them (`rbmtrace clear --unstamped`) gives them their first stamp.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from neo4j import ManagedTransaction

from app import metamodel
from app.bundles.changes import ChangeLog
from app.core.errors import BadRequest, NotFound
from app.db.graph import Graph, run_in
from app.elements.paging import check_limit
from app.elements.references import resolve_ref
from app.lookup_keys import link_key

#: How a link is written: `from-[TYPE]->to` (`app.lookup_keys.link_key`).
LINK_KEY = re.compile(r"^(?P<from>.+?)-\[(?P<type>[A-Z_]+)\]->(?P<to>.+)$")
#: Links cleared in one transaction (and found per query) by `--from` and `--unstamped`.
CLEAR_BATCH = 1000
#: Most links one `--from` clear may take (a larger set is refused: clear in parts).
MAX_CLEARED = 10_000
HISTORY_WHY = "Say why the link still holds (e.g. 'checked: the output still delivers it')."


@dataclass(frozen=True)
class LinkEnds:
    source: str
    rel: str
    target: str

    def key(self) -> str:
        return link_key(self.source, self.rel, self.target)

    def row(self) -> dict[str, str]:
        return {"from": self.source, "type": self.rel, "to": self.target}


def parse_link(text: str) -> LinkEnds:
    """`from-[TYPE]->to` as its ends; BadRequest naming the form, NotFound for a type that
    is not in the metamodel, BadRequest for a type whose links are never suspect."""
    found = LINK_KEY.match(text.strip())
    if found is None:
        raise BadRequest(
            f"{text!r} is not a link. Write it as from-[TYPE]->to, e.g. "
            "itu-outcome-1-[DELIVERED_BY]->itu-output-3 (as GET /api/v1/suspects lists it).",
            link=text,
        )
    rel = found["type"]
    if not metamodel.is_relationship_type(rel):
        raise NotFound(
            f"{rel!r} is not a relationship type.",
            hint="Relationship types: " + ", ".join(metamodel.RELATIONSHIP_TYPE_NAMES) + ".",
        )
    if metamodel.upstream_watch(rel) is None:
        watched = ", ".join(metamodel.suspect_watch())
        raise BadRequest(
            f"Links of type {rel} are never suspect, so there is nothing to clear.",
            hint=f"Types whose links can be suspect: {watched}.",
        )
    return LinkEnds(found["from"], rel, found["to"])


def _clear_in(tx: ManagedTransaction, log: ChangeLog, links: list[LinkEnds], why: str) -> list[Any]:
    rows = run_in(
        tx, "suspects/clear_links", rows=[lk.row() for lk in links], watch=metamodel.suspect_watch()
    )
    for row in rows:
        if row["before"] != row["after"]:
            log.cleared(row["from"], row["type"], row["to"], row["before"], row["after"], why)
    return rows


def _check_why(why: str) -> str:
    text = why.strip()
    if not text:
        raise BadRequest("Clearing a suspect link needs a reason (why).", hint=HISTORY_WHY)
    return text


def _cleared(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "link": link_key(r["from"], r["type"], r["to"]),
            "upstream": r["upstream"],
            "action": "unchanged" if r["before"] == r["after"] else "clear",
            "before": r["before"],
            "after": r["after"],
        }
        for r in rows
    ]


def _write(graph: Graph, who: str, via: str, links: list[LinkEnds], why: str) -> list[Any]:
    def work(tx: ManagedTransaction) -> list[Any]:
        log = ChangeLog(who=who, via=via)
        rows = _clear_in(tx, log, links, why)
        log.date_now()
        log.record(tx)
        return rows

    return graph.write_transaction(work)


def clear_link(graph: Graph, link: str, who: str, why: str, via: str = "api") -> dict[str, Any]:
    """Clear one link (`from-[TYPE]->to`), suspect or not; NotFound when it is not stored."""
    reason = _check_why(why)
    ends = parse_link(link)
    rows = _write(graph, who, via, [ends], reason)
    if not rows:
        raise NotFound(
            f"No link {ends.key()}.",
            hint="GET /api/v1/suspects (or `rbmtrace suspects`) lists the suspect links.",
        )
    return {"cleared": _cleared(rows)}


def suspect_links_of(graph: Graph, upstream_id: str, limit: int) -> list[LinkEnds]:
    """The suspect links whose upstream end is `upstream_id`, at most `limit`."""
    rows = graph.read(
        "suspects/suspect_links_of",
        watch=metamodel.suspect_watch(),
        upstream=upstream_id,
        after="",
        limit=limit,
    )
    return [LinkEnds(r["from"]["id"], r["type"], r["to"]["id"]) for r in rows]


def clear_from(
    graph: Graph, ref: str, who: str, why: str, via: str = "api", plan: str | None = None
) -> dict[str, Any]:
    """Clear every suspect link whose upstream end is the element `ref` names (within
    `plan`): the person has checked them all against its change."""
    reason = _check_why(why)
    upstream = resolve_ref(graph, ref, plan=plan)
    links = suspect_links_of(graph, upstream["id"], MAX_CLEARED + 1)
    if len(links) > MAX_CLEARED:
        raise BadRequest(
            f"{len(links) - 1}+ links are suspect because of {upstream['id']}; at most "
            f"{MAX_CLEARED} are cleared at once.",
            hint="Clear them link by link, or in parts.",
        )
    rows: list[Any] = []
    for start in range(0, len(links), CLEAR_BATCH):
        rows += _write(graph, who, via, links[start : start + CLEAR_BATCH], reason)
    return {"upstream": upstream, "cleared": _cleared(rows)}


def stamp_unstamped(graph: Graph, who: str, why: str, via: str = "cli", limit: int = 0) -> int:
    """Give links without a stamp their first one (what their upstream end holds now), in
    batches of CLEAR_BATCH, each recorded as "clear" events; at most `limit` (0: all).
    Returns how many were stamped."""
    reason = _check_why(why)
    if limit:
        check_limit(limit, 10**9)
    done, after = 0, ""
    while not limit or done < limit:
        size = CLEAR_BATCH if not limit else min(CLEAR_BATCH, limit - done)
        rows = graph.read(
            "suspects/unstamped_links", watch=metamodel.suspect_watch(), after=after, limit=size
        )
        if not rows:
            break
        batch = [LinkEnds(r["from"], r["type"], r["to"]) for r in rows]
        stamped = len(_write(graph, who, via, batch, reason))
        # the next page starts at this page's last element (the page may have ended inside
        # its links), or just past it when no link of the page was left to stamp
        after = rows[-1]["from"] + ("" if stamped else "\x00")
        done += stamped
    return done
