"""Writing elements and links over the API (editor or admin key), and their history."""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from fastapi import APIRouter, Body, Header, Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from app.api.auth import EditorDep
from app.api.deps import GraphDep
from app.api.listing import set_paging_headers
from app.api.routes.elements import PLAN_DOC
from app.core.list_envelope import ListEnvelope, legacy_list
from app.elements import writes
from app.elements.schemas import ElementWrite, LinkWrite

router = APIRouter(tags=["writes"])

IF_MATCH_DOC = (
    "The `ETag` of the element as last read: the write happens only if it is still so "
    "(else 412, nothing written). `*` or no header: whatever it is now."
)
#: The conditional writes' own answer, for the OpenAPI document.
STALE: dict[int | str, dict[str, Any]] = {
    412: {"description": "The element changed since the `If-Match` ETag (problem JSON: `etag`)"}
}


def _tagged(response: Response, answer: ElementWrite) -> ElementWrite:
    """The answer, with the `ETag` of the element after the write in the header."""
    if answer.after is not None:
        response.headers["ETag"] = answer.after.etag()
    return answer


_ELEMENT_EXAMPLE = {
    "id": "itu-output-numbering",
    "type": "Output",
    "code": "T.1",
    "name": "International numbering resources",
    "sector": "ITU-T",
    "source": {"document": "Draft operational plan", "section": "Annex"},
}
_LINK_EXAMPLE = {
    "from": "itu-outcome-x",
    "type": "DELIVERED_BY",
    "to": "itu-output-y",
    "share": 0.5,
}


class ChangeEventModel(BaseModel):
    id: str
    seq: int
    action: Literal["create", "update", "delete", "clear"] = Field(
        description="`clear`: a suspect link checked by a person (`why`; before/after hold "
        "what the link stored of its upstream end, `upstream_seen`)."
    )
    who: str = Field(description="Name of the API key, or `cli`.")
    via: str = Field(description="`api` or `import`.")
    at: str = Field(description="UTC time, ISO 8601.")
    element_id: str
    other_id: str | None = None
    link_key: str | None = Field(default=None, description="`from-[TYPE]->to` for a link.")
    import_id: str | None = Field(
        default=None,
        description="For a `create` by an import: the import's id (one event per import).",
    )
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    why: str | None = Field(default=None, description="For a `clear`: why the link holds.")


class History(ListEnvelope[ChangeEventModel]):
    """`items` are the events, all in one answer: `total` is their number."""

    legacy_key, complete = "events", True
    element_id: str
    events: list[ChangeEventModel] = legacy_list()


@router.post("/elements", status_code=201, response_model=ElementWrite, summary="Create an element")
async def create_element(
    graph: GraphDep,
    caller: EditorDep,
    response: Response,
    element: dict[str, Any] = Body(..., examples=[_ELEMENT_EXAMPLE]),
) -> ElementWrite:
    answer = await run_in_threadpool(writes.create_element, graph, element, caller.name)
    return _tagged(response, answer)


@router.patch(
    "/elements/{ref}",
    response_model=ElementWrite,
    summary="Change an element's properties (null removes one)",
    description="Changes only the given properties, atomically; other properties, and "
    "concurrent changes of them, are kept. " + IF_MATCH_DOC,
    responses=STALE,
)
async def update_element(
    ref: str,
    graph: GraphDep,
    caller: EditorDep,
    response: Response,
    changes: dict[str, Any] = Body(..., examples=[{"description": "New text", "code": None}]),
    if_match: str | None = Header(None, description=IF_MATCH_DOC),
    plan: str | None = Query(None, description=PLAN_DOC),
) -> ElementWrite:
    answer = await run_in_threadpool(
        writes.update_element, graph, ref, changes, caller.name, if_match, plan
    )
    return _tagged(response, answer)


@router.delete(
    "/elements/{ref}",
    response_model=ElementWrite,
    summary="Delete an element and its links",
    description=IF_MATCH_DOC,
    responses=STALE,
)
async def delete_element(
    ref: str,
    graph: GraphDep,
    caller: EditorDep,
    if_match: str | None = Header(None, description=IF_MATCH_DOC),
    plan: str | None = Query(None, description=PLAN_DOC),
) -> ElementWrite:
    delete = partial(writes.delete_element, may_delete_linked=caller.is_admin, plan=plan)
    return await run_in_threadpool(delete, graph, ref, caller.name, if_match)


@router.post("/links", status_code=201, response_model=LinkWrite, summary="Create a link")
async def create_link(
    graph: GraphDep,
    caller: EditorDep,
    link: dict[str, Any] = Body(..., examples=[_LINK_EXAMPLE]),
) -> LinkWrite:
    return await run_in_threadpool(writes.create_link, graph, link, caller.name)


@router.patch(
    "/links/{from_id}/{rel}/{to_id}",
    response_model=LinkWrite,
    summary="Change a link's share or source (null removes one)",
)
async def update_link(
    from_id: str,
    rel: str,
    to_id: str,
    graph: GraphDep,
    caller: EditorDep,
    changes: dict[str, Any] = Body(..., examples=[{"share": 0.25}]),
) -> LinkWrite:
    return await run_in_threadpool(
        writes.update_link, graph, from_id, rel, to_id, changes, caller.name
    )


@router.delete("/links/{from_id}/{rel}/{to_id}", response_model=LinkWrite, summary="Delete a link")
async def delete_link(
    from_id: str, rel: str, to_id: str, graph: GraphDep, caller: EditorDep
) -> LinkWrite:
    return await run_in_threadpool(writes.delete_link, graph, from_id, rel, to_id, caller.name)


@router.get(
    "/elements/{ref}/history",
    response_model=History,
    summary="Who changed this element (and its links), when, before and after",
)
def element_history(
    ref: str,
    graph: GraphDep,
    request: Request,
    response: Response,
    plan: str | None = Query(None, description=PLAN_DOC),
) -> History:
    history = History.model_validate(writes.history_of(graph, ref, plan))
    set_paging_headers(response, request, history)
    return history
