"""Change events: who changed which element or link, when, and what it was before and after.

Every API write records one `:ChangeEvent` node per element or link created, updated or
deleted, in the same transaction as the write. An import records one event per updated
element or link, and ONE event (action "import": who, when, files, counts) for everything
it created: each created element and link is stamped with that event's id (`import_id`,
see `app.lookup_keys`), and its history shows a "create" event derived from the stamp.
That keeps a 100k-element import from writing 330k event nodes.

Events are not linked to elements by relationships, so an element's history outlives the
element; they carry `element_id` (and, for a link, `other_id`, the id at its other end,
and `link_key`), and `created_in`, the stamp of what they changed or deleted. `before`
and `after` are JSON strings of the stored properties.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from neo4j import ManagedTransaction

from app.bundles.codec import own_properties
from app.bundles.store import batches
from app.db.graph import Graph, run_in
from app.lookup_keys import link_key

ACTIONS = ("create", "update", "delete", "import", "clear")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def visible_props(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Stored properties without the derived lookup keys (the element's type stays)."""
    return None if props is None else own_properties(props, keep_type=True)


def _json(props: Mapping[str, Any] | None) -> str | None:
    shown = visible_props(props)
    return None if shown is None else json.dumps(shown, sort_keys=True, default=str)


@dataclass
class ChangeLog:
    """The change events of one write, recorded when the write commits."""

    who: str
    via: str
    at: str = field(default_factory=lambda: _now())
    events: list[dict[str, Any]] = field(default_factory=list)

    def _add(self, action: str, **values: Any) -> dict[str, Any]:
        assert action in ACTIONS
        event = {
            "id": str(uuid.uuid4()),
            "seq": len(self.events),
            "action": action,
            "who": self.who,
            "via": self.via,
            "at": self.at,
            **values,
        }
        self.events.append(event)
        return event

    def import_event(self, files: list[str], counts: Mapping[str, int], event_id: str) -> None:
        """The one event of an import; `event_id` is the stamp on what the import created."""
        event = self._add("import", files=list(files), **counts)
        event["id"] = event_id

    def element(
        self,
        action: str,
        element_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        created_in: str | None = None,
    ) -> None:
        """`created_in`: the stamp of the import that created the element, if one did."""
        self._add(
            action,
            element_id=element_id,
            created_in=created_in,
            before=_json(before),
            after=_json(after),
        )

    def link(
        self,
        action: str,
        from_id: str,
        rel: str,
        to_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        created_in: str | None = None,
    ) -> None:
        def with_ends(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
            return None if props is None else {"from": from_id, "type": rel, "to": to_id, **props}

        self._add(
            action,
            element_id=from_id,
            other_id=to_id,
            link_key=link_key(from_id, rel, to_id),
            created_in=created_in,
            before=_json(with_ends(before)),
            after=_json(with_ends(after)),
        )

    def cleared(
        self,
        from_id: str,
        rel: str,
        to_id: str,
        before: list[str] | None,
        after: list[str],
        why: str,
    ) -> None:
        """A suspect link cleared (checked by a person, `why`): what the link had stored of
        its upstream end (`upstream_seen`, see `app.lookup_keys`) before and stores now."""
        self._add(
            "clear",
            element_id=from_id,
            other_id=to_id,
            link_key=link_key(from_id, rel, to_id),
            before=json.dumps({"upstream_seen": before}),
            after=json.dumps({"upstream_seen": after}),
            why=why,
        )

    def date_now(self) -> None:
        """Date every event now (at commit, not at start): a write that waited for another
        one's lock is then dated after it."""
        self.at = _now()
        for event in self.events:
            event["at"] = self.at

    def record(self, tx: ManagedTransaction, batch_size: int = 5000) -> None:
        for batch in batches(self.events, batch_size):
            run_in(tx, "changes/record_events", events=list(batch))


def decode_event(stored: Mapping[str, Any]) -> dict[str, Any]:
    event = {"other_id": None, "link_key": None, **stored}
    event.pop("created_in", None)
    for key in ("before", "after"):
        text = event.get(key)
        event[key] = json.loads(text) if isinstance(text, str) else None
    return event


def _item_key(element_id: str, other_id: str | None, key: str | None) -> str:
    return key or (element_id if other_id is None else f"{element_id}->{other_id}")


def _created_by_imports(
    graph: Graph, element_id: str, events: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The "create" events of the element and links that imports created: from the stamps
    of the stored ones, and from `created_in` of the events of deleted ones. Their `after` is
    the `before` of the item's first later event, or else what is stored now."""
    stamped: dict[str, dict[str, Any]] = {}
    for event in events:  # oldest first: the first event of an item holds its created state
        stamp = event.get("created_in")
        key = _item_key(event["element_id"], event.get("other_id"), event.get("link_key"))
        if stamp and key not in stamped:
            stamped[key] = {"import_id": stamp, "event": event}
    for row in graph.read("changes/import_stamps", id=element_id):
        if row["type"] is None:
            key = row["element_id"]
        else:
            key = link_key(row["element_id"], row["type"], row["other_id"])
        stamped.setdefault(key, {"import_id": row["import_id"], "stored": row})
    if not stamped:
        return []
    imports = {
        row["event"]["id"]: row["event"]
        for row in graph.read(
            "changes/events_by_id", ids=sorted({s["import_id"] for s in stamped.values()})
        )
    }
    created = []
    for key, found in stamped.items():
        made = imports.get(found["import_id"])
        if made is None:
            continue
        if "event" in found:
            later = found["event"]
            after = later["before"]
            ends = (later["element_id"], later.get("other_id"), later.get("link_key"))
        else:
            row = found["stored"]
            props = visible_props(row["props"]) or {}
            if row["type"] is None:
                after = json.dumps(props, sort_keys=True, default=str)
            else:
                ends_props = {"from": row["element_id"], "type": row["type"], "to": row["other_id"]}
                after = json.dumps({**ends_props, **props}, sort_keys=True, default=str)
            ends = (row["element_id"], row["other_id"], key if row["type"] else None)
        created.append(
            {
                "id": f"{made['id']}:{key}",
                "seq": -2 if ends[2] is None else -1,  # before the import's own events
                "action": "create",
                "who": made["who"],
                "via": made["via"],
                "at": made["at"],
                "element_id": ends[0],
                "other_id": ends[1],
                "link_key": ends[2],
                "import_id": made["id"],
                "before": None,
                "after": after,
            }
        )
    return created


def element_updates(graph: Graph, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The events that edited each of these elements' own fields (`update`, not of its
    links), oldest first, by element id: what `element_history` holds of them, read for
    many elements at once (a page of suspect links asks who made each change)."""
    found: dict[str, list[dict[str, Any]]] = {element_id: [] for element_id in ids}
    for row in graph.read("changes/element_updates", ids=sorted(found)):
        event = decode_event(row["event"])
        found[event["element_id"]].append(event)
    return found


def element_history(graph: Graph, element_id: str) -> list[dict[str, Any]]:
    """The change events of an element and of its links, oldest first (with the "create"
    events of what imports created; see the module's docstring)."""
    events = [row["event"] for row in graph.read("changes/element_history", id=element_id)]
    events += _created_by_imports(graph, element_id, events)
    events.sort(key=lambda e: (e["at"], e["seq"], e.get("link_key") or ""))
    return [decode_event(event) for event in events]
