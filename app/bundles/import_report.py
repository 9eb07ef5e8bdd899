"""What an import did (or, dry, would do): one pydantic model, returned by the importer and
served as it is by `POST /api/v1/import`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

#: How many changed items a report lists one by one (the counts are always complete).
LISTED_CHANGES = 200


class Counts(BaseModel):
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


class Change(BaseModel):
    kind: Literal["element", "link"]
    key: str = Field(description="Element id, or `from-[TYPE]->to` for a link.")
    action: Literal["create", "update"]
    fields: list[str] = Field(description="Properties that differ (for an update).")


class ImportReport(BaseModel):
    dry_run: bool = False
    files: list[str] = Field(default_factory=list)
    elements: Counts = Field(default_factory=Counts)
    links: Counts = Field(default_factory=Counts)
    changes: list[Change] = Field(
        default_factory=list, description=f"What changed, the first {LISTED_CHANGES} items."
    )

    @computed_field(  # type: ignore[prop-decorator]
        description="False when the import changed (or would change) nothing."
    )
    @property
    def changed(self) -> bool:
        return bool(
            self.elements.created + self.elements.updated + self.links.created + self.links.updated
        )
