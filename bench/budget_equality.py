"""Budget figures before and after the roll-up's rewrite (issue 16): the same answer.

The roll-up as it was before the rewrite is read from git (`app/traversal/budget.py` at
`REFERENCE_COMMIT`, the last commit before it) and loaded as its own module next to
today's; both roll up the plan in the database at every level, every page, and their
answers (every figure, the totals, `reconciled`, held-below, methods, notes) must be equal
field by field. Nothing is copied into the tree: the reference is git history.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from app import PROJECT_ROOT
from app.db.graph import Graph
from app.traversal import budget as current

#: The last commit with the roll-up before issue 16 changed it.
REFERENCE_COMMIT = "5636c5d"
_MODULE = "bench_reference_budget"
#: Not part of the roll-up: the list envelope's count of figures (issue 14), which today's
#: service fills and the reference (built on today's answer model) leaves unset.
NOT_FIGURES = ("total",)


def reference_module() -> ModuleType | str:
    """The roll-up at `REFERENCE_COMMIT`, or why it cannot be loaded."""
    try:
        text = subprocess.run(
            ["git", "show", f"{REFERENCE_COMMIT}:app/traversal/budget.py"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        return f"git show {REFERENCE_COMMIT}:app/traversal/budget.py failed ({exc})"
    if _MODULE in sys.modules:
        return sys.modules[_MODULE]
    with tempfile.TemporaryDirectory(prefix="rbmtrace-bench-ref-") as tmp:
        path = Path(tmp) / f"{_MODULE}.py"
        path.write_text(text, encoding="utf-8")
        spec = importlib.util.spec_from_file_location(_MODULE, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[_MODULE] = module  # dataclasses look their module up
        spec.loader.exec_module(module)
    return module


def _pages(rollup: Any, graph: Graph, by: str) -> list[dict[str, Any]]:
    pages, cursor = [], None
    while True:
        page = rollup(graph, by, limit=current.MAX_FIGURES, cursor=cursor)
        pages.append(page.model_dump())
        cursor = page.next_cursor
        if cursor is None:
            return pages


def compare(graph: Graph) -> dict[str, Any]:
    """Every level's roll-up, old against new, with the time each took."""
    reference = reference_module()
    if isinstance(reference, str):
        return {"compared": False, "reason": reference}
    levels: dict[str, Any] = {}
    for by in current.BUDGET_LEVELS:
        started = time.perf_counter()
        before = _pages(reference.budget_rollup, graph, by)
        old_seconds = time.perf_counter() - started
        started = time.perf_counter()
        after = _pages(current.budget_rollup, graph, by)
        new_seconds = time.perf_counter() - started
        differing = [
            f"page {n} {field}"
            for n, (old_page, new_page) in enumerate(zip(before, after, strict=False))
            for field in old_page
            if field not in NOT_FIGURES and old_page[field] != new_page.get(field)
        ]
        if len(before) != len(after):
            differing.append(f"{len(before)} pages before, {len(after)} after")
        levels[by] = {
            "equal": not differing,
            "differing": differing[:10],
            "figures": sum(len(p["figures"]) for p in after),
            "reconciled": all(p["reconciled"] for p in after),
            "old_seconds": round(old_seconds, 3),
            "new_seconds": round(new_seconds, 3),
        }
    return {
        "compared": True,
        "reference_commit": REFERENCE_COMMIT,
        "equal": all(level["equal"] for level in levels.values()),
        "levels": levels,
    }
