"""The planning metamodel: the single source of truth for RBM Trace.

Element types, their properties, relationship types and the (from type, relationship,
to type) triples the graph may hold are declared here once. The importer's validation,
the API's schemas, the structural gap checks, `GET /api/v1/model` and the generated table
in `docs/metamodel.md` all read these declarations. Adding a type is a change here only.

Storage in Neo4j: every element is a node labelled `:Element` and with its type label
(`:Element:Output`). Labels and relationship types used in dynamic Cypher come only from
`ELEMENT_TYPES` and `RELATIONSHIP_TYPES` below; user text never becomes Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class PropertyKind(StrEnum):
    string = "string"
    text = "text"  # a long string
    number = "number"
    integer = "integer"
    year = "year"
    boolean = "boolean"
    string_list = "string_list"
    date = "date"  # a calendar date, stored as ISO text YYYY-MM-DD (sorts as it reads)


@dataclass(frozen=True)
class Property:
    name: str
    kind: PropertyKind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    #: Most characters of the value (of each item, for a list): values that are indexed
    #: must stay well below Neo4j's index key limit (about 8 KB, up to 4 bytes a character).
    max_length: int | None = None


@dataclass(frozen=True)
class ElementType:
    name: str
    description: str
    properties: tuple[Property, ...] = ()
    #: A planning element is part of the results chain or hangs off it (not Plan or Term).
    planning: bool = True


@dataclass(frozen=True)
class RelationshipType:
    name: str
    description: str
    pairs: tuple[tuple[str, str], ...]
    properties: tuple[Property, ...] = ()
    notes: str = ""
    #: Suspect links: which end of the link is upstream (`from` or `to`: the element whose
    #: meaning the link relies on) and which of its fields carry that meaning. A link of
    #: this type stores what it saw of them when created or cleared; when they differ now,
    #: the link is suspect (see SUSPECT_LINKS below). No fields: never suspect.
    upstream_end: str = "from"
    upstream_fields: tuple[str, ...] = ()

    def allows(self, from_type: str, to_type: str) -> bool:
        return (from_type, to_type) in self.pairs

    @property
    def from_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f for f, _ in self.pairs))

    @property
    def to_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for _, t in self.pairs))


# --- limits of what is stored --------------------------------------------------------------
#: Longest id, code, alias and name (characters). Ids, codes and aliases are keys in range
#: and full-text indexes; names are searched in the full-text index.
MAX_ID_LENGTH = 200
MAX_CODE_LENGTH = 100
MAX_ALIAS_LENGTH = 200
MAX_NAME_LENGTH = 500
#: Whole numbers are stored as Neo4j integers (64 bits); numbers must be finite.
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**63 - 1

# --- provenance: how well the documents support an element or a link ----------------------
#: `basis` values, strongest first. `stated`: the document says it; `inferred`: a reading of
#: what it says; `assumed`: needed to complete the model, not in the documents.
BASES: tuple[str, ...] = ("stated", "inferred", "assumed")
#: The basis of an element or link that gives none: a plan loaded without provenance is
#: taken as written (stated). Every reader of `basis` (the gap engine's evidence filter, the
#: traversals) applies this one default.
DEFAULT_BASIS = "stated"

BASIS = Property(
    "basis",
    PropertyKind.string,
    "How the source supports it: `stated` (the document says it), `inferred` (a reading of "
    "what it says) or `assumed` (needed to complete the model, not in the documents); absent "
    "means stated.",
    choices=BASES,
)
QUOTE = Property(
    "quote",
    PropertyKind.text,
    "The exact sentence or phrase of the source document that supports it (stated or inferred).",
)
PROVENANCE_PROPERTIES: tuple[Property, ...] = (BASIS, QUOTE)


def admitted_bases(evidence: str | None) -> list[str]:
    """The bases a reading on `evidence` admits: `stated` admits only stated elements and
    links, `inferred` adds inferred ones, `assumed` (or none) admits everything."""
    if evidence is None:
        return list(BASES)
    if evidence not in BASES:
        raise ValueError(f"unknown evidence level {evidence!r}; use one of {', '.join(BASES)}")
    return list(BASES[: BASES.index(evidence) + 1])


# --- properties every element has ---------------------------------------------------------
COMMON_PROPERTIES: tuple[Property, ...] = (
    Property(
        "id",
        PropertyKind.string,
        "Stable unique identifier, never reused.",
        required=True,
        max_length=MAX_ID_LENGTH,
    ),
    Property(
        "code",
        PropertyKind.string,
        "Human code used in the documents, e.g. `TP#2`.",
        max_length=MAX_CODE_LENGTH,
    ),
    Property(
        "name",
        PropertyKind.string,
        "Name as the source document gives it.",
        required=True,
        max_length=MAX_NAME_LENGTH,
    ),
    Property("description", PropertyKind.text, "What the element is, quoted where possible."),
    Property(
        "aliases",
        PropertyKind.string_list,
        "Other names and codes it is known by.",
        max_length=MAX_ALIAS_LENGTH,
    ),
    Property("source_document", PropertyKind.string, "The document the element comes from."),
    Property("source_section", PropertyKind.string, "Section, paragraph or annex within it."),
    *PROVENANCE_PROPERTIES,
)

SHARE = Property(
    "share",
    PropertyKind.number,
    "Fraction (0..1) attributed along this link; when absent, an even split is assumed.",
    minimum=0.0,
    maximum=1.0,
)
LINK_PROPERTIES: tuple[Property, ...] = (
    Property("source_document", PropertyKind.string, "The document that states this link."),
    Property("source_section", PropertyKind.string, "Section within it."),
    *PROVENANCE_PROPERTIES,
    Property(
        "description",
        PropertyKind.text,
        "Why the link is there: the reading behind an inferred link, the gap an assumed one fills.",
    ),
)

# --- results: indicator targets and actuals per period (issue 17) ---------------------------
#: How an indicator is measured, as IATI 2.03 codes it (IndicatorMeasure 1..5).
INDICATOR_MEASURES: tuple[str, ...] = ("unit", "percentage", "nominal", "ordinal", "qualitative")
#: Which way is better: `higher` (IATI ascending) or `lower`.
INDICATOR_DIRECTIONS: tuple[str, ...] = ("higher", "lower")
#: How per-period values combine: `cumulative` (each period's value is the level reached so
#: far; the total is the latest period's) or `incremental` (each period adds; totals are sums).
INDICATOR_AGGREGATIONS: tuple[str, ...] = ("cumulative", "incremental")
#: What a period value is, and the statuses a person may set on a qualitative actual.
VALUE_KINDS: tuple[str, ...] = ("target", "actual")
ASSESSED_STATUSES: tuple[str, ...] = ("green", "amber", "red")
#: Defaults of an indicator that declares none (read by app.performance and the checks).
DEFAULT_MEASURE, DEFAULT_DIRECTION, DEFAULT_AGGREGATION = "unit", "higher", "cumulative"

INDICATOR_RESULTS_PROPERTIES: tuple[Property, ...] = (
    Property(
        "measure",
        PropertyKind.string,
        "How it is measured (IATI 2.03): unit, percentage, nominal, ordinal or qualitative; "
        "absent means unit.",
        choices=INDICATOR_MEASURES,
    ),
    Property(
        "direction",
        PropertyKind.string,
        "Which way is better: higher or lower; absent means higher.",
        choices=INDICATOR_DIRECTIONS,
    ),
    Property(
        "aggregation",
        PropertyKind.string,
        "How period values combine: cumulative (the latest period's value is the total) or "
        "incremental (periods add up); absent means cumulative.",
        choices=INDICATOR_AGGREGATIONS,
    ),
)

RESULTS_ELEMENT_TYPES: tuple[ElementType, ...] = (
    ElementType(
        "IndicatorValue",
        "A target or an actual of an indicator for one period (start and end date), "
        "optionally for one disaggregation (dimension and value); linked from its indicator "
        "by HAS_VALUE.",
        (
            Property(
                "kind", PropertyKind.string, "target or actual.", required=True, choices=VALUE_KINDS
            ),
            Property("period_start", PropertyKind.date, "First day of the period.", required=True),
            Property("period_end", PropertyKind.date, "Last day of the period.", required=True),
            Property("value", PropertyKind.number, "The value; absent for a qualitative one."),
            Property(
                "status",
                PropertyKind.string,
                "Status set by a person (qualitative indicators): green, amber or red.",
                choices=ASSESSED_STATUSES,
            ),
            Property(
                "dimension",
                PropertyKind.string,
                "Disaggregation dimension, e.g. sex; absent: total.",
            ),
            Property("dimension_value", PropertyKind.string, "Its value, e.g. female."),
            Property("comment", PropertyKind.text, "What the reporter says about the value."),
        ),
        planning=False,
    ),
)

RESULTS_RELATIONSHIP_TYPES: tuple[RelationshipType, ...] = (
    RelationshipType(
        "HAS_VALUE",
        "The indicator has the target or actual for a period.",
        (("Indicator", "IndicatorValue"),),
        notes="targets and actuals per period (and disaggregation) of an indicator",
    ),
)
# --- end of results -------------------------------------------------------------------------

# --- element types ------------------------------------------------------------------------
_E = ElementType
_P = Property
_K = PropertyKind

ELEMENT_TYPES: tuple[ElementType, ...] = (
    _E("Vision", "The long-term aspiration the mission serves."),
    _E("Mission", "The organisation's mission: the top of every results chain."),
    _E(
        "Goal",
        "A strategic goal of the strategic plan.",
        (_P("number", _K.integer, "Goal number."),),
    ),
    _E(
        "Target",
        "A quantified strategic target under a goal.",
        (
            _P("value", _K.string, "The target value as stated."),
            _P("year", _K.year, "Year by which it is to be met."),
        ),
    ),
    _E(
        "ThematicPriority",
        "A thematic priority: an area of work through which goals are pursued.",
        (_P("number", _K.integer, "Priority number, e.g. 2 for TP#2."),),
    ),
    _E("Outcome", "A key result the organisation aims to achieve under its thematic priorities."),
    _E(
        "Output",
        "A final tangible result, deliverable, product or service of an operational plan; a "
        "cost object, represented by internal orders.",
        (_P("sector", _K.string, "Sector or unit that delivers it, e.g. ITU-T."),),
    ),
    _E(
        "Activity",
        "An activity that realises outputs (bottom-up budgeting links resources, activities "
        "and outputs); it may be funded by cost objects.",
    ),
    _E(
        "CostObject",
        "A cost object of the cost-accounting system (an internal order) that funds outputs.",
        (
            _P("amount", _K.number, "Budget amount; absent when unknown.", minimum=0.0),
            _P("currency", _K.string, "ISO currency code, e.g. CHF; absent when unknown."),
            _P("period", _K.string, "Budget period, e.g. 2028-2029."),
        ),
    ),
    _E(
        "Indicator",
        "A measure of progress of a goal, target, outcome or output.",
        (
            _P("kind", _K.string, "Level it measures.", choices=("output", "outcome", "impact")),
            _P("unit", _K.string, "Unit of measure."),
            _P("baseline", _K.number, "Baseline value."),
            _P("baseline_year", _K.year, "Year of the baseline."),
            _P("target", _K.number, "Target value."),
            _P("target_year", _K.year, "Year of the target."),
            _P("disaggregation", _K.string_list, "Breakdowns, e.g. by level of development."),
            *INDICATOR_RESULTS_PROPERTIES,
        ),
    ),
    _E("Enabler", "A key enabler of success (industry engagement, secretariat support ...)."),
    _E(
        "Risk",
        "A strategic or operational risk to planning elements.",
        (
            _P(
                "category",
                _K.string,
                "strategic or operational",
                choices=("strategic", "operational"),
            ),
            _P("likelihood", _K.string, "Likelihood as assessed."),
            _P("impact", _K.string, "Impact as assessed."),
        ),
    ),
    _E(
        "Mandate",
        "A resolution, or one action of a resolution, that planning elements must meet.",
        (
            _P("instrument", _K.string, "The resolution, e.g. Resolution 108 (WTSA-24)."),
            _P(
                "plan_kind",
                _K.string,
                "Kind of plan the elements it requires must be in (e.g. operational: "
                '"to include in the operational plan ... key enablers").',
                choices=("strategic", "operational", "financial"),
            ),
            _P(
                "asks_risk_management",
                _K.boolean,
                "The mandate asks for risk management (risks and their mitigation).",
            ),
        ),
    ),
    _E(
        "Plan",
        "A strategic, operational or financial plan with its period.",
        (
            _P(
                "kind",
                _K.string,
                "Kind of plan.",
                choices=("strategic", "operational", "financial"),
            ),
            _P("period_start", _K.year, "First year of the plan period."),
            _P("period_end", _K.year, "Last year of the plan period."),
            _P("organisation", _K.string, "Organisation or sector, e.g. ITU, ITU-T."),
            _P(
                "glossary_at",
                _K.string,
                "Where the plan's definitions are to sit (its glossary), e.g. Annex 3 "
                "(Glossary of Terms).",
            ),
            _P(
                "status",
                _K.string,
                "Where the plan is in its cycle: `in-preparation` (being drafted: the "
                "successor check compares it with the plan it SUCCEEDS), `adopted` or "
                "`closed`.",
                choices=("in-preparation", "adopted", "closed"),
            ),
            _P(
                "type_labels",
                _K.string_list,
                "What the plan calls its element types, as written (e.g. Products and "
                "Services), for the deprecated-terminology check.",
            ),
        ),
        planning=False,
    ),
    _E(
        "Term",
        "A glossary term: its definition and which element type or word it defines.",
        (
            _P("defines", _K.string, "Element type name (e.g. Output) or word it defines."),
            _P("definition", _K.text, "The definition, quoted."),
            _P(
                "defined_at",
                _K.string,
                "Where the plan states the definition (section or annex), e.g. Annex 3 "
                "(Glossary of Terms).",
            ),
            _P("deprecated", _K.boolean, "The term is no longer to be used."),
            _P("preferred_term", _K.string, "The term to use instead of a deprecated one."),
        ),
        planning=False,
    ),
    *RESULTS_ELEMENT_TYPES,
)

ELEMENT_TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in ELEMENT_TYPES)
PLANNING_TYPES: tuple[str, ...] = tuple(t.name for t in ELEMENT_TYPES if t.planning)

#: The results chain, top to bottom, with the relationship that links each step.
RESULTS_CHAIN: tuple[tuple[str, str, str], ...] = (
    ("Mission", "HAS_GOAL", "Goal"),
    ("Goal", "HAS_PRIORITY", "ThematicPriority"),
    ("ThematicPriority", "HAS_OUTCOME", "Outcome"),
    ("Outcome", "DELIVERED_BY", "Output"),
    ("Output", "FUNDED_BY", "CostObject"),
)

#: Element types on the results chain, top to bottom: the vision the mission serves, then
#: every type of RESULTS_CHAIN (traversals, the budget roll-up and the reports read this).
CHAIN_TYPES: tuple[str, ...] = (
    "Vision",
    *(upper for upper, _, _ in RESULTS_CHAIN),
    RESULTS_CHAIN[-1][2],
)

#: The levels of the chain whose names must not repeat one another (top to bottom).
NAMED_LEVELS: tuple[str, ...] = (
    "Vision",
    "Mission",
    "Goal",
    "ThematicPriority",
    "Outcome",
    "Output",
    "Activity",
)


def _all_to(types: tuple[str, ...], to: str) -> tuple[tuple[str, str], ...]:
    return tuple((t, to) for t in types)


def _all_from(source: str, types: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((source, t) for t in types)


_CONTAINABLE = tuple(t for t in ELEMENT_TYPE_NAMES if t != "Plan")
_THREATENABLE = tuple(t for t in PLANNING_TYPES if t != "Risk")

#: How an element of one planning cycle became one of the next (`SUCCEEDS.kind`).
SUCCESSION_KINDS: tuple[str, ...] = ("continues", "renames", "merges", "splits")
#: The kind of a SUCCEEDS link that gives none: lineage recorded before kinds existed is
#: read as a plain continuation.
DEFAULT_SUCCESSION_KIND = "continues"
SUCCESSION_KIND = Property(
    "kind",
    PropertyKind.string,
    "How the later element came from the earlier one: `continues` (the same, carried on; "
    "the default when absent), `renames` (the same under a new name), `merges` (several "
    "earlier elements into this one) or `splits` (one earlier element into several).",
    choices=SUCCESSION_KINDS,
)

_R = RelationshipType
RELATIONSHIP_TYPES: tuple[RelationshipType, ...] = (
    _R("HAS_MISSION", "The vision is pursued through the mission.", (("Vision", "Mission"),)),
    _R("HAS_GOAL", "The mission is pursued through the goal.", (("Mission", "Goal"),)),
    _R("HAS_TARGET", "The goal is quantified by the target.", (("Goal", "Target"),)),
    _R(
        "HAS_PRIORITY",
        "The goal is pursued under the thematic priority.",
        (("Goal", "ThematicPriority"),),
        notes="many-to-many",
    ),
    _R(
        "HAS_OUTCOME",
        "The thematic priority aims at the outcome.",
        (("ThematicPriority", "Outcome"),),
        notes="many-to-many",
    ),
    _R(
        "DELIVERED_BY",
        "The outcome is delivered by the output.",
        (("Outcome", "Output"),),
        (SHARE,),
        notes="many-to-many; optional `share` (0..1) of the output attributed to this outcome",
    ),
    _R(
        "REALISED_BY",
        "The output is realised by the activity.",
        (("Output", "Activity"),),
        notes="many-to-many; bottom-up budgeting: resources, activities and outputs",
    ),
    _R(
        "FUNDED_BY",
        "The output or activity is funded by the cost object.",
        (("Output", "CostObject"), ("Activity", "CostObject")),
        (SHARE,),
        notes="optional `share` (0..1) of the cost object going to this output or activity",
    ),
    _R(
        "MEASURED_BY",
        "The element is measured by the indicator.",
        _all_to(("Goal", "Target", "Outcome", "Output"), "Indicator"),
    ),
    _R(
        "ENABLED_BY",
        "The element depends on the enabler.",
        _all_to(("ThematicPriority", "Outcome", "Output"), "Enabler"),
    ),
    _R("THREATENED_BY", "The element is threatened by the risk.", _all_to(_THREATENABLE, "Risk")),
    _R(
        "MITIGATED_BY",
        "The risk is mitigated by the output or enabler.",
        _all_from("Risk", ("Output", "Enabler")),
    ),
    _R(
        "REQUIRES",
        "The mandate (a resolution's action) is met by the element.",
        _all_from("Mandate", ("Output", "Enabler", "Outcome")),
        notes="a mandate (a resolution's action) is met by these",
    ),
    _R(
        "PART_OF",
        "The element is a breakdown of a larger one of the same type: a resolution's action "
        "of the resolution, a sub-outcome of an outcome.",
        (("Mandate", "Mandate"), ("Outcome", "Outcome")),
        notes="a resolution's action, or an outcome's breakdown",
    ),
    _R(
        "CONTAINS",
        "The plan contains the element.",
        _all_from("Plan", _CONTAINABLE),
        notes="which plan (strategic, operational, financial; with its period) an element "
        "belongs to",
    ),
    _R(
        "SUCCEEDS",
        "The element succeeds one of the same type from an earlier plan period.",
        tuple((t, t) for t in ELEMENT_TYPE_NAMES),
        (SUCCESSION_KIND,),
        notes="lineage from one plan period to the next; optional `kind` (absent: continues)",
    ),
    *RESULTS_RELATIONSHIP_TYPES,
)

RELATIONSHIP_TYPE_NAMES: tuple[str, ...] = tuple(r.name for r in RELATIONSHIP_TYPES)

# --- suspect links ------------------------------------------------------------------------
#: Suspect links (Doorstop, OpenFastTrace): a link relies on what its upstream end means.
#: Per relationship type: (upstream end, the upstream element's fields that carry its
#: meaning). The upstream end is the element the link's reading depends on: down the
#: results chain the upper element (an outcome's name and description for DELIVERED_BY:
#: an output delivers what the outcome says), and for a dependency the thing depended on
#: (the enabler of ENABLED_BY, the risk of THREATENED_BY, the larger element of PART_OF).
#: CONTAINS (membership) and SUCCEEDS (lineage) carry no meaning of the other end.
SUSPECT_LINKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "HAS_MISSION": ("from", ("name", "description")),
    "HAS_GOAL": ("from", ("name", "description")),
    "HAS_TARGET": ("from", ("name", "description")),
    "HAS_PRIORITY": ("from", ("name", "description")),
    "HAS_OUTCOME": ("from", ("name", "description")),
    "DELIVERED_BY": ("from", ("name", "description")),
    "REALISED_BY": ("from", ("name", "description")),
    "FUNDED_BY": ("from", ("name", "description")),
    "MEASURED_BY": ("from", ("name", "description")),
    "ENABLED_BY": ("to", ("name", "description")),
    "THREATENED_BY": ("to", ("name", "description")),
    "MITIGATED_BY": ("from", ("name", "description")),
    "REQUIRES": ("from", ("name", "description")),
    "PART_OF": ("to", ("name", "description")),
}
#: Property kinds a watched field may have (stored as text in the link's stamp).
WATCHABLE_KINDS = frozenset(
    {
        PropertyKind.string,
        PropertyKind.text,
        PropertyKind.number,
        PropertyKind.integer,
        PropertyKind.year,
        PropertyKind.boolean,
    }
)
RELATIONSHIP_TYPES = tuple(
    replace(r, upstream_end=SUSPECT_LINKS[r.name][0], upstream_fields=SUSPECT_LINKS[r.name][1])
    if r.name in SUSPECT_LINKS
    else r
    for r in RELATIONSHIP_TYPES
)

_ELEMENTS_BY_NAME = {t.name: t for t in ELEMENT_TYPES}
_RELATIONSHIPS_BY_NAME = {r.name: r for r in RELATIONSHIP_TYPES}


def element_type(name: str) -> ElementType:
    """The declared element type; KeyError for a name that is not in the metamodel."""
    return _ELEMENTS_BY_NAME[name]


def relationship_type(name: str) -> RelationshipType:
    return _RELATIONSHIPS_BY_NAME[name]


def is_element_type(name: str) -> bool:
    return name in _ELEMENTS_BY_NAME


def is_relationship_type(name: str) -> bool:
    return name in _RELATIONSHIPS_BY_NAME


def properties_of(type_name: str) -> tuple[Property, ...]:
    """Every property an element of this type may have: the common ones, then its own."""
    return COMMON_PROPERTIES + element_type(type_name).properties


def link_properties_of(rel_name: str) -> tuple[Property, ...]:
    return relationship_type(rel_name).properties + LINK_PROPERTIES


def allowed_links_from(type_name: str) -> list[tuple[str, str]]:
    """(relationship, to type) pairs an element of this type may start."""
    return [(r.name, to) for r in RELATIONSHIP_TYPES for f, to in r.pairs if f == type_name]


def allowed_pairs_text(rel_name: str) -> str:
    """Human list of what a relationship may link, for error messages."""
    return ", ".join(f"{f} -> {t}" for f, t in relationship_type(rel_name).pairs)


def relationships_between(from_type: str, to_type: str) -> list[str]:
    return [r.name for r in RELATIONSHIP_TYPES if r.allows(from_type, to_type)]


def upstream_watch(rel_name: str) -> dict[str, Any] | None:
    """{end, fields} of a relationship type whose links can be suspect, else None."""
    r = relationship_type(rel_name)
    return {"end": r.upstream_end, "fields": list(r.upstream_fields)} if r.upstream_fields else None


def suspect_watch() -> dict[str, dict[str, Any]]:
    """{relationship type: {end, fields}} of every type whose links can be suspect: the
    `watch` parameter of `cypher/suspects/*` and of the `suspect_link` check."""
    return {r.name: w for r in RELATIONSHIP_TYPES if (w := upstream_watch(r.name)) is not None}


def suspect_upstream_types() -> frozenset[str]:
    """Element types that may be the upstream end of a link that can be suspect (the end
    whose watched fields the link's stamp holds)."""
    return frozenset(
        type_name
        for r in RELATIONSHIP_TYPES
        if r.upstream_fields
        for type_name in (r.from_types if r.upstream_end == "from" else r.to_types)
    )


def _check_suspect_links() -> None:
    """Each watched field is a scalar property of every type at the watched end."""
    for name, (end, fields) in SUSPECT_LINKS.items():
        r = relationship_type(name)
        if end not in ("from", "to"):
            raise ValueError(f"SUSPECT_LINKS[{name!r}]: end must be 'from' or 'to', not {end!r}")
        for type_name in r.from_types if end == "from" else r.to_types:
            kinds = {p.name: p.kind for p in properties_of(type_name)}
            for f in fields:
                if kinds.get(f) not in WATCHABLE_KINDS:
                    raise ValueError(
                        f"SUSPECT_LINKS[{name!r}]: {type_name} has no scalar property {f!r}"
                    )


_check_suspect_links()


def _property_dict(p: Property) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name, "kind": p.kind.value, "description": p.description}
    if p.required:
        out["required"] = True
    if p.choices:
        out["choices"] = list(p.choices)
    if p.minimum is not None:
        out["minimum"] = p.minimum
    if p.maximum is not None:
        out["maximum"] = p.maximum
    if p.max_length is not None:
        out["max_length"] = p.max_length
    return out


