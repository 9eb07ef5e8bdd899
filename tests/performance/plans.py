"""A small plan with targets and actuals whose statuses are computed by hand.

As of 2025-12-31 (bands rule):
- ind-cum (cumulative, higher, baseline 10): 2025 target 30, actual 30: (30-10)/(30-10) = 100%
  -> green; 2025's actual is also broken down by sex (14 + 16);
- ind-inc (incremental, higher, no baseline): targets 100 + 100, actuals 30 + 10:
  40 / 200 = 20% -> red;
- ind-qual (qualitative): 2025 actual set green by a person;
- ind-late (cumulative): 2024 target 5, no actual -> grey (not reporting).
Roll-up (green 1, amber 0.5, red 0; green from 0.75, amber from 0.5):
- out-1 (ind-cum green, ind-inc red): 0.5 -> amber; out-2 (ind-qual): green;
  out-3 (ind-late): grey;
- tp-1 (out-1, out-2): equal 0.75 -> green; by budget (out-1 gets 300, out-2 100):
  (0.5*300 + 1*100) / 400 = 0.625 -> amber; tp-2 (out-3): grey;
- goal-1 (tp-1, tp-2): tp-1's status, tp-2 listed as missing.
"""

from __future__ import annotations

from typing import Any

AS_OF = "2025-12-31"
Y24 = ("2024-01-01", "2024-12-31")
Y25 = ("2025-01-01", "2025-12-31")


def element(type_: str, id_: str, **props: Any) -> dict[str, Any]:
    return {"type": type_, "id": id_, "name": props.pop("name", f"{type_} {id_}"), **props}


def value(indicator: str, span: tuple[str, str], kind: str, **props: Any) -> dict[str, Any]:
    key = f"{indicator}/{span[0]}/{span[1]}/{kind}"
    if "dimension" in props:
        key += f"/{props['dimension']}={props['dimension_value']}"
    return element(
        "IndicatorValue", key, kind=kind, period_start=span[0], period_end=span[1], **props
    )


STRUCTURE: dict[str, Any] = {
    "elements": [
        element("Mission", "mission"),
        element("Goal", "goal-1", code="G1"),
        element("ThematicPriority", "tp-1", code="TP1"),
        element("ThematicPriority", "tp-2", code="TP2"),
        element("Outcome", "out-1", code="O1"),
        element("Outcome", "out-2", code="O2"),
        element("Outcome", "out-3", code="O3"),
        element("Output", "op-1"),
        element("Output", "op-2"),
        element("CostObject", "co-1", amount=300, currency="CHF"),
        element("CostObject", "co-2", amount=100, currency="CHF"),
        element(
            "Indicator",
            "ind-cum",
            code="I-CUM",
            baseline=10,
            baseline_year=2023,
            target=50,
            aggregation="cumulative",
            direction="higher",
            measure="unit",
        ),
        element("Indicator", "ind-inc", code="I-INC", aggregation="incremental", target=400),
        element("Indicator", "ind-qual", code="I-QUAL", measure="qualitative"),
        element("Indicator", "ind-late", code="I-LATE"),
    ],
    "links": [
        {"from": "mission", "type": "HAS_GOAL", "to": "goal-1"},
        {"from": "goal-1", "type": "HAS_PRIORITY", "to": "tp-1"},
        {"from": "goal-1", "type": "HAS_PRIORITY", "to": "tp-2"},
        {"from": "tp-1", "type": "HAS_OUTCOME", "to": "out-1"},
        {"from": "tp-1", "type": "HAS_OUTCOME", "to": "out-2"},
        {"from": "tp-2", "type": "HAS_OUTCOME", "to": "out-3"},
        {"from": "out-1", "type": "DELIVERED_BY", "to": "op-1"},
        {"from": "out-2", "type": "DELIVERED_BY", "to": "op-2"},
        {"from": "op-1", "type": "FUNDED_BY", "to": "co-1"},
        {"from": "op-2", "type": "FUNDED_BY", "to": "co-2"},
        {"from": "out-1", "type": "MEASURED_BY", "to": "ind-cum"},
        {"from": "out-1", "type": "MEASURED_BY", "to": "ind-inc"},
        {"from": "out-2", "type": "MEASURED_BY", "to": "ind-qual"},
        {"from": "out-3", "type": "MEASURED_BY", "to": "ind-late"},
    ],
}

VALUES: list[dict[str, Any]] = [
    value("ind-cum", Y24, "target", value=20),
    value("ind-cum", Y24, "actual", value=22),
    value("ind-cum", Y25, "target", value=30),
    value("ind-cum", Y25, "actual", value=30, comment="on plan"),
    value("ind-cum", Y25, "actual", value=14, dimension="sex", dimension_value="female"),
    value("ind-cum", Y25, "actual", value=16, dimension="sex", dimension_value="male"),
    value("ind-inc", Y24, "target", value=100),
    value("ind-inc", Y24, "actual", value=30),
    value("ind-inc", Y25, "target", value=100),
    value("ind-inc", Y25, "actual", value=10),
    value("ind-qual", Y25, "actual", status="green", comment="law adopted"),
    value("ind-late", Y24, "target", value=5),
]


def plan_with_values() -> dict[str, Any]:
    """The structure and every value, linked by HAS_VALUE: one bundle."""
    links = [{"from": v["id"].split("/")[0], "type": "HAS_VALUE", "to": v["id"]} for v in VALUES]
    return {
        "elements": STRUCTURE["elements"] + VALUES,
        "links": STRUCTURE["links"] + links,
    }


CSV_HEADER = "indicator,period_start,period_end,kind,value,dimension,dimension_value,comment,status"


def values_csv() -> str:
    """VALUES as the results CSV people keep in spreadsheets."""
    lines = [CSV_HEADER]
    for v in VALUES:
        cells = [
            v["id"].split("/")[0],
            v["period_start"],
            v["period_end"],
            v["kind"],
            str(v.get("value", "")),
            v.get("dimension", ""),
            v.get("dimension_value", ""),
            v.get("comment", ""),
            v.get("status", ""),
        ]
        lines.append(",".join(cells))
    return "\n".join(lines) + "\n"
