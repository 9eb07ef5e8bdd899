"""The results framework as IATI 2.03 activity XML (`GET /api/v1/export?format=iati`).

One `iati-activity` per plan that contains measured goals, outcomes or outputs (and one for
those in no plan), each with its `result`s: a goal is an impact (type 3), an outcome an
outcome (2), an output an output (1). Each result lists its indicators with their measure
(IATI IndicatorMeasure: unit 1, percentage 2, nominal 3, ordinal 4, qualitative 5),
`ascending` (higher is better), the baseline (when its year is known) and the periods with
their targets and actuals, disaggregations as `dimension`s and comments as `comment`s (a
qualitative actual's status set by a person goes into its comment). The reporting
organisation comes from the settings (RBMTRACE_IATI_ORG_REF, _NAME, _TYPE).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# the standard library writes the XML (nothing is parsed here)
from xml.etree import ElementTree as etree

from app import metamodel
from app.core.config import Settings
from app.db.graph import Graph
from app.performance.service import periods_of

IATI_VERSION = "2.03"
MEDIA_TYPE = "application/xml"
FILE_NAME = "rbmtrace-iati-activities.xml"
RESULT_TYPES = {"Output": "1", "Outcome": "2", "Goal": "3"}
MEASURES = {m: str(n) for n, m in enumerate(metamodel.INDICATOR_MEASURES, start=1)}
#: IATI ActivityStatus 2 (implementation); ActivityDateType 1 (planned start), 3 (planned end);
#: OrganisationRole 4 (implementing).
ACTIVITY_STATUS, PLANNED_START, PLANNED_END, IMPLEMENTING = "2", "1", "3", "4"
NO_PLAN = "results-in-no-plan"


@dataclass(frozen=True)
class Reporter:
    """The organisation that reports (IATI reporting-org)."""

    ref: str
    name: str
    type: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Reporter:
        return cls(settings.iati_org_ref, settings.iati_org_name, settings.iati_org_type)


def _text(parent: etree.Element, tag: str, text: str, **attrs: str) -> etree.Element:
    """`<tag><narrative>text</narrative></tag>` under `parent`."""
    element = etree.SubElement(parent, tag, attrs)
    etree.SubElement(element, "narrative").text = text
    return element


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _value(parent: etree.Element, tag: str, value: Mapping[str, Any]) -> None:
    attrs = {"value": _number(value["value"])} if value.get("value") is not None else {}
    element = etree.SubElement(parent, tag, attrs)
    if value.get("dimension"):
        etree.SubElement(
            element,
            "dimension",
            {"name": value["dimension"], "value": str(value.get("dimension_value") or "")},
        )
    said = [f"status {value['status']} (set by a person)"] if value.get("status") else []
    said += [value["comment"]] if value.get("comment") else []
    if said:
        _text(element, "comment", "; ".join(said))


def _indicator(parent: etree.Element, row: Mapping[str, Any]) -> None:
    measure = row.get("measure") or metamodel.DEFAULT_MEASURE
    direction = row.get("direction") or metamodel.DEFAULT_DIRECTION
    indicator = etree.SubElement(
        parent,
        "indicator",
        {"measure": MEASURES[measure], "ascending": "1" if direction == "higher" else "0"},
    )
    _text(indicator, "title", row["name"])
    if row.get("unit") or row.get("aggregation"):
        aggregation = row.get("aggregation") or metamodel.DEFAULT_AGGREGATION
        unit = f"unit: {row['unit']}; " if row.get("unit") else ""
        _text(indicator, "description", f"{unit}periods combine {aggregation}ly")
    if row.get("baseline") is not None and row.get("baseline_year"):
        etree.SubElement(
            indicator,
            "baseline",
            {"year": str(row["baseline_year"]), "value": _number(row["baseline"])},
        )
    for period, members in periods_of(row["values"]):
        element = etree.SubElement(indicator, "period")
        etree.SubElement(element, "period-start", {"iso-date": period.start})
        etree.SubElement(element, "period-end", {"iso-date": period.end})
        for kind in metamodel.VALUE_KINDS:  # IATI: every target, then every actual
            for value in members:
                if value.get("kind") == kind:
                    _value(element, kind, value)


def _activity(
    root: etree.Element,
    reporter: Reporter,
    plan: Mapping[str, Any] | None,
    results: Sequence[Mapping[str, Any]],
    indicators: Mapping[str, Mapping[str, Any]],
) -> None:
    key = plan["id"] if plan else NO_PLAN
    activity = etree.SubElement(root, "iati-activity")
    etree.SubElement(activity, "iati-identifier").text = f"{reporter.ref}-{key}"
    _text(activity, "reporting-org", reporter.name, ref=reporter.ref, type=reporter.type)
    _text(activity, "title", plan["name"] if plan else "Results in no plan")
    description = (plan or {}).get("description") or (
        f"Results framework of {plan['name']}" if plan else "Results that no plan contains"
    )
    _text(activity, "description", description)
    _text(activity, "participating-org", reporter.name, ref=reporter.ref, role=IMPLEMENTING)
    etree.SubElement(activity, "activity-status", {"code": ACTIVITY_STATUS})
    starts = [p.start for r in results for i in r["indicators"] for p, _ in _periods(indicators, i)]
    ends = [p.end for r in results for i in r["indicators"] for p, _ in _periods(indicators, i)]
    start = f"{plan['period_start']}-01-01" if plan and plan.get("period_start") else None
    end = f"{plan['period_end']}-12-31" if plan and plan.get("period_end") else None
    start = start or (min(starts) if starts else datetime.now(UTC).date().isoformat())
    end = end or (max(ends) if ends else None)
    etree.SubElement(activity, "activity-date", {"type": PLANNED_START, "iso-date": start})
    if end:
        etree.SubElement(activity, "activity-date", {"type": PLANNED_END, "iso-date": end})
    for result in results:
        element = etree.SubElement(activity, "result", {"type": RESULT_TYPES[result["type"]]})
        code = f"{result['code']} " if result.get("code") else ""
        _text(element, "title", code + result["name"])
        if result.get("description"):
            _text(element, "description", result["description"])
        for indicator in result["indicators"]:
            _indicator(element, indicators[indicator])


def _periods(indicators: Mapping[str, Mapping[str, Any]], key: str) -> list[Any]:
    return periods_of(indicators[key]["values"])


def iati_activities(graph: Graph, reporter: Reporter) -> bytes:
    """The results framework of the whole graph as an IATI 2.03 `iati-activities` file."""
    rows = graph.read("performance/indicator_values", ids=None)[0]["indicators"]
    indicators = {row["id"]: row for row in rows}
    results = [
        {**row, "indicators": sorted(row["indicators"])}
        for row in graph.read("performance/iati_results")
    ]
    root = etree.Element(
        "iati-activities",
        {
            "version": IATI_VERSION,
            "generated-datetime": datetime.now(UTC).replace(microsecond=0).isoformat(),
        },
    )
    for plan in graph.read("performance/iati_plans"):
        mine = [r for r in results if plan["id"] in r["plans"]]
        if mine:
            _activity(root, reporter, plan, mine, indicators)
    homeless = [r for r in results if not r["plans"]]
    if homeless:
        _activity(root, reporter, None, homeless, indicators)
    etree.indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
