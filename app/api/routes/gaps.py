"""Gap analysis: the check catalogue, findings (filtered, summarised) and waivers."""

from __future__ import annotations

from fastapi import APIRouter, Query, Response, status

from app.api.auth import EditorDep
from app.api.deps import GraphDep
from app.gaps.engine import catalogue_info, list_waivers, remove_waiver, run_gaps, waive_finding
from app.gaps.findings import CheckInfo, GapReport, Waiver, WaiverRequest

router = APIRouter(tags=["gaps"])


@router.get("/gaps/checks", response_model=list[CheckInfo], summary="The check catalogue")
def get_checks() -> list[CheckInfo]:
    return catalogue_info()


@router.get(
    "/gaps",
    response_model=GapReport,
    summary="Run the gap checks",
    description="A summary (open and waived findings per check, open findings per severity) "
    "and the findings, each with its check, element references, a message, the evidence "
    "(the missing link or the path) and a stable `key` for waivers.",
)
def get_gaps(
    graph: GraphDep,
    check: str | None = Query(None, description="Check id(s), comma-separated."),
    severity: str | None = Query(None, description="error, warning or info."),
    plan: str | None = Query(None, description="Plan id, code or name: its elements only."),
    evidence: str | None = Query(
        None,
        description="stated: the plan as written (assumed and inferred elements and links "
        "left out); inferred: also inferred ones; assumed (the default): everything.",
    ),
) -> GapReport:
    return run_gaps(graph, check=check, severity=severity, plan=plan, evidence=evidence)


@router.get("/gaps/waivers", response_model=list[Waiver], summary="Recorded waivers")
def get_waivers(graph: GraphDep) -> list[Waiver]:
    return list_waivers(graph)


@router.post(
    "/gaps/waivers",
    response_model=Waiver,
    status_code=status.HTTP_201_CREATED,
    summary="Accept a finding (editor key)",
    description="The finding stays listed as `waived` until the expiry passes or one of its "
    "elements changes. Waiving a finding again replaces its waiver.",
)
def post_waiver(graph: GraphDep, caller: EditorDep, body: WaiverRequest) -> Waiver:
    return waive_finding(graph, body.key, body.reason, caller.name, body.expires)


@router.delete(
    "/gaps/waivers/{key:path}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw a waiver (editor key: one's own; admin key: anyone's)",
)
def delete_waiver(graph: GraphDep, caller: EditorDep, key: str) -> Response:
    remove_waiver(graph, key, None if caller.is_admin else caller.name)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
