"""Creating, updating and deleting elements and links, one at a time (the write API).

Each write is checked by the very validation an import runs (`app.bundles.validation`),
happens in one transaction with its change event, and returns what was stored before and
after. Updates are partial: the given properties replace the stored ones, a property given
as null is removed; the id and the type of an element never change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from neo4j import ManagedTransaction

from app import metamodel
from app.bundles.changes import ChangeLog, element_history
from app.bundles.exporter import element_from_stored, link_from_stored
from app.bundles.import_plan import stored_elements
from app.bundles.parsing import Item, ParsedBundle
from app.bundles.places import Place
from app.bundles.store import element_rows, link_rows, without_stamp
from app.bundles.validation import link_key, referenced_ids, validate_bundle
from app.core.errors import BadRequest, Conflict, InvalidBundle, NotFound
from app.db.graph import Graph, run_in
from app.elements.references import resolve_ref

BODY = "request body"
VIA = "api"

Outcome = dict[str, Any]


def resolve_element_id(graph: Graph, ref: str) -> str:
    """The id of the one element `ref` names (by id, code, alias or name)."""
    return str(resolve_ref(graph, ref)["id"])


def _single(payload: Any, kind: str) -> ParsedBundle:
    if not isinstance(payload, Mapping):
        raise BadRequest(f"The request body must be one {kind} as a JSON object.")
    item = Item(dict(payload), Place(BODY, kind))
    if kind == "element":
        return ParsedBundle(elements=[item], files=[BODY])
    return ParsedBundle(links=[item], files=[BODY])


def _validate(tx: ManagedTransaction, parsed: ParsedBundle) -> dict[str, Any]:
    stored = stored_elements(tx, referenced_ids(parsed))
    valid = validate_bundle(parsed, {i: row["type"] for i, row in stored.items()})
    return (valid.elements or valid.links)[0]


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


def _stored_element(tx: ManagedTransaction, element_id: str) -> dict[str, Any]:
    """The stored element (as `stored_elements` gives it), or NotFound."""
    stored = stored_elements(tx, [element_id]).get(element_id)
    if stored is None:
        raise NotFound(f"No element with id '{element_id}'.")
    return stored


# --- elements -----------------------------------------------------------------------------
def create_element(graph: Graph, payload: Any, who: str) -> Outcome:
    parsed = _single(payload, "element")
    log = ChangeLog(who=who, via=VIA)

    def work(tx: ManagedTransaction) -> Outcome:
        log.events.clear()
        element_id = payload.get("id")
        if isinstance(element_id, str) and stored_elements(tx, [element_id]):
            raise Conflict(
                f"An element with id '{element_id}' already exists.",
                hint=f"Change it with PATCH /api/v1/elements/{element_id}, or choose a new id.",
            )
        row = element_rows([_validate(tx, parsed)])[0]
        run_in(tx, "bundles/create_elements", rows=[row])
        log.element("create", row["id"], None, row["props"])
        log.record(tx)
        return {"action": "create", "before": None, "after": element_from_stored(row["props"])}

    return graph.write_transaction(work)


def update_element(graph: Graph, ref: str, changes: Any, who: str) -> Outcome:
    if not isinstance(changes, Mapping):
        raise BadRequest("The request body must be a JSON object of the properties to change.")
    element_id = resolve_element_id(graph, ref)
    log = ChangeLog(who=who, via=VIA)

    def work(tx: ManagedTransaction) -> Outcome:
        log.events.clear()
        stored = _stored_element(tx, element_id)
        current = element_from_stored(stored["props"])
        if "id" in changes and changes["id"] != element_id:
            raise _fixed_field_error(
                "id", element_id, changes["id"], "Create a new element instead."
            )
        merged = _merged(current, changes)
        merged["id"] = element_id
        row = element_rows([_validate(tx, _single(merged, "element"))])[0]
        after = element_from_stored(row["props"])
        if row["props"] == stored["props"]:
            return {"action": "unchanged", "before": current, "after": after}
        run_in(tx, "bundles/update_elements", rows=[row])
        log.element("update", element_id, stored["props"], row["props"], stored["stamp"])
        log.record(tx)
        return {"action": "update", "before": current, "after": after}

    return graph.write_transaction(work)


def delete_element(graph: Graph, ref: str, who: str) -> Outcome:
    element_id = resolve_element_id(graph, ref)
    log = ChangeLog(who=who, via=VIA)

    def work(tx: ManagedTransaction) -> Outcome:
        log.events.clear()
        stored = _stored_element(tx, element_id)
        links = run_in(tx, "elements/links_of_element", id=element_id)
        run_in(tx, "elements/delete_element", id=element_id)
        log.element("delete", element_id, stored["props"], None, stored["stamp"])
        for link in links:
            props, stamp = without_stamp(link["props"])
            link["props"] = props
            log.link("delete", link["from"], link["type"], link["to"], props, None, stamp)
        log.record(tx)
        return {
            "action": "delete",
            "before": element_from_stored(stored["props"]),
            "after": None,
            "links_deleted": [link_from_stored(link) for link in links],
        }

    return graph.write_transaction(work)


# --- links --------------------------------------------------------------------------------
def _stored_link(
    tx: ManagedTransaction, from_id: str, rel: str, to_id: str
) -> dict[str, Any] | None:
    """The stored link ({from, type, to, props, stamp}; props without the stamp) or None."""
    rows = run_in(tx, "bundles/stored_links", rows=[{"from": from_id, "type": rel, "to": to_id}])
    if not rows:
        return None
    props, stamp = without_stamp(rows[0]["props"])
    return {**rows[0], "props": props, "stamp": stamp}


def _check_rel(rel: str) -> None:
    if not metamodel.is_relationship_type(rel):
        raise NotFound(
            f"'{rel}' is not a relationship type.",
            hint="Relationship types: " + ", ".join(metamodel.RELATIONSHIP_TYPE_NAMES) + ".",
        )


def create_link(graph: Graph, payload: Any, who: str) -> Outcome:
    parsed = _single(payload, "link")
    log = ChangeLog(who=who, via=VIA)

    def work(tx: ManagedTransaction) -> Outcome:
        log.events.clear()
        link = _validate(tx, parsed)
        if _stored_link(tx, link["from"], link["type"], link["to"]) is not None:
            key = link_key(link["from"], link["type"], link["to"])
            raise Conflict(
                f"The link {key} already exists.",
                hint="Change it with PATCH /api/v1/links/{from}/{type}/{to}.",
            )
        row = link_rows([link])[0]
        run_in(tx, "bundles/create_links", rows=[row])
        log.link("create", row["from"], row["type"], row["to"], None, row["props"])
        log.record(tx)
        return {"action": "create", "before": None, "after": link_from_stored(row)}

    return graph.write_transaction(work)


def update_link(
    graph: Graph, from_id: str, rel: str, to_id: str, changes: Any, who: str
) -> Outcome:
    if not isinstance(changes, Mapping):
        raise BadRequest("The request body must be a JSON object of the properties to change.")
    _check_rel(rel)
    log = ChangeLog(who=who, via=VIA)

    def work(tx: ManagedTransaction) -> Outcome:
        log.events.clear()
        stored = _stored_link(tx, from_id, rel, to_id)
        if stored is None:
            raise NotFound(f"No link {link_key(from_id, rel, to_id)}.")
        current = link_from_stored(stored)
        for end, value in (("from", from_id), ("type", rel), ("to", to_id)):
            if end in changes and changes[end] != value:
                raise _fixed_field_error(
                    end, value, changes[end], "Delete the link and create the new one."
                )
        link = _validate(tx, _single(_merged(current, changes), "link"))
        row = link_rows([link])[0]
        after = link_from_stored(row)
        if row["props"] == stored["props"]:
            return {"action": "unchanged", "before": current, "after": after}
        run_in(tx, "bundles/update_links", rows=[row])
        log.link("update", from_id, rel, to_id, stored["props"], row["props"], stored["stamp"])
        log.record(tx)
        return {"action": "update", "before": current, "after": after}

    return graph.write_transaction(work)


def delete_link(graph: Graph, from_id: str, rel: str, to_id: str, who: str) -> Outcome:
    _check_rel(rel)
    log = ChangeLog(who=who, via=VIA)

    def work(tx: ManagedTransaction) -> Outcome:
        log.events.clear()
        stored = _stored_link(tx, from_id, rel, to_id)
        if stored is None:
            raise NotFound(f"No link {link_key(from_id, rel, to_id)}.")
        run_in(tx, "elements/delete_link", **{"from": from_id, "type": rel, "to": to_id})
        log.link("delete", from_id, rel, to_id, stored["props"], None, stored["stamp"])
        log.record(tx)
        return {"action": "delete", "before": link_from_stored(stored), "after": None}

    return graph.write_transaction(work)


# --- history ------------------------------------------------------------------------------
def history_of(graph: Graph, ref: str) -> dict[str, Any]:
    """The change events of the element `ref` names (and of its links), oldest first.

    A deleted element's history is still found by its exact id.
    """
    try:
        element_id = resolve_element_id(graph, ref)
    except NotFound:
        events = element_history(graph, ref)
        if not events:
            raise
        return {"element_id": ref, "events": events}
    return {"element_id": element_id, "events": element_history(graph, element_id)}
