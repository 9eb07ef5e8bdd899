"""Plan bundles over HTTP: import, export and the bundle's JSON Schema."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from app.api.auth import EditorDep
from app.api.deps import GraphDep, SettingsDep
from app.bundles import exporter, schemas
from app.bundles.import_report import ImportReport
from app.bundles.importer import ImportOptions, import_bundle
from app.bundles.parsing import BundleSource, check_size, too_large
from app.core.errors import BadRequest
from app.performance import iati

router = APIRouter(tags=["bundles"])

#: Room for multipart boundaries and part headers on top of the import limit.
MULTIPART_OVERHEAD = 64 * 1024


def _declared_length(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


async def _raw_body(request: Request, limit: int) -> bytes:
    declared = _declared_length(request)
    if declared is not None and declared > limit:
        raise too_large("The request body", declared, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large("The request body", None, limit)
        chunks.append(chunk)
    return b"".join(chunks)


async def request_sources(request: Request, limit: int) -> list[BundleSource]:
    """The bundle files of a request: the parts of a multipart upload (elements.csv and
    links.csv may come together), or the raw body as JSON, YAML, CSV or zip."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        declared = _declared_length(request)
        if declared is not None and declared > limit + MULTIPART_OVERHEAD:
            raise too_large("The upload", declared, limit)
        sources = []
        async with request.form(max_part_size=limit) as form:
            for _, value in form.multi_items():
                if isinstance(value, UploadFile):
                    data = await value.read(limit + 1)
                    name = value.filename or "upload"
                    check_size(name, len(data), limit)
                    sources.append(BundleSource(name, data, value.content_type))
        if not sources:
            raise BadRequest(
                "The upload holds no file.",
                hint="Send the bundle as a file part (e.g. curl -F file=@bundle.yaml).",
            )
        return sources
    body = await _raw_body(request, limit)
    if not body.strip():
        raise BadRequest(
            "The request body is empty.",
            hint="Send a bundle as JSON or YAML, or upload files as multipart/form-data.",
        )
    return [BundleSource("request body", body, content_type or None)]


@router.post(
    "/import",
    summary="Import a plan bundle (JSON, YAML, CSV pair, zip); all or nothing",
    response_model=ImportReport,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "description": "A plan bundle; its JSON Schema: GET /api/v1/schema/bundle",
                    }
                },
                "application/yaml": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {
                                "type": "array",
                                "items": {"type": "string", "format": "binary"},
                            }
                        },
                    }
                },
            }
        }
    },
)
async def import_route(
    request: Request,
    graph: GraphDep,
    settings: SettingsDep,
    caller: EditorDep,
    dry_run: bool = Query(False, description="Validate and compare only; write nothing."),
) -> ImportReport:
    sources = await request_sources(request, settings.max_import_bytes)
    options = ImportOptions.from_settings(settings, who=caller.name, dry_run=dry_run)
    return await run_in_threadpool(import_bundle, graph, sources, options)


@router.get(
    "/export",
    summary="The whole graph as a plan bundle (json, yaml, csv zip) or GraphML",
    response_class=Response,
    responses={
        200: {"content": {m: {} for m in (*exporter.MEDIA_TYPES.values(), iati.MEDIA_TYPE)}}
    },
)
def export_route(
    graph: GraphDep,
    settings: SettingsDep,
    format: Literal["json", "yaml", "csv", "graphml", "iati"] = Query(
        "json",
        description="json | yaml | csv (a zip of elements.csv and links.csv) | graphml | "
        "iati (the results framework as IATI 2.03 activity XML)",
    ),
) -> Response:
    if format == "iati":
        return Response(
            iati.iati_activities(graph, iati.Reporter.from_settings(settings)),
            media_type=iati.MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{iati.FILE_NAME}"'},
        )
    content = exporter.export_graph(graph, format)
    return Response(
        content,
        media_type=exporter.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{exporter.FILE_NAMES[format]}"'},
    )


@router.get("/schema/bundle", summary="JSON Schema of a plan bundle (from the metamodel)")
def bundle_schema_route() -> dict[str, Any]:
    return schemas.bundle_json_schema()
