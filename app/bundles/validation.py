"""Validation of a whole bundle against the metamodel and what is already stored.

`validate_bundle` checks everything and reports every problem at once, each with its place,
a message and a hint: element types, properties and their types, duplicate ids, changes of
an existing element's type, relationship types, `share` where it is not declared or out of
0..1, links between types the metamodel does not allow (the message lists what it allows),
and links to ids that are neither in the bundle nor in the database.

It is a pure function of the parsed bundle and the stored types of the ids it names, so the
importer runs it inside its write transaction. The write API checks one element or link
with the very same functions (`validate_element`, `validate_link`). What passes is returned
as the typed models of `app.bundles.schemas`, which later steps use as they are
(`app.bundles.codec` turns them into stored rows).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel, ValidationError

from app import metamodel
from app.bundles import schemas
from app.bundles.codec import SOURCE_FIELDS
from app.bundles.documents import excerpt
from app.bundles.parsing import Item, ParsedBundle
from app.bundles.places import BundleError, ItemPlace, Place, PlaceLater, summary
from app.core.errors import InvalidBundle
from app.lookup_keys import link_key
from app.metamodel import PropertyKind

_KIND_WORDS = {
    PropertyKind.string: "text",
    PropertyKind.text: "text",
    PropertyKind.integer: "a whole number",
    PropertyKind.year: f"a year ({schemas.MIN_YEAR}..{schemas.MAX_YEAR})",
    PropertyKind.number: "a number",
    PropertyKind.boolean: "true or false",
    PropertyKind.string_list: "a list of texts",
    PropertyKind.date: "a date written YYYY-MM-DD",
}


@lru_cache(maxsize=1)
def _link_property_rels() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, the relationship types that declare it) of every link property (sources
    apart), read once: `_check_link` asks for every link."""
    owners = schemas.link_property_owners()
    return tuple((name, tuple(rels)) for name, (_, rels) in owners.items())


@cache
def _own_link_properties(rel: str) -> frozenset[str]:
    return frozenset(p.name for p in metamodel.link_properties_of(rel))


def link_fields() -> list[str]:
    """What a link may have: its ends, the links' declared properties, `source`."""
    return ["from", "type", "to", *schemas.link_property_owners(), "source"]


@dataclass
class ValidBundle:
    """A bundle that passed validation: one typed model per element (of its type's model)
    and per link (`schemas.link_model()`), input order kept."""

    elements: list[BaseModel] = field(default_factory=list)
    links: list[BaseModel] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def referenced_ids(parsed: ParsedBundle) -> list[str]:
    """Every id the bundle names (its elements and both ends of its links), for the lookup
    of what is stored."""
    ids: dict[str, None] = {}
    for item in parsed.elements:
        if isinstance(item.data, Mapping) and isinstance(item.data.get("id"), str):
            ids.setdefault(item.data["id"], None)
    for item in parsed.links:
        if isinstance(item.data, Mapping):
            for end in ("from", "to"):
                if isinstance(item.data.get(end), str):
                    ids.setdefault(item.data[end], None)
    return list(ids)


def _near(word: str, choices: Iterable[str]) -> str:
    if len(word) > metamodel.MAX_NAME_LENGTH:
        return ""
    close = difflib.get_close_matches(word, list(choices), n=3, cutoff=0.6)
    return ("Did you mean " + " or ".join(f"'{c}'" for c in close) + "? ") if close else ""


def allowed_types_hint(given: str) -> str:
    return (
        _near(given, metamodel.ELEMENT_TYPE_NAMES)
        + "Element types: "
        + ", ".join(metamodel.ELEMENT_TYPE_NAMES)
        + "."
    )


def _element_fields(type_name: str) -> list[str]:
    names = [p.name for p in metamodel.properties_of(type_name)]
    return ["type", *[n for n in names if n not in SOURCE_FIELDS], "source"]


def _property(type_name: str | None, name: str) -> metamodel.Property | None:
    if type_name is None:
        owner = schemas.link_property_owners().get(name)
        return owner[0] if owner else None
    for prop in metamodel.properties_of(type_name):
        if prop.name == name:
            return prop
    return None


