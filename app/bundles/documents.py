"""Loading a JSON or YAML document within limits, so hostile input costs little and says where.

What `json` and `yaml.safe_load` accept but a bundle may not hold, each refused with its
place (the line and column, or the path from the top, e.g. `elements[3].amount`):

- nesting deeper than `MAX_DEPTH` levels (a bundle needs 4; 10,000 would exhaust the stack);
- YAML aliases that expand the document by more than `MAX_ALIAS_NODES` nodes (a "billion
  laughs" of 700 bytes otherwise grows to gigabytes once anything walks it);
- numbers that are not finite (`Infinity`, `NaN`, `1e309`, YAML `.inf`/`.nan`) and whole
  numbers outside 64 bits, which Neo4j cannot store and JSON cannot carry back out;
- integers written with more than `MAX_INTEGER_DIGITS` digits (Python refuses to convert
  very long ones, and nothing legitimate needs them).

Messages quote at most a short excerpt of a bad value (`excerpt`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

#: Deepest nesting accepted: a bundle is 4 levels deep (bundle, list, element, source).
MAX_DEPTH = 64
#: Nodes that YAML aliases may add to a document when expanded (aliases are rarely used in
#: bundles; a shared `source` mapping repeated a few thousand times stays well within this).
MAX_ALIAS_NODES = 10_000
#: Longest integer literal read (64-bit integers have at most 19 digits).
MAX_INTEGER_DIGITS = 30
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: Characters of a bad value quoted in a message.
EXCERPT_CHARS = 60


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """`repr` of a value, cut to about `limit` characters with its full length said."""
    if isinstance(value, str | bytes) and len(value) > limit:
        return f"{value[:limit]!r}... ({len(value)} characters)"
    if isinstance(value, Mapping | list | tuple) and len(value) > 0:
        text = repr(value) if len(value) <= 8 else ""
        if text and len(text) <= limit:
            return text
        return f"a {type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


@dataclass(frozen=True)
class Refusal:
    """Why a document was refused and where: `location` as line/column, or a path."""

    message: str
    location: str = ""
    hint: str | None = None


class DocumentRefused(Exception):
    def __init__(self, *refusals: Refusal) -> None:
        super().__init__(refusals[0].message)
        self.refusals = refusals


_DEPTH_HINT = f"A bundle nests 4 levels deep; anything beyond {MAX_DEPTH} is refused."
_NUMBER_HINT = (
    "Numbers must be finite and whole numbers must fit in 64 bits "
    f"({INT64_MIN}..{INT64_MAX}); leave a value out when it is unknown."
)


# --- the checks on a loaded document ---------------------------------------------------------
class _OutOfRange:
    """A JSON number literal that is not kept as a number, and why."""

    def __init__(self, text: str, why: str = "is not finite") -> None:
        self.text = text
        self.why = why

    def __repr__(self) -> str:
        return excerpt(self.text)


def _number_problem(value: object) -> str | None:
    if isinstance(value, _OutOfRange):
        return f"the number {value!r} {value.why}"
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return f"the number {value!r} is not finite"
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        return f"the whole number {excerpt(str(value), 30)} is outside 64 bits"
    return None


def _path(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _walk(document: Any) -> Iterator[tuple[list[str | int], Any, int]]:
    """Every value with its path and depth, without recursion (a list of pending nodes)."""
    pending: list[tuple[list[str | int], Any, int]] = [([], document, 1)]
    while pending:
        path, value, depth = pending.pop()
        yield path, value, depth
        if depth > MAX_DEPTH:
            continue
        if isinstance(value, Mapping):
            for key, item in value.items():
                pending.append(([*path, str(key)[:EXCERPT_CHARS]], item, depth + 1))
            pending.extend(([*path, "(key)"], k, depth + 1) for k in value)
        elif isinstance(value, list):
            pending.extend(([*path, i], v, depth + 1) for i, v in enumerate(value))


def check_document(document: Any) -> list[Refusal]:
    """Depth and numbers of a loaded document; the first few problems, each with its path."""
    refusals: list[Refusal] = []
    for path, value, depth in _walk(document):
        if depth > MAX_DEPTH:
            refusals.append(
                Refusal(f"nested more than {MAX_DEPTH} levels deep", _path(path), _DEPTH_HINT)
            )
        else:
            problem = _number_problem(value)
            if problem:
                refusals.append(Refusal(problem, _path(path), _NUMBER_HINT))
        if len(refusals) >= 20:
            break
    return sorted(refusals, key=lambda r: r.location)


# --- JSON ----------------------------------------------------------------------------------
def _json_int(text: str) -> int | _OutOfRange:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        return _OutOfRange(text, f"has more than {MAX_INTEGER_DIGITS} digits")
    return int(text)


def _json_float(text: str) -> float | _OutOfRange:
    value = float(text)
    return value if math.isfinite(value) else _OutOfRange(text)


def deep_json_place(text: str) -> tuple[str, str]:
    """Where the nesting of `text` first passes MAX_DEPTH (strings skipped): its line and
    column, and the top-level member it is in ("" for none)."""
    depth, line, column, in_string, escaped = 0, 1, 0, False, False
    string_start, last_string, member = 0, "", ""
    for offset, char in enumerate(text):
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
                if depth == 1:
                    last_string = text[string_start:offset][:EXCERPT_CHARS]
        elif char == '"':
            in_string, string_start = True, offset + 1
        elif char == ":" and depth == 1:
            member = last_string
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return f"line {line}, column {column}", member
        elif char in "]}":
            depth -= 1
    return "", ""


def nesting_refusal(text: str) -> Refusal:
    """The refusal of a JSON text nested deeper than MAX_DEPTH, with its place."""
    where, _ = deep_json_place(text)
    return Refusal(f"nested more than {MAX_DEPTH} levels deep", where, _DEPTH_HINT)


def load_json(text: str) -> Any:
    """The JSON document; `json.JSONDecodeError` for bad syntax, `DocumentRefused` beyond
    the limits."""
    try:
        document = json.loads(
            text, parse_int=_json_int, parse_float=_json_float, parse_constant=_OutOfRange
        )
    except RecursionError:
        raise DocumentRefused(nesting_refusal(text)) from None
    refusals = check_document(document)
    if refusals:
        raise DocumentRefused(*refusals)
    return document


# --- YAML ----------------------------------------------------------------------------------
class _LimitPassed(yaml.MarkedYAMLError):
    """A YAML document passed one of the limits (not a syntax error)."""


class _BoundedLoader(yaml.SafeLoader):
    """The safe loader, with a depth limit and a budget for what aliases add."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._alias_nodes = 0
        self._sizes: dict[int, int] = {}

    def _size(self, node: Node) -> int:
        """Nodes in `node` once its aliases are expanded (memoised: shared nodes count once
        per use, cheaply)."""
        known = self._sizes.get(id(node))
        if known is not None:
            return known
        size = 1
        if isinstance(node, SequenceNode):
            size += sum(self._size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            size += sum(self._size(k) + self._size(v) for k, v in node.value)
        self._sizes[id(node)] = size
        return size

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            node = super().compose_node(parent, index)
            if node is not None:
                self._alias_nodes += self._size(node)
                if self._alias_nodes > MAX_ALIAS_NODES:
                    raise _LimitPassed(
                        None,
                        None,
                        f"aliases expand the document by more than {MAX_ALIAS_NODES} nodes",
                        event.start_mark,  # type: ignore[arg-type]
                    )
            return node
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitPassed(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", event.start_mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = str(node.value).replace("_", "")
        if len(text.lstrip("+-")) > MAX_INTEGER_DIGITS:
            raise _LimitPassed(
                None,
                None,
                f"the whole number {excerpt(text, 30)} has more than {MAX_INTEGER_DIGITS} digits",
                node.start_mark,
            )
        value: int = super().construct_yaml_int(node)
        return value


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)


def load_yaml(text: str) -> tuple[Any, Node | None]:
    """The YAML document and its node tree (for positions); `yaml.YAMLError` for bad
    syntax, `DocumentRefused` beyond the limits."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
    except RecursionError:
        raise DocumentRefused(
            Refusal(f"nested more than {MAX_DEPTH} levels deep", "", _DEPTH_HINT)
        ) from None
    except _LimitPassed as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        hint = _DEPTH_HINT if "nested" in str(exc.problem) else _NUMBER_HINT
        if "aliases" in str(exc.problem):
            hint = "Write the repeated values out, or use fewer aliases of large parts."
        raise DocumentRefused(Refusal(str(exc.problem), where, hint)) from None
    finally:
        loader.dispose()
    refusals = check_document(document)
    if refusals:
        raise DocumentRefused(*refusals)
    return document, node
