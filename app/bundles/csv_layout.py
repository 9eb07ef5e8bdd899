"""The CSV layout of a bundle, read by `app.bundles.parsing` and written by the exporter.

`elements.csv` has the columns `id,type` and the common properties
(`code,name,description,aliases,source_document,source_section`), then one column per
type-specific property, in metamodel order; `links.csv` has `from,type,to`, the
relationships' own properties (`share`) and `source_document,source_section`. Both are
derived from `app.metamodel`, so a declared property gets its column without a change here.
Lists (`aliases` and other `string_list` properties) are `;`-separated; an empty cell is an
absent value. `source` is flat in CSV, as stored (`app.bundles.codec`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from app import metamodel
from app.bundles.codec import LINK_ENDS, SOURCE_FIELDS, flatten_source, nest_source
from app.core.spreadsheet import neutralise
from app.metamodel import PropertyKind

LIST_SEPARATOR = ";"

_INTEGER_TEXT = re.compile(r"^[+-]?\d{1,30}$")  # longer: left as text, refused by validation


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def element_base_columns() -> tuple[str, ...]:
    """`id`, `type` and the properties every element has, in metamodel order."""
    return _unique(["id", "type", *(p.name for p in metamodel.COMMON_PROPERTIES)])


def element_property_columns() -> tuple[str, ...]:
    """Type-specific property columns of `elements.csv`, in metamodel order."""
    return _unique([p.name for t in metamodel.ELEMENT_TYPES for p in t.properties])


def element_columns() -> tuple[str, ...]:
    return _unique([*element_base_columns(), *element_property_columns()])


def _link_properties() -> dict[str, metamodel.Property]:
    """Every property a link may have, by name: the relationships' own, then the common."""
    props: dict[str, metamodel.Property] = {}
    for prop in [p for r in metamodel.RELATIONSHIP_TYPES for p in r.properties]:
        props.setdefault(prop.name, prop)
    for prop in metamodel.LINK_PROPERTIES:
        props.setdefault(prop.name, prop)
    return props


def link_columns() -> tuple[str, ...]:
    return (*LINK_ENDS, *_link_properties())


# --- reading: cells -> bundle form --------------------------------------------------------
def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def cell_value(text: str, kind: PropertyKind | None) -> Any:
    """The typed value of one CSV cell; text that does not convert stays text for validation
    to report against the property's type."""
    if kind in (PropertyKind.integer, PropertyKind.year) and _INTEGER_TEXT.match(text):
        return int(text)
    if kind is PropertyKind.number:
        if _INTEGER_TEXT.match(text):
            return int(text)
        try:
            return float(text)
        except ValueError:
            return text
    if kind is PropertyKind.boolean and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if kind is PropertyKind.string_list:
        return split_list(text)
    return text


def _element_kind(type_name: str, column: str) -> PropertyKind | None:
    if not metamodel.is_element_type(type_name):
        return None
    for prop in metamodel.properties_of(type_name):
        if prop.name == column:
            return prop.kind
    return None


def _from_cells(cells: Mapping[str, str], kinds: Mapping[str, PropertyKind | None]) -> Any:
    item: dict[str, Any] = {
        column: cell_value(text, kinds.get(column))
        for column, text in cells.items()
        if text != "" and column not in SOURCE_FIELDS
    }
    source = nest_source({k: v for k, v in cells.items() if v != ""})
    if source:
        item["source"] = source
    return item


def element_from_cells(cells: Mapping[str, str]) -> dict[str, Any]:
    """The bundle form of one `elements.csv` row (cells by column name)."""
    type_name = cells.get("type", "")
    kinds = {column: _element_kind(type_name, column) for column in cells}
    kinds["id"] = kinds["type"] = None
    result: dict[str, Any] = _from_cells(cells, kinds)
    return result


def link_from_cells(cells: Mapping[str, str]) -> dict[str, Any]:
    """The bundle form of one `links.csv` row (cells by column name)."""
    kinds = {name: prop.kind for name, prop in _link_properties().items()}
    result: dict[str, Any] = _from_cells(cells, {c: kinds.get(c) for c in cells})
    return result


# --- writing: bundle form -> cells --------------------------------------------------------
def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # text a spreadsheet would run as a formula: neutralised
        return neutralise(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(str(value))


def cells_of(item: Mapping[str, Any], columns: tuple[str, ...]) -> list[str]:
    """One CSV row (in the order of `columns`) for an element or link in bundle form."""
    flat = flatten_source(item)
    return [cell_text(flat.get(column)) for column in columns]
