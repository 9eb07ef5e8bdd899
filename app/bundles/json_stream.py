"""Reading JSON bundle files one element or link at a time, for a bulk load of millions.

`json_bundle_items(paths)` yields every element of every file, then every link, each as
the same value `json.loads` of the whole file would give it (the same decoder and number
hooks as `app.bundles.documents.load_json`), with a running number that `ItemNumbers`
turns into its place (`plan.json: elements[12]`, as `app.bundles.parsing` names it). Only
one item and a chunk of the file's text are held at a time.

It takes only what it can read exactly as the whole-document reader does: a UTF-8 file
holding one object whose keys are `elements` and `links` (each at most once, each a list),
whose items are within the documents' limits (numbers finite and within 64 bits, at most
`MAX_DEPTH` levels). Anything else (a syntax error, a number or a depth the limits refuse,
another key, text that is not UTF-8) raises `NotStreamable`: the caller then reads the files
whole, which refuses them with the usual located errors (or, for what it accepts, such as
a key given twice, reads them as it always does).

A file whose links come before its elements, or a bundle of several files, is read twice:
elements first, then links (every element must be known before a link is checked).
"""

from __future__ import annotations

import bisect
import codecs
import json
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.bundles.documents import INT64_MAX, INT64_MIN, MAX_DEPTH, MAX_INTEGER_DIGITS
from app.bundles.parsing import detect_format
from app.bundles.places import Place

#: Characters decoded from the file at a time.
CHUNK_CHARS = 4 << 20
#: What a bundle's top level may hold, in the order read when a file has both.
KEYS = ("elements", "links")
#: Levels above an item: the document, its list.
_ITEM_DEPTH = 2

_WHITESPACE = re.compile(r"[ \t\n\r]*")


class NotStreamable(Exception):
    """The files are not JSON bundles this reader takes item by item; read them whole."""


class _Refused(Exception):
    """A number the documents' limits refuse (raised inside the decoder)."""


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _Refused(text)
    value = int(text)
    if not INT64_MIN <= value <= INT64_MAX:
        raise _Refused(text)
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(text)
    return value


def _constant(text: str) -> Any:
    raise _Refused(text)


#: `documents.load_json`'s decoder, but refusing at once what its checks would refuse.
_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)


def _containers(value: Any) -> list[Any]:
    if type(value) is dict:
        return [v for v in value.values() if type(v) is dict or type(v) is list]
    if type(value) is list:
        return [v for v in value if type(v) is dict or type(v) is list]
    return []


