"""Links stored more than once, and their removal (`rbmtrace dedupe-links`).

Versions before imports locked a link's start element could store the same link (from,
type, to) several times when imports ran at the same time. An extra copy whose properties
(the import stamp aside) equal those of the copy kept (the first by element id) is deleted;
copies that differ are left alone and reported, for a person to decide (nothing is lost).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.bundles.codec import without_stamp
from app.db.graph import Graph
from app.lookup_keys import link_key


@dataclass
class DuplicateLinks:
    """What `dedupe_links` found (and, unless dry, did)."""

    dry_run: bool
    #: link key -> extra copies deleted (or, dry, that would be)
    removed: dict[str, int] = field(default_factory=dict)
    #: link keys with copies whose properties differ (left as they are)
    differing: list[str] = field(default_factory=list)

    @property
    def removed_total(self) -> int:
        return sum(self.removed.values())


def dedupe_links(graph: Graph, *, dry_run: bool = False, batch_size: int = 5000) -> DuplicateLinks:
    """Delete the extra, identical copies of every duplicated link (see the module)."""
    found = DuplicateLinks(dry_run=dry_run)
    extras: list[str] = []
    for group in graph.read("bundles/duplicate_links"):
        key = link_key(group["from"], group["type"], group["to"])
        copies: list[dict[str, Any]] = group["copies"]
        kept = without_stamp(copies[0]["props"])[0]
        same = [c["element_id"] for c in copies[1:] if without_stamp(c["props"])[0] == kept]
        if same:
            found.removed[key] = len(same)
            extras += same
        if len(same) < len(copies) - 1:
            found.differing.append(key)
    if not dry_run:
        for start in range(0, len(extras), batch_size):
            graph.write(
                "bundles/delete_links_by_element_id", ids=extras[start : start + batch_size]
            )
    return found
