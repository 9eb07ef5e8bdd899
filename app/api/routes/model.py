"""The metamodel, as data (`app/metamodel.py` is its single source)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app import metamodel

router = APIRouter(tags=["model"])


@router.get("/model", summary="Element types, relationship types and allowed links")
def get_model() -> dict[str, Any]:
    return metamodel.describe()
