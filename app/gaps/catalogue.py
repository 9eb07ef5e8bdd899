"""The check catalogue: one Cypher file per check under `cypher/gaps/`, read from its header.

A check file starts with `//` header lines:

    // id: output_serves_no_outcome         (equals the file name)
    // severity: error | warning | info
    // title: Output serving no outcome
    // why: why it matters in results-based-management terms
    // fix: how to fix it
    // params: its parameters (or "none")

A continuation line starts with `//` and at least two more spaces. Other comment lines
are notes, shown with the check. Every check returns rows of `elements` (list of
{id, code, name, type}), `subject` (a name for findings about no element, e.g. a type),
`message` and `evidence` (a map: the missing link, the path, the values found).

Every check query also receives `$admit`, the provenance bases (`stated`, `inferred`,
`assumed`) the run relies on, and leaves out the elements and links of other bases; an
element or link with no `basis` counts as `stated` (see `app.gaps.engine`).

Structural checks (which types must have which links) hold no query of their own: their
header adds `// rule: <Type> in|out <RELATIONSHIP>` (and `// through_parts:`, `// message:`),
and the engine runs the one generic file `gaps/structural/missing_link` with the rule's
parameters. The types allowed at the other end come from `app.metamodel`, and the rule is
checked against it when the catalogue is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from app import metamodel
from app.db import cypher

CHECK_FOLDER = "gaps"
STRUCTURAL_QUERY = "gaps/structural/missing_link"

HEADER_KEYS = (
    "id",
    "severity",
    "title",
    "why",
    "fix",
    "params",
    "rule",
    "through_parts",
    "message",
)
REQUIRED_KEYS = ("id", "severity", "title", "why", "fix", "params")

_KEY_LINE = re.compile(r"^//\s?(\w+)\s*:\s*(.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(\S.*)$")


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class CatalogueError(ValueError):
    """A check file whose header or rule does not hold; names the file and the fix."""


@dataclass(frozen=True)
class LinkRule:
    """Elements of `type` must have a `rel` link in `direction` to one of `other_types`."""

    type: str
    direction: str  # "in" or "out"
    rel: str
    other_types: tuple[str, ...]
    through_parts: bool = False

    @property
    def missing(self) -> str:
        others = "|".join(self.other_types)
        if self.direction == "out":
            return f"(this)-[:{self.rel}]->(:{others})"
        return f"(:{others})-[:{self.rel}]->(this)"

    def __str__(self) -> str:
        return f"{self.type} {self.direction} {self.rel}"


@dataclass(frozen=True)
class Check:
    id: str
    severity: Severity
    title: str
    why: str
    fix: str
    params: str
    notes: str
    query: str  # the named Cypher file it runs
    rule: LinkRule | None = None
    message: str | None = None

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity.value,
            "title": self.title,
            "why": self.why,
            "fix": self.fix,
            "params": self.params,
            "notes": self.notes,
            "query": self.query,
            "rule": str(self.rule) if self.rule else None,
        }


def parse_header(text: str) -> tuple[dict[str, str], str]:
    """(known header keys, notes) from the leading `//` lines of a check file."""
    header: dict[str, str] = {}
    notes: list[str] = []
    current: str | None = None
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            continue
        if not line.startswith("//"):
            break
        key_match = _KEY_LINE.match(line)
        if key_match and key_match.group(1).lower() in HEADER_KEYS:
            current = key_match.group(1).lower()
            header[current] = key_match.group(2).strip()
            continue
        continuation = _CONTINUATION.match(line)
        if continuation and current is not None:
            header[current] = f"{header[current]} {continuation.group(1).strip()}".strip()
            continue
        current = None
        notes.append(line[2:].strip())
    return header, " ".join(n for n in notes if n)


def rule_from_header(path: Path, rule_text: str, through_parts: str | None) -> LinkRule:
    parts = rule_text.split()
    if len(parts) != 3 or parts[1] not in ("in", "out"):
        raise CatalogueError(f"{path}: rule {rule_text!r} is not '<Type> in|out <RELATIONSHIP>'.")
    type_name, direction, rel = parts
    if not metamodel.is_element_type(type_name):
        raise CatalogueError(f"{path}: rule names {type_name!r}, not a metamodel element type.")
    if not metamodel.is_relationship_type(rel):
        raise CatalogueError(f"{path}: rule names {rel!r}, not a metamodel relationship type.")
    pairs = metamodel.relationship_type(rel).pairs
    if direction == "out":
        others = tuple(dict.fromkeys(t for f, t in pairs if f == type_name))
    else:
        others = tuple(dict.fromkeys(f for f, t in pairs if t == type_name))
    if not others:
        raise CatalogueError(
            f"{path}: the metamodel allows no {rel} link {direction} of {type_name} "
            f"(allowed: {metamodel.allowed_pairs_text(rel)})."
        )
    return LinkRule(
        type=type_name,
        direction=direction,
        rel=rel,
        other_types=others,
        through_parts=(through_parts or "false").strip().lower() == "true",
    )


def check_from_file(name: str, path: Path, text: str) -> Check:
    header, notes = parse_header(text)
    missing = [k for k in REQUIRED_KEYS if not header.get(k)]
    if missing:
        raise CatalogueError(f"{path}: header lacks {', '.join(missing)}.")
    if header["id"] != path.stem:
        raise CatalogueError(f"{path}: id {header['id']!r} differs from the file name.")
    try:
        severity = Severity(header["severity"])
    except ValueError as exc:
        raise CatalogueError(
            f"{path}: severity {header['severity']!r} is not error, warning or info."
        ) from exc
    rule = None
    query = name
    if header.get("rule"):
        rule = rule_from_header(path, header["rule"], header.get("through_parts"))
        if not header.get("message"):
            raise CatalogueError(f"{path}: a structural check needs a `// message:` line.")
        query = STRUCTURAL_QUERY
    elif not cypher.load(name).statements():
        raise CatalogueError(f"{path}: no query and no `// rule:`.")
    return Check(
        id=header["id"],
        severity=severity,
        title=header["title"],
        why=header["why"],
        fix=header["fix"],
        params=header["params"],
        notes=notes,
        query=query,
        rule=rule,
        message=header.get("message"),
    )


@lru_cache(maxsize=1)
def load_catalogue() -> tuple[Check, ...]:
    """Every check of `cypher/gaps/`, in file-name order."""
    return tuple(check_from_file(f.name, f.path, f.text) for f in cypher.catalogue(CHECK_FOLDER))


def check_ids() -> list[str]:
    return [c.id for c in load_catalogue()]


def markdown_table() -> str:
    """The catalogue as the README's table (a test keeps the README in step)."""
    lines = ["| check | severity | finds | why it matters | fix |", "|---|---|---|---|---|"]
    for check in load_catalogue():
        cells = [f"`{check.id}`", check.severity.value, check.title, check.why, check.fix]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"