def describe() -> dict[str, Any]:
    """The whole metamodel as JSON-ready data (served at `GET /api/v1/model`)."""
    return {
        "common_properties": [_property_dict(p) for p in COMMON_PROPERTIES],
        "element_types": [
            {
                "name": t.name,
                "description": t.description,
                "planning": t.planning,
                "properties": [_property_dict(p) for p in t.properties],
            }
            for t in ELEMENT_TYPES
        ],
        "relationship_types": [
            {
                "name": r.name,
                "description": r.description,
                "pairs": [{"from": f, "to": t} for f, t in r.pairs],
                "properties": [_property_dict(p) for p in link_properties_of(r.name)],
                "notes": r.notes,
                "suspect_when_changed": upstream_watch(r.name),
            }
            for r in RELATIONSHIP_TYPES
        ],
        "results_chain": [{"from": f, "relationship": r, "to": t} for f, r, t in RESULTS_CHAIN],
    }


def markdown_table() -> str:
    """The relationship table of `docs/metamodel.md`, generated from the declarations."""
    lines = [
        "| relationship | from | to | link properties | notes |",
        "|---|---|---|---|---|",
    ]
    for r in RELATIONSHIP_TYPES:
        froms = ", ".join(r.from_types)
        tos = ", ".join(r.to_types)
        if r.name == "SUCCEEDS":
            froms, tos = "any element", "element of the same type"
        elif r.name == "THREATENED_BY":
            froms = "any planning element"
        elif r.name == "CONTAINS":
            tos = "any element"
        props = ", ".join(f"`{p.name}`" for p in r.properties) or ""
        lines.append(f"| `{r.name}` | {froms} | {tos} | {props} | {r.notes} |")
    lines += [
        "",
        "| relationship | upstream end | its fields that make the link suspect when changed |",
        "|---|---|---|",
    ]
    for r in RELATIONSHIP_TYPES:
        fields = ", ".join(f"`{f}`" for f in r.upstream_fields) or "never suspect"
        lines.append(f"| `{r.name}` | {r.upstream_end if r.upstream_fields else ''} | {fields} |")
    lines += ["", "| element type | own properties | description |", "|---|---|---|"]
    for t in ELEMENT_TYPES:
        props = ", ".join(f"`{p.name}`" for p in t.properties)
        lines.append(f"| `{t.name}` | {props} | {t.description} |")
    return "\n".join(lines) + "\n"
