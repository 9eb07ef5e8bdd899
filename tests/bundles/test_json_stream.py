"""Reading JSON bundle files an item at a time (`app.bundles.json_stream`): the items are the
values the whole-document reader gives, elements of every file before any link, each with
the place the whole reader names; what that reader would refuse (or reads its own way) is
not taken, so that the caller reads the files whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.bundles import json_stream
from app.bundles.documents import load_json
from app.bundles.json_stream import ItemNumbers, NotStreamable, json_bundle_items, streamable
from app.synth import synthesize, write_bundle_json
from tests.bundles.bundle_examples import SMALL_BUNDLE

#: Values that must come out exactly as `json.loads` gives them.
AWKWARD: dict[str, Any] = {
    "elements": [
        {
            "id": "a\u00e9\U0001f600",
            "type": "Goal",
            "name": 'quote " backslash \\ slash \\/ tab \t newline \n \u2028',
            "number": -0,
            "amount": 1e-7,
            "aliases": ["x", "", "\u001f"],
            "source": {"document": "D", "section": None},
        },
        {"id": "big", "type": "Goal", "name": "N", "number": 2**63 - 1, "share": 0.1},
    ],
    "links": [{"from": "a", "type": "HAS_GOAL", "to": "b", "share": 1.0}],
}


def whole(paths: list[Path]) -> list[tuple[str, str, Any]]:
    """(key, place, item) as the whole-document reader gives them: every file's elements,
    then every file's links."""
    documents = [(str(p), load_json(p.read_text(encoding="utf-8-sig"))) for p in paths]
    return [
        (key, f"{name}: {key}[{i}]", item)
        for key in ("elements", "links")
        for name, document in documents
        for i, item in enumerate(document.get(key) or [])
    ]


def streamed(paths: list[Path]) -> list[tuple[str, str, Any]]:
    numbers = ItemNumbers()
    items = list(json_bundle_items(paths, numbers))
    return [(key, str(numbers.place(number)), item) for key, number, item in items]


@pytest.mark.parametrize("chunk", [1, 7, 4096])
@pytest.mark.parametrize("layout", ["compact", "indented", "one item a line", "BOM"])
def test_items_are_what_the_whole_document_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, layout: str
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK_CHARS", chunk)
    bundle = {
        "elements": synthesize(1000, seed=3).bundle["elements"][:300] + AWKWARD["elements"],
        "links": synthesize(1000, seed=3).bundle["links"][:300] + AWKWARD["links"],
    }
    path = tmp_path / "plan.json"
    if layout == "one item a line":
        write_bundle_json(bundle, path)
    else:
        text = json.dumps(bundle, indent=2 if layout == "indented" else None, ensure_ascii=False)
        path.write_text(("\ufeff" if layout == "BOM" else "") + text, encoding="utf-8")
    assert streamable([path])
    assert streamed([path]) == whole([path])


def test_elements_of_every_file_come_before_any_link(tmp_path: Path) -> None:
    first = tmp_path / "first.json"  # links written before elements
    first.write_text(
        json.dumps({"links": SMALL_BUNDLE["links"][:2], "elements": SMALL_BUNDLE["elements"][:3]})
    )
    second = tmp_path / "second.json"
    second.write_text(
        json.dumps({"elements": SMALL_BUNDLE["elements"][3:], "links": SMALL_BUNDLE["links"][2:]})
    )
    only_links = tmp_path / "links.json"
    only_links.write_text(json.dumps({"links": [AWKWARD["links"][0]], "elements": []}))
    for paths in ([first], [first, second], [second, first], [first, second, only_links]):
        items = streamed(paths)
        assert items == whole(paths)
        keys = [key for key, _, _ in items]
        assert keys == sorted(keys, key=("elements", "links").index)
    assert streamed([tmp_path / "x.json"] * 0) == []


@pytest.mark.parametrize(
    "text",
    [
        b'{"elements": [{"id": "a",}]}',  # malformed
        b'{"elements": [{"id": "a"},]}',  # a trailing comma
        b'{"elements": [{"id": "a"}] "links": []}',
        b'{"elements": [{"id": "a"}]} []',  # extra data
        b'{"elements": [{"id": "a"}]',  # cut short
        b'{"elements": [{"amount": NaN}]}',
        b'{"elements": [{"amount": Infinity}]}',
        b'{"elements": [{"amount": 1e999}]}',
        b'{"elements": [{"number": 9223372036854775808}]}',
        b'{"elements": [{"number": -9223372036854775809}]}',
        b'{"elements": [{"number": 1234567890123456789012345678901234567890}]}',
        b'{"elements": [' + b"[" * 70 + b"]" * 70 + b"]}",  # deeper than the limit
        b'{"elements": [{"id": "caf\xe9"}]}',  # not UTF-8
        b'{"elements": [], "colour": "red"}',  # an unknown key
        b'{"elements": [], "elements": []}',  # a key twice: the whole reader keeps the last
        b'{"elements": null}',  # the whole reader takes it as no elements
        b'[{"id": "a"}]',  # not a mapping
        b"",
    ],
)
def test_what_it_cannot_read_exactly_is_left_to_the_whole_reader(
    tmp_path: Path, text: bytes
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(text)
    with pytest.raises(NotStreamable):
        streamed([path])


def test_numbers_at_the_limits_are_read(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(
        '{"elements": [{"a": 9223372036854775807, "b": -9223372036854775808, "c": 1e308,'
        ' "d": [[[[[[[[[[1]]]]]]]]]]}]}'
    )
    assert streamed([path]) == whole([path])


def test_only_json_files_are_streamed(tmp_path: Path) -> None:
    json_file, yaml_file = tmp_path / "a.json", tmp_path / "b.yaml"
    json_file.write_text("{}")
    yaml_file.write_text("elements: []")
    assert streamable([json_file])
    assert not streamable([json_file, yaml_file])
    assert not streamable([tmp_path / "missing.json"])
