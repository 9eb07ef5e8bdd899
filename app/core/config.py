"""Settings: one pydantic-settings object, read from the environment and a `.env` file.

Neo4j connection settings use the conventional names (`NEO4J_URI`, `NEO4J_USER`,
`NEO4J_PASSWORD`, `NEO4J_DATABASE`); everything else is prefixed `RBMTRACE_`.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app import PROJECT_ROOT

#: Password of the locally managed development server. Refused in production.
LOCAL_DEFAULT_PASSWORD = "rbmtrace-local"  # noqa: S105 - a documented local-only default


class Environment(StrEnum):
    development = "development"
    production = "production"


class Role(StrEnum):
    reader = "reader"
    editor = "editor"
    admin = "admin"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RBMTRACE_", env_file=".env", extra="ignore", populate_by_name=True
    )

    environment: Environment = Environment.development

    # --- Neo4j connection -------------------------------------------------------------
    neo4j_uri: str | None = Field(
        default=None,
        validation_alias=AliasChoices("NEO4J_URI", "RBMTRACE_NEO4J_URI"),
        description="bolt://, neo4j://, bolt+s://, neo4j+s:// ... When unset, a locally "
        "managed Neo4j Community server is used.",
    )
    neo4j_user: str = Field(
        default="neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME")
    )
    neo4j_password: SecretStr = Field(
        default=SecretStr(LOCAL_DEFAULT_PASSWORD), validation_alias="NEO4J_PASSWORD"
    )
    neo4j_database: str = Field(default="neo4j", validation_alias="NEO4J_DATABASE")
    neo4j_connection_timeout: float = 5.0
    neo4j_acquisition_timeout: float = 5.0
    neo4j_max_retry_time: float = Field(
        default=3.0, description="How long the driver retries a transient failure."
    )
    neo4j_wait_seconds: float = Field(
        default=300.0,
        description="How long `rbmtrace serve` waits for Neo4j to answer before applying the "
        "schema and seed (it retries meanwhile), then exits with code 3.",
    )
    neo4j_probe_timeout: float = Field(
        default=0.5,
        description="TCP connect timeout of the quick check of the Bolt port, made by /ready "
        "and by every request while Neo4j is known to be down (answered 503 at once then).",
    )
    neo4j_watch_interval: float = Field(
        default=1.0,
        gt=0,
        description="Seconds between the service's looks at the Bolt port (a TCP connect), "
        "so that an outage is known, and answered 503 at once, before a request meets it.",
    )

    # --- the locally managed server ---------------------------------------------------
    cache_dir: Path = Field(
        default=Path.home() / ".cache" / "rbmtrace",
        description="Where the Neo4j jars and the local server's instance live.",
    )
    local_instance_dir: Path | None = Field(
        default=None,
        description="Data, config and logs of the local server; default <cache_dir>/instance.",
    )
    local_bolt_port: int = 7687
    local_http_port: int = 7474
    # Imports run in one transaction (all or nothing); Neo4j allows a transaction up to 70%
    # of the heap, and a 100k-element plan needs over 2 GiB of it (see BENCHMARKS.md).
    local_heap: str = "4g"
    local_pagecache: str = "2g"
    local_start_timeout: float = 180.0
    java: str | None = Field(
        default=None, description="java executable (17 or 21); found automatically if unset"
    )

    # --- the API ----------------------------------------------------------------------
    host: str = "127.0.0.1"
    port: int = 8000
    retry_after_seconds: int = 5
    seed_dir: Path = PROJECT_ROOT / "seed"

    # --- who may read and write ------------------------------------------------------
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated `name:role:secret` entries, role reader|editor|admin. "
        "Held as secrets: never shown in a repr or a log.",
    )
    reads_require_key: bool = False
    #: Failed API keys from one client within the window, before its keyed requests are
    #: answered 429 (with Retry-After) until the window has passed.
    auth_failure_limit: int = Field(default=10, ge=1)
    auth_failure_window_seconds: float = Field(default=60.0, gt=0)

    # --- browsers -----------------------------------------------------------------------
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated origins (e.g. `https://dash.example.org`) whose pages "
        "may call the API from a browser; none by default.",
    )
    web_vendor_dir: Path = Field(
        default=PROJECT_ROOT / "node_modules",
        description="Where `npm ci` installed the explorer's and the API docs' libraries.",
    )

    # --- serving reads (issue 16) -----------------------------------------------------
    #: uvicorn worker processes of `rbmtrace serve` / `make run` (each its own driver and
    #: read cache; nothing is shared between them).
    workers: int = Field(default=1, ge=1)
    #: Most bytes of answers each worker keeps in its read cache (app/api/read_cache.py);
    #: 0 turns the cache off.
    read_cache_bytes: int = Field(default=64 * 1024 * 1024, ge=0)

    # --- references --------------------------------------------------------------------
    default_plan: str = Field(
        default="current",
        description="The plan that settles a reference (a code, alias or name) naming "
        "elements of several plans when the request gives no `plan`: `current` (the plans "
        "whose period holds this year), a plan's id, code or name, or `none` (no default: "
        "such a reference is answered 409 with its candidates and their plans).",
    )

    # --- imports ----------------------------------------------------------------------
    max_import_bytes: int = 50 * 1024 * 1024
    import_batch_size: int = 5000
    #: Imports of more elements + links than this are written in batches of
    #: `import_batch_size`, each its own transaction (undone together if one fails); smaller
    #: ones in ONE transaction. One transaction needs about 7 KiB of Neo4j transaction
    #: memory per item (over 2 GiB for a 100k-element plan), see BENCHMARKS.md.
    import_transaction_items: int = 50_000

    # --- performance (issue 17): how progress becomes a status, how statuses roll up ---
    #: `bands` (green from 100% of the target, amber from 50%) or `margin` (green within
    #: +/- performance_margin of the target: TolaData's on-track rule).
    performance_rule: Literal["bands", "margin"] = "bands"
    performance_margin: float = Field(default=0.15, gt=0, lt=1)
    #: How children weigh in a roll-up: `equal`, or `budget` (the budget entering each one).
    performance_weights: Literal["equal", "budget"] = "equal"
    #: The organisation the IATI results export names as reporting-org (IATI organisation
    #: identifier, name, and OrganisationType code: 40 multilateral).
    iati_org_ref: str = "XI-RBMTRACE"
    iati_org_name: str = "RBM Trace organisation (set RBMTRACE_IATI_ORG_NAME)"
    iati_org_type: str = "40"

    @field_validator("api_keys", "cors_origins", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.production:
            if self.neo4j_uri is None:
                raise ValueError("NEO4J_URI must be set in production (no managed local server)")
            if self.neo4j_password.get_secret_value() == LOCAL_DEFAULT_PASSWORD:
                raise ValueError("NEO4J_PASSWORD must be set in production")
            if not self.api_keys:
                raise ValueError("RBMTRACE_API_KEYS must be set in production")
        return self

    @property
    def neo4j_auth(self) -> tuple[str, str]:
        return (self.neo4j_user, self.neo4j_password.get_secret_value())


@lru_cache
def get_settings() -> Settings:
    return Settings()
