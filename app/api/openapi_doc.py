"""The OpenAPI document, made fit for client generators and the docs pages.

On top of what FastAPI derives from the routes, this:

- declares the API-key security schemes (`X-API-Key` header, or `Authorization: Bearer`),
  so `/docs` has an Authorize button; reads are open unless `RBMTRACE_READS_REQUIRE_KEY`;
- gives every operation the error answers it can really give, each as RFC 9457 problem
  details (`ProblemDetails`, `application/problem+json`): 401 and 503 on every `/api/v1`
  operation that reads the database, 403 on writes, 404/409 where a reference is resolved,
  400/422 where parameters or a body are read, 406 where only some media types are offered,
  413 on imports;
- names operations readably (`getOutputsServing`, not `get_outputs_serving_api_v1_...`):
  they become method names in generated clients;
- makes sure every operation has a description and an example (from the route, or from
  `OPERATION_DOCS` below for the few routes that do not carry their own);
- names schemas without module paths (`FindingElement`, not `app__gaps__findings__...`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from app.api.auth import KEY_HEADER

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "ProblemDetails",
    "type": "object",
    "description": "RFC 9457 problem details. Extension members such as `errors`, "
    "`candidates`, `nearest` or `hint` appear where useful.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "example": "urn:rbmtrace:problem:not-found"},
        "title": {"type": "string", "example": "Not found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string", "example": "No element has the reference 'TP#99'."},
        "instance": {"type": "string", "example": "/api/v1/elements/TP%2399"},
        "hint": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {"type": "object"},
            "description": "Every problem found, each with its place and message.",
        },
        "candidates": {
            "type": "array",
            "items": {"type": "object"},
            "description": "On 409: the elements an ambiguous reference names.",
        },
        "nearest": {
            "type": "array",
            "items": {"type": "object"},
            "description": "On 404: the nearest names.",
        },
    },
    "additionalProperties": True,
}

ERROR_DESCRIPTIONS = {
    400: "Bad parameter: the problem names it and the allowed values",
    401: "No API key where one is needed, or a key that matches none",
    403: "The key's role may not do this (writes need editor or admin)",
    404: "Nothing has that reference (the problem lists the `nearest` names)",
    406: "The endpoint cannot answer in a media type the `Accept` header allows",
    409: "The reference names several elements (`candidates`), or the write conflicts",
    405: "The path exists, but not with this method",
    412: "`If-Match` names a state the element is no longer in (someone changed it)",
    428: "The write needs an `If-Match` header with the element's `ETag`",
    413: "The request body is larger than RBMTRACE_MAX_IMPORT_BYTES, or too large for Neo4j",
    422: "The request (parameters or body) does not validate; `errors` lists each place",
    429: "Too many wrong API keys from this client; retry after `Retry-After` seconds",
    500: "Unexpected error (logged; no stack trace is returned)",
    503: "Neo4j is not reachable now; retry after `Retry-After` seconds",
}

#: Operations that never touch the database (so never answer 503).
NO_DATABASE = {"getHealth", "getModel", "getBundleSchema", "getChecks"}

SECURITY_SCHEMES = {
    "ApiKey": {
        "type": "apiKey",
        "in": "header",
        "name": KEY_HEADER,
        "description": "A secret from RBMTRACE_API_KEYS. Writes need the editor or admin "
        "role; reads need a key only when RBMTRACE_READS_REQUIRE_KEY is true.",
    },
    "BearerKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "The same secret as `Authorization: Bearer <secret>`.",
    },
}

_ELEMENT = {"id": "itu-tp-2", "code": "TP#2", "name": "International numbering resources"}

#: Descriptions and examples of operations whose routes do not carry their own.
OPERATION_DOCS: dict[str, dict[str, Any]] = {
    "getHealth": {
        "description": "Answers as long as the process runs; does not look at Neo4j.",
        "example": {"status": "ok", "version": "0.1.0"},
    },
    "getReadiness": {
        "description": "Neo4j answers, and the constraints and indexes are applied and online.",
        "example": {
            "status": "ready",
            "neo4j": {
                "product": "Neo4j Kernel",
                "version": "5.26.0",
                "edition": "community",
                "database": "neo4j",
            },
            "schema_applied": True,
        },
    },
    "getModel": {
        "description": "The metamodel as data: element types with their properties, "
        "relationship types, and which (from type, to type) pairs each may link.",
        "example": {"element_types": [{"name": "ThematicPriority"}], "relationships": []},
    },
    "importBundle": {
        "description": "The bundle as the raw body (JSON or YAML) or as multipart uploads "
        "(CSV pair or zip). Validated as a whole: nothing is written unless all is valid.",
        "example": {
            "dry_run": True,
            "changed": True,
            "files": ["plan.yaml"],
            "elements": {"created": 1, "updated": 0, "unchanged": 0},
            "links": {"created": 0, "updated": 0, "unchanged": 0},
            "changes": [{"kind": "element", "key": "itu-tp-2", "action": "create", "fields": []}],
        },
    },
    "exportBundle": {
        "description": "json, yaml and csv exports import back to the same graph; GraphML "
        "is for graph tools.",
        "example": {"elements": [{**_ELEMENT, "type": "ThematicPriority"}], "links": []},
    },
    "getBundleSchema": {
        "description": "Generated from the metamodel; validates what `POST /import` reads.",
        "example": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object"},
    },
    "createElement": {
        "description": "Validated like an import; records a change event naming the key.",
        "example": {"action": "create", "element": {**_ELEMENT, "type": "ThematicPriority"}},
    },
    "updateElement": {
        "description": "Given properties replace the stored ones; null removes one. The id "
        "and type never change.",
        "example": {"action": "update", "element": {**_ELEMENT, "type": "ThematicPriority"}},
    },
    "deleteElement": {
        "description": "Deletes the element and its links; its history stays readable.",
        "example": {"action": "delete", "element": {**_ELEMENT, "type": "ThematicPriority"}},
    },
    "createLink": {
        "description": "The (from type, to type) pair must be allowed by the metamodel.",
        "example": {"action": "create", "link": {"from": "itu-goal-1", "type": "HAS_PRIORITY"}},
    },
    "updateLink": {
        "description": "Changes `share` (DELIVERED_BY, FUNDED_BY) or `source`.",
        "example": {"action": "update", "link": {"from": "itu-goal-1", "type": "HAS_PRIORITY"}},
    },
    "deleteLink": {
        "description": "Deletes one link and records the change.",
        "example": {"action": "delete", "link": {"from": "itu-goal-1", "type": "HAS_PRIORITY"}},
    },
    "getElementHistory": {
        "description": "Change events of the element and its links, oldest first; a "
        "deleted element's history stays available by its id.",
        "example": {"element_id": "itu-tp-2", "events": [{"action": "create", "who": "cli"}]},
    },
    "getChecks": {
        "description": "Every check with its severity, why it matters, the fix and its query.",
        "example": [
            {
                "id": "priority_without_outcome",
                "severity": "error",
                "title": "Thematic priority with no outcome",
                "why": "A thematic priority must say which results ...",
                "fix": "Add the outcome(s) the priority aims at.",
                "params": "",
                "notes": "",
                "query": "gaps/priority_without_outcome",
                "rule": None,
            }
        ],
    },
    "getGaps": {
        "example": {
            "filters": {"check": None, "severity": None, "plan": None},
            "summary": {
                "checks_run": 23,
                "open": 1,
                "waived": 0,
                "open_by_severity": {"error": 1},
                "by_check": [],
            },
            "findings": [
                {
                    "key": "priority_without_outcome:itu-tp-9",
                    "check": "priority_without_outcome",
                    "severity": "error",
                    "title": "Thematic priority with no outcome",
                    "elements": [{**_ELEMENT, "type": "ThematicPriority"}],
                    "message": "TP#2 has no outcome.",
                    "evidence": {},
                    "status": "open",
                }
            ],
        },
    },
    "getWaivers": {
        "description": "Every recorded waiver, with whether its expiry has passed.",
        "example": [
            {
                "key": "priority_without_outcome:itu-tp-9",
                "check": "priority_without_outcome",
                "element_ids": ["itu-tp-9"],
                "reason": "Outcomes come with the 2027 revision",
                "who": "planning-office",
                "created": "2026-11-30T10:00:00Z",
                "expires": "2027-06-30",
                "fingerprint": "3f2a...",
                "expired": False,
            }
        ],
    },
    "postWaiver": {
        "example": {
            "key": "priority_without_outcome:itu-tp-9",
            "check": "priority_without_outcome",
            "reason": "Outcomes come with the 2027 revision",
            "who": "planning-office",
            "created": "2026-11-30T10:00:00Z",
            "expires": "2027-06-30",
            "fingerprint": "3f2a...",
        },
    },
    "deleteWaiver": {
        "description": "The finding is open again from the next gap run.",
        "example": "priority_without_outcome:itu-tp-9",
    },
    "getGraph": {
        "description": "Without `root`, the elements of `types`; with it, what lies within "
        "`depth` links. `truncated` says when `limit` cut the answer.",
    },
    "browserGuide": {
        "example": '<article class="guide"><carousel><slide>...</slide></carousel></article>',
    },
    "browserStyle": {
        "example": "node.ThematicPriority { color: #0891b2; caption: '{code}'; }",
    },
    "getLinkageReport": {
        "example": "# Linkage report\n\n## Mission\n\nThe mission ... is pursued through 4 goals.",
    },
}


#: Route functions whose names do not read well as client methods.
RENAMED_OPERATIONS = {
    "health": "getHealth",
    "ready": "getReadiness",
    "import_route": "importBundle",
    "export_route": "exportBundle",
    "bundle_schema_route": "getBundleSchema",
    "element_history": "getElementHistory",
}

#: Operations that answer JSON or CSV by the `Accept` header (406 for anything else).
NEGOTIATED = {"getElements", "getOutputsServing", "getMatrix", "getBudget", "getGaps"}


def operation_id(route: APIRoute) -> str:
    """`get_outputs_serving` -> `getOutputsServing`."""
    if route.name in RENAMED_OPERATIONS:
        return RENAMED_OPERATIONS[route.name]
    head, *rest = route.name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _short_schema_names(names: list[str]) -> dict[str, str]:
    """`app__gaps__findings__ElementRef` -> `FindingsElementRef` (module-qualified ones only)."""
    renames: dict[str, str] = {}
    taken = {name for name in names if "__" not in name}
    for name in names:
        if "__" not in name:
            continue
        *module, model = name.split("__")
        short = model if model not in taken else module[-1].capitalize() + model
        renames[name] = short
        taken.add(short)
    return renames


def _rename_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                prefix, _, name = value.rpartition("/")
                value = f"{prefix}/{renames.get(name, name)}"
            out[key] = _rename_refs(value, renames)
        return out
    if isinstance(node, list):
        return [_rename_refs(item, renames) for item in node]
    return node


def _error_statuses(path: str, method: str, op: dict[str, Any], op_id: str) -> set[int]:
    statuses = {500}
    params = op.get("parameters", [])
    names = {p["name"] for p in params}
    if path.startswith("/api/v1/"):
        statuses |= {401, 429}  # 429: wrong keys are throttled per client (app/api/auth.py)
        if method != "get":
            statuses |= {403, 409}
    if op_id not in NO_DATABASE:
        statuses.add(503)
    if params or "requestBody" in op:
        statuses.add(422)
    if any(p["in"] == "query" for p in params):
        statuses.add(400)
    # references given in the query: a plan, a graph root, a suspect's upstream element,
    # the two versions or plans of a diff
    if any(p["in"] == "path" for p in params) or names & {"plan", "root", "upstream", "from", "to"}:
        statuses |= {404, 409}
    if any(p["in"] == "path" for p in params):
        statuses.add(405)  # a path value holding "/" can reach a path of another method
    if "requestBody" in op:
        statuses.add(413)  # every body is counted as it arrives (app/api/request_limits.py)
    if op_id == "importBundle":
        statuses |= {400, 413}
    if method != "get" and "requestBody" in op:
        statuses |= {400, 404}  # 404: the body names what is not there (a finding's key, ...)
    if op_id in NEGOTIATED:
        statuses.add(406)
    return statuses


def _problem_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/ProblemDetails"}}
        },
    }


def _success(op: dict[str, Any]) -> dict[str, Any]:
    for status in ("200", "201", "204"):
        if status in op["responses"]:
            response: dict[str, Any] = op["responses"][status]
            return response
    raise AssertionError("every operation has a success answer")


def build_openapi(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["ProblemDetails"] = PROBLEM_SCHEMA
    components["securitySchemes"] = SECURITY_SCHEMES
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            op_id = op["operationId"]
            docs = OPERATION_DOCS.get(op_id, {})
            if not op.get("description"):
                op["description"] = docs.get("description") or op.get("summary", "")
            success = _success(op)
            if "example" in docs:
                if path.endswith("/{key}"):
                    for param in op.get("parameters", []):
                        param.setdefault("example", docs["example"])
                else:
                    for media in success.setdefault("content", {"application/json": {}}).values():
                        media.setdefault("example", docs["example"])
            declared = {int(s) for s in op["responses"] if not s.startswith("2")}
            for status in sorted(declared | _error_statuses(path, method, op, op_id)):
                current = op["responses"].get(str(status), {})
                description = (
                    ERROR_DESCRIPTIONS[status]
                    if status == 422
                    else current.get("description") or ERROR_DESCRIPTIONS[status]
                )
                op["responses"][str(status)] = _problem_response(description)
            if path.startswith("/api/v1/"):
                write = method != "get"
                op["security"] = (
                    [{"ApiKey": []}, {"BearerKey": []}]
                    if write
                    else [{}, {"ApiKey": []}, {"BearerKey": []}]
                )
    renames = _short_schema_names(list(schemas))
    schema = _rename_refs(schema, renames)
    schema["components"]["schemas"] = {
        renames.get(name, name): body for name, body in schema["components"]["schemas"].items()
    }
    return schema


def install_openapi(app: FastAPI) -> None:
    """Replace `app.openapi` with `build_openapi` (computed once, then cached).

    Operation ids come from `operation_id`, given to FastAPI as `generate_unique_id_function`.
    """

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
