"""Every conversion of an element or a link between its shapes, and nowhere else.

An element (or a link) has two shapes:

- the **bundle form**: what a bundle file holds, what the write API takes and what every
  endpoint shows (one public shape): `{"id", "type", <declared properties>, "source":
  {"document", "section"}}`, absent values left out, `aliases` left out when empty. A link:
  `{"from", "type", "to", <declared properties>, "source"}`.
- the **stored row**: `{"id", "type", "props"}` (a link: `{"from", "type", "to", "props"}`)
  whose `props` are the node's (relationship's) properties in Neo4j: the declared ones with
  `source` flattened into `source_document` / `source_section`, plus the derived lookup
  keys of `app.lookup_keys` (`type`, `code_key`, `ref_keys`, `aliases_text`, `name_tokens`,
  `name_key` and the import stamp), which this module adds and is the only one to take away.

Nothing here names a declared property other than `id`, `aliases`, `code`, `name` (from
which the lookup keys derive) and the two parts of `source`: a property added to
`app.metamodel` passes through import, storage, export and the API unchanged. The CSV
layout (`app.bundles.csv_layout`) flattens `source` with the same two functions.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from pydantic import BaseModel

from app import metamodel
from app.core.numbers import finite_or_none
from app.lookup_keys import (
    DERIVED_PROPERTIES,
    IMPORT_STAMP,
    SUSPECT_STAMP,
    TOKENISED_TYPES,
    name_tokens_and_key,
    normalise_key,
)

#: (key inside `source`, the flat property it is stored and written in CSV as)
SOURCE_PARTS: tuple[tuple[str, str], ...] = (
    ("document", "source_document"),
    ("section", "source_section"),
)
#: Declared properties that the bundle form carries inside `source` rather than flat.
SOURCE_FIELDS: tuple[str, ...] = tuple(flat for _, flat in SOURCE_PARTS)

#: The ends of a link, which are its row's keys rather than its properties.
LINK_ENDS = ("from", "type", "to")

Row = dict[str, Any]


# --- source: nested in the bundle form, flat when stored (and in CSV) ---------------------
def flatten_source(item: Mapping[str, Any], skip: Iterable[str] = ()) -> dict[str, Any]:
    """The item's properties with `source` flattened and absent (None) values dropped."""
    skipped = set(skip)
    flat: dict[str, Any] = {}
    for key, value in item.items():
        if key in skipped:
            continue
        if key == "source" and isinstance(value, Mapping):
            for part, column in SOURCE_PARTS:
                if value.get(part) is not None:
                    flat[column] = value[part]
        elif value is not None:
            flat[key] = value
    return flat


def nest_source(props: Mapping[str, Any]) -> dict[str, Any] | None:
    """`{document, section}` from the flat properties; None when neither is given."""
    source = {part: props[column] for part, column in SOURCE_PARTS if props.get(column) is not None}
    return source or None


def bundle_form(item: Mapping[str, Any] | BaseModel) -> Mapping[str, Any]:
    """A validated model (`app.bundles.validation`) or plain data, as bundle-form data."""
    if isinstance(item, BaseModel):
        return item.model_dump(by_alias=True, exclude_none=True)
    return item


