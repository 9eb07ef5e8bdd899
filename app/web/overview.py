"""What is loaded: counts per element type, links and plans (the explorer's overview)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app import metamodel
from app.db.graph import Graph
from app.elements.listing import list_elements
from app.elements.schemas import Element

MAX_PLANS_LISTED = 50


class TypeCount(BaseModel):
    type: str
    elements: int


class Overview(BaseModel):
    elements: int = Field(description="Elements loaded, all types.")
    links: int = Field(description="Relationships stored (links and change-event edges).")
    types: list[TypeCount] = Field(description="Element types in metamodel order, with counts.")
    plans: list[Element] = Field(description=f"The first {MAX_PLANS_LISTED} plans.")
    more_plans: bool

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "elements": 240,
                    "links": 410,
                    "types": [{"type": "Goal", "elements": 4}],
                    "plans": [
                        {
                            "id": "itu-sp-2024-2027",
                            "type": "Plan",
                            "name": "Strategic plan 2024-2027",
                        }
                    ],
                    "more_plans": False,
                }
            ]
        }
    )


def overview(graph: Graph) -> Overview:
    counts = {row["type"]: int(row["elements"]) for row in graph.read("admin/count_by_type")}
    _, links = graph.counts()
    plans = list_elements(graph, type="Plan", limit=MAX_PLANS_LISTED)
    types = [
        TypeCount(type=name, elements=counts.get(name, 0))
        for name in metamodel.ELEMENT_TYPE_NAMES
        if counts.get(name)
    ]
    return Overview(
        elements=sum(counts.values()),
        links=links,
        types=types,
        plans=plans.items,
        more_plans=plans.next_cursor is not None,
    )
