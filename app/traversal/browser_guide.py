"""The RBM Trace guide for Neo4j Browser (`:guide <url>`), in Browser 5's HTML guide format.

A guide is an HTML page whose `<slide>` elements Browser shows one at a time in its side
panel; a `<pre class="runnable">` block is put into the editor when clicked and run when
its play icon is clicked. Every runnable query here is rendered from the named Cypher file
it names (`cypher/queries/`, `cypher/gaps/`, `cypher/browser/`), with the `:param` lines
that run it against the ITU seed, so the guide never holds query text of its own.

The API serves it at /browser-guide/rbmtrace.html (`app/api/routes/browser_guide.py`);
the local Neo4j opens it after Browser connects (`app/local_neo4j/configuration.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from typing import Any

from app import metamodel
from app.db import cypher
from app.lookup_keys import DERIVED_PROPERTIES
from app.traversal.browser_script import ITU_SEED_PARAMS, param_lines, statement_text

TITLE = "RBM Trace"

#: Every check reads `$admit`, the provenance bases it may rely on: here all of them
#: (`rbmtrace check --evidence stated` passes only `["stated"]`).
ADMIT_ALL: dict[str, Any] = {"admit": list(metamodel.admitted_bases(None))}

#: Why RBM Trace keeps each of its derived properties (`app.lookup_keys`) on elements.
_WHY_DERIVED: dict[str, str] = {
    "code_key": "the code in normalised form (TP#2, tp-2 and TP2 all give tp2), indexed",
    "ref_keys": "the id, code and aliases in normalised form, to resolve a reference",
    "aliases_text": "the aliases as one text, for the full-text index",
    "name_tokens": "the normalised words of the name (every level of the results chain), for "
    "the name-repetition check",
    "name_key": "the name's normalised words joined without spaces (e-health, ehealth and "
    "e health give one key), for the name-repetition check",
    "import_id": "the change event of the import that created the element",
    "upstream_seen": "on links: what the link saw of its upstream end's meaningful fields when "
    "it was made or cleared; the link is suspect once they differ (cypher/suspects/)",
}

#: The internal properties the node inspector shows: every derived one but `type`, which
#: an analyst reads like any other.
INTERNAL_PROPERTIES: dict[str, str] = {
    name: _WHY_DERIVED.get(name, "derived by RBM Trace for its own lookups")
    for name in DERIVED_PROPERTIES
    if name != "type"
}


@dataclass(frozen=True)
class Step:
    """One runnable query: a named Cypher file, its parameters and what it shows."""

    query: str
    says: str
    params: dict[str, Any] = field(default_factory=dict)

    def statement(self) -> str:
        return statement_text(cypher.load(self.query))

    def params_command(self) -> str | None:
        """`:param name => value;` lines (`=>` keeps integers integers, which LIMIT needs)."""
        return "\n".join(param_lines(self.params)) if self.params else None


def seed_step(short: str, says: str) -> Step:
    """A step running `cypher/queries/<short>` with its ITU seed parameters."""
    return Step(f"queries/{short}", says, ITU_SEED_PARAMS[short])


@dataclass(frozen=True)
class Slide:
    title: str
    text: str
    steps: tuple[Step, ...] = ()


def _model_text() -> str:
    chain = " ".join(
        f"{escape(upper)} <code>-{escape(rel)}-&gt;</code>"
        for upper, rel, _lower in metamodel.RESULTS_CHAIN
    )
    lowest = escape(metamodel.RESULTS_CHAIN[-1][2])
    types = ", ".join(f"<code>{escape(t)}</code>" for t in metamodel.ELEMENT_TYPE_NAMES)
    return f"""
