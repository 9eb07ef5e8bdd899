"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from app import __version__
from app.api.deps import GraphDep, SettingsDep
from app.bundles.pending_imports import require_no_abandoned_import
from app.db.readiness import readiness

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    version: str


class Neo4jInfo(BaseModel):
    product: str
    version: str
    edition: str
    database: str


class Ready(BaseModel):
    status: str
    neo4j: Neo4jInfo
    schema_applied: bool


@router.get("/health", response_model=Health, summary="The process is alive")
def health() -> Health:
    return Health(status="ok", version=__version__)


@router.get(
    "/ready",
    response_model=Ready,
    summary="Neo4j is reachable, the schema is applied, and no interrupted import is left",
    responses={
        503: {
            "description": "Neo4j unreachable, schema not online, or an interrupted import "
            "not undone yet (problem JSON)"
        }
    },
)
def ready(request: Request, graph: GraphDep, settings: SettingsDep) -> Ready:
    info = readiness(graph, request.app.state.schema)
    require_no_abandoned_import(graph, settings.import_batch_size)
    return Ready(status="ready", neo4j=Neo4jInfo.model_validate(info), schema_applied=True)
