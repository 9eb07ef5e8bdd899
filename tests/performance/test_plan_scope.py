"""`?plan=` on `GET /api/v1/performance` and `GET /api/v1/indicators/{ref}`, `--plan` on
`rbmtrace performance` and `rbmtrace indicator`: two plans (two cycles) that reuse the
codes G1 and I-CUM.

Plan "plan-a" (code PA) contains the hand-computed plan of tests/performance/plans.py (its
goal G1 is green as of 2025-12-31). Plan "plan-b" (code PB) contains a goal also coded G1,
whose one priority, outcome and indicator (also coded I-CUM: baseline 0, 2025 target 100,
actual 10, 10% -> red) make it red.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from app.bundles.importer import import_bundle
from app.cli import cli
from app.core.config import Settings
from app.core.errors import AmbiguousReference, NotFound
from app.db.graph import Graph
from app.performance.service import PerformanceOptions, indicator_performance, performance
from app.performance.status import StatusRule
from tests.api.api_keys import READER, keyed_client
from tests.bundles.importing import options
from tests.performance.plans import AS_OF, Y25, element, plan_with_values, value

EQUAL = PerformanceOptions(StatusRule())
PLAN_A = ["goal-1", "tp-1", "tp-2", "out-1", "out-2", "out-3"]
PLAN_A += ["ind-cum", "ind-inc", "ind-qual", "ind-late"]


def two_plans() -> dict[str, Any]:
    bundle = plan_with_values()
    elements, links = list(bundle["elements"]), list(bundle["links"])
    # periods far from this year: no default plan (`current`) settles the shared codes
    for plan_id, code, start in (("plan-a", "PA", 2001), ("plan-b", "PB", 2051)):
        elements.append(
            element(
                "Plan",
                plan_id,
                code=code,
                name=f"Plan {start}",
                kind="strategic",
                period_start=start,
                period_end=start + 3,
            )
        )
    elements += [
        element("Goal", "goal-b", code="G1", name="Goal of plan B"),
        element("ThematicPriority", "tp-b", code="TPB"),
        element("Outcome", "out-b", code="OB"),
        element("Indicator", "ind-b", code="I-CUM", name="Indicator of plan B", baseline=0),
    ]
    values = [value("ind-b", Y25, "target", value=100), value("ind-b", Y25, "actual", value=10)]
    elements += values
    links += [
        {"from": "mission", "type": "HAS_GOAL", "to": "goal-b"},
        {"from": "goal-b", "type": "HAS_PRIORITY", "to": "tp-b"},
        {"from": "tp-b", "type": "HAS_OUTCOME", "to": "out-b"},
        {"from": "out-b", "type": "MEASURED_BY", "to": "ind-b"},
        *({"from": "ind-b", "type": "HAS_VALUE", "to": v["id"]} for v in values),
        *({"from": "plan-a", "type": "CONTAINS", "to": e} for e in PLAN_A),
        *(
            {"from": "plan-b", "type": "CONTAINS", "to": e}
            for e in ("goal-b", "tp-b", "out-b", "ind-b")
        ),
    ]
    return {"elements": elements, "links": links}


@pytest.fixture
def plans(graph: Graph) -> Graph:
    import_bundle(graph, two_plans(), options())
    return graph


def test_performance_of_one_plan(plans: Graph) -> None:
    every = performance(plans, "Goal", AS_OF, EQUAL)
    assert [(n.id, n.status) for n in every.items] == [("goal-1", "green"), ("goal-b", "red")]
    assert every.plan is None
    a = performance(plans, "Goal", AS_OF, EQUAL, plan="PA")
    assert [(n.id, n.status) for n in a.items] == [("goal-1", "green")]
    assert a.plan == "plan-a" and a.counts == {"green": 1, "amber": 0, "red": 0, "grey": 0}
    b = performance(plans, "Outcome", AS_OF, EQUAL, depth=1, plan="Plan 2051")
    assert [(n.id, n.status) for n in b.items] == [("out-b", "red")]
    assert [c.id for c in b.items[0].children] == ["ind-b"]
    assert b.counts["red"] == 1 and b.total == 1
    with pytest.raises(NotFound, match="Plan 'PC'"):
        performance(plans, "Goal", AS_OF, EQUAL, plan="PC")


def test_an_indicator_code_of_two_plans(plans: Graph) -> None:
    with pytest.raises(AmbiguousReference):
        indicator_performance(plans, "I-CUM", AS_OF, EQUAL)
    assert indicator_performance(plans, "I-CUM", AS_OF, EQUAL, plan="PA").id == "ind-cum"
    b = indicator_performance(plans, "I-CUM", AS_OF, EQUAL, plan="plan-b")
    assert b.id == "ind-b" and b.status.status == "red" and b.status.progress == 0.1


def test_api_plan_parameter(plans: Graph, settings: Settings) -> None:
    with keyed_client(settings) as api:
        url = f"/api/v1/performance?by=Goal&as_of={AS_OF}"
        b = api.get(url + "&plan=PB", headers=READER).json()
        assert [(i["id"], i["status"]) for i in b["items"]] == [("goal-b", "red")]
        assert b["plan"] == "plan-b" and b["total"] == 1
        assert len(api.get(url, headers=READER).json()["items"]) == 2
        missing = api.get(url + "&plan=no-such-plan", headers=READER)
        assert missing.status_code == 404 and "no-such-plan" in missing.text
        indicator = api.get(f"/api/v1/indicators/I-CUM?as_of={AS_OF}&plan=PA", headers=READER)
        assert indicator.json()["id"] == "ind-cum"
        assert api.get(f"/api/v1/indicators/I-CUM?as_of={AS_OF}", headers=READER).status_code == 409


def test_cli_plan_option(plans: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "250")
    run = CliRunner()
    table = run.invoke(cli, ["performance", "--as-of", AS_OF, "--plan", "PB"])
    assert table.exit_code == 0, table.output
    assert "in plan plan-b" in table.output and "Goal of plan B" in table.output
    assert "Goal goal-1" not in table.output
    as_json = run.invoke(cli, ["performance", "--as-of", AS_OF, "--plan", "PA", "--json"])
    assert [i["id"] for i in json.loads(as_json.output)["items"]] == ["goal-1"]
    indicator = run.invoke(cli, ["indicator", "I-CUM", "--as-of", AS_OF, "--plan", "PB"])
    assert indicator.exit_code == 0, indicator.output
    assert "ind-b" in indicator.output and "red" in indicator.output
