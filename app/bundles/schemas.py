"""Pydantic models of the plan-bundle interchange format, built from `app.metamodel`.

One model per element type (its `type` is a literal, so the element union is discriminated
on `type`), one link model (`from`, `type`, `to`, `share`, `source`) and the bundle that
holds both. Nothing here names a type by hand: adding a type to the metamodel adds a model.
`bundle_json_schema()` is what `GET /api/v1/schema/bundle` serves.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, create_model

from app import metamodel
from app.metamodel import Property, PropertyKind

#: Element properties that the bundle form carries inside `source` rather than flat.
SOURCE_FIELDS = ("source_document", "source_section")

MIN_YEAR, MAX_YEAR = 1900, 2200


class Source(BaseModel):
    """Where an element or link is stated: the document and the section within it."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    document: str | None = Field(default=None, description="The document, e.g. its title.")
    section: str | None = Field(default=None, description="Section, paragraph or annex.")


def _literal(values: tuple[str, ...]) -> Any:
    return Literal[values]


def python_type(prop: Property) -> Any:
    """The annotated Python type that checks one metamodel property."""
    if prop.choices:
        return _literal(prop.choices)
    kind = prop.kind
    if kind in (PropertyKind.string, PropertyKind.text):
        return str
    if kind is PropertyKind.integer:
        return Annotated[int, Field(strict=True)]
    if kind is PropertyKind.year:
        return Annotated[int, Field(strict=True, ge=MIN_YEAR, le=MAX_YEAR)]
    if kind is PropertyKind.number:
        return Annotated[float, Field(strict=True, ge=prop.minimum, le=prop.maximum)]
    if kind is PropertyKind.boolean:
        return Annotated[bool, Field(strict=True)]
    if kind is PropertyKind.string_list:
        return list[str]
    raise ValueError(f"no Python type for property kind {kind}")  # pragma: no cover


def _field(prop: Property, *, required: bool | None = None) -> tuple[Any, Any]:
    needed = prop.required if required is None else required
    annotation = python_type(prop) if needed else python_type(prop) | None
    if needed:
        return annotation, Field(..., description=prop.description)
    return annotation, Field(default=None, description=prop.description)


_MODEL_CONFIG = ConfigDict(extra="forbid", coerce_numbers_to_str=True, populate_by_name=True)


def _element_model(type_name: str) -> type[BaseModel]:
    declared = metamodel.element_type(type_name)
    fields: dict[str, Any] = {
        "type": (_literal((type_name,)), Field(..., description="The element type.")),
    }
    for prop in metamodel.properties_of(type_name):
        if prop.name in SOURCE_FIELDS:
            continue
        fields[prop.name] = _field(prop)
    fields["source"] = (
        Source | None,
        Field(default=None, description="Where the element is stated."),
    )
    model: type[BaseModel] = create_model(
        f"{type_name}Element",
        __config__=_MODEL_CONFIG,
        __doc__=declared.description,
        **fields,
    )
    return model


@lru_cache(maxsize=1)
def element_models() -> dict[str, type[BaseModel]]:
    """Element type name -> its pydantic model, in metamodel order."""
    return {name: _element_model(name) for name in metamodel.ELEMENT_TYPE_NAMES}


def element_model(type_name: str) -> type[BaseModel]:
    return element_models()[type_name]


def _share_field() -> tuple[Any, Any]:
    return _field(metamodel.SHARE, required=False)


class Link(BaseModel):
    """A relationship between two elements, named by their ids."""

    model_config = _MODEL_CONFIG

    from_: str = Field(..., alias="from", description="Id of the element the link starts at.")
    type: _literal(metamodel.RELATIONSHIP_TYPE_NAMES) = Field(  # type: ignore[valid-type]
        ..., description="Relationship type of the metamodel."
    )
    to: str = Field(..., description="Id of the element the link ends at.")
    share: python_type(metamodel.SHARE) | None = Field(  # type: ignore[valid-type]
        default=None,
        description=metamodel.SHARE.description
        + " Only on relationships that declare it: "
        + ", ".join(r.name for r in metamodel.RELATIONSHIP_TYPES if metamodel.SHARE in r.properties)
        + ".",
    )
    source: Source | None = Field(default=None, description="Where the link is stated.")


@lru_cache(maxsize=1)
def element_union() -> Any:
    models = tuple(element_models().values())
    return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007


@lru_cache(maxsize=1)
def bundle_model() -> type[BaseModel]:
    """The whole bundle: `elements` (discriminated on `type`) and `links`."""
    element_list: Any = list[element_union()]  # type: ignore[misc]
    model: type[BaseModel] = create_model(
        "PlanBundle",
        __config__=ConfigDict(extra="forbid", title="RBM Trace plan bundle"),
        __doc__="A plan bundle: elements and the links between them (see `GET /api/v1/model`).",
        elements=(element_list, Field(default_factory=list)),
        links=(list[Link], Field(default_factory=list)),
    )
    return model


@cache
def element_adapter(type_name: str) -> TypeAdapter[Any]:
    return TypeAdapter(element_model(type_name))


LINK_ADAPTER: TypeAdapter[Link] = TypeAdapter(Link)


def bundle_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a bundle, generated from the models above."""
    schema = bundle_model().model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:rbmtrace:schema:plan-bundle"
    return schema
