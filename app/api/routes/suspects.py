"""Suspect links: listing them with their impact, and clearing them (editor role)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from app.api.auth import EditorDep
from app.api.deps import GraphDep
from app.api.listing import set_paging_headers
from app.api.routes.elements import PLAN_DOC, PROBLEMS
from app.core.errors import BadRequest
from app.elements import link_review
from app.elements.references import resolve_ref
from app.traversal.suspects import DEFAULT_SUSPECTS, MAX_SUSPECTS, SuspectPage, suspect_links

router = APIRouter(tags=["suspects"])


@router.get(
    "/suspects",
    response_model=SuspectPage,
    summary="Suspect links: their upstream element changed since they were made or cleared",
    description="Each with the fields that changed (old and new value), who changed them and "
    "when (when the change history knows: an edit in Neo4j Browser leaves none), and the "
    "downstream impact (share, budget of the downstream element, indicators below it). "
    "Which fields of which end count is declared per relationship type in the metamodel "
    "(`GET /api/v1/model`, `suspect_when_changed`). The next page's cursor is also in "
    "`X-Next-Cursor` and `Link: rel=next`.",
    responses=PROBLEMS,
)
def get_suspects(
    request: Request,
    response: Response,
    graph: GraphDep,
    upstream: str | None = Query(
        None, description="Only the links made suspect by this element (id, code or name)."
    ),
    plan: str | None = Query(None, description=PLAN_DOC),
    limit: int = Query(DEFAULT_SUSPECTS, description=f"Page size, 1 to {MAX_SUSPECTS}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> SuspectPage:
    upstream_id = resolve_ref(graph, upstream, plan=plan)["id"] if upstream else None
    page = suspect_links(graph, limit=limit, cursor=cursor, upstream=upstream_id)
    set_paging_headers(response, request, page)
    return page


_CLEAR_EXAMPLE: dict[str, Any] = {
    "link": "oc1-[DELIVERED_BY]->op1",
    "why": "Checked: op1 still delivers it.",
}


class ClearRequest(BaseModel):
    link: str | None = Field(
        default=None, description="One link, `from-[TYPE]->to`, as GET /suspects lists it."
    )
    upstream: str | None = Field(
        default=None,
        alias="from",
        description="Or an element (id, code or name): every link it made suspect.",
    )
    plan: str | None = Field(default=None, description="The plan `from` is looked up in.")
    why: str = Field(min_length=1, description="Why the link(s) still hold: kept in the history.")

    model_config = ConfigDict(
        populate_by_name=True, json_schema_extra={"examples": [_CLEAR_EXAMPLE]}
    )


class ClearedLink(BaseModel):
    link: str
    upstream: str
    action: str = Field(description="`clear`, or `unchanged` when it was not suspect.")
    before: list[str] | None = Field(description="What the link had stored (field=value).")
    after: list[str]


class ClearAnswer(BaseModel):
    cleared: list[ClearedLink]


@router.post(
    "/suspects/clear",
    response_model=ClearAnswer,
    summary="Clear suspect links (a person checked them); kept in the history with who and why",
    description="`link` clears one link (`from-[TYPE]->to`); `from` clears every link the "
    "element's change made suspect. Each link then stores what its upstream end holds now; "
    "the history of its elements gets a `clear` event with who, when and `why`. Editor role.",
    responses={
        400: {"description": "Neither or both of `link` and `from`, or a malformed link"},
        404: {"description": "No such link or element (problem JSON)"},
    },
)
async def clear_suspects(
    graph: GraphDep,
    caller: EditorDep,
    body: ClearRequest = Body(..., examples=[_CLEAR_EXAMPLE]),
) -> dict[str, Any]:
    if (body.link is None) == (body.upstream is None):
        raise BadRequest(
            "Give either `link` (one link) or `from` (an element whose suspect links are all "
            "cleared), not both or neither.",
            example=_CLEAR_EXAMPLE,
        )
    if body.link is not None:
        return await run_in_threadpool(
            link_review.clear_link, graph, body.link, caller.name, body.why
        )
    assert body.upstream is not None
    return await run_in_threadpool(
        link_review.clear_from, graph, body.upstream, caller.name, body.why, "api", body.plan
    )
