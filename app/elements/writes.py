"""Creating, updating and deleting elements and links, one at a time (the write API).

Each write is checked by the very validation an import runs (`app.bundles.validation`,
one element or link at a time), happens in one transaction with its change event
(`logged_write`), and answers with what was stored before and after, in the public shape
(`app.elements.schemas`). Updates are partial: the given properties replace the stored
ones, a property given as null is removed; the id and the type of an element never change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from neo4j import ManagedTransaction

from app import metamodel
from app.bundles.changes import ChangeLog, element_history
from app.bundles.codec import (
    changed_properties,
    element_from_stored,
    element_row,
    link_from_stored,
    link_row,
    without_stamp,
)
from app.bundles.import_plan import stored_elements, stored_links
from app.bundles.places import Place
from app.bundles.validation import validate_element, validate_link
from app.core.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    InvalidBundle,
    NotFound,
    PreconditionFailed,
)
from app.db.graph import Graph, run_in
from app.elements.references import resolve_ref
from app.elements.schemas import Element, ElementWrite, Link, LinkWrite
from app.lookup_keys import link_key

BODY = "request body"
VIA = "api"

Answer = TypeVar("Answer")


def resolve_element_id(graph: Graph, ref: str, plan: str | None = None) -> str:
    """The id of the one element `ref` names (by id, code, alias or name; within `plan`)."""
    return str(resolve_ref(graph, ref, plan=plan)["id"])


def logged_write(
    graph: Graph, who: str, work: Callable[[ManagedTransaction, ChangeLog], Answer]
) -> Answer:
    """Run `work` in one write transaction and record the change events it logged in the
    same transaction (a retried transaction starts with a fresh log)."""

    def attempt(tx: ManagedTransaction) -> Answer:
        log = ChangeLog(who=who, via=VIA)
        answer = work(tx, log)
        log.date_now()
        log.record(tx)
        return answer

    return graph.write_transaction(attempt)


def _body(payload: Any, kind: str) -> Mapping[str, Any]:
    if not isinstance(payload, Mapping):
        raise BadRequest(f"The request body must be one {kind} as a JSON object.")
    return payload


def _changes(changes: Any) -> Mapping[str, Any]:
    if not isinstance(changes, Mapping):
        raise BadRequest("The request body must be a JSON object of the properties to change.")
    return changes


def _merged(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(current)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def _fixed_field_error(field: str, stored: Any, given: Any, hint: str) -> InvalidBundle:
    place = Place(BODY, "update")
    error = place.error(
        f"'{field}' cannot change (stored {stored!r}, given {given!r})", field=field
    )
    return InvalidBundle(f"{error}", errors=[error.as_dict()], hint=hint)


def _locked_element(tx: ManagedTransaction, element_id: str) -> dict[str, Any]:
    """The stored element ({type, props, stamp}; props without the import stamp), read under
    its write lock (held until the transaction ends), or NotFound."""
    rows = run_in(tx, "elements/lock_element", id=element_id)
    if not rows:
        raise NotFound(f"No element with id '{element_id}'.")
    props, stamp = without_stamp(rows[0]["props"])
    return {"type": rows[0]["type"], "props": props, "stamp": stamp}


def check_if_match(if_match: str | None, current: Element) -> None:
    """Nothing when `if_match` (an `If-Match` header: `*` or entity tags, comma-separated)
    names the element as it is now; PreconditionFailed (412) when it changed since."""
    if if_match is None:
        return
    tags = [tag.strip() for tag in if_match.split(",")]
    now = current.etag()
    if "*" in tags or now in tags:
        return
    raise PreconditionFailed(
        f"Element '{current.id}' changed since it was read: If-Match {if_match} does not "
        f"match its ETag {now}; nothing was written.",
        etag=now,
        hint=f"Read it again (GET /api/v1/elements/{current.id}), re-apply the change and "
        "send its new ETag in If-Match.",
    )


def _element(props: Mapping[str, Any] | None) -> Element | None:
    return None if props is None else Element.model_validate(element_from_stored(props))


def _link(row: Mapping[str, Any] | None) -> Link | None:
    return None if row is None else Link.model_validate(link_from_stored(row))


# --- elements -----------------------------------------------------------------------------
def create_element(graph: Graph, payload: Any, who: str) -> ElementWrite:
    data = _body(payload, "element")

    def work(tx: ManagedTransaction, log: ChangeLog) -> ElementWrite:
        element_id = data.get("id")
        if isinstance(element_id, str) and stored_elements(tx, [element_id]):
            raise Conflict(
                f"An element with id '{element_id}' already exists.",
                hint=f"Change it with PATCH /api/v1/elements/{element_id}, or choose a new id.",
            )
        row = element_row(validate_element(data, Place(BODY, "element"), {}))
        run_in(tx, "bundles/create_elements", rows=[row])
        log.element("create", row["id"], None, row["props"])
        return ElementWrite(action="create", before=None, after=_element(row["props"]))

    return logged_write(graph, who, work)


def update_element(
    graph: Graph,
    ref: str,
    changes: Any,
    who: str,
    if_match: str | None = None,
    plan: str | None = None,
) -> ElementWrite:
    """Change the given properties of one element, and only those, in one statement, under
    the element's write lock: concurrent updates of one element cannot lose each other's
    changes, and each one's `before` is the previous one's `after`. With `if_match`, only
    if the element is still as the client read it (see `check_if_match`)."""
    given = _changes(changes)
    element_id = resolve_element_id(graph, ref, plan)

    def work(tx: ManagedTransaction, log: ChangeLog) -> ElementWrite:
        stored = _locked_element(tx, element_id)
        before = _element(stored["props"])
        assert before is not None
        check_if_match(if_match, before)
        if "id" in given and given["id"] != element_id:
            raise _fixed_field_error("id", element_id, given["id"], "Create a new element instead.")
        merged = {**_merged(element_from_stored(stored["props"]), given), "id": element_id}
        place = Place(BODY, "element")
        row = element_row(validate_element(merged, place, {element_id: stored["type"]}))
        changed = changed_properties(stored["props"], row["props"])
        if not changed:
            return ElementWrite(action="unchanged", before=before, after=before)
        [written] = run_in(tx, "elements/patch_element", id=element_id, changes=changed)
        after, _ = without_stamp(written["props"])
        log.element("update", element_id, stored["props"], after, stored["stamp"])
        return ElementWrite(action="update", before=before, after=_element(after))

    return logged_write(graph, who, work)


def delete_element(
    graph: Graph,
    ref: str,
    who: str,
    if_match: str | None = None,
    *,
    may_delete_linked: bool = True,
    plan: str | None = None,
) -> ElementWrite:
    """Delete one element and its links (with `if_match`: only if it is still as read); an
    element that has links only when `may_delete_linked` (over HTTP: the admin role)."""
    element_id = resolve_element_id(graph, ref, plan)

    def work(tx: ManagedTransaction, log: ChangeLog) -> ElementWrite:
        stored = _locked_element(tx, element_id)
        before = _element(stored["props"])
        assert before is not None
        check_if_match(if_match, before)
        links = run_in(tx, "elements/links_of_element", id=element_id)
        if links and not may_delete_linked:
            raise Forbidden(
                f"Element {element_id!r} has {len(links)} link(s); deleting it with its links "
                "needs the admin role.",
                links=len(links),
                hint="Delete its links first (DELETE /api/v1/links/...), or ask an admin.",
            )
        run_in(tx, "elements/delete_element", id=element_id)
        log.element("delete", element_id, stored["props"], None, stored["stamp"])
        deleted = []
        for link in links:
            props, stamp = without_stamp(link["props"])
            log.link("delete", link["from"], link["type"], link["to"], props, None, stamp)
            deleted.append(Link.model_validate(link_from_stored({**link, "props": props})))
        return ElementWrite(action="delete", before=before, after=None, links_deleted=deleted)

    return logged_write(graph, who, work)


# --- links --------------------------------------------------------------------------------
def _stored_link(
    tx: ManagedTransaction, from_id: str, rel: str, to_id: str
) -> dict[str, Any] | None:
    """The stored link ({from, type, to, props, stamp}; props without the stamp) or None."""
    key = link_key(from_id, rel, to_id)
    found = stored_links(tx, [{"from": from_id, "type": rel, "to": to_id}]).get(key)
    if found is None:
        return None
    props, stamp = found
    return {"from": from_id, "type": rel, "to": to_id, "props": props, "stamp": stamp}


def _locked_link(tx: ManagedTransaction, from_id: str, rel: str, to_id: str) -> dict[str, Any]:
    """The stored link ({from, type, to, props, stamp}) read under its write lock, or
    NotFound."""
    rows = run_in(tx, "elements/lock_link", **{"from": from_id, "type": rel, "to": to_id})
    if not rows:
        raise NotFound(f"No link {link_key(from_id, rel, to_id)}.")
    props, stamp = without_stamp(rows[0]["props"])
    return {"from": from_id, "type": rel, "to": to_id, "props": props, "stamp": stamp}


def _check_rel(rel: str) -> None:
    if not metamodel.is_relationship_type(rel):
        raise NotFound(
            f"'{rel}' is not a relationship type.",
            hint="Relationship types: " + ", ".join(metamodel.RELATIONSHIP_TYPE_NAMES) + ".",
        )


def _validated_link(tx: ManagedTransaction, data: Mapping[str, Any]) -> dict[str, Any]:
    """The stored row of a link checked as an import checks it (against the stored types
    of the elements it names)."""
    ends = [data[end] for end in ("from", "to") if isinstance(data.get(end), str)]
    types = {i: row["type"] for i, row in stored_elements(tx, ends).items()}
    return link_row(validate_link(data, Place(BODY, "link"), types))


def create_link(graph: Graph, payload: Any, who: str) -> LinkWrite:
    data = _body(payload, "link")

    def work(tx: ManagedTransaction, log: ChangeLog) -> LinkWrite:
        row = _validated_link(tx, data)
        if _stored_link(tx, row["from"], row["type"], row["to"]) is not None:
            key = link_key(row["from"], row["type"], row["to"])
            raise Conflict(
                f"The link {key} already exists.",
                hint="Change it with PATCH /api/v1/links/{from}/{type}/{to}.",
            )
        run_in(tx, "bundles/create_links", rows=[row])
        log.link("create", row["from"], row["type"], row["to"], None, row["props"])
        return LinkWrite(action="create", before=None, after=_link(row))

    return logged_write(graph, who, work)


def update_link(
    graph: Graph, from_id: str, rel: str, to_id: str, changes: Any, who: str
) -> LinkWrite:
    given = _changes(changes)
    _check_rel(rel)

    def work(tx: ManagedTransaction, log: ChangeLog) -> LinkWrite:
        stored = _locked_link(tx, from_id, rel, to_id)
        for end, value in (("from", from_id), ("type", rel), ("to", to_id)):
            if end in given and given[end] != value:
                raise _fixed_field_error(
                    end, value, given[end], "Delete the link and create the new one."
                )
        row = _validated_link(tx, _merged(link_from_stored(stored), given))
        changed = changed_properties(stored["props"], row["props"])
        if not changed:
            return LinkWrite(action="unchanged", before=_link(stored), after=_link(stored))
        ends = {"from": from_id, "type": rel, "to": to_id}
        [written] = run_in(tx, "elements/patch_link", **ends, changes=changed)
        after, _ = without_stamp(written["props"])
        log.link("update", from_id, rel, to_id, stored["props"], after, stored["stamp"])
        return LinkWrite(
            action="update", before=_link(stored), after=_link({**ends, "props": after})
        )

    return logged_write(graph, who, work)


def delete_link(graph: Graph, from_id: str, rel: str, to_id: str, who: str) -> LinkWrite:
    _check_rel(rel)

    def work(tx: ManagedTransaction, log: ChangeLog) -> LinkWrite:
        stored = _locked_link(tx, from_id, rel, to_id)
        run_in(tx, "elements/delete_link", **{"from": from_id, "type": rel, "to": to_id})
        log.link("delete", from_id, rel, to_id, stored["props"], None, stored["stamp"])
        return LinkWrite(action="delete", before=_link(stored), after=None)

    return logged_write(graph, who, work)


# --- history ------------------------------------------------------------------------------
def history_of(graph: Graph, ref: str, plan: str | None = None) -> dict[str, Any]:
    """The change events of the element `ref` names (and of its links), oldest first.

    A deleted element's history is still found by its exact id.
    """
    try:
        element_id = resolve_element_id(graph, ref, plan)
    except NotFound:
        events = element_history(graph, ref)
        if not events:
            raise
        return {"element_id": ref, "events": events}
    return {"element_id": element_id, "events": element_history(graph, element_id)}
