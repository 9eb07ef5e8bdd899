"""Figures the hostile and fault tests report (cases tried, faults injected, timings seen).

Each test adds what it measured with `figures.add(name, value)`; at the end of the session
they are written as JSON to `$RBMTRACE_RELIABILITY_FIGURES` when that is set (as
`make reliability` does, see RELIABILITY.md), and otherwise only kept in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHELL


class Figures:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def add(self, name: str, value: Any) -> None:
        self.values[name] = value

    def count(self, name: str, by: int = 1) -> None:
        self.values[name] = int(self.values.get(name, 0)) + by


@pytest.fixture(scope="session")
def figures() -> Iterator[Figures]:
    collected = Figures()
    yield collected
    target = SHELL.get("RBMTRACE_RELIABILITY_FIGURES")  # read before the shell was cleared
    if target:
        path = Path(target)
        previous = json.loads(path.read_text()) if path.exists() else {}
        previous.update(collected.values)
        path.write_text(json.dumps(previous, indent=2, sort_keys=True) + "\n")