def pydantic_errors(
    exc: ValidationError, place: ItemPlace, type_name: str | None, *, skip: tuple[str, ...] = ()
) -> list[BundleError]:
    """Our errors for pydantic's: the field, a plain message and a hint about the type."""
    found: list[BundleError] = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        name = loc[0] if loc else ""
        if name in skip:
            continue
        dotted = ".".join(loc) or None
        kind = err.get("type", "")
        given = err.get("input")
        owner = type_name or "a link"
        if kind == "extra_forbidden":
            allowed = _element_fields(type_name) if type_name else link_fields()
            if loc[:1] == ["source"]:
                allowed = ["document", "section"]
            found.append(
                place.error(
                    f"unknown property {excerpt(loc[-1])} for {owner}",
                    field=dotted,
                    hint=_near(loc[-1], allowed) + f"{owner} may have: " + ", ".join(allowed) + ".",
                )
            )
        elif kind == "missing":
            found.append(place.error(f"missing required property '{dotted}'", field=dotted))
        else:
            prop = _property(type_name, name)
            hint = None
            if prop is not None:
                hint = f"'{name}' is {_KIND_WORDS[prop.kind]}"
                if prop.choices:
                    hint = f"'{name}' is one of: " + ", ".join(prop.choices)
                hint += f" ({prop.description})"
            elif name == "source":
                hint = "source is a mapping: {document: ..., section: ...}"
            message = err.get("msg", "invalid value")
            found.append(
                place.error(
                    f"wrong value for '{dotted}': {message}, got {excerpt(given)}",
                    field=dotted,
                    hint=hint,
                )
            )
    return found


def _check_element(
    item_data: Any, place: ItemPlace, stored_types: Mapping[str, str], errors: list[BundleError]
) -> BaseModel | None:
    if not isinstance(item_data, Mapping):
        errors.append(
            place.error(
                f"an element is a mapping of properties, not {type(item_data).__name__}",
                hint="e.g. {id: x, type: Output, name: ...}",
            )
        )
        return None
    type_name = item_data.get("type")
    if type_name is None:
        errors.append(
            place.error("missing element type", field="type", hint=allowed_types_hint(""))
        )
        return None
    if not isinstance(type_name, str) or not metamodel.is_element_type(type_name):
        errors.append(
            place.error(
                f"unknown element type {excerpt(type_name)}",
                field="type",
                hint=allowed_types_hint(str(type_name)),
            )
        )
        return None
    element_id = item_data.get("id")
    stored = stored_types.get(element_id) if isinstance(element_id, str) else None
    if stored is not None and stored != type_name:
        errors.append(
            place.error(
                f"element '{element_id}' is stored as a {stored}; its type cannot change to "
                f"{type_name}",
                field="type",
                hint=f"Keep type {stored}, or delete '{element_id}' first and import it again "
                "(its links go with it), or give the new element a new id.",
            )
        )
    try:
        model: BaseModel = schemas.element_adapter(type_name).validate_python(dict(item_data))
    except ValidationError as exc:
        errors.extend(pydantic_errors(exc, place, type_name))
        return None
    if not str(getattr(model, "id", "")).strip():
        errors.append(place.error("the id is empty", field="id"))
        return None
    return model


