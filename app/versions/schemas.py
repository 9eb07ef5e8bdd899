"""What the versions endpoints answer: baselines, diffs and cycle diffs (pydantic models)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.list_envelope import ListEnvelope, legacy_list
from app.elements.schemas import ElementRef
from app.gaps.findings import Finding


class BaselineRequest(BaseModel):
    name: str = Field(description="Letters, digits, `.`, `_` and `-`; not `current`.")
    note: str | None = Field(default=None, description="Why the baseline was taken.")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"name": "council-2026-11", "note": "as sent"}]}
    )


class Baseline(BaseModel):
    """A named, immutable snapshot of the whole plan graph."""

    name: str
    note: str | None = None
    created_by: str = Field(description="The API key's name (`cli` from the command line).")
    created_at: str = Field(description="When it was taken (UTC, ISO 8601).")
    elements: int
    links: int
    open_findings: int | None = Field(
        default=None,
        description="Open gap findings when it was taken; null when the server lacked the "
        "transaction memory to run the checks then (its diffs then compare no findings).",
    )
    bytes: int = Field(description="Size of the stored snapshot (compressed).")
    snapshot_id: str | None = Field(
        default=None,
        description="Unique id of this snapshot (a random UUID): a baseline deleted and "
        "re-created under the same name gets another, so a diff remembered for the old one "
        "is never served for the new one. Null on baselines taken before ids were given.",
    )


class BaselineList(ListEnvelope[Baseline]):
    """The baselines, newest first, whole (no paging)."""

    complete = True


class FieldChange(BaseModel):
    field: str
    old: Any = None
    new: Any = None


class Change(BaseModel):
    """One change between the two versions: an element or link added, removed or changed,
    or an element moved (its parents in the results chain changed)."""

    kind: str = Field(description="element or link")
    change: str = Field(description="added, removed, changed or moved")
    key: str = Field(description="The element id, or `from -TYPE-> to` for a link.")
    type: str = Field(description="Element type, or relationship type.")
    name: str | None = None
    fields: list[FieldChange] = Field(
        default_factory=list, description="For changed: each field with its old and new value."
    )
    old_parents: list[str] = Field(default_factory=list, description="For moved.")
    new_parents: list[str] = Field(default_factory=list, description="For moved.")


class BudgetDelta(BaseModel):
    id: str
    code: str | None = None
    name: str | None = None
    type: str
    before: float | None = Field(description="Absent in that version, or unknown: null.")
    after: float | None = None
    difference: float | None = None
    status_before: str | None = None
    status_after: str | None = None


class FindingsEffect(BaseModel):
    available: bool = Field(
        description="False when a side has no findings: a bundle file, or a version whose "
        "checks did not fit in the server's transaction memory."
    )
    appeared: list[Finding] = Field(
        default_factory=list, description="Open now, and not open in the earlier version."
    )
    resolved: list[Finding] = Field(
        default_factory=list,
        description="Open in the earlier version, and not found now (a finding waived since "
        "is still found: it is accepted, not resolved).",
    )


class DiffSummary(BaseModel):
    elements_added: int = 0
    elements_removed: int = 0
    elements_changed: int = 0
    elements_moved: int = 0
    links_added: int = 0
    links_removed: int = 0
    links_changed: int = 0


class DiffEffects(BaseModel):
    findings: FindingsEffect
    budget_total_before: float
    budget_total_after: float
    budget_by_goal: list[BudgetDelta]
    budget_by_priority: list[BudgetDelta]
    lost_path_to_mission: list[ElementRef] = Field(
        description="Indicators and mandates that reached the mission before and do not now."
    )


class Diff(ListEnvelope[Change]):
    """`items` are the changes; `total` is `total_changes` (the diff holds them all)."""

    legacy_key, legacy_total_key = "changes", "total_changes"
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    summary: DiffSummary
    effects: DiffEffects
    changes: list[Change] = legacy_list("This page of the changes, in section order.")
    total_changes: int = Field(
        default=0,
        description="Deprecated: the same as `total`; removed in /api/v2.",
        json_schema_extra={"deprecated": True},
    )
    limit: int

    model_config = ConfigDict(populate_by_name=True)


class Successor(ElementRef):
    kind: str = Field(description="continues, renames, merges or splits.")


class Served(ElementRef):
    via: str = Field(description="The relationship from the element served (or PART_OF).")


class Funding(BaseModel):
    id: str
    code: str | None = None
    name: str | None = None
    amount: float | None = Field(description="null: unknown.")
    currency: str | None = None
    share: float | None = None


class CycleEntry(BaseModel):
    """What became of one element of the earlier plan, or a new element of the later one."""

    element: ElementRef
    fate: str = Field(
        description="continues, renames, merges, splits (the succession), dropped (no "
        "successor in the later plan) or new (no predecessor in the earlier plan)."
    )
    successors: list[Successor] = Field(default_factory=list)
    served: list[Served] = Field(
        default_factory=list, description="For dropped: what it served (the elements above it)."
    )
    funded_by: list[Funding] = Field(
        default_factory=list, description="For dropped: the cost objects that funded it."
    )
    notes: list[str] = Field(default_factory=list)


class CycleDiff(ListEnvelope[CycleEntry]):
    """`items` are the entries; `total` counts them on all pages (the crosswalk holds them all)."""

    legacy_key = "entries"
    earlier: ElementRef
    later: ElementRef
    counts: dict[str, int] = Field(description="Entries per fate.")
    entries: list[CycleEntry] = legacy_list(
        "This page: the earlier plan's elements by id, then the new ones by id."
    )
    notes: list[str] = Field(default_factory=list)
    limit: int
