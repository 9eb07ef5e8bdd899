"""The FastAPI application factory.

One Neo4j driver per process: created in `lifespan`, closed there, handed to routes by
`app.api.deps.get_graph`. The schema is applied at start-up; when Neo4j is down then, the
service starts anyway, answers 503 and applies the schema once Neo4j is back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.datastructures import Default
from starlette.middleware.gzip import GZipMiddleware

from app import __version__
from app.api.auth import require_reader
from app.api.cors import install_cors
from app.api.finite_json import FiniteJSONResponse
from app.api.http_caching import ConditionalGetMiddleware
from app.api.openapi_doc import install_openapi, operation_id
from app.api.problems import install_problem_handlers
from app.api.request_limits import install_request_limits
from app.api.routes import browser_guide as neo4j_browser_guide
from app.api.routes import (
    bundles,
    element_writes,
    gaps,
    health,
    model,
    overview,
    reports,
    suspects,
    traversal,
    versions,
)
from app.api.routes import elements as element_reads
from app.api.routes import performance as performance_routes
from app.api.routes import whoami as whoami_routes
from app.api.security_headers import SecurityHeaders
from app.bundles.pending_imports import require_no_abandoned_import
from app.core.config import Settings, get_settings
from app.core.errors import DatabaseUnavailable, UnfinishedImport
from app.db.graph import Graph, Outage, bolt_address, create_driver
from app.db.provision import neo4j_uri
from app.db.readiness import SchemaState
from app.web.routes import install_web

log = logging.getLogger("rbmtrace.api")

DESCRIPTION = """
Traceability of results-based management plans: how every output and every franc of
budget links to the mission. Errors are RFC 9457 problem-details JSON.
"""


#: gzip level of answers: 6, zlib's default. Starlette's default, 9, took 1.34 ms per answer
#: against 0.31 ms at 6 for a 51 kB JSON shaped like a page of 100 outputs (zlib in a loop
#: on this 2-core machine, under load), for an answer 4% smaller (3,971 against 4,151 bytes).
#: Issue 16: under 32 clients, CPU per request is what the service is bound by.
GZIP_LEVEL = 6


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        driver = create_driver(neo4j_uri(settings), settings.neo4j_auth, settings)
        outage = Outage(
            bolt_address(neo4j_uri(settings)),
            settings.neo4j_probe_timeout,
            settings.neo4j_watch_interval,
        )
        outage.start_watching()
        graph = Graph(driver, settings.neo4j_database, outage)
        app.state.graph = graph
        app.state.schema = SchemaState()
        try:
            app.state.schema.ensure(graph)
            require_no_abandoned_import(graph, settings.import_batch_size)
        except DatabaseUnavailable as exc:
            log.warning("Neo4j not reachable at start-up (%s); will retry on /ready", exc)
        except UnfinishedImport as exc:
            log.warning("%s /ready answers 503 until it is undone.", exc.detail)
        try:
            yield
        finally:
            outage.stop_watching()
            driver.close()

    app = FastAPI(
        title="RBM Trace",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # A placeholder, not the class: routes with a response model then serialise
        # straight to JSON bytes in pydantic's core (non-finite numbers as null, as
        # FiniteJSONResponse writes them); the others render through FiniteJSONResponse.
        default_response_class=Default(FiniteJSONResponse),
        docs_url=None,  # /docs and /redoc are served offline by app/web/routes.py
        redoc_url=None,
        generate_unique_id_function=operation_id,
    )
    install_problem_handlers(app)
    install_request_limits(app, settings)
    app.add_middleware(SecurityHeaders)
    app.state.settings = settings
    app.include_router(health.router)
    app.include_router(neo4j_browser_guide.router)  # Neo4j Browser's guide and style, no key
    # Every /api/v1 router is included with `dependencies=reads`, so reads need a key when
    # RBMTRACE_READS_REQUIRE_KEY is set; write routes add `EditorDep` (app/api/auth.py).
    reads = [Depends(require_reader)]
    app.include_router(model.router, prefix="/api/v1", dependencies=reads)
    app.include_router(bundles.router, prefix="/api/v1", dependencies=reads)
    app.include_router(element_writes.router, prefix="/api/v1", dependencies=reads)
    app.include_router(element_reads.router, prefix="/api/v1", dependencies=reads)
    app.include_router(traversal.router, prefix="/api/v1", dependencies=reads)
    app.include_router(gaps.router, prefix="/api/v1", dependencies=reads)
    app.include_router(suspects.router, prefix="/api/v1", dependencies=reads)
    app.include_router(reports.router, prefix="/api/v1", dependencies=reads)
    app.include_router(performance_routes.router, prefix="/api/v1", dependencies=reads)
    # The explorer and the offline docs (issue 14): pages, assets, OpenAPI, browser access.
    app.include_router(overview.router, prefix="/api/v1", dependencies=reads)
    app.include_router(versions.router, prefix="/api/v1", dependencies=reads)
    app.include_router(whoami_routes.router, prefix="/api/v1", dependencies=reads)
    install_web(app, settings)
    install_openapi(app)
    app.add_middleware(ConditionalGetMiddleware, settings=settings)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL)
    install_cors(app, settings)
    return app
