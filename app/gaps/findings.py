"""The findings of a gap run, as pydantic models (served by the API, printed by the CLI)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from app.core.list_envelope import ListEnvelope, legacy_list
from app.elements.schemas import ElementRef


class FindingElement(ElementRef):
    """An element a finding names, with the source it cites and its basis."""

    source_document: str | None = Field(
        default=None, description="The document the element cites (where it is raised)."
    )
    source_section: str | None = None
    basis: str | None = Field(
        default=None, description="stated, inferred or assumed (absent on the element: stated)."
    )


class FindingStatus(StrEnum):
    open = "open"
    waived = "waived"


class WaiverState(StrEnum):
    active = "active"  # the finding is waived
    expired = "expired"  # the waiver's expiry has passed: the finding is open again
    stale = "stale"  # an involved element changed since the waiver: open again


class WaiverInfo(BaseModel):
    reason: str
    who: str
    created: str
    expires: str | None = None
    state: WaiverState


class Finding(BaseModel):
    key: str = Field(description="Stable key: the check id and the involved element ids.")
    check: str
    severity: str
    title: str
    elements: list[FindingElement]
    subject: str | None = Field(
        default=None, description="What the finding is about when no element is (a type)."
    )
    message: str
    evidence: dict[str, Any]
    status: FindingStatus = FindingStatus.open
    waiver: WaiverInfo | None = None


class CheckSummary(BaseModel):
    check: str
    title: str
    severity: str
    open: int
    waived: int


class GapSummary(BaseModel):
    checks_run: int
    open: int
    waived: int
    open_by_severity: dict[str, int]
    by_check: list[CheckSummary]


class GapFilters(BaseModel):
    check: str | None = None
    severity: str | None = None
    plan: str | None = None
    evidence: str | None = Field(
        default=None,
        description="stated: the plan as written (assumed and inferred elements and links "
        "left out); inferred: also inferred ones; none or assumed: everything.",
    )
    as_of: str | None = Field(
        default=None,
        description="The reporting date (YYYY-MM-DD) the results checks judged against: a "
        "period has ended by it when its end date is on or before it.",
    )


class GapReport(ListEnvelope[Finding]):
    """`items` are the findings, all in one answer: `total` is their number."""

    legacy_key, complete = "findings", True
    filters: GapFilters
    summary: GapSummary
    findings: list[Finding] = legacy_list()


class CheckInfo(BaseModel):
    id: str
    severity: str
    title: str
    why: str
    fix: str
    params: str
    notes: str
    query: str
    rule: str | None = None


class CheckCatalogue(ListEnvelope[CheckInfo]):
    """The check catalogue, whole (no paging)."""

    complete = True


def finding_key(check: str, element_ids: list[str], subject: str | None) -> str:
    """`check:id+id` (sorted ids), or `check:subject` for a finding about no element."""
    if subject:
        return f"{check}:{subject}"
    return f"{check}:{'+'.join(sorted(set(element_ids)))}"


class WaiverRequest(BaseModel):
    key: str = Field(description="The finding key, as listed by GET /api/v1/gaps.")
    reason: str = Field(min_length=1, description="Why the finding is accepted.")
    expires: str | None = Field(
        default=None,
        description="ISO date (waiver ends after that day) or date-time; none = no expiry.",
        examples=["2027-12-31"],
    )
    evidence: str | None = Field(
        default=None,
        description="The `evidence` of the run that listed the finding (stated, inferred or "
        "assumed; none = assumed, everything).",
    )
    as_of: str | None = Field(
        default=None,
        description="The `as_of` reporting date (YYYY-MM-DD) of the run that listed the "
        "finding; none = today. Needed for a results-check finding listed as of another date.",
        examples=["2025-12-31"],
    )


class Waiver(BaseModel):
    key: str
    check: str
    element_ids: list[str] = []
    subject: str | None = None
    message: str | None = None
    reason: str
    who: str
    created: str
    expires: str | None = None
    fingerprint: str
    expired: bool = False


class WaiverList(ListEnvelope[Waiver]):
    """The recorded waivers, whole (no paging)."""

    complete = True