<p>RBM Trace keeps a results-based-management plan as a graph. Every element is a node
labelled <code>Element</code> and its type ({types}); it has an <code>id</code>, a
<code>name</code>, often a <code>code</code> (TP#2), and the properties its type declares.
Links are relationships whose types the metamodel allows between given types
(<code>GET /api/v1/model</code>).</p>
<p>The results chain, top to bottom: {chain} {lowest}. <em>Up</em> is towards the mission,
<em>down</em> towards the cost objects that fund outputs; a sub-outcome is
<code>PART_OF</code> the outcome it breaks down.</p>
<p>Click a grey block to put it into the editor, or its play icon to run it. Before a
query, run the <code>:param</code> block above it: it sets the query's parameters, here for
the ITU seed (<code>rbmtrace seed load itu</code>); change them to ask about other
elements. Queries whose file name ends in <em>_paths</em> return paths, which Browser
draws; the others return tables.</p>
"""


def _properties_text(style_url: str) -> str:
    internal = "".join(
        f"<li><code>{escape(name)}</code>: {escape(why)}</li>"
        for name, why in INTERNAL_PROPERTIES.items()
    )
    return f"""
<p>Click a node to see its properties. Besides the plan's own (<code>id</code>,
<code>name</code>, <code>code</code>, <code>aliases</code>, <code>description</code>,
<code>source_document</code>, <code>source_section</code> and those of its type), the
inspector lists properties RBM Trace derives for its own lookups. They are
<strong>internal</strong>: read past them, never edit them (RBM Trace rewrites them
whenever it writes the element):</p>
<ul>{internal}</ul>
<p>The colours (one per element type) and captions (code and name; a link shows its type)
come from the RBM Trace style, applied when Browser connects. Apply it again with:</p>
<pre class="code runnable">:style {escape(style_url)}</pre>
<p><code>:style reset</code> goes back to Browser's own style.</p>
"""


def slides(style_url: str) -> tuple[Slide, ...]:
    return (
        Slide("RBM Trace in Neo4j Browser", _model_text()),
        Slide(
            "Outputs serving TP#2",
            "<p>Which outputs serve thematic priority TP#2, through which outcomes (and "
            "sub-outcomes), and which cost objects fund them. Same answer as "
            "<code>rbmtrace outputs TP#2</code>.</p>",
            (
                seed_step("outputs_serving_priority_paths", "As a graph:"),
                seed_step("outputs_serving_priority", "As a table, with the funded amounts:"),
            ),
        ),
        Slide(
            "A trace up and down",
            "<p>Every path from an element up its results chain to the mission, and down to "
            "the cost objects (<code>rbmtrace trace REF --up|--down</code>).</p>",
            (
                seed_step(
                    "trace_up_paths", "Up from the output International numbering resources:"
                ),
                seed_step("trace_down_paths", "Down from TP#2:"),
            ),
        ),
        Slide(
            "Impact",
            "<p>What would lose every path of support up to the mission if an element were "
            "removed (<code>rbmtrace impact REF</code>).</p>",
            (
                seed_step("impact_lost_support_paths", "The elements cut off below TP#2:"),
                seed_step(
                    "impact_lost_support",
                    "Everything below it, with the alternative route of those that keep one:",
                ),
            ),
        ),
        Slide(
            "The budget chain",
            "<p>How the money of cost objects climbs to a goal: output, outcome, priority, "
            "goal. The figures (even splits, normalised shares, unknown amounts) come from "
            "<code>rbmtrace budget --by Goal</code> or <code>/api/v1/budget</code>. The seed "
            "records no amounts; <code>rbmtrace seed load demo</code> adds a plan that "
            "does.</p>",
            (
                seed_step("budget_chain_paths", "The links below goal 1, with amounts:"),
                seed_step("budget_cost_objects", "Every cost object with what it funds:"),
            ),
        ),
        Slide(
            "Three gap checks",
            "<p>Each check of <code>rbmtrace check</code> is one file under "
            "<code>cypher/gaps/</code>; its header says why it matters and how to fix it.</p>",
            (
                Step("gaps/mandate_unmet", "Mandates that nothing meets:", ADMIT_ALL),
                Step("gaps/cost_object_without_amount", "Cost objects with no amount:", ADMIT_ALL),
                Step(
                    "gaps/indicator_without_baseline_or_target",
                    "Indicators with no baseline or no target:",
                    ADMIT_ALL,
                ),
            ),
        ),
        Slide(
            "An edit",
            "<p>Browser can change the graph, but such an edit is <strong>not validated and "
            "not recorded</strong> in the element's history. For a recorded edit use "
            "<code>PATCH /api/v1/elements/{ref}</code> with an editor key, or "
            "<code>rbmtrace import</code>. A description is safe to edit here: nothing is "
            "derived from it.</p>",
            (
                Step(
                    "browser/edit_element_description",
                    "Change the description of the output International numbering resources:",
                    {
                        "id": "itu-output-inr",
                        "description": "Edited in Neo4j Browser (not in the history).",
                    },
                ),
                seed_step("element_with_links", "The element with its links:"),
            ),
        ),
        Slide("Properties and style", _properties_text(style_url)),
    )


def _step_html(step: Step) -> str:
    says = (
        f"<p>{escape(step.says)} <small>(<code>cypher/{escape(step.query)}.cypher</code>)"
        "</small></p>\n"
    )
    command = step.params_command()
    params = f'<pre class="code runnable">{escape(command)}</pre>\n' if command else ""
    return says + params + f'<pre class="code runnable">{escape(step.statement())}</pre>\n'


def _slide_html(slide: Slide) -> str:
    steps = "".join(_step_html(step) for step in slide.steps)
    return (
        f'<slide class="row-fluid">\n<div class="col-sm-12">\n'
        f"<h3>{escape(slide.title)}</h3>\n{slide.text}\n{steps}</div>\n</slide>\n"
    )


def render_guide(style_url: str) -> str:
    """The guide's HTML; `style_url` is where Browser fetches the GraSS style."""
    body = "".join(_slide_html(slide) for slide in slides(style_url))
    return (
        f'<!DOCTYPE html>\n<html>\n<head><meta charset="utf-8"><title>{TITLE}</title></head>\n'
        f'<body>\n<article class="guide">\n<carousel class="deck container-fluid">\n'
        f"{body}</carousel>\n</article>\n</body>\n</html>\n"
    )
