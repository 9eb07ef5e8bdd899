"""Listing elements with filters and cursor paging, and one element with its links."""

from __future__ import annotations

import re
from typing import Any

from app import metamodel
from app.bundles.codec import element_from_stored, link_properties_from_stored
from app.core.errors import BadRequest, InvalidParameter, NotFound
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.elements.references import resolve_ref
from app.elements.schemas import DirectLink, Element, ElementDetail, ElementPage, ElementRef

DEFAULT_PAGE = 50
MAX_PAGE = 1000
MAX_LINKS = 500

#: Bounds of a search text `q`: what reaches the full-text index stays small.
MAX_QUERY_LENGTH = 1000
MAX_QUERY_WORDS = 32
MAX_QUERY_WORD_LENGTH = 100

_WORD = re.compile(r"[0-9A-Za-z]+|[^\W_]+")


def check_element_type(name: str, place: str = "type") -> str:
    """`name` if it is an element type of the metamodel; else a 400 naming the allowed ones."""
    if not metamodel.is_element_type(name):
        raise BadRequest(
            f"{place}: {name!r} is not an element type. "
            f"Allowed: {', '.join(metamodel.ELEMENT_TYPE_NAMES)}.",
            allowed=list(metamodel.ELEMENT_TYPE_NAMES),
        )
    return name


def text_query(q: str) -> str:
    """A Lucene query for the words of `q`: every word must match, as a prefix.

    Only letters and digits reach the index (nothing to escape), and at most
    `MAX_QUERY_WORDS` words of at most `MAX_QUERY_WORD_LENGTH` characters (Lucene refuses
    more than 1,024 clauses; a longer text is refused with 422)."""
    if len(q) > MAX_QUERY_LENGTH:
        raise InvalidParameter(
            f"q: {len(q)} characters; a search text has at most {MAX_QUERY_LENGTH}.",
            hint="Search for a few words of the name, alias or code.",
        )
    words = [w.lower() for w in _WORD.findall(q)]
    long_words = [w for w in words if len(w) > MAX_QUERY_WORD_LENGTH]
    if len(words) > MAX_QUERY_WORDS or long_words:
        raise InvalidParameter(
            f"q: {len(words)} words"
            + (f", one of {len(long_words[0])} characters" if long_words else "")
            + f"; a search has at most {MAX_QUERY_WORDS} words of at most "
            f"{MAX_QUERY_WORD_LENGTH} characters each.",
            hint="Search for a few words of the name, alias or code.",
        )
    if not words:
        raise BadRequest(
            f"q: {q!r} has no letters or digits to search for.",
            hint="Give a word of the name, alias or code, e.g. q=numbering.",
        )
    return " AND ".join(f"{w}*" for w in words)


def list_elements(
    graph: Graph,
    *,
    type: str | None = None,
    plan: str | None = None,
    q: str | None = None,
    limit: int = DEFAULT_PAGE,
    cursor: str | None = None,
) -> ElementPage:
    """One page of elements in id order, filtered by type, plan and full-text `q`."""
    check_limit(limit, MAX_PAGE)
    if type is not None:
        check_element_type(type)
    after = decode_cursor(cursor)
    plan_id = resolve_ref(graph, plan, types=["Plan"])["id"] if plan else None
    params: dict[str, Any] = {"after": after, "plan": plan_id, "limit": limit + 1}
    if q:
        rows = graph.read("queries/list_elements_matching", text=text_query(q), type=type, **params)
    elif type is not None:
        rows = graph.read("queries/list_elements_of_type", type=type, **params)
    else:
        rows = graph.read("queries/list_elements", **params)
    items = [Element.model_validate(element_from_stored(r["element"])) for r in rows[:limit]]
    next_cursor = encode_cursor(items[-1].id) if len(rows) > limit else None
    return ElementPage(items=items, limit=limit, next_cursor=next_cursor)


def _link(row: dict[str, Any]) -> DirectLink:
    return DirectLink(
        relationship=row["type"],
        element=ElementRef.model_validate(row["element"]),
        **link_properties_from_stored(row["props"]),
    )


def element_detail(
    graph: Graph, ref: str, max_links: int = MAX_LINKS, plan: str | None = None
) -> ElementDetail:
    """The element `ref` names (within `plan`, see `resolve_ref`), with its direct links
    both ways (at most `max_links` each)."""
    found = resolve_ref(graph, ref, plan=plan)
    rows = graph.read("queries/element_with_links", id=found["id"], limit=max_links)
    if not rows:
        raise NotFound(f"Element {found['id']!r} was removed while it was being read.")
    row = rows[0]
    outgoing = [_link(r) for r in row["outgoing"]]
    incoming = [_link(r) for r in row["incoming"]]
    return ElementDetail(
        element=Element.model_validate(element_from_stored(row["element"])),
        outgoing=outgoing,
        incoming=incoming,
        outgoing_count=row["outgoing_count"],
        incoming_count=row["incoming_count"],
        links_truncated=row["outgoing_count"] > len(outgoing)
        or row["incoming_count"] > len(incoming),
    )
