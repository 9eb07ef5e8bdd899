"""Schemathesis against the service's own OpenAPI document, calling a live uvicorn on
127.0.0.1: for every operation, a bounded number of generated requests, valid ones and
invalid ones, sent with an admin key so that writes really run (on the ITU seed). Zero
server errors, and zero answers that contradict the schema (status codes, media types,
bodies, headers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.api.main import create_app
from app.core.config import Settings
from app.db.graph import Graph
from app.seeding import load_seed
from tests.api.api_keys import ADMIN, API_KEYS
from tests.conftest import base_settings
from tests.hostile.conftest import Figures
from tests.live_service import live_service

#: Generated requests per operation and mode (each is one HTTP call to the live service).
EXAMPLES_PER_OPERATION = 10
#: Seconds a call may take: the machine is shared; this is no timing check.
CALL_TIMEOUT = 300
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
# The document is the app's own; it needs no database to be built.
SCHEMA = schemathesis.openapi.from_dict(create_app(base_settings()).openapi())
OPERATIONS = {op.label: op for op in (r.ok() for r in SCHEMA.get_all_operations())}
#: Invalid requests are generated for the operations that take a query or a body (a path
#: segment is any string: it has no invalid form).
CASES = [(label, GenerationMode.POSITIVE) for label in sorted(OPERATIONS)] + [
    (label, GenerationMode.NEGATIVE)
    for label, op in sorted(OPERATIONS.items())
    if list(op.query) or list(op.body)
]


@pytest.fixture(scope="module")
def live_base(settings: Settings, driver: object) -> Iterator[str]:
    keyed = settings.model_copy(update={"api_keys": API_KEYS, "auth_failure_limit": 10**6})
    with live_service(keyed) as base:
        yield base


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_each_operation_keeps_to_the_schema(
    live_base: str,
    graph: Graph,
    settings: Settings,
    figures: Figures,
    label: str,
    mode: GenerationMode,
) -> None:
    load_seed(graph, "itu", settings)
    strategy = OPERATIONS[label].as_strategy(generation_mode=mode)

    @given(case=strategy, _=st.just(None))
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: schemathesis.Case, _: None) -> None:
        figures.count("openapi_fuzz_requests")
        case.call_and_validate(
            base_url=live_base, headers=ADMIN, checks=CHECKS, timeout=CALL_TIMEOUT
        )

    call()