def _check_link(
    item_data: Any,
    place: ItemPlace,
    types_by_id: Mapping[str, str | None],
    errors: list[BundleError],
) -> BaseModel | None:
    if not isinstance(item_data, Mapping):
        errors.append(
            place.error(
                f"a link is a mapping, not {type(item_data).__name__}",
                hint="e.g. {from: goal-1, type: HAS_PRIORITY, to: tp-2}",
            )
        )
        return None
    before = len(errors)
    rel = item_data.get("type")
    rel_ok = isinstance(rel, str) and metamodel.is_relationship_type(rel)
    if not rel_ok:
        word = "missing relationship type"
        if rel is not None:
            word = f"unknown relationship type {excerpt(rel)}"
        errors.append(
            place.error(
                word,
                field="type",
                hint=_near(str(rel or ""), metamodel.RELATIONSHIP_TYPE_NAMES)
                + "Relationship types: "
                + ", ".join(metamodel.RELATIONSHIP_TYPE_NAMES)
                + ".",
            )
        )
    link: BaseModel | None = None
    try:
        link = schemas.link_adapter().validate_python(dict(item_data))
    except ValidationError as exc:
        errors.extend(pydantic_errors(exc, place, None, skip=("type",)))
    ends: dict[str, str | None] = {}
    for end in ("from", "to"):
        ref = item_data.get(end)
        if not isinstance(ref, str):
            continue  # reported above as missing or of the wrong type
        if ref not in types_by_id:
            errors.append(
                place.error(
                    f"no element with id {excerpt(ref)} in the bundle or the database",
                    field=end,
                    hint=_near(ref, types_by_id)
                    + "Links name elements by id; add the element to the bundle or import it "
                    "first.",
                )
            )
        else:
            ends[end] = types_by_id[ref]
    if rel_ok:
        assert isinstance(rel, str)
        declared = metamodel.relationship_type(rel)
        own = _own_link_properties(rel)
        for name, rels in _link_property_rels():
            if name not in own and item_data.get(name) is not None:
                errors.append(
                    place.error(
                        f"{rel} links carry no {name}",
                        field=name,
                        hint="Only " + ", ".join(rels) + f" links have a {name}.",
                    )
                )
        from_type, to_type = ends.get("from"), ends.get("to")
        if from_type and to_type and not declared.allows(from_type, to_type):
            between = metamodel.relationships_between(from_type, to_type)
            hint = (
                f"Between {from_type} and {to_type} the metamodel allows: " + ", ".join(between)
                if between
                else f"The metamodel has no relationship from {from_type} to {to_type}."
            )
            errors.append(
                place.error(
                    f"{rel} cannot link {from_type} -> {to_type}; {rel} links only: "
                    + metamodel.allowed_pairs_text(rel),
                    field="type",
                    hint=hint,
                )
            )
    if len(errors) > before:
        return None
    return link


#: Each element type's name, by itself.
_ELEMENT_TYPE_NAMES = {name: name for name in metamodel.ELEMENT_TYPE_NAMES}

#: What a released item of a spent bundle is replaced by (see validate_bundle).
SPENT = Item(None, Place("released"))


