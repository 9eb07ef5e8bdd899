"""Reading elements: the filtered, paged list and one element with its direct links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response

from app.api.deps import GraphDep
from app.api.listing import ListFormat, csv_openapi, csv_response, negotiate, set_paging_headers
from app.elements.listing import DEFAULT_PAGE, MAX_PAGE, element_detail, list_elements
from app.elements.schemas import ElementDetail, ElementPage

router = APIRouter(tags=["elements"])

#: Problem-details answers the read routes can give, for the OpenAPI document.
PROBLEMS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad parameter (problem JSON naming it and the allowed values)"},
    404: {"description": "No element has that reference (problem JSON with `nearest` names)"},
    409: {
        "description": "The reference names several elements (problem JSON: `candidates`, "
        "each with the plans that contain it)"
    },
}

REF_DOC = (
    "An element id, a code or alias in any spelling (`TP#2`, `tp-2`, `TP2`; URL-encode "
    "`#` as `%23`), or a name. When it names elements of several plans, `plan` (or the "
    "default plan, RBMTRACE_DEFAULT_PLAN) says which."
)
#: The `plan` query parameter of every route that takes a reference.
PLAN_DOC = (
    "The plan (id, code or name) the reference is looked up in: only the elements it "
    "CONTAINS. Default: the default plan settles a reference that names elements of "
    "several plans (RBMTRACE_DEFAULT_PLAN, `current` = the plans in force this year)."
)


_CSV_COLUMNS = ("id", "type", "code", "name", "aliases", "source_document", "source_section")
_CSV_EXAMPLE = "id,type,code,name,aliases,source_document,source_section\nitu-tp-2,...\n"


@router.get(
    "/elements",
    response_model=ElementPage,
    summary="List elements, filtered and paged",
    description="`Accept: text/csv` gives the page as CSV; the next page's cursor is also in "
    "`X-Next-Cursor` and `Link: rel=next`.",
    responses={400: PROBLEMS[400], **csv_openapi(_CSV_EXAMPLE)},
)
def get_elements(
    request: Request,
    response: Response,
    graph: GraphDep,
    type: str | None = Query(None, description="Only this element type, e.g. `Output`."),
    plan: str | None = Query(
        None, description="Only elements the Plan (id, code or name) contains."
    ),
    q: str | None = Query(None, description="Words of the name, alias or code (prefix match)."),
    limit: int = Query(DEFAULT_PAGE, description=f"Page size, 1 to {MAX_PAGE}."),
    cursor: str | None = Query(None, description="`next_cursor` of the previous page."),
) -> ElementPage | Response:
    wanted = negotiate(request)
    page = list_elements(graph, type=type, plan=plan, q=q, limit=limit, cursor=cursor)
    if wanted is ListFormat.csv:
        rows = [
            [e.id, e.type, e.code, e.name, e.aliases]
            + ([e.source.document, e.source.section] if e.source else [None, None])
            for e in page.items
        ]
        return csv_response(request, _CSV_COLUMNS, rows, page)
    set_paging_headers(response, request, page)
    return page


@router.get(
    "/elements/{ref}",
    response_model=ElementDetail,
    summary="One element with its direct links",
    description="The `ETag` header names the element's state: send it as `If-Match` with a "
    "PATCH or DELETE to change it only if nobody changed it since.",
    responses=PROBLEMS,
)
def get_element(
    graph: GraphDep,
    ref: str,
    response: Response,
    plan: str | None = Query(None, description=PLAN_DOC),
) -> ElementDetail:
    detail = element_detail(graph, ref, plan=plan)
    response.headers["ETag"] = detail.element.etag()
    return detail
