"""Change events: who changed which element or link, when, and what it was before and after.

Every write records one `:ChangeEvent` node per element or link created, updated or
deleted, in the same transaction as the write (imports and API writes alike). Events are
not linked to elements by relationships, so an element's history outlives the element;
they carry `element_id` (and, for a link, `other_id`, the id at its other end, and
`link_key`). `before` and `after` are JSON strings of the stored properties.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from neo4j import ManagedTransaction

from app.bundles.store import DERIVED_PROPERTIES, batches
from app.db.graph import Graph, run_in

ACTIONS = ("create", "update", "delete")


def visible_props(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """Stored properties without the derived lookup keys (the element's type stays)."""
    if props is None:
        return None
    hidden = set(DERIVED_PROPERTIES) - {"type"}
    return {k: props[k] for k in sorted(props) if k not in hidden}


def _json(props: Mapping[str, Any] | None) -> str | None:
    shown = visible_props(props)
    return None if shown is None else json.dumps(shown, sort_keys=True, default=str)


@dataclass
class ChangeLog:
    """The change events of one write, recorded when the write commits."""

    who: str
    via: str
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="microseconds"))
    events: list[dict[str, Any]] = field(default_factory=list)

    def _add(self, action: str, **values: Any) -> None:
        assert action in ACTIONS
        self.events.append(
            {
                "id": str(uuid.uuid4()),
                "seq": len(self.events),
                "action": action,
                "who": self.who,
                "via": self.via,
                "at": self.at,
                **values,
            }
        )

    def element(
        self,
        action: str,
        element_id: str,
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
    ) -> None:
        self._add(
            action,
            element_id=element_id,
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
    ) -> None:
        def with_ends(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
            return None if props is None else {"from": from_id, "type": rel, "to": to_id, **props}

        self._add(
            action,
            element_id=from_id,
            other_id=to_id,
            link_key=f"{from_id}-[{rel}]->{to_id}",
            before=_json(with_ends(before)),
            after=_json(with_ends(after)),
        )

    def record(self, tx: ManagedTransaction, batch_size: int = 5000) -> None:
        for batch in batches(self.events, batch_size):
            run_in(tx, "changes/record_events", events=list(batch))


def decode_event(stored: Mapping[str, Any]) -> dict[str, Any]:
    event = {"other_id": None, "link_key": None, **stored}
    for key in ("before", "after"):
        text = event.get(key)
        event[key] = json.loads(text) if isinstance(text, str) else None
    return event


def element_history(graph: Graph, element_id: str) -> list[dict[str, Any]]:
    """The change events of an element and of its links, oldest first."""
    rows = graph.read("changes/element_history", id=element_id)
    return [decode_event(row["event"]) for row in rows]
