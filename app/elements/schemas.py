"""The public shape of an element and of a link, and the answers built from them.

`Element` is the one shape every endpoint shows an element in (one element, a listing, the
answers of writes): the bundle form of `app.bundles.codec`, `source` nested, absent
properties left out. `ElementRef` is its first four fields, where an answer only names an
element (trace paths, findings, budget figures). `Link` is a link in the same way; a
`DirectLink` is one seen from one of its ends. Their fields come from `app.metamodel`, and a
property declared there after the models were built still passes through (`extra`).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.json_schema import JsonDict

from app.bundles import codec
from app.bundles import schemas as bundle_schemas
from app.core.list_envelope import ListEnvelope

TP2: JsonDict = {
    "id": "itu-tp-2",
    "code": "TP#2",
    "name": "International numbering resources",
    "type": "ThematicPriority",
}
TP2_ELEMENT: JsonDict = {
    **TP2,
    "aliases": ["TP2"],
    "number": 2,
    "source": {"document": "Strategic Plan 2024-2027", "section": "Annex 1"},
}

_LINK_EXAMPLE: JsonDict = {
    "from": "itu-outcome-x",
    "type": "DELIVERED_BY",
    "to": "itu-output-y",
    "share": 0.5,
}


class ElementRef(BaseModel):
    """An element named briefly: enough to show it and to ask for it by id."""

    id: str
    code: str | None = None
    name: str | None = None
    type: str

    model_config = ConfigDict(json_schema_extra={"examples": [TP2]})


_ElementFields: Any = create_model(
    "ElementFields",
    __base__=(ElementRef, bundle_schemas.WithoutAbsent),
    **bundle_schemas.element_fields(skip=tuple(ElementRef.model_fields)),
)


class Element(_ElementFields):
    """An element: its id and type, the properties its type declares (see
    `GET /api/v1/model`; absent ones are left out) and where it is stated (`source`).
    The same shape as an element of a plan bundle."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [TP2_ELEMENT]})

    def etag(self) -> str:
        """Its entity tag (`ETag`, and what `If-Match` must name to change or delete it)."""
        return codec.etag(self.model_dump(by_alias=True, mode="json"))


_LinkPropertyFields: Any = create_model(
    "LinkPropertyFields", __base__=bundle_schemas.WithoutAbsent, **bundle_schemas.link_fields()
)


class Link(_LinkPropertyFields):
    """A link: its ends, the properties its relationship declares and its `source`. The
    same shape as a link of a plan bundle."""

    from_: str = Field(alias="from", description="Id of the element the link starts at.")
    type: str = Field(description="Relationship type.")
    to: str = Field(description="Id of the element the link ends at.")

    model_config = ConfigDict(
        extra="allow",
        populate_by_name=True,
        serialize_by_alias=True,
        json_schema_extra={"examples": [_LINK_EXAMPLE]},
    )


class DirectLink(_LinkPropertyFields):
    """One link of an element, seen from it: the relationship, the element at the other
    end, and the link's own properties (as in `Link`)."""

    relationship: str
    element: ElementRef

    model_config = ConfigDict(extra="allow")


class ElementPage(ListEnvelope[Element]):
    """`total` is null: counting would be a second query over the whole type."""

    limit: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [{**TP2, "aliases": ["TP2"], "source": {"document": "TSAG LS"}}],
                    "limit": 50,
                    "next_cursor": "aXR1LXRwLTI",
                    "total": None,
                }
            ]
        }
    )


class ElementDetail(BaseModel):
    element: Element
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
                    "element": TP2_ELEMENT,
                    "outgoing": [
                        {
                            "relationship": "HAS_OUTCOME",
                            "element": {
                                "id": "itu-outcome-x",
                                "code": None,
                                "name": "An outcome",
                                "type": "Outcome",
                            },
                            "source": {"document": "Strategic Plan 2024-2027"},
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


WriteAction = Literal["create", "update", "delete", "unchanged"]


class ElementWrite(BaseModel):
    """What a write of an element did, with the element before and after it."""

    action: WriteAction
    before: Element | None = Field(description="The element before the write.")
    after: Element | None = Field(description="The element after the write.")
    links_deleted: list[Link] = Field(
        default_factory=list, description="Links removed with a deleted element."
    )


class LinkWrite(BaseModel):
    """What a write of a link did, with the link before and after it."""

    action: WriteAction
    before: Link | None = Field(description="The link before the write.")
    after: Link | None = Field(description="The link after the write.")
