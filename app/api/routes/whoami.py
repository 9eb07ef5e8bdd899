"""Who the API key in use is: its name and role, so that a page shows only what it may do."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from app.api.auth import WRITE_ROLES, ReaderDep
from app.core.config import Role

router = APIRouter(tags=["health"])


class Caller(BaseModel):
    name: str = Field(description="The key's name; `anonymous` without a key.")
    role: Role | None = Field(description="reader, editor or admin; null without a key.")
    may_write: bool = Field(description="Editor or admin: may create, edit, waive, clear.")
    is_admin: bool = Field(description="Admin: may also delete baselines.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"name": "eve", "role": "editor", "may_write": True, "is_admin": False}]
        }
    )


@router.get(
    "/whoami",
    response_model=Caller,
    summary="The API key in use: its name and role",
    description="The explorer asks this to offer only the actions the key allows. A wrong "
    "key is refused with 401, as on every route.",
)
def whoami(caller: ReaderDep) -> Caller:
    return Caller(
        name=caller.name,
        role=caller.role,
        may_write=caller.role in WRITE_ROLES,
        is_admin=caller.is_admin,
    )
