from __future__ import annotations

import io
import zipfile

import pytest

from app.bundles.csv_layout import cell_value, element_columns
from app.bundles.parsing import BundleSource, detect_format, parse_source, parse_sources
from app.core.errors import InvalidBundle, PayloadTooLarge
from app.metamodel import PropertyKind
from tests.bundles.bundle_examples import BAD_INPUTS

ELEMENTS_CSV = (
    "id,type,code,name,aliases,source_document,number,amount\n"
    "g1,Goal,G1,Goal one,first goal; G-1,SP,1,\n"
    'io1,CostObject,,"Order, one",,,,1500.5\n'
)
LINKS_CSV = "from,type,to,share,source_document,source_section\ng1,HAS_PRIORITY,tp2,,SP,2\n"


@pytest.mark.parametrize(
    ("name", "content_type", "data", "expected"),
    [
        ("b.json", None, b"elements: []", "json"),
        ("b.yml", None, b"{}", "yaml"),
        ("elements.csv", None, b"id", "csv"),
        ("upload", "application/json", b"", "json"),
        ("upload", "text/csv; charset=utf-8", b"", "csv"),
        ("request body", None, b'  {"elements": []}', "json"),
        ("request body", None, b"PK\x03\x04rest", "zip"),
        ("request body", None, b"elements: []", "yaml"),
    ],
)
def test_format_comes_from_extension_then_content_type_then_content(
    name: str, content_type: str | None, data: bytes, expected: str
) -> None:
    assert detect_format(name, content_type, data) == expected


def test_csv_pair_reads_typed_values_lists_and_sources() -> None:
    parsed = parse_sources(
        [
            BundleSource("elements.csv", ELEMENTS_CSV.encode()),
            BundleSource("links.csv", LINKS_CSV.encode()),
        ],
        10_000,
    )
    assert [item.data for item in parsed.elements] == [
        {
            "id": "g1",
            "type": "Goal",
            "code": "G1",
            "name": "Goal one",
            "aliases": ["first goal", "G-1"],
            "number": 1,
            "source": {"document": "SP"},
        },
        {"id": "io1", "type": "CostObject", "name": "Order, one", "amount": 1500.5},
    ]
    assert parsed.elements[1].place.location == "row 3"
    assert [item.data for item in parsed.links] == [
        {
            "from": "g1",
            "type": "HAS_PRIORITY",
            "to": "tp2",
            "source": {"document": "SP", "section": "2"},
        }
    ]


def test_cell_values_that_do_not_convert_stay_text_for_validation_to_report() -> None:
    assert cell_value("two", PropertyKind.integer) == "two"
    assert cell_value("2029", PropertyKind.year) == 2029
    assert cell_value("0.25", PropertyKind.number) == 0.25
    assert cell_value("a; b;", PropertyKind.string_list) == ["a", "b"]


def test_csv_header_problems_name_the_column_and_the_known_ones() -> None:
    with pytest.raises(InvalidBundle) as caught:
        parse_sources([BundleSource("elements.csv", b"id,type,colour\ng,Goal,red\n")], 10_000)
    errors = caught.value.extra["errors"]
    assert {e["field"] for e in errors} == {"colour", "name"}
    unknown = next(e for e in errors if e["field"] == "colour")
    assert unknown["location"] == "row 1 (header)"
    assert "source_section" in unknown["hint"]


def test_a_row_with_too_many_cells_is_malformed_at_its_row() -> None:
    with pytest.raises(InvalidBundle) as caught:
        parse_sources([BundleSource("elements.csv", b"id,type,name\ng,Goal,G,extra\n")], 10_000)
    assert caught.value.extra["errors"][0]["location"] == "row 2"


def test_a_zip_of_the_csv_pair_reads_like_the_two_files() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("links.csv", LINKS_CSV)
        archive.writestr("elements.csv", ELEMENTS_CSV)
    parsed = parse_source(BundleSource("bundle.zip", buffer.getvalue()), 10_000)
    assert len(parsed.elements) == 2 and len(parsed.links) == 1
    assert parsed.elements[0].place.file == "bundle.zip/elements.csv"


def test_top_level_must_be_a_mapping_of_elements_and_links() -> None:
    with pytest.raises(InvalidBundle) as caught:
        parse_sources([BundleSource("b.yaml", b"elements: {}\nextra: 1\n")], 10_000)
    messages = [e["message"] for e in caught.value.extra["errors"]]
    assert "unknown key 'extra'" in messages
    assert "'elements' must be a list, not dict" in messages


@pytest.mark.parametrize(
    ("name", "file_name", "data", "words"),
    [b for b in BAD_INPUTS if b[0].startswith(("malformed", "not UTF-8"))],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_unreadable_input_is_refused_with_its_place(
    name: str, file_name: str, data: bytes, words: list[str]
) -> None:
    with pytest.raises(InvalidBundle) as caught:
        parse_sources([BundleSource(file_name, data)], 10_000)
    text = caught.value.detail + str(caught.value.extra)
    for word in words:
        assert word in text


def test_oversized_input_names_the_limit_and_how_to_raise_it() -> None:
    with pytest.raises(PayloadTooLarge) as caught:
        parse_sources([BundleSource("big.json", b" " * 2048)], 1024)
    assert "1.0 KiB" in caught.value.detail and "2.0 KiB" in caught.value.detail
    assert "RBMTRACE_MAX_IMPORT_BYTES" in caught.value.extra["hint"]


def test_every_type_specific_property_has_a_csv_column() -> None:
    columns = element_columns()
    for name in ("number", "amount", "currency", "kind", "disaggregation", "defines", "period_end"):
        assert name in columns
    assert len(columns) == len(set(columns))


def test_yaml_items_are_placed_by_line_and_column() -> None:
    text = (
        b"elements:\n  - id: g\n    type: Goal\n  -   id: o\n      type: Output\n"
        b"links:\n- {from: o, type: X, to: g}\n"
    )
    parsed = parse_source(BundleSource("plan.yaml", text), 10_000)
    assert [str(i.place) for i in parsed.elements] == [
        "plan.yaml: elements[0] (line 2, column 5)",
        "plan.yaml: elements[1] (line 4, column 7)",
    ]
    assert str(parsed.links[0].place) == "plan.yaml: links[0] (line 7, column 3)"
