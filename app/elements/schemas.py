"""Response models for finding and listing elements."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

TP2: JsonDict = {
    "id": "itu-tp-2",
    "code": "TP#2",
    "name": "International numbering resources",
    "type": "ThematicPriority",
}


class ElementRef(BaseModel):
    """An element named briefly: enough to show it and to ask for it by id."""

    id: str
    code: str | None = None
    name: str | None = None
    type: str

    model_config = ConfigDict(json_schema_extra={"examples": [TP2]})


class ElementSummary(ElementRef):
    aliases: list[str] = Field(default_factory=list)
    source_document: str | None = None
    source_section: str | None = None


class ElementPage(BaseModel):
    items: list[ElementSummary]
    limit: int
    next_cursor: str | None = Field(
        default=None, description="Pass as `cursor` for the next page; null on the last page."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [{**TP2, "aliases": ["TP2"], "source_document": "TSAG LS"}],
                    "limit": 50,
                    "next_cursor": "aXR1LXRwLTI",
                }
            ]
        }
    )


class DirectLink(BaseModel):
    """One link of an element to another, as stored."""

    relationship: str
    element: ElementRef
    share: float | None = None
    source_document: str | None = None
    source_section: str | None = None


class ElementDetail(BaseModel):
    element: ElementRef
    properties: dict[str, Any] = Field(
        description="Every stored property of the element (lookup keys left out)."
    )
    outgoing: list[DirectLink]
    incoming: list[DirectLink]
    outgoing_count: int
    incoming_count: int
    links_truncated: bool = Field(
        description="True when more links exist than were listed (see the counts)."
    )

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "element": TP2,
                    "properties": {**TP2, "aliases": ["TP2"], "number": 2},
                    "outgoing": [
                        {
                            "relationship": "HAS_OUTCOME",
                            "element": {
                                "id": "itu-outcome-x",
                                "code": None,
                                "name": "An outcome",
                                "type": "Outcome",
                            },
                            "share": None,
                            "source_document": "Strategic Plan 2024-2027",
                            "source_section": "Annex 1",
                        }
                    ],
                    "incoming": [],
                    "outgoing_count": 1,
                    "incoming_count": 0,
                    "links_truncated": False,
                }
            ]
        }
    )
