"""Reading plan bundles: JSON, YAML, the CSV pair, and zip archives of these.

The format is told by the file name's extension, else the content type, else the content
(`{`/`[` is JSON, `PK` is a zip, anything else is read as YAML). Reading does not judge
the content beyond its syntax: it yields raw items, each with its place, for
`app.bundles.validation` to check. Syntax that cannot be read, text that is not UTF-8 and
an input over the size limit are refused here, with the line and column or byte offset.

The CSV layout (columns, lists, typed cells) is `app.bundles.csv_layout`.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

import yaml

from app.bundles import documents
from app.bundles.csv_layout import (
    element_columns,
    element_from_cells,
    link_columns,
    link_from_cells,
)
from app.bundles.documents import DocumentRefused, excerpt
from app.bundles.places import BundleError, Place, summary
from app.core.errors import InvalidBundle, PayloadTooLarge
from app.core.spreadsheet import restore

FORMATS = ("json", "yaml", "csv", "zip")
_EXTENSIONS = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".zip": "zip"}
_CONTENT_TYPES = {
    "application/json": "json",
    "application/yaml": "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
    "text/csv": "csv",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
}


@dataclass(frozen=True)
class Item:
    """One raw element or link as read, and where it was read."""

    data: Any
    place: Place


@dataclass
class ParsedBundle:
    elements: list[Item] = field(default_factory=list)
    links: list[Item] = field(default_factory=list)
    errors: list[BundleError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    size: int = 0

    def extend(self, other: ParsedBundle) -> None:
        self.elements.extend(other.elements)
        self.links.extend(other.links)
        self.errors.extend(other.errors)
        self.files.extend(other.files)
        self.size += other.size

    def raise_if_unreadable(self) -> None:
        if self.errors:
            raise InvalidBundle(
                "The bundle could not be read: " + summary(self.errors),
                errors=[e.as_dict() for e in self.errors],
                hint="Fix the syntax at the places listed; nothing was imported.",
            )


@dataclass(frozen=True)
class BundleSource:
    """The bytes of one input, its name (a file name or `request body`) and content type."""

    name: str
    data: bytes
    content_type: str | None = None


# --- size ---------------------------------------------------------------------------------
def human_bytes(count: int) -> str:
    size = float(count)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{int(size)} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{count} bytes"  # pragma: no cover


def too_large(name: str, size: int | None, limit: int) -> PayloadTooLarge:
    stated = f"is {human_bytes(size)}" if size is not None else "is larger than that"
    return PayloadTooLarge(
        f"{name} {stated}; the import limit is {human_bytes(limit)} ({limit} bytes).",
        limit=limit,
        hint=f"Raise the limit with RBMTRACE_MAX_IMPORT_BYTES (e.g. "
        f"RBMTRACE_MAX_IMPORT_BYTES={limit * 2}), or split the bundle into several files.",
    )


def check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise too_large(name, size, limit)


# --- format -------------------------------------------------------------------------------
def detect_format(name: str, content_type: str | None, data: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    media = (content_type or "").split(";")[0].strip().lower()
    if media in _CONTENT_TYPES:
        return _CONTENT_TYPES[media]
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        return "json"
    return "yaml"


def decode_text(source: BundleSource) -> tuple[str | None, list[BundleError]]:
    """UTF-8 text (a leading BOM dropped), or the byte offset where it stops being UTF-8."""
    try:
        return source.data.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = source.data[: exc.start].count(b"\n") + 1
        bad = source.data[exc.start : exc.start + 1].hex()
        place = Place(source.name, f"byte {exc.start} (line {line})")
        return None, [
            place.error(
                f"not UTF-8 text: byte 0x{bad} at offset {exc.start} cannot be decoded",
                hint="Save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8').",
            )
        ]


# --- JSON and YAML ------------------------------------------------------------------------
def _document_items(
    name: str, document: Any, lines: Mapping[str, list[str]] | None = None
) -> ParsedBundle:
    """The items of a parsed JSON or YAML document; `lines` gives, per key, where each item
    starts in the file (YAML: `line 12, column 5`), added to its place."""
    parsed = ParsedBundle(files=[name])
    if not isinstance(document, Mapping):
        kind = "empty" if document is None else type(document).__name__
        parsed.errors.append(
            Place(name).error(
                f"a bundle is a mapping with 'elements' and 'links'; this one is {kind}",
                hint='Start the file with {"elements": [...], "links": [...]} '
                "(or `elements:` and `links:` in YAML).",
            )
        )
        return parsed
    for key in document:
        if key not in ("elements", "links"):
            parsed.errors.append(
                Place(name, "top level").error(
                    f"unknown key {excerpt(key)}",
                    field=str(key)[: documents.EXCERPT_CHARS],
                    hint="A bundle has only 'elements' and 'links'.",
                )
            )
    for key, target in (("elements", parsed.elements), ("links", parsed.links)):
        items = document.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            parsed.errors.append(
                Place(name, "top level").error(
                    f"'{key}' must be a list, not {type(items).__name__}", field=key
                )
            )
            continue
        starts = (lines or {}).get(key) or []
        target.extend(
            Item(item, Place(name, f"{key}[{i}]" + (f" ({starts[i]})" if i < len(starts) else "")))
            for i, item in enumerate(items)
        )
    return parsed


def _item_lines(node: yaml.Node | None) -> dict[str, list[str]]:
    """Where each item of `elements` and `links` starts, from the YAML node tree."""
    out: dict[str, list[str]] = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode):
            out[key.value] = [
                f"line {i.start_mark.line + 1}, column {i.start_mark.column + 1}"
                for i in value.value
            ]
    return out


def _refused(name: str, refused: DocumentRefused) -> ParsedBundle:
    return ParsedBundle(
        files=[name],
        errors=[
            Place(name, refusal.location).error(refusal.message, hint=refusal.hint)
            for refusal in refused.refusals
        ],
    )


def parse_json(name: str, text: str) -> ParsedBundle:
    try:
        document = documents.load_json(text)
    except json.JSONDecodeError as exc:
        place = Place(name, f"line {exc.lineno}, column {exc.colno}")
        return ParsedBundle(
            files=[name],
            errors=[place.error(f"malformed JSON: {exc.msg}", hint="Check the JSON syntax there.")],
        )
    except DocumentRefused as refused:
        return _refused(name, refused)
    return _document_items(name, document)


def parse_yaml(name: str, text: str) -> ParsedBundle:
    try:  # the node tree is kept for the positions of the items
        document, node = documents.load_yaml(text)
    except DocumentRefused as refused:
        return _refused(name, refused)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        location = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "cannot be parsed"
        return ParsedBundle(
            files=[name],
            errors=[
                Place(name, location).error(
                    f"malformed YAML: {problem}",
                    hint="Check indentation and quoting there (quote values holding ': ' or '#').",
                )
            ],
        )
    except yaml.YAMLError as exc:
        return ParsedBundle(
            files=[name], errors=[Place(name).error(f"malformed YAML: {excerpt(str(exc), 200)}")]
        )
    return _document_items(name, document, _item_lines(node))


# --- CSV ----------------------------------------------------------------------------------
def _csv_rows(name: str, text: str) -> tuple[list[list[str]], list[BundleError]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        place = Place(name, f"line {reader.line_num}")
        return rows, [
            place.error(
                f"malformed CSV: {exc}",
                hint='Quote cells holding commas or line breaks with "..." and double any '
                'quote inside them ("").',
            )
        ]
    return rows, []


def csv_kind(name: str, header: list[str]) -> str:
    """`elements` or `links`: by the file name, else by the header."""
    stem = PurePath(name).stem.lower()
    if stem.startswith("link"):
        return "links"
    if stem.startswith("element"):
        return "elements"
    return "links" if {"from", "to"} <= set(header) else "elements"


def parse_csv(name: str, text: str) -> ParsedBundle:
    parsed = ParsedBundle(files=[name])
    rows, errors = _csv_rows(name, text)
    parsed.errors.extend(errors)
    if errors:
        return parsed
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        parsed.errors.append(
            Place(name).error(
                "empty CSV file: no header row",
                hint="The first row names the columns, e.g. " + ",".join(link_columns()[:3]) + ".",
            )
        )
        return parsed
    header = [cell.strip() for cell in rows[0]]
    kind = csv_kind(name, header)
    known = link_columns() if kind == "links" else element_columns()
    required = ("from", "type", "to") if kind == "links" else ("id", "type", "name")
    header_place = Place(name, "row 1 (header)")
    for column in header:
        if column not in known:
            parsed.errors.append(
                header_place.error(
                    f"unknown column '{column}' in {kind}.csv",
                    field=column,
                    hint="Known columns: " + ", ".join(known) + ".",
                )
            )
    for column in required:
        if column not in header:
            parsed.errors.append(
                header_place.error(
                    f"missing column '{column}'",
                    field=column,
                    hint=f"{kind}.csv needs the columns " + ", ".join(required) + ".",
                )
            )
    if len(set(header)) != len(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        parsed.errors.append(header_place.error("columns named twice: " + ", ".join(twice)))
    if parsed.errors:
        return parsed
    target = parsed.links if kind == "links" else parsed.elements
    for index, row in enumerate(rows[1:], start=2):
        place = Place(name, f"row {index}")
        if len(row) != len(header):
            parsed.errors.append(
                place.error(
                    f"malformed CSV: the row has {len(row)} cells, the header has {len(header)}",
                    hint="Quote cells that hold commas.",
                )
            )
            continue
        cells = {column: restore(cell.strip()) for column, cell in zip(header, row, strict=True)}
        data = link_from_cells(cells) if kind == "links" else element_from_cells(cells)
        target.append(Item(data, place))
    return parsed


# --- zip and dispatch ---------------------------------------------------------------------
def parse_zip(source: BundleSource, max_bytes: int) -> ParsedBundle:
    parsed = ParsedBundle(files=[source.name])
    try:
        archive = zipfile.ZipFile(io.BytesIO(source.data))
    except zipfile.BadZipFile as exc:
        parsed.errors.append(Place(source.name).error(f"not a readable zip archive: {exc}"))
        return parsed
    with archive:
        members = [
            info
            for info in archive.infolist()
            if not info.is_dir() and not info.filename.startswith("__MACOSX/")
        ]
        check_size(f"{source.name} (unpacked)", sum(info.file_size for info in members), max_bytes)
        # elements before links, so a reader sees them in the natural order
        members.sort(key=lambda info: (csv_kind(info.filename, []) == "links", info.filename))
        for info in members:
            data = archive.read(info)
            check_size(f"{source.name}/{info.filename}", len(data), max_bytes)
            inner = BundleSource(f"{source.name}/{info.filename}", data)
            if detect_format(inner.name, None, data) == "zip":
                parsed.errors.append(Place(inner.name).error("a zip inside a zip is not read"))
                continue
            parsed.extend(parse_source(inner, max_bytes))
    return parsed


def parse_source(source: BundleSource, max_bytes: int) -> ParsedBundle:
    """Read one input. Refuses an oversized input at once (PayloadTooLarge)."""
    check_size(source.name, len(source.data), max_bytes)
    fmt = detect_format(source.name, source.content_type, source.data)
    if fmt == "zip":
        parsed = parse_zip(source, max_bytes)
        parsed.size = len(source.data)
        return parsed
    text, errors = decode_text(source)
    if text is None:
        return ParsedBundle(files=[source.name], errors=errors, size=len(source.data))
    if fmt == "json":
        parsed = parse_json(source.name, text)
    elif fmt == "csv":
        parsed = parse_csv(source.name, text)
    else:
        parsed = parse_yaml(source.name, text)
    parsed.size = len(source.data)
    return parsed


def parse_sources(sources: Iterable[BundleSource], max_bytes: int) -> ParsedBundle:
    """Read several inputs into one bundle; raise InvalidBundle listing every syntax error."""
    combined = ParsedBundle()
    for source in sources:
        combined.extend(parse_source(source, max_bytes))
    combined.raise_if_unreadable()
    return combined
