"""How elements and links are stored in Neo4j, and the batched write of a bundle.

A stored element is a node `:Element:<Type>` whose properties are the element's declared
properties (see `app.metamodel`), with `source: {document, section}` flattened into
`source_document` / `source_section`, plus derived lookup properties:

- `type`: the element type name (also its label);
- `code_key` and `ref_keys`: normalised forms of the code, and of id, code and aliases,
  for reference lookup ("TP#2", "tp-2" and "TP2" all normalise to "tp2");
- `aliases_text`: the aliases joined, for the full-text index;
- `name_tokens` (thematic priorities and outputs): the normalised token set of the name,
  for the name-repetition gap check (`app.gaps.similarity`).

A link is a relationship of a metamodel type with its declared properties (e.g. `share`)
and `source_document` / `source_section`.

An element or link that an import created also carries `import_id` (IMPORT_STAMP): the id
of that import's `:ChangeEvent`. It is bookkeeping, never part of the bundle form; the
history of the element or link derives its "create" event from it (`app.bundles.changes`).

New and changed rows are written by `write_changes` (the importer decides which are which).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from app.gaps.similarity import name_tokens

#: Which import created an element or link (see the module's docstring).
IMPORT_STAMP = "import_id"

#: Stored properties that are not the element's own: lookup keys and the import stamp.
DERIVED_PROPERTIES = ("type", "code_key", "ref_keys", "aliases_text", "name_tokens", IMPORT_STAMP)

#: Element types whose names the name-repetition check compares (their `name_tokens`).
TOKENISED_TYPES = frozenset({"ThematicPriority", "Output"})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_key(text: str) -> str:
    """Lower case with everything but letters and digits removed: 'TP#2' -> 'tp2'."""
    return _NON_ALNUM.sub("", text.casefold())


def _stored_properties(item: Mapping[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Bundle-form properties as stored: `source` flattened, absent (None) values dropped."""
    props: dict[str, Any] = {}
    for key, value in item.items():
        if key in skip:
            continue
        if key == "source" and isinstance(value, Mapping):
            for part in ("document", "section"):
                if value.get(part) is not None:
                    props[f"source_{part}"] = value[part]
        elif value is not None:
            props[key] = value
    return props


def element_props(element: Mapping[str, Any]) -> dict[str, Any]:
    """The node properties for one element given in bundle form."""
    props = _stored_properties(element)
    aliases = [str(a) for a in props.get("aliases") or []]
    props["aliases"] = aliases
    code = props.get("code")
    props["code_key"] = normalise_key(code) if code else None
    keys = [props["id"], *([code] if code else []), *aliases]
    props["ref_keys"] = sorted({normalise_key(str(k)) for k in keys if normalise_key(str(k))})
    props["aliases_text"] = " ".join(aliases)
    if props.get("type") in TOKENISED_TYPES and isinstance(props.get("name"), str):
        props["name_tokens"] = name_tokens(props["name"])
    return {k: v for k, v in props.items() if v is not None}


def link_props(link: Mapping[str, Any]) -> dict[str, Any]:
    """The relationship properties for one link given in bundle form."""
    return _stored_properties(link, skip=("from", "to", "type"))


def without_stamp(props: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Stored properties without the import stamp, and the stamp (None when not imported)."""
    own = dict(props)
    return own, own.pop(IMPORT_STAMP, None)


def element_rows(elements: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": e["id"], "type": e["type"], "props": element_props(e)} for e in elements]


def link_rows(links: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"from": lk["from"], "type": lk["type"], "to": lk["to"], "props": link_props(lk)}
        for lk in links
    ]


def batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


#: (phase, named query) in the order `write_changes` runs them.
CHANGE_QUERIES = (
    ("elements", "bundles/create_elements"),
    ("elements", "bundles/update_elements"),
    ("links", "bundles/create_links"),
    ("links", "bundles/update_links"),
)


#: write_changes' way to write one batch: (named query, rows)
BatchWriter = Callable[[str, list[dict[str, Any]]], object]


def write_changes(
    write_batch: BatchWriter,
    changes: Mapping[str, Sequence[dict[str, Any]]],
    batch_size: int = 5000,
    progress: Callable[[str, int, int], None] | None = None,
    phases: Sequence[str] = ("elements", "links"),
) -> None:
    """Write rows already sorted into new and changed ones (keys of `changes` are the query
    names of CHANGE_QUERIES) in `UNWIND` batches of `batch_size`, phase by phase, through
    `write_batch`: inside one transaction, or one transaction per batch (a staged import).

    New rows are CREATEd rather than MERGEd: the caller has checked that they are not
    stored. This avoids MERGE's check of every relationship of a well-connected node (a
    plan CONTAINS thousands of elements), which made imports of 20,000 elements take
    minutes.
    """
    for phase in phases:
        queries = [query for p, query in CHANGE_QUERIES if p == phase]
        total = sum(len(changes.get(query, ())) for query in queries)
        done = 0
        for query in queries:
            for batch in batches(changes.get(query, ()), batch_size):
                write_batch(query, list(batch))
                done += len(batch)
                if progress:
                    progress(phase, done, total)
