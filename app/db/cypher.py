"""Named Cypher files: the only place query text lives.

A file under `cypher/` starts with a header of `//` comment lines:

    // name: outputs_serving_priority
    // question: Which outputs serve this thematic priority, and through which outcomes?
    // params: ref (string) - id, code or alias of the thematic priority

and is run by its path without the suffix, e.g. `queries/outputs_serving_priority`.
Files holding several statements (like `schema.cypher`) separate them with `;`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import LiteralString

from app import PROJECT_ROOT

_HEADER = re.compile(r"^//\s*(\w[\w ]*?)\s*:\s*(.*)$")


@dataclass(frozen=True)
class CypherFile:
    name: str
    path: Path
    text: LiteralString
    header: dict[str, str] = field(default_factory=dict)

    def statements(self) -> list[LiteralString]:
        """The `;`-separated statements, comments and blank lines removed."""
        body = "\n".join(
            line for line in self.text.splitlines() if not line.strip().startswith("//")
        )
        return [s.strip() for s in body.split(";") if s.strip()]


#: Where the named files live: part of the code, not a setting.
CYPHER_DIR = PROJECT_ROOT / "cypher"


@lru_cache(maxsize=512)
def load(name: str, root: Path | None = None) -> CypherFile:
    base = root or CYPHER_DIR
    path = (base / f"{name}.cypher").resolve()
    if base.resolve() not in path.parents:
        raise ValueError(f"cypher file name escapes {base}: {name!r}")
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            key = match.group(1).strip().lower()
            header[key] = (
                (header[key] + " " + match.group(2)).strip() if key in header else match.group(2)
            )
        elif line.strip() and not line.strip().startswith("//"):
            break
    return CypherFile(name=name, path=path, text=text, header=header)


def query(name: str) -> LiteralString:
    """The text of one named single-statement file."""
    return load(name).text


def catalogue(folder: str) -> list[CypherFile]:
    """Every file under `cypher/<folder>/`, sorted by name."""
    base = CYPHER_DIR
    return [
        load(str(p.relative_to(base).with_suffix("")))
        for p in sorted((base / folder).glob("*.cypher"))
    ]