class BundleChecks:
    """The checks of `validate_bundle`, one item at a time: every element first, then every
    link (whose ends must all be known by then). Each item gives its typed model, or None
    with its problems added to `errors`.

    `where` names an item's place: a `Place`, or, with `place_of`, anything `place_of` turns
    into one when an error needs it (a bulk load names millions of items by number). Kept
    per id and per link: the id's type, the first `where` (for a duplicate's message) and
    a number that makes a link's key a small integer.
    """

    def __init__(
        self,
        stored_types: Mapping[str, str],
        place_of: Callable[[Any], Place] | None = None,
    ) -> None:
        self.errors: list[BundleError] = []
        self.stored_types: dict[str, str] = dict(stored_types)
        #: every id an element or a link may name: the bundle's and the stored ones
        self.types_by_id: dict[str, str | None] = dict(stored_types)
        self._place_of = place_of
        self._first_element: dict[str, Any] = {}
        self._first_link: dict[int, Any] = {}
        self._numbers: dict[str, int] = {}
        self._rel_numbers = {name: n for n, name in enumerate(metamodel.RELATIONSHIP_TYPE_NAMES)}

    def know_stored(self, stored_types: Mapping[str, str]) -> None:
        """More stored types, of ids named next (a streamed import looks them up a slice of
        items at a time, before checking the slice); a type the bundle gives an id wins."""
        self.stored_types.update(stored_types)
        for element_id, type_name in stored_types.items():
            self.types_by_id.setdefault(element_id, type_name)

    def _place(self, where: Any) -> ItemPlace:
        return where if self._place_of is None else PlaceLater(where, self._place_of)

    def _shown(self, where: Any) -> Place:
        return where if self._place_of is None else self._place_of(where)

    def element(self, data: Any, where: Any) -> BaseModel | None:
        place = self._place(where)
        element_id = data.get("id") if isinstance(data, Mapping) else None
        if isinstance(element_id, str):
            first = self._first_element.get(element_id)
            if first is not None:
                self.errors.append(
                    place.error(
                        f"duplicate id {excerpt(element_id)}: already used at {self._shown(first)}",
                        field="id",
                        hint="Each element needs its own id; merge the two or rename one.",
                    )
                )
            else:
                self._first_element[element_id] = where
                self._number(element_id)
                declared = data.get("type")
                # the metamodel's own string (a million ids share a dozen type names)
                known = _ELEMENT_TYPE_NAMES.get(declared) if isinstance(declared, str) else None
                self.types_by_id[element_id] = known
        return _check_element(data, place, self.stored_types, self.errors)

    def _number(self, element_id: str) -> int:
        number = self._numbers.get(element_id)
        if number is None:
            number = self._numbers[element_id] = len(self._numbers)
        return number

    def link(self, data: Any, where: Any) -> BaseModel | None:
        place = self._place(where)
        link = _check_link(data, place, self.types_by_id, self.errors)
        if link is None:
            return None
        ends: Any = link  # a link model: `from` is its field `from_`
        # link_key(from, type, to) as one integer: both ends are known ids by now
        pair = self._number(ends.from_) << 40 | self._number(ends.to)
        key = pair * len(self._rel_numbers) + self._rel_numbers[ends.type]
        first = self._first_link.get(key)
        if first is not None:
            self.errors.append(
                place.error(
                    f"duplicate link {link_key(ends.from_, ends.type, ends.to)}: already "
                    f"given at {self._shown(first)}",
                    hint="A pair of elements has at most one link of each type; keep one.",
                )
            )
            return None
        self._first_link[key] = where
        return link

    def raise_if_invalid(self) -> None:
        if self.errors:
            raise _invalid(self.errors)


def validate_bundle(
    parsed: ParsedBundle, stored_types: Mapping[str, str], *, release: bool = False
) -> ValidBundle:
    """Check every element and link; raise InvalidBundle listing every problem, if any.

    `stored_types` maps the ids the bundle names (see `referenced_ids`) that are already in
    the database to their element types. With `release`, each raw item is dropped from
    `parsed` once checked (its typed model kept), so that the bundle is not held twice;
    `parsed` is then spent.
    """
    checks = BundleChecks(stored_types)
    valid = ValidBundle(files=list(parsed.files))
    for index, item in enumerate(parsed.elements):
        if release:
            parsed.elements[index] = SPENT
        element = checks.element(item.data, item.place)
        if element is not None:
            valid.elements.append(element)
    for index, item in enumerate(parsed.links):
        if release:
            parsed.links[index] = SPENT
        link = checks.link(item.data, item.place)
        if link is not None:
            valid.links.append(link)
    checks.raise_if_invalid()
    return valid


def _invalid(errors: list[BundleError]) -> InvalidBundle:
    return InvalidBundle(
        "The bundle is not valid; nothing was written. " + summary(errors),
        errors=[e.as_dict() for e in errors],
        hint="Fix every problem listed in `errors` (each names its place), then import again.",
    )


def validate_element(data: Any, place: Place, stored_types: Mapping[str, str]) -> BaseModel:
    """One element, checked as an import checks it (`stored_types`: the stored type of its
    id, if stored); raise InvalidBundle listing every problem."""
    errors: list[BundleError] = []
    element = _check_element(data, place, stored_types, errors)
    if element is None or errors:
        raise _invalid(errors)
    return element


def validate_link(data: Any, place: Place, types_by_id: Mapping[str, str]) -> BaseModel:
    """One link, checked as an import checks it (`types_by_id`: the stored types of the
    elements it may name); raise InvalidBundle listing every problem."""
    errors: list[BundleError] = []
    link = _check_link(data, place, types_by_id, errors)
    if link is None or errors:
        raise _invalid(errors)
    return link
