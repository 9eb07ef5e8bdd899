"""Response models of the traversals (API and `--json` output alike)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

from app.core.list_envelope import ListEnvelope, legacy_list
from app.elements.schemas import TP2, ElementRef

AmountStatus = Literal["known", "partly-unknown", "unknown", "none"]

_OUTPUT: JsonDict = {
    "id": "itu-t-output-inr",
    "code": None,
    "name": "International numbering resources",
    "type": "Output",
}
_OUTCOME: JsonDict = {"id": "itu-outcome-x", "code": None, "name": "An outcome", "type": "Outcome"}
_IO: JsonDict = {"id": "itu-t-io-inr", "code": None, "name": "Internal order", "type": "CostObject"}
_GOAL: JsonDict = {
    "id": "itu-goal-1",
    "code": "Goal 1",
    "name": "Universal connectivity",
    "type": "Goal",
}
_MISSION: JsonDict = {
    "id": "itu-mission",
    "code": None,
    "name": "Mission of the Union",
    "type": "Mission",
}


# --- outputs serving a priority ------------------------------------------------------------
class ServedThrough(BaseModel):
    outcome: ElementRef = Field(description="The priority's outcome the output serves.")
    delivered_through: ElementRef | None = Field(
        default=None,
        description="The sub-outcome (PART_OF the outcome) the output delivers, if any.",
    )


class FundingCostObject(ElementRef):
    amount: float | None = Field(
        default=None, description="The cost object's whole amount; null = unknown."
    )
    currency: str | None = None
    weight: float = Field(description="Part of the cost object going to this output (0..1).")
    method: str = Field(description="How the weight was worked out (see `methods`).")
    funded_amount: float | None = Field(
        default=None, description="amount x weight; null = unknown."
    )


class ServingOutput(BaseModel):
    output: ElementRef
    sector: str | None = None
    through: list[ServedThrough]
    cost_objects: list[FundingCostObject]
    funded_amount: float | None = Field(
        description="Sum of the known funded amounts; null when none is known."
    )
    amount_status: AmountStatus = Field(
        description="known; partly-unknown (some cost object has no amount); unknown (no "
        "amount known); none (no cost object funds it)."
    )
    currency: str | None = None


class OutputsServing(ListEnvelope[ServingOutput]):
    """`total` is null: the page is read with one more row than asked, never counted."""

    legacy_key = "outputs"
    priority: ElementRef
    outputs: list[ServingOutput] = legacy_list()
    limit: int
    methods: dict[str, str] = Field(description="The split methods used, explained.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "priority": TP2,
                    "outputs": [
                        {
                            "output": _OUTPUT,
                            "sector": "ITU-T",
                            "through": [{"outcome": _OUTCOME, "delivered_through": None}],
                            "cost_objects": [
                                {
                                    **_IO,
                                    "amount": None,
                                    "currency": None,
                                    "weight": 1.0,
                                    "method": "whole",
                                    "funded_amount": None,
                                }
                            ],
                            "funded_amount": None,
                            "amount_status": "unknown",
                            "currency": None,
                        }
                    ],
                    "limit": 100,
                    "next_cursor": None,
                    "methods": {"whole": "the only link takes the whole amount"},
                }
            ]
        }
    )


# --- traces --------------------------------------------------------------------------------
class TracePath(BaseModel):
    nodes: list[ElementRef] = Field(description="From the start element to the end of the path.")
    relationships: list[str] = Field(description="Relationship types between the nodes, in order.")
    bases: list[str] = Field(
        default_factory=list,
        description="The basis of each link crossed, in order: stated, inferred or assumed "
        "(a link with no basis counts as stated).",
    )
    length: int


class TraceNode(BaseModel):
    element: ElementRef
    relationship: str | None = Field(
        default=None, description="The link from the parent tree node."
    )
    basis: str | None = Field(
        default=None, description="That link's basis: stated, inferred or assumed."
    )
    children: list[TraceNode] = Field(default_factory=list)


class Trace(BaseModel):
    start: ElementRef
    direction: Literal["up", "down"]
    max_depth: int
    paths: list[TracePath]
    tree: TraceNode
    reached: list[ElementRef] = Field(
        description="Distinct ends: missions (up) or cost objects (down)."
    )
    truncated: bool = Field(description="More paths exist than `limit` allowed.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "start": _OUTPUT,
                    "direction": "up",
                    "max_depth": 10,
                    "paths": [
                        {
                            "nodes": [_OUTPUT, _OUTCOME, TP2, _GOAL, _MISSION],
                            "relationships": [
                                "DELIVERED_BY",
                                "HAS_OUTCOME",
                                "HAS_PRIORITY",
                                "HAS_GOAL",
                            ],
                            "length": 4,
                        }
                    ],
                    "tree": {
                        "element": _OUTPUT,
                        "relationship": None,
                        "children": [
                            {"element": _OUTCOME, "relationship": "DELIVERED_BY", "children": []}
                        ],
                    },
                    "reached": [_MISSION],
                    "truncated": False,
                }
            ]
        }
    )


# --- impact of removal ---------------------------------------------------------------------
class KeptThrough(BaseModel):
    element: ElementRef
    alternative: list[ElementRef] = Field(
        description="One shortest route avoiding the removed element."
    )
    alternative_bases: list[str] = Field(
        default_factory=list,
        description="The basis of each link of that route: stated, inferred or assumed.",
    )


class SinglePointsOfFailure(BaseModel):
    support: list[ElementRef] = Field(
        description="Elements on every path from the element up to the mission."
    )
    funding: list[ElementRef] = Field(
        description="Elements on every path from the element down to a cost object."
    )
    complete: bool = Field(description="False when there were too many paths to check them all.")


class Impact(BaseModel):
    element: ElementRef
    supported: bool = Field(description="The element reaches the mission.")
    funded: bool = Field(description="The element reaches a cost object.")
    loses_support: list[ElementRef] = Field(
        description="Elements below that would have no path to the mission left."
    )
    keeps_support: list[KeptThrough]
    loses_funding: list[ElementRef] = Field(
        description="Elements above that would have no path to a cost object left."
    )
    keeps_funding: list[KeptThrough]
    single_points_of_failure: SinglePointsOfFailure
    truncated: bool = Field(description="More affected elements exist than `limit` allowed.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "element": _OUTCOME,
                    "supported": True,
                    "funded": True,
                    "loses_support": [_OUTPUT, _IO],
                    "keeps_support": [],
                    "loses_funding": [TP2],
                    "keeps_funding": [
                        {"element": _GOAL, "alternative": [_GOAL, TP2, _OUTCOME, _OUTPUT, _IO]}
                    ],
                    "single_points_of_failure": {
                        "support": [TP2, _GOAL, _MISSION],
                        "funding": [_OUTPUT, _IO],
                        "complete": True,
                    },
                    "truncated": False,
                }
            ]
        }
    )


# --- trace matrix --------------------------------------------------------------------------
class MatrixCell(ElementRef):
    path_length: int = Field(description="Fewest links between the row and this column element.")


class MatrixRow(BaseModel):
    row: ElementRef
    cells: list[MatrixCell] = Field(description="Only the column elements the row reaches.")


class TraceMatrix(ListEnvelope[MatrixRow]):
    """`items` are the rows; `total` is null: the rows are read a page at a time."""

    legacy_key = "rows"
    rows_type: str
    cols_type: str
    direction: Literal["up", "down"] = Field(description="From the rows, up or down the chain.")
    max_depth: int
    columns: list[ElementRef] = Field(description="Column elements reached by this page's rows.")
    rows: list[MatrixRow] = legacy_list()
    limit: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "rows_type": "ThematicPriority",
                    "cols_type": "Output",
                    "direction": "down",
                    "max_depth": 10,
                    "columns": [_OUTPUT],
                    "rows": [{"row": TP2, "cells": [{**_OUTPUT, "path_length": 2}]}],
                    "limit": 200,
                    "next_cursor": None,
                }
            ]
        }
    )


# --- budget roll-up ------------------------------------------------------------------------
class BudgetFigure(ElementRef):
    amount: float | None = Field(
        description="Budget that enters this element from below (known part); null = unknown."
    )
    amount_status: AmountStatus
    unknown_cost_objects: int = Field(description="Cost objects without an amount feeding in.")
    methods: list[str] = Field(description="Split methods used on the way (see `methods`).")


class HeldBelow(ElementRef):
    amount: float | None
    unknown_cost_objects: int
    reason: str


class BudgetRollup(ListEnvelope[BudgetFigure]):
    """`items` are the figures; `total` is known: the roll-up computes the whole level."""

    legacy_key = "figures"
    by: str
    currencies: list[str]
    total_funded: float = Field(
        description="Sum of the known amounts of all cost objects that fund an output."
    )
    attributed: float = Field(description="Sum of the figures' known amounts (all pages).")
    unattributed: float = Field(
        description="Known amounts held below this level by elements that reach no "
        "element of it (listed in `held_below`)."
    )
    reconciled: bool = Field(
        description="attributed + unattributed == total_funded, in exact arithmetic."
    )
    cost_objects_funded: int
    cost_objects_without_amount: int
    cost_objects_funding_nothing: int
    figures: list[BudgetFigure] = legacy_list()
    held_below: list[HeldBelow]
    methods: dict[str, str]
    notes: list[str]
    limit: int

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "by": "Goal",
                    "currencies": ["CHF"],
                    "total_funded": 1000.0,
                    "attributed": 900.0,
                    "unattributed": 100.0,
                    "reconciled": True,
                    "cost_objects_funded": 3,
                    "cost_objects_without_amount": 0,
                    "cost_objects_funding_nothing": 0,
                    "figures": [
                        {
                            **_GOAL,
                            "amount": 900.0,
                            "amount_status": "known",
                            "unknown_cost_objects": 0,
                            "methods": ["even-split", "share", "whole"],
                        }
                    ],
                    "held_below": [
                        {
                            **_OUTPUT,
                            "amount": 100.0,
                            "unknown_cost_objects": 0,
                            "reason": "delivers no outcome",
                        }
                    ],
                    "methods": {"share": "the share declared on the link"},
                    "notes": [],
                    "limit": 1000,
                    "next_cursor": None,
                }
            ]
        }
    )


# --- Cytoscape.js graph --------------------------------------------------------------------
class CyNodeData(BaseModel):
    id: str
    label: str
    type: str
    code: str | None = None
    name: str | None = None


class CyNode(BaseModel):
    data: CyNodeData
    classes: str


class CyEdgeData(BaseModel):
    id: str
    source: str
    target: str
    label: str
    share: float | None = None


class CyEdge(BaseModel):
    data: CyEdgeData
    classes: str


class CyElements(BaseModel):
    nodes: list[CyNode]
    edges: list[CyEdge]


class CytoscapeGraph(BaseModel):
    """The `elements` member is Cytoscape.js's elements format: `cy.add(body.elements)`."""

    elements: CyElements
    root: ElementRef | None = None
    depth: int | None = None
    truncated: bool = Field(description="More elements were in reach than `limit` allowed.")

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "elements": {
                        "nodes": [
                            {
                                "data": {**TP2, "label": "TP#2"},
                                "classes": "ThematicPriority",
                            },
                            {
                                "data": {**_OUTCOME, "label": "An outcome"},
                                "classes": "Outcome",
                            },
                        ],
                        "edges": [
                            {
                                "data": {
                                    "id": "itu-tp-2|HAS_OUTCOME|itu-outcome-x",
                                    "source": "itu-tp-2",
                                    "target": "itu-outcome-x",
                                    "label": "HAS_OUTCOME",
                                    "share": None,
                                },
                                "classes": "HAS_OUTCOME",
                            }
                        ],
                    },
                    "root": TP2,
                    "depth": 1,
                    "truncated": False,
                }
            ]
        }
    )
