"""The one JSON envelope of every list answer: `items`, `next_cursor` and `total`.

Every list-like answer model derives from `ListEnvelope[Item]`, so a dashboard reads any
list the same way: `items` (this page of the list), `next_cursor` (pass it back as
`cursor` for the next page; null on the last page) and `total` (the number of items on
all pages, or null where knowing it would cost a second query over the whole type).

Answers that held their list under their own key before the envelope (`findings`,
`outputs`, `figures`, `rows`, `suspects`, `events`, `changes`, `entries`) keep that key,
marked deprecated in the OpenAPI document, for removal in `/api/v2`. A subclass names it
in `legacy_key`; the service keeps building the model with that key, and the envelope's
`items` is filled from it: the *same* list object, so the two can never disagree.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, GetJsonSchemaHandler, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

Item = TypeVar("Item")


def legacy_list(description: str = "") -> Any:
    """The field of a deprecated list key (`findings: list[Finding] = legacy_list()`)."""
    text = "Deprecated: the same list as `items`; removed in /api/v2."
    return Field(
        description=f"{description} {text}".strip(), json_schema_extra={"deprecated": True}
    )


class ListEnvelope(BaseModel, Generic[Item]):
    # an answer always carries its three keys (null where not known): required in OpenAPI
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    # a default only so that services may keep building answers with their legacy key
    items: list[Item] = Field(default_factory=list, description="The list (this page of it).")
    next_cursor: str | None = Field(
        default=None,
        description="Pass as `cursor` for the next page; null on the last page (also in the "
        "`X-Next-Cursor` and `Link: rel=next` headers).",
    )
    total: int | None = Field(
        default=None,
        description="How many items all pages hold, where that is known without a second "
        "query (also in `X-Total-Count`); null otherwise.",
    )

    #: The answer's own list key from before the envelope (deprecated), if any.
    legacy_key: ClassVar[str | None] = None
    #: The answer's own total key from before the envelope, if any (`total_changes`).
    legacy_total_key: ClassVar[str | None] = None
    #: True when the answer always holds the whole list (no paging): total = len(items).
    complete: ClassVar[bool] = False

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        """The answer's examples show the envelope too, filled as an answer would be."""
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        target["examples"] = [
            cls.model_validate(example).model_dump(mode="json", by_alias=True)
            for example in target.get("examples", [])
        ]
        return schema

    @model_validator(mode="before")
    @classmethod
    def _from_legacy_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        filled = dict(data)
        if cls.legacy_key and "items" not in filled and cls.legacy_key in filled:
            filled["items"] = filled[cls.legacy_key]
        if cls.legacy_total_key and "total" not in filled and cls.legacy_total_key in filled:
            filled["total"] = filled[cls.legacy_total_key]
        return filled

    @model_validator(mode="after")
    def _one_list(self) -> ListEnvelope[Item]:
        if self.legacy_key:
            # the deprecated key and `items` are one list object: one to build, one to change
            object.__setattr__(self, self.legacy_key, self.items)
        if self.complete and self.total is None:
            self.total = len(self.items)
        if self.legacy_total_key:
            object.__setattr__(self, self.legacy_total_key, self.total)
        return self