# --- bundle form -> stored row ------------------------------------------------------------
def element_props(element: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    """The node properties for one element in bundle form: flat, with the lookup keys."""
    props = flatten_source(bundle_form(element))
    aliases = [str(a) for a in props.get("aliases") or []]
    props["aliases"] = aliases
    code = props.get("code")
    if code:
        props["code_key"] = normalise_key(code)
    keys = [props["id"], *([code] if code else []), *aliases]
    props["ref_keys"] = sorted({key for k in keys if (key := normalise_key(str(k)))})
    props["aliases_text"] = " ".join(aliases)
    if props.get("type") in TOKENISED_TYPES and isinstance(props.get("name"), str):
        props["name_tokens"], props["name_key"] = name_tokens_and_key(props["name"])
    return props


def link_props(link: Mapping[str, Any] | BaseModel) -> dict[str, Any]:
    """The relationship properties for one link in bundle form."""
    return flatten_source(bundle_form(link), skip=LINK_ENDS)


def element_row(element: Mapping[str, Any] | BaseModel) -> Row:
    props = element_props(element)
    return {"id": props["id"], "type": props["type"], "props": props}


@cache
def _upstream_watch(rel: str) -> dict[str, Any] | None:
    """`metamodel.upstream_watch` of a relationship type, made once per type (the rows of
    an import share it; nothing changes it)."""
    return metamodel.upstream_watch(rel) if metamodel.is_relationship_type(rel) else None


def link_row(link: Mapping[str, Any] | BaseModel) -> Row:
    data = bundle_form(link)
    return {
        "from": data["from"],
        "type": data["type"],
        "to": data["to"],
        "props": link_props(data),
        # what create_links stamps on the link (suspect links, app.metamodel.SUSPECT_LINKS)
        "watch": _upstream_watch(data["type"]),
    }


def element_rows(elements: Iterable[Mapping[str, Any] | BaseModel]) -> list[Row]:
    return [element_row(e) for e in elements]


def link_rows(links: Iterable[Mapping[str, Any] | BaseModel]) -> list[Row]:
    return [link_row(lk) for lk in links]


# --- stored -> what a reader sees ---------------------------------------------------------
def without_stamp(props: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Stored properties without the import stamp, and the stamp (None when not imported).
    A link's suspect stamp (SUSPECT_STAMP) is left out too: it is not the link's own."""
    own = dict(props)
    own.pop(SUSPECT_STAMP, None)
    return own, own.pop(IMPORT_STAMP, None)


def changed_properties(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """What turns the stored properties `before` into `after`: each new or changed one with
    its value, each dropped one with None (how `SET e += $changes` removes a property)."""
    changes = {k: v for k, v in after.items() if before.get(k) != v}
    changes.update({k: None for k in before if k not in after})
    return changes


def etag(item: Mapping[str, Any]) -> str:
    """The entity tag of an element or link as a reader sees it (bundle form, JSON values):
    a hash that changes whenever any of its own properties does."""
    text = json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def own_properties(props: Mapping[str, Any], *, keep_type: bool = False) -> dict[str, Any]:
    """Stored properties without the derived ones (the type kept if asked), sorted by name:
    what change events record and what a waiver's fingerprint hashes."""
    hidden = set(DERIVED_PROPERTIES) - ({"type"} if keep_type else set())
    return {k: props[k] for k in sorted(props) if k not in hidden}


def _declared_order(type_name: str) -> list[str]:
    if metamodel.is_element_type(type_name):
        return [p.name for p in metamodel.properties_of(type_name)]
    return []


def element_from_stored(props: Mapping[str, Any]) -> dict[str, Any]:
    """The bundle form of a stored element: id and type, then its declared properties in
    metamodel order (any other stored property of its own after them, by name), then
    `source`. A stored number that is not finite reads as absent (`app/core/numbers.py`)."""
    type_name = props.get("type", "")
    out: dict[str, Any] = {"id": props["id"], "type": type_name}
    hidden = {*DERIVED_PROPERTIES, *SOURCE_FIELDS}
    for name in [*_declared_order(type_name), *sorted(props)]:
        if name in hidden or name in out or finite_or_none(props.get(name)) is None:
            continue
        if name == "aliases" and not props[name]:
            continue
        out[name] = props[name]
    source = nest_source(props)
    if source:
        out["source"] = source
    return out


def link_properties_from_stored(props: Mapping[str, Any]) -> dict[str, Any]:
    """The bundle form of a stored link's own properties (no ends): by name, then `source`."""
    hidden = {*SOURCE_FIELDS, IMPORT_STAMP, SUSPECT_STAMP, *LINK_ENDS}
    out = {
        k: props[k]
        for k in sorted(props)
        if k not in hidden and finite_or_none(props[k]) is not None  # Infinity/NaN: absent
    }
    source = nest_source(props)
    if source:
        out["source"] = source
    return out


def link_from_stored(row: Mapping[str, Any]) -> dict[str, Any]:
    """The bundle form of a stored link row (`{from, type, to, props}`)."""
    ends = {"from": row["from"], "type": row["type"], "to": row["to"]}
    return {**ends, **link_properties_from_stored(row["props"])}