def _too_deep(item: Any) -> bool:
    """Whether `item` nests deeper than the documents' limit allows below a bundle's list."""
    # an item nests a level or two (an element, its source, its lists): walked only deeper
    if not any(_containers(inner) for inner in _containers(item)):
        return False
    pending = [(item, _ITEM_DEPTH + 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(value, dict):
            pending.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            pending.extend((v, depth + 1) for v in value if isinstance(v, dict | list))
    return False


class _Text:
    """A JSON file's text, decoded a chunk at a time; `text[pos:]` is what is not read yet."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("rb")
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.pos = 0
        self.ended = False

    def close(self) -> None:
        self._file.close()

    def more(self) -> bool:
        """Read the next chunk (dropping what is read); False at the end of the file."""
        if self.ended:
            return False
        data = self._file.read(CHUNK_CHARS)
        try:
            chunk = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError:
            raise NotStreamable("not UTF-8") from None
        self.text = self.text[self.pos :] + chunk
        self.pos = 0
        self.ended = not data
        return True

    def skip_whitespace(self) -> str:
        """The next character after whitespace ("" at the end of the file)."""
        while True:
            self.pos = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def expect(self, chars: str) -> str:
        char = self.skip_whitespace()
        if not char or char not in chars:
            raise NotStreamable(f"expected one of {chars!r}")
        self.pos += 1
        return char

    def value(self) -> Any:
        """The JSON value at the current position (after whitespace)."""
        self.skip_whitespace()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except _Refused:
                raise NotStreamable("a number beyond the limits") from None
            except RecursionError:
                raise NotStreamable("nested too deep") from None
            except json.JSONDecodeError:
                if self.more():
                    continue
                raise NotStreamable("malformed JSON") from None
            # a number ending with the chunk may go on in the next one
            if end == len(self.text) and not self.ended and self.more():
                continue
            self.pos = end
            return value


def _file_items(path: Path, wanted: Sequence[str]) -> Iterator[tuple[str, int, Any]]:
    """(key, index, item) of the lists of `wanted` keys, in file order; the other list is
    read past. `wanted` == KEYS with the links first in the file: NotStreamable."""
    text = _Text(path)
    try:
        text.expect("{")
        seen: list[str] = []
        if text.skip_whitespace() == "}":
            text.pos += 1
        else:
            while True:
                if text.skip_whitespace() != '"':
                    raise NotStreamable("expected a key")
                key = text.value()
                if key not in KEYS or key in seen:
                    raise NotStreamable(f"the key {key!r}")
                if key == "links" and "elements" not in seen and len(wanted) == 2:
                    raise _LinksFirst
                seen.append(key)
                text.expect(":")
                text.expect("[")
                if text.skip_whitespace() == "]":
                    text.pos += 1
                else:
                    index = 0
                    while True:
                        item = text.value()
                        if _too_deep(item):
                            raise NotStreamable("nested too deep")
                        if key in wanted:
                            yield key, index, item
                        index += 1
                        if text.expect(",]") == "]":
                            break
                if text.expect(",}") == "}":
                    break
        if text.skip_whitespace():
            raise NotStreamable("extra data after the document")
    finally:
        text.close()


class _LinksFirst(Exception):
    """A file's links come before its elements: read it twice."""


@dataclass
class ItemNumbers:
    """The places of the items `json_bundle_items` numbered: each list's first number."""

    starts: list[int] = field(default_factory=list)
    lists: list[tuple[str, str]] = field(default_factory=list)

    def begin(self, number: int, file: str, key: str) -> None:
        """The list `key` of `file` starts with item `number` (called at its first item)."""
        self.starts.append(number)
        self.lists.append((file, key))

    def place(self, number: int) -> Place:
        at = bisect.bisect_right(self.starts, number) - 1
        file, key = self.lists[at]
        return Place(file, f"{key}[{number - self.starts[at]}]")


def streamable(paths: Sequence[Path]) -> bool:
    """Whether every input is a file read as JSON (the CLI's `--bulk FILE...`)."""
    for path in paths:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            head = handle.read(4096)
        if detect_format(str(path), None, head) != "json":
            return False
    return True


def json_bundle_items(
    paths: Sequence[Path], numbers: ItemNumbers
) -> Iterator[tuple[str, int, Any]]:
    """(key, number, item): every element of the files, then every link, in the order the
    files and their lists give them; `numbers` learns each list's place as it is read.
    NotStreamable as soon as something cannot be read exactly (see the module)."""
    count = 0
    twice: list[Path] = []  # files whose links are read in a second pass
    for n, path in enumerate(paths):
        wanted = KEYS if n == len(paths) - 1 and not twice else ("elements",)
        try:
            for key, index, item in _file_items(path, wanted):
                if index == 0:
                    numbers.begin(count, str(path), key)
                yield key, count, item
                count += 1
        except _LinksFirst:  # nothing of this file was given yet: its elements, then links
            for key, index, item in _file_items(path, ("elements",)):
                if index == 0:
                    numbers.begin(count, str(path), key)
                yield key, count, item
                count += 1
            twice.append(path)
            continue
        if wanted != KEYS:
            twice.append(path)
    for path in twice:
        for key, index, item in _file_items(path, ("links",)):
            if index == 0:
                numbers.begin(count, str(path), key)
            yield key, count, item
            count += 1
