from __future__ import annotations

from pathlib import Path

from app import PROJECT_ROOT
from app.core.config import Settings
from app.db import cypher
from app.db.graph import Graph
from app.seeding import load_seed
from app.traversal.browser_script import ITU_SEED_PARAMS, cypher_literal, render_browser_script

SCRIPT = Path(PROJECT_ROOT) / "cypher" / "browser" / "itu-seed.cypher"


def test_every_query_file_has_a_header() -> None:
    for query in cypher.catalogue("queries"):
        short = query.name.removeprefix("queries/")
        assert query.header.get("name") == short, query.path
        assert query.header.get("question"), query.path
        assert "params" in query.header, query.path


def test_the_committed_browser_script_is_up_to_date() -> None:
    assert SCRIPT.read_text(encoding="utf-8") == render_browser_script(), (
        "regenerate: python -m app.traversal.browser_script > cypher/browser/itu-seed.cypher"
    )


def test_params_are_cypher_literals() -> None:
    assert cypher_literal("TP#2") == "'TP#2'"
    assert cypher_literal("it's") == "'it\\'s'"
    assert cypher_literal(["a", None, 3]) == "['a', null, 3]"


def test_every_query_runs_against_the_itu_seed(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    empty = []
    for short, params in ITU_SEED_PARAMS.items():
        rows = graph.read(f"queries/{short}", **params)
        if not rows:
            empty.append(short)
    # every query answers something on the seed: the parameters are real seed ids
    assert empty == []
