"""Writing a (large) bundle as JSON one element or link per line, without one huge string."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO


def write_bundle_json(bundle: Mapping[str, Any], path: Path) -> int:
    """Write `bundle` to `path` as JSON (valid for any JSON reader); returns bytes written."""
    with path.open("w", encoding="utf-8") as out:
        _write(bundle, out)
    return path.stat().st_size


def _write(bundle: Mapping[str, Any], out: TextIO) -> None:
    out.write("{\n")
    keys = [k for k in ("elements", "links") if k in bundle]
    for n, key in enumerate(keys):
        out.write(f'"{key}": [\n')
        rows = bundle[key]
        last = len(rows) - 1
        for i, row in enumerate(rows):
            out.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
            out.write(",\n" if i < last else "\n")
        out.write("]" + (",\n" if n < len(keys) - 1 else "\n"))
    out.write("}\n")
