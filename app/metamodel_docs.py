"""`docs/metamodel.md`, generated from the metamodel (`rbmtrace model docs` writes it)."""

from __future__ import annotations

from pathlib import Path

from app import PROJECT_ROOT, metamodel

METAMODEL_DOC = PROJECT_ROOT / "docs" / "metamodel.md"

_INTRO = """\
# The planning metamodel

<!-- Generated from app/metamodel.py by `rbmtrace model docs`; do not edit by hand. -->

Element types, relationship types and the links the graph may hold, as declared in
`app/metamodel.py` (also served at `GET /api/v1/model`). Every element also has the common
properties {common}; every link may have {link}.

Provenance: `basis` is {bases}. {basis} {quote} The gap checks run on
`evidence=stated` leave assumed and inferred elements and links out, on `evidence=inferred`
assumed ones; an element or link with no basis counts as `{default}`.

"""


_RESULTS = """
## Results: targets and actuals per period

An indicator declares its `measure` ({measures}), its `direction` ({directions} is better)
and its `aggregation` ({aggregations}): with `cumulative` each period's value is the level
reached so far and the final target is the latest period's; with `incremental` each period
adds and totals are sums. Absent, they mean `{measure}`, `{direction}` and `{aggregation}`.
The indicator's own `baseline` and `baseline_year` are where progress is counted from.

Each target and each actual is an `IndicatorValue` element (`kind` {kinds}) with its period
(`period_start`, `period_end`: dates written YYYY-MM-DD, stored as that text, so they sort
and compare as dates), its `value`, an optional disaggregation (`dimension` and
`dimension_value`; without them the value is the total) and a `comment`; a qualitative
indicator's actual carries the `status` a person set ({statuses}). The indicator links to
each of its values: `(:Indicator)-[:HAS_VALUE]->(:IndicatorValue)`. In Neo4j Browser:

```cypher
MATCH (i:Indicator)-[:HAS_VALUE]->(v:IndicatorValue)
WHERE v.dimension IS NULL
RETURN i.name, v.period_start, v.period_end, v.kind, v.value, v.status
ORDER BY i.name, v.period_end, v.kind
```

Values arrive in bundles like any element and link, or from a results CSV
(`rbmtrace results import FILE`, `POST /api/v1/results`; see the README), which is read into
the same elements and links, with ids `<indicator id>/<start>/<end>/<kind>` (and
`/<dimension>=<value>` for a disaggregated one), so that importing a corrected file updates
the values it names. `cypher/performance/*.cypher` holds the named queries of the status.
"""


def render_metamodel_doc() -> str:
    common = ", ".join(f"`{p.name}`" for p in metamodel.COMMON_PROPERTIES)
    link = ", ".join(f"`{p.name}`" for p in metamodel.LINK_PROPERTIES)
    return (
        _INTRO.format(
            common=common,
            link=link,
            bases=", ".join(f"`{b}`" for b in metamodel.BASES),
            basis=metamodel.BASIS.description,
            quote=metamodel.QUOTE.description,
            default=metamodel.DEFAULT_BASIS,
        )
        + metamodel.markdown_table()
        + _RESULTS.format(
            measures=", ".join(f"`{m}`" for m in metamodel.INDICATOR_MEASURES),
            directions=" or ".join(f"`{d}`" for d in metamodel.INDICATOR_DIRECTIONS),
            aggregations=" or ".join(f"`{a}`" for a in metamodel.INDICATOR_AGGREGATIONS),
            measure=metamodel.DEFAULT_MEASURE,
            direction=metamodel.DEFAULT_DIRECTION,
            aggregation=metamodel.DEFAULT_AGGREGATION,
            kinds=" or ".join(f"`{k}`" for k in metamodel.VALUE_KINDS),
            statuses=", ".join(f"`{s}`" for s in metamodel.ASSESSED_STATUSES),
        )
    )


def write_metamodel_doc(path: Path = METAMODEL_DOC) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_metamodel_doc(), encoding="utf-8")
    return path
