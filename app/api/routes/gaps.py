"""Gap analysis: the check catalogue, findings (filtered, summarised) and waivers."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response, status

from app.api.auth import EditorDep
from app.api.deps import GraphDep, SettingsDep
from app.api.listing import (
    ListFormat,
    csv_openapi,
    csv_response,
    negotiate,
    page_of,
    set_paging_headers,
)
from app.gaps.catalogue import Severity
from app.gaps.engine import catalogue_info, list_waivers, remove_waiver, run_gaps, waive_finding
from app.gaps.findings import (
    CheckCatalogue,
    Finding,
    FindingStatus,
    GapReport,
    Waiver,
    WaiverList,
    WaiverRequest,
)
from app.performance.service import PerformanceOptions

router = APIRouter(tags=["gaps"])

FINDINGS_CSV_COLUMNS = (
    "key",
    "check",
    "severity",
    "title",
    "status",
    "element_ids",
    "element_names",
    "subject",
    "message",
    "waiver_reason",
    "waiver_expires",
)
_FINDINGS_CSV_EXAMPLE = (
    ",".join(FINDINGS_CSV_COLUMNS) + "\npriority_without_outcome:itu-tp-9,priority_without_outcome,"
    "error,Thematic priority with no outcome,open,itu-tp-9,A priority,,TP#9 has no outcome.,,\n"
)


def findings_csv_rows(report: GapReport) -> list[list[object]]:
    return [
        [
            f.key,
            f.check,
            f.severity,
            f.title,
            f.status,
            [e.id for e in f.elements],
            [e.name for e in f.elements],
            f.subject,
            f.message,
            f.waiver.reason if f.waiver else None,
            f.waiver.expires if f.waiver else None,
        ]
        for f in report.findings
    ]


#: Most findings a page (`limit`); without `limit`, all findings come in one answer.
MAX_FINDINGS = 10_000


def finding_order(finding: Finding) -> str:
    """The findings' order (severity, then check, then key) as one string for the cursor."""
    return f"{9 - Severity(finding.severity).rank}\x00{finding.check}\x00{finding.key}"


@router.get("/gaps/checks", response_model=CheckCatalogue, summary="The check catalogue")
def get_checks(request: Request, response: Response) -> CheckCatalogue:
    page = CheckCatalogue(items=catalogue_info())
    set_paging_headers(response, request, page)
    return page


@router.get(
    "/gaps",
    response_model=GapReport,
    summary="Run the gap checks",
    description="A summary (open and waived findings per check, open findings per severity) "
    "and the findings, each with its check, element references, a message, the evidence "
    "(the missing link or the path) and a stable `key` for waivers. Without `limit`, all "
    "findings come in one answer; with it, a page (`next_cursor`). `total` (also in "
    "`X-Total-Count`) counts the findings of all pages. The summary covers the checks run "
    "(`check`, `severity`, `plan`), before `element` and `status`. `Accept: text/csv` gives "
    "the findings as CSV (element ids and names). `as_of` is the reporting date the results "
    "checks (indicator_not_reporting, indicator_off_track, outcome_without_recent_results) "
    "judge against, with the status rule `/performance` uses, so that they agree with "
    "`GET /api/v1/performance?as_of=` for the same date.",
    responses=csv_openapi(_FINDINGS_CSV_EXAMPLE),
)
def get_gaps(
    request: Request,
    response: Response,
    graph: GraphDep,
    settings: SettingsDep,
    check: str | None = Query(None, description="Check id(s), comma-separated."),
    severity: str | None = Query(None, description="error, warning or info."),
    plan: str | None = Query(None, description="Plan id, code or name: its elements only."),
    evidence: str | None = Query(
        None,
        description="stated: the plan as written (assumed and inferred elements and links "
        "left out); inferred: also inferred ones; assumed (the default): everything.",
    ),
    as_of: str | None = Query(
        None,
        description="The reporting date (YYYY-MM-DD) the results checks judge against: a "
        "period has ended by it when its end date is on or before it. Default today.",
        openapi_examples={"end of 2025": {"value": "2025-12-31"}},
    ),
    element: str | None = Query(None, description="Only findings involving this element id."),
    status: FindingStatus | None = Query(None, description="Only `open` or `waived` ones."),
    limit: int | None = Query(
        None, description=f"Findings per page, 1 to {MAX_FINDINGS}; without it, all."
    ),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> GapReport | Response:
    wanted = negotiate(request)
    whole = run_gaps(
        graph,
        check=check,
        severity=severity,
        plan=plan,
        evidence=evidence,
        as_of=as_of,
        rule=PerformanceOptions.from_settings(settings).rule,
    )

    def keep(finding: Finding) -> bool:
        involved = element is None or any(e.id == element for e in finding.elements)
        return involved and (status is None or finding.status == status)

    report = page_of(whole, keep, limit, cursor, finding_order, MAX_FINDINGS)
    if wanted is ListFormat.csv:
        return csv_response(request, FINDINGS_CSV_COLUMNS, findings_csv_rows(report), report)
    set_paging_headers(response, request, report)
    return report


@router.get("/gaps/waivers", response_model=WaiverList, summary="Recorded waivers")
def get_waivers(graph: GraphDep, request: Request, response: Response) -> WaiverList:
    page = WaiverList(items=list_waivers(graph))
    set_paging_headers(response, request, page)
    return page


@router.post(
    "/gaps/waivers",
    response_model=Waiver,
    status_code=status.HTTP_201_CREATED,
    summary="Accept a finding (editor key)",
    description="The finding stays listed as `waived` until the expiry passes or one of its "
    "elements changes. Waiving a finding again replaces its waiver.",
)
def post_waiver(
    graph: GraphDep, settings: SettingsDep, caller: EditorDep, body: WaiverRequest
) -> Waiver:
    return waive_finding(
        graph,
        body.key,
        body.reason,
        caller.name,
        body.expires,
        evidence=body.evidence,
        as_of=body.as_of,
        rule=PerformanceOptions.from_settings(settings).rule,
    )


@router.delete(
    "/gaps/waivers/{key:path}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw a waiver (editor key: one's own; admin key: anyone's)",
)
def delete_waiver(graph: GraphDep, caller: EditorDep, key: str) -> Response:
    remove_waiver(graph, key, None if caller.is_admin else caller.name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
