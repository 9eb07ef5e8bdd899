"""The Neo4j Browser guide and style: generated from the named Cypher files and the
metamodel, and every query of the guide answers on the ITU seed."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from neo4j import Driver
from neo4j.graph import Path as GraphPath

from app import PROJECT_ROOT, metamodel
from app.core.config import Settings
from app.db import cypher
from app.db.graph import Graph
from app.lookup_keys import DERIVED_PROPERTIES
from app.seeding import load_seed
from app.traversal.browser_guide import INTERNAL_PROPERTIES, render_guide, slides
from app.traversal.browser_script import ITU_SEED_PARAMS
from app.traversal.browser_style import render_grass

STYLE = Path(PROJECT_ROOT) / "cypher" / "browser" / "rbmtrace.grass"
STYLE_URL = "http://127.0.0.1:8000/browser-guide/rbmtrace.grass"


def test_the_committed_style_is_up_to_date() -> None:
    assert STYLE.read_text(encoding="utf-8") == render_grass(), (
        "regenerate: python -m app.traversal.browser_style > cypher/browser/rbmtrace.grass"
    )


def test_every_element_type_has_a_colour_of_its_own_and_a_caption() -> None:
    grass = render_grass()
    colours = {}
    for type_name in metamodel.ELEMENT_TYPE_NAMES:
        rule = re.search(rf"node\.{type_name} \{{\n(.*?)\n\}}", grass, re.S)
        assert rule, f"no rule for {type_name}"
        colour = re.search(r"^  color: (#[0-9A-F]{6});", rule.group(1), re.M)
        assert colour, f"no colour for {type_name}"
        colours[type_name] = colour.group(1)
        assert "caption: '{code} {name}';" in rule.group(1)
    assert len(set(colours.values())) == len(colours), colours
    links = re.search(r"relationship \{\n(.*?)\n\}", grass, re.S)
    assert links and "caption: '<type>';" in links.group(1)


def test_the_guide_has_slides_with_runnable_blocks_from_the_named_files() -> None:
    guide = render_guide(STYLE_URL)
    assert "<title>RBM Trace</title>" in guide
    assert guide.count("<slide ") == len(slides(STYLE_URL))
    blocks = [
        unescape(block)
        for block in re.findall(r'<pre class="code runnable">(.*?)</pre>', guide, re.S)
    ]
    assert f":style {STYLE_URL}" in blocks
    for slide in slides(STYLE_URL):
        for step in slide.steps:
            query = cypher.load(step.query)
            lines = query.text.splitlines()
            statement = step.statement()
            assert statement in blocks, step.query
            assert all(line in lines for line in statement.splitlines()), step.query
            assert not statement.startswith("//"), "the header stays out of the block"
    # the queries the issue asks for are all there
    named = {step.query for slide in slides(STYLE_URL) for step in slide.steps}
    assert {
        "queries/outputs_serving_priority_paths",
        "queries/trace_up_paths",
        "queries/trace_down_paths",
        "queries/impact_lost_support_paths",
        "queries/budget_chain_paths",
        "browser/edit_element_description",
    } <= named
    assert len([n for n in named if n.startswith("gaps/")]) == 3


def test_the_guide_names_every_internal_property() -> None:
    # `type` is a plain property an analyst reads; the others are RBM Trace's own keys
    assert set(INTERNAL_PROPERTIES) == set(DERIVED_PROPERTIES) - {"type"}
    assert "derived by RBM Trace for its own lookups" not in INTERNAL_PROPERTIES.values()
    guide = render_guide(STYLE_URL)
    for name in INTERNAL_PROPERTIES:
        assert f"<code>{name}</code>" in guide


def test_every_guide_query_answers_on_the_itu_seed(graph: Graph, settings: Settings) -> None:
    load_seed(graph, "itu", settings)
    empty = []
    edits = []
    for slide in slides(STYLE_URL):
        for step in slide.steps:
            writes = step.query.startswith("browser/edit")
            rows = (graph.write if writes else graph.read)(step.query, **step.params)
            if not rows:
                empty.append(step.query)
            if writes:
                edits += [(row["id"], row["description"]) for row in rows]
    assert empty == []
    assert edits == [("itu-output-inr", "Edited in Neo4j Browser (not in the history).")]


def test_the_paths_queries_return_paths_browser_can_draw(
    graph: Graph, settings: Settings, driver: Driver
) -> None:
    load_seed(graph, "itu", settings)
    for name, params in ITU_SEED_PARAMS.items():
        if not name.endswith("_paths"):
            continue
        records, _, _ = driver.execute_query(
            cypher.query(f"queries/{name}"), params, database_=settings.neo4j_database
        )
        assert records, name
        assert all(isinstance(record["p"], GraphPath) for record in records), name
        assert all(len(record["p"]) >= 1 for record in records), name
