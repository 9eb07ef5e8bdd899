"""Lower floors of `app/` never import upper ones, and no two packages import each other.

The floors, bottom to top (a module may import its own floor and the floors below):

0. foundation: the `app` package itself, `app.core`, `app.metamodel`, `app.lookup_keys`
   and `app.metamodel_docs`;
1. database: `app.db` and the local Neo4j it may start (`app.local_neo4j`);
2. plan data: `app.bundles` (import, export, the element codec) and `app.elements`;
3. analyses and plans built on them: `app.traversal`, `app.gaps`, `app.reports`,
   `app.synth`, `app.seeding`, `app.performance`, `app.versions`;
4. doors: `app.api`, `app.cli` and `app.web` (the explorer's pages and their figures).

Imports are read from the source with `ast` (also those inside functions), so the check
needs no import of the application. Run it alone with `pytest tests/test_layers.py`.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from app import PROJECT_ROOT

APP = PROJECT_ROOT / "app"

FLOORS: tuple[tuple[str, ...], ...] = (
    ("app", "app.core", "app.metamodel", "app.lookup_keys", "app.metamodel_docs"),
    ("app.db", "app.local_neo4j"),
    ("app.bundles", "app.elements"),
    (
        "app.traversal",
        "app.gaps",
        "app.reports",
        "app.synth",
        "app.seeding",
        "app.performance",
        "app.versions",
    ),
    ("app.api", "app.cli", "app.web"),
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    path = PROJECT_ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imported_modules(path: Path) -> set[str]:
    """The `app` modules a source file imports (`from app import x` names module `app.x`
    when `x` is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "app")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] != "app":
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _is_module(candidate) else node.module)
    return found


def floor_of(module: str) -> tuple[int, str]:
    """(floor, the unit of FLOORS the module belongs to): the longest matching prefix."""
    best: tuple[int, str] | None = None
    for level, units in enumerate(FLOORS):
        for unit in units:
            if (module == unit or module.startswith(unit + ".")) and (
                best is None or len(unit) > len(best[1])
            ):
                best = (level, unit)
    assert best is not None, f"{module} is on no floor: add it to FLOORS in {__file__}"
    return best


def import_graph() -> dict[str, set[str]]:
    """Every module of `app/` and the `app` modules it imports."""
    return {module_name(path): imported_modules(path) for path in sorted(APP.rglob("*.py"))}


def test_every_module_is_on_a_floor() -> None:
    for module in import_graph():
        floor_of(module)


def test_no_module_imports_a_module_of_a_higher_floor() -> None:
    upward = []
    for module, imports in import_graph().items():
        level, _ = floor_of(module)
        for target in sorted(imports):
            target_level, _ = floor_of(target)
            if target_level > level:
                upward.append(f"{module} (floor {level}) imports {target} (floor {target_level})")
    assert upward == []


def test_no_two_units_import_each_other() -> None:
    """Within a floor too: `app.bundles` may be imported by `app.elements`, not both ways."""
    edges: dict[str, set[str]] = defaultdict(set)
    for module, imports in import_graph().items():
        unit = floor_of(module)[1]
        edges[unit].update(floor_of(t)[1] for t in imports if floor_of(t)[1] != unit)
    both_ways = sorted(f"{a} <-> {b}" for a in edges for b in edges[a] if a < b and a in edges[b])
    assert both_ways == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The reader of imports finds both forms, so an upward import cannot hide."""
    source = tmp_path / "sample.py"
    source.write_text(
        "from app.gaps.similarity import THRESHOLD\nfrom app import metamodel\n"
        "def later():\n    import app.api.main\n",
        encoding="utf-8",
    )
    assert imported_modules(source) == {"app.gaps.similarity", "app.metamodel", "app.api.main"}
    assert floor_of("app.gaps.similarity")[0] > floor_of("app.bundles.codec")[0]
