"""Pydantic models of the plan-bundle interchange format, built from `app.metamodel`.

One model per element type (its `type` is a literal, so the element union is discriminated
on `type`), one link model (`from`, `type`, `to`, the links' declared properties such as
`share`, and `source`) and the bundle that holds both. Nothing here names a type or a
property by hand: adding one to the metamodel adds it here. `bundle_json_schema()` is what
`GET /api/v1/schema/bundle` serves. `element_fields()` and `link_fields()` are the fields
of the public element and link shape the API answers with (`app.elements.schemas`).
"""

from __future__ import annotations

from datetime import date
from functools import cache, lru_cache
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    create_model,
    model_serializer,
)

from app import metamodel
from app.bundles.codec import LINK_ENDS, SOURCE_FIELDS
from app.metamodel import Property, PropertyKind

MIN_YEAR, MAX_YEAR = 1900, 2200


class WithoutAbsent(BaseModel):
    """Absent (null) properties are left out when the model is written out, as in a bundle."""

    # no return annotation: with one, pydantic would document the answer by it, not by
    # the fields
    @model_serializer(mode="wrap")
    def _drop_absent(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        return {k: v for k, v in handler(self).items() if v is not None}


class Source(WithoutAbsent):
    """Where an element or link is stated: the document and the section within it."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    document: str | None = Field(default=None, description="The document, e.g. its title.")
    section: str | None = Field(default=None, description="Section, paragraph or annex.")


def iso_date(text: str) -> str:
    """A date property's text, checked: a real calendar date written YYYY-MM-DD."""
    try:
        if len(text) == 10:
            date.fromisoformat(text)
            return text
    except ValueError:
        pass
    raise ValueError("not a date written YYYY-MM-DD, e.g. 2025-12-31")


def _literal(values: tuple[str, ...]) -> Any:
    return Literal[values]


def python_type(prop: Property) -> Any:
    """The annotated Python type that checks one metamodel property."""
    if prop.choices:
        return _literal(prop.choices)
    kind = prop.kind
    text = Annotated[str, Field(max_length=prop.max_length)] if prop.max_length else str
    if kind in (PropertyKind.string, PropertyKind.text):
        return text
    if kind is PropertyKind.integer:
        limits = Field(strict=True, ge=metamodel.MIN_INTEGER, le=metamodel.MAX_INTEGER)
        return Annotated[int, limits]
    if kind is PropertyKind.year:
        return Annotated[int, Field(strict=True, ge=MIN_YEAR, le=MAX_YEAR)]
    if kind is PropertyKind.number:
        limits = Field(strict=True, ge=prop.minimum, le=prop.maximum, allow_inf_nan=False)
        return Annotated[float, limits]
    if kind is PropertyKind.boolean:
        return Annotated[bool, Field(strict=True)]
    if kind is PropertyKind.string_list:
        return list[text]  # type: ignore[valid-type]
    if kind is PropertyKind.date:
        return Annotated[str, AfterValidator(iso_date)]
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


def link_property_owners() -> dict[str, tuple[Property, list[str]]]:
    """Every property a link may have (sources apart): its declaration and the relationship
    types that declare it, in metamodel order."""
    owners: dict[str, tuple[Property, list[str]]] = {}
    for rel in metamodel.RELATIONSHIP_TYPES:
        for prop in metamodel.link_properties_of(rel.name):
            if prop.name not in SOURCE_FIELDS:
                owners.setdefault(prop.name, (prop, []))[1].append(rel.name)
    return owners


def _link_property_text(prop: Property, rels: list[str]) -> str:
    if len(rels) < len(metamodel.RELATIONSHIP_TYPES):
        return f"{prop.description} Only on relationships that declare it: {', '.join(rels)}."
    return prop.description


def _link_property_field(prop: Property, rels: list[str]) -> tuple[Any, Any]:
    text = _link_property_text(prop, rels)
    return python_type(prop) | None, Field(default=None, description=text)


@lru_cache(maxsize=1)
def link_model() -> type[BaseModel]:
    """A relationship between two elements, named by their ids, with its properties."""
    fields: dict[str, Any] = {
        "from_": (
            str,
            Field(
                ...,
                alias="from",
                max_length=metamodel.MAX_ID_LENGTH,
                description="Id of the element the link starts at.",
            ),
        ),
        "type": (
            _literal(metamodel.RELATIONSHIP_TYPE_NAMES),
            Field(..., description="Relationship type of the metamodel."),
        ),
        "to": (
            str,
            Field(
                ...,
                max_length=metamodel.MAX_ID_LENGTH,
                description="Id of the element the link ends at.",
            ),
        ),
    }
    for name, (prop, rels) in link_property_owners().items():
        fields[name] = _link_property_field(prop, rels)
    fields["source"] = (Source | None, Field(default=None, description="Where the link is stated."))
    model: type[BaseModel] = create_model(
        "Link",
        __config__=_MODEL_CONFIG,
        __doc__="A relationship between two elements, named by their ids.",
        **fields,
    )
    return model


def _loose_type(kinds: set[PropertyKind]) -> Any:
    """What a reader may find in a property declared with these kinds (by several types)."""
    if kinds <= {PropertyKind.string, PropertyKind.text, PropertyKind.date}:
        return str
    if kinds <= {PropertyKind.integer, PropertyKind.year}:
        return int
    if kinds <= {PropertyKind.integer, PropertyKind.year, PropertyKind.number}:
        return int | float
    if kinds == {PropertyKind.boolean}:
        return bool
    if kinds == {PropertyKind.string_list}:
        return list[str]
    return Any


def element_fields(skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of the public element shape: every declared property of any type (all
    optional, typed loosely; which types have a type-specific one is in its description),
    `source` nested. `skip`: fields a base model already has."""
    declared: dict[str, list[tuple[str, Property]]] = {}
    for element_type in metamodel.ELEMENT_TYPES:
        for prop in metamodel.properties_of(element_type.name):
            declared.setdefault(prop.name, []).append((element_type.name, prop))
    common = {p.name for p in metamodel.COMMON_PROPERTIES}
    fields: dict[str, Any] = {}
    for name, owners in declared.items():
        if name in skip or name in SOURCE_FIELDS:
            continue
        descriptions = dict.fromkeys(p.description for _, p in owners)
        text = " / ".join(descriptions)
        if name not in common:
            text += " (" + ", ".join(t for t, _ in owners) + ")"
        annotation = _loose_type({p.kind for _, p in owners})
        fields[name] = (annotation | None, Field(default=None, description=text))
    fields["source"] = (
        Source | None,
        Field(default=None, description="Where the element is stated."),
    )
    return fields


def link_fields(skip: tuple[str, ...] = LINK_ENDS) -> dict[str, Any]:
    """The fields of a link's own properties in the public shape (its ends left out)."""
    fields: dict[str, Any] = {}
    for name, (prop, rels) in link_property_owners().items():
        if name not in skip:
            annotation = _loose_type({prop.kind})
            text = _link_property_text(prop, rels)
            fields[name] = (annotation | None, Field(default=None, description=text))
    fields["source"] = (Source | None, Field(default=None, description="Where the link is stated."))
    return fields


@lru_cache(maxsize=1)
def element_union() -> Any:
    models = tuple(element_models().values())
    return Annotated[Union[models], Field(discriminator="type")]  # noqa: UP007


@lru_cache(maxsize=1)
def bundle_model() -> type[BaseModel]:
    """The whole bundle: `elements` (discriminated on `type`) and `links`."""
    element_list: Any = list[element_union()]  # type: ignore[misc]
    link_list: Any = list[link_model()]  # type: ignore[misc]
    model: type[BaseModel] = create_model(
        "PlanBundle",
        __config__=ConfigDict(extra="forbid", title="RBM Trace plan bundle"),
        __doc__="A plan bundle: elements and the links between them (see `GET /api/v1/model`).",
        elements=(element_list, Field(default_factory=list)),
        links=(link_list, Field(default_factory=list)),
    )
    return model


@cache
def element_adapter(type_name: str) -> TypeAdapter[Any]:
    return TypeAdapter(element_model(type_name))


@lru_cache(maxsize=1)
def link_adapter() -> TypeAdapter[Any]:
    return TypeAdapter(link_model())


def forget_models() -> None:
    """Build the models again from the metamodel when next asked for (they are built once;
    a test that extends the metamodel calls this before and after)."""
    for cached in (element_models, element_adapter, element_union, bundle_model, link_model):
        cached.cache_clear()
    link_adapter.cache_clear()


def bundle_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a bundle, generated from the models above."""
    schema = bundle_model().model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:rbmtrace:schema:plan-bundle"
    return schema
