"""The flat results CSV people keep in spreadsheets, read into a plan bundle.

One row per target or actual: `indicator, period_start, period_end, kind, value, dimension,
dimension_value, comment` (and, for qualitative indicators, an optional `status` column).
Each row becomes one `IndicatorValue` element and its `HAS_VALUE` link from the indicator,
both placed at the row, and the bundle goes through the one import door
(`app.bundles.importer.import_bundle`): the same validation against the metamodel and what
is stored, the same located messages, the same all-or-nothing write. A value's id is made
from the row (`<indicator>/<start>/<end>/<kind>[/<dimension>=<value>]`), so importing a
corrected file updates the values it names instead of adding new ones.
"""

from __future__ import annotations

import csv
import io

from app.bundles.csv_layout import cell_value
from app.bundles.import_report import ImportReport
from app.bundles.importer import ImportOptions, import_bundle
from app.bundles.parsing import BundleSource, Item, ParsedBundle, check_size
from app.bundles.places import Place
from app.db.graph import Graph
from app.metamodel import PropertyKind

REQUIRED_COLUMNS: tuple[str, ...] = (
    "indicator",
    "period_start",
    "period_end",
    "kind",
    "value",
    "dimension",
    "dimension_value",
    "comment",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("status",)
#: Columns copied onto the value element as they are (after trimming; empty means absent).
_VALUE_COLUMNS = ("kind", "period_start", "period_end", "status", "dimension", "dimension_value")
_HINT_HEADER = (
    "The first row names the columns: " + ", ".join(REQUIRED_COLUMNS) + " (status optional)."
)


def value_id(
    indicator: str, start: str, end: str, kind: str, dimension: str = "", of: str = ""
) -> str:
    """The id of the value a results row gives (see the module's docstring)."""
    key = f"{indicator}/{start}/{end}/{kind}"
    return f"{key}/{dimension}={of}" if dimension else key


def _text(data: bytes, place: Place, parsed: ParsedBundle) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        parsed.errors.append(
            Place(place.file, f"byte {exc.start}").error(
                "not UTF-8 text", hint="Save the spreadsheet as CSV UTF-8."
            )
        )
        return None


def read_results_csv(source: BundleSource, max_bytes: int) -> ParsedBundle:
    """The bundle of a results CSV: an element and a link per row, each at its row. Problems
    of the file itself (not text, columns missing or unknown) are in `errors`."""
    check_size(source.name, len(source.data), max_bytes)
    parsed = ParsedBundle(files=[source.name], size=len(source.data))
    text = _text(source.data, Place(source.name), parsed)
    if text is None:
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    head = Place(source.name, "row 1")
    if missing:
        parsed.errors.append(
            head.error("missing column(s): " + ", ".join(missing), hint=_HINT_HEADER)
        )
    if unknown:
        parsed.errors.append(
            head.error("unknown column(s): " + ", ".join(unknown), hint=_HINT_HEADER)
        )
    if parsed.errors:
        return parsed
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        place = Place(source.name, f"row {number}")
        if len(cells) != len(header):
            parsed.errors.append(
                place.error(
                    f"{len(cells)} cells where the header names {len(header)} columns",
                    hint="Quote cells that hold commas; give every row the header's columns.",
                )
            )
            continue
        row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        _add_row(parsed, row, place)
    return parsed


def _add_row(parsed: ParsedBundle, row: dict[str, str], place: Place) -> None:
    indicator = row["indicator"]
    if not indicator:
        parsed.errors.append(
            place.error("no indicator", field="indicator", hint="Give the indicator's id.")
        )
        return
    key = value_id(
        indicator,
        row["period_start"],
        row["period_end"],
        row["kind"],
        row["dimension"],
        row["dimension_value"],
    )
    element: dict[str, object] = {
        "type": "IndicatorValue",
        "id": key,
        "name": f"{row['kind'] or 'value'} of {indicator} {row['period_start']}.."
        + row["period_end"],
    }
    for column in _VALUE_COLUMNS:
        if row.get(column):
            element[column] = row[column]
    if row["value"]:
        element["value"] = cell_value(row["value"], PropertyKind.number)
    if row["comment"]:
        element["comment"] = row["comment"]
    parsed.elements.append(Item(element, place))
    parsed.links.append(Item({"from": indicator, "type": "HAS_VALUE", "to": key}, place))


def import_results(
    graph: Graph, sources: list[BundleSource], options: ImportOptions
) -> ImportReport:
    """Read results CSVs and import them through the one import door, all or nothing
    (InvalidBundle listing every problem with its file and row, and nothing written)."""
    parsed = ParsedBundle()
    for source in sources:
        parsed.extend(read_results_csv(source, options.max_bytes))
    return import_bundle(graph, parsed, options)
