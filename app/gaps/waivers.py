"""Waivers: an analyst accepts a finding, with a reason and an optional expiry.

A waiver is a `:Waiver` node (constraint `waiver_id_unique`) whose id is the finding key
(`check:id+id`). It holds the reason, who, when, the expiry, and a fingerprint: a SHA-256
of the stored properties of the finding's elements when it was waived. A waived finding
stays listed, with status `waived`. It is open again when the waiver has expired
(`state: expired`) or when an involved element's properties changed (`state: stale`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from app.bundles.codec import own_properties
from app.core.errors import Forbidden, NotFound
from app.db.graph import Graph
from app.gaps.findings import Finding, FindingStatus, WaiverInfo, WaiverState


def element_properties(graph: Graph, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = graph.read("gaps/support/element_properties", ids=wanted)
    return {r["id"]: r["properties"] for r in rows}


def fingerprint(finding: Finding, properties: dict[str, dict[str, Any]]) -> str:
    """Hash of the involved elements' own properties (derived lookup keys left out)."""
    payload = [
        {
            "id": ref.id,
            "properties": own_properties(properties.get(ref.id, {})),
        }
        for ref in sorted(finding.elements, key=lambda r: r.id)
    ]
    text = json.dumps(
        {"subject": finding.subject, "elements": payload}, sort_keys=True, default=str
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_expiry_text(text: str) -> date | datetime:
    """An expiry as written: an ISO date (`2027-12-31`), or an ISO date-time, read as UTC
    when it names no time zone. ValueError when it is neither."""
    if len(text) == 10:
        return date.fromisoformat(text)
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def expired(expires: str | None, now: datetime) -> bool:
    """True once the expiry has passed: a date expires at the end of that day (UTC)."""
    if not expires:
        return False
    moment = parse_expiry_text(expires)
    if isinstance(moment, datetime):
        return moment <= now
    return moment < now.astimezone(UTC).date()


def stored_waivers(graph: Graph) -> list[dict[str, Any]]:
    return [r["waiver"] for r in graph.read("gaps/support/waivers")]


def apply_waivers(graph: Graph, findings: list[Finding], now: datetime) -> list[Finding]:
    """Mark the findings an active waiver covers as waived; note expired and stale ones."""
    waivers = {w["key"]: w for w in stored_waivers(graph)}
    covered = [f for f in findings if f.key in waivers]
    if not covered:
        return findings
    properties = element_properties(graph, (e.id for f in covered for e in f.elements))
    for finding in covered:
        waiver = waivers[finding.key]
        if expired(waiver.get("expires"), now):
            state = WaiverState.expired
        elif waiver.get("fingerprint") != fingerprint(finding, properties):
            state = WaiverState.stale
        else:
            state = WaiverState.active
        finding.waiver = WaiverInfo(
            reason=waiver["reason"],
            who=waiver["who"],
            created=waiver["created"],
            expires=waiver.get("expires"),
            state=state,
        )
        finding.status = FindingStatus.waived if state == WaiverState.active else FindingStatus.open
    return findings


def save_waiver(
    graph: Graph,
    finding: Finding,
    reason: str,
    who: str,
    expires: str | None,
    now: datetime,
) -> dict[str, Any]:
    properties = element_properties(graph, (e.id for e in finding.elements))
    waiver = {
        "id": finding.key,
        "key": finding.key,
        "check": finding.check,
        "element_ids": sorted({e.id for e in finding.elements}),
        "subject": finding.subject,
        "message": finding.message,
        "reason": reason,
        "who": who,
        "created": now.astimezone(UTC).isoformat(timespec="seconds"),
        "expires": expires,
        "fingerprint": fingerprint(finding, properties),
    }
    rows = graph.write(
        "gaps/support/waiver_save", waiver={k: v for k, v in waiver.items() if v is not None}
    )
    saved: dict[str, Any] = rows[0]["waiver"]
    return saved


def delete_waiver(graph: Graph, key: str, who: str | None = None) -> None:
    """Withdraw a waiver: anyone's when `who` is None (an admin, the CLI), else only one
    that `who` gave (Forbidden for another person's)."""
    rows = graph.write("gaps/support/waiver_delete", key=key, who=who or "", anyone=who is None)
    row = rows[0] if rows else {"found": False}
    if not row["found"]:
        raise NotFound(
            f"No waiver for finding {key!r}.",
            hint="List waivers with `rbmtrace waivers` or GET /api/v1/gaps/waivers.",
        )
    if not row["deleted"]:
        raise Forbidden(
            f"The waiver of {key!r} was given by {row['owner']!r}; withdrawing another "
            "person's waiver needs the admin role.",
            hint="Ask its author or an admin to withdraw it.",
        )
