"""The results checks judge against a reporting date (`as_of`) and the status rule of the
settings, so that they agree with `GET /api/v1/performance` for the same date and rule.

Hand-built periods (tests/performance/plans.py, and the indicators below) sit on both sides
of each date. The extra indicators tell the two status rules apart (as of 2025-12-31, one
period 2025, higher is better unless said):

- ind-near: baseline 80, target 100, actual 88: progress 40% -> bands red; 12% behind the
  target -> margin green;
- ind-mid: baseline 0, target 100, actual 60: progress 60% -> bands amber; 40% behind ->
  margin red;
- ind-low (lower is better): baseline 100, target 10, actual 50: progress 50/90 = 55.6% ->
  bands amber; (50 - 10) / 10 = 400% behind -> margin red;
- ind-zero (lower is better, target 0): baseline 10, actual 3: progress 70% -> bands amber;
  the deviation is taken against |0 - 10|: 30% behind -> margin red.

With plans.py's ind-inc (incremental, 40 of 200: 20%, 80% behind: red under both) the red
indicators are {ind-inc, ind-near} under the bands and {ind-inc, ind-mid, ind-low, ind-zero}
under the margin rule.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from app.bundles.importer import import_bundle
from app.cli import cli
from app.core.config import Settings
from app.core.errors import InvalidParameter, NotFound
from app.db.graph import Graph
from app.gaps.engine import run_checks_raw, run_gaps, run_key, select_checks
from app.performance.checks import ResultsCheckOptions
from app.performance.service import PerformanceOptions, indicator_performance
from app.performance.status import StatusRule
from tests.api.api_keys import EDITOR, READER, keyed_client
from tests.bundles.importing import options
from tests.performance.plans import AS_OF, Y25, element, plan_with_values, value

BANDS = StatusRule()
MARGIN = StatusRule(rule="margin", margin=0.15)
RESULTS_CHECKS = "indicator_not_reporting,indicator_off_track,outcome_without_recent_results"

RULE_CASES: list[tuple[str, dict[str, Any], float, float]] = [
    # id, indicator properties, target, actual (period 2025)
    ("ind-near", {"baseline": 80}, 100, 88),
    ("ind-mid", {"baseline": 0}, 100, 60),
    ("ind-low", {"baseline": 100, "direction": "lower"}, 10, 50),
    ("ind-zero", {"baseline": 10, "direction": "lower"}, 0, 3),
]
RED = {
    "bands": {"ind-inc", "ind-near"},
    "margin": {"ind-inc", "ind-mid", "ind-low", "ind-zero"},
}


def plan_telling_rules_apart() -> dict[str, Any]:
    bundle = plan_with_values()
    elements, links = list(bundle["elements"]), list(bundle["links"])
    elements.append(element("Outcome", "out-4", code="O4"))
    links.append({"from": "tp-1", "type": "HAS_OUTCOME", "to": "out-4"})
    for ind, props, target, actual in RULE_CASES:
        elements.append(element("Indicator", ind, code=ind.upper(), **props))
        links.append({"from": "out-4", "type": "MEASURED_BY", "to": ind})
        for kind, number in (("target", target), ("actual", actual)):
            v = value(ind, Y25, kind, value=number)
            elements.append(v)
            links.append({"from": ind, "type": "HAS_VALUE", "to": v["id"]})
    return {"elements": elements, "links": links}


@pytest.fixture
def plan(graph: Graph) -> Graph:
    import_bundle(graph, plan_telling_rules_apart(), options())
    return graph


def found(graph: Graph, as_of: str, rule: StatusRule = BANDS) -> set[str]:
    """`check:element` of every finding of the results checks as of `as_of`."""
    report = run_gaps(graph, check=RESULTS_CHECKS, as_of=as_of, rule=rule)
    assert report.filters.as_of == as_of
    return {f"{f.check}:{f.elements[0].id}" for f in report.findings}


def red_statuses(graph: Graph, as_of: str, rule: StatusRule) -> set[str]:
    ids = ["ind-cum", "ind-inc", "ind-qual", "ind-late", *(c[0] for c in RULE_CASES)]
    status = {i: indicator_performance(graph, i, as_of, PerformanceOptions(rule)) for i in ids}
    return {i for i, answer in status.items() if answer.status.status == "red"}


def test_findings_follow_the_reporting_date(plan: Graph) -> None:
    # before the first period ends: nothing has ended, nothing to report
    assert found(plan, "2024-12-30") == set()
    # the day 2024 ends (inclusive, as /performance reads it): ind-late's 2024 target has
    # no actual; ind-inc is 30 of 100 (red); out-3 is tracked with no actual at all
    on_the_day = {
        "indicator_not_reporting:ind-late",
        "indicator_off_track:ind-inc",
        "outcome_without_recent_results:out-3",
    }
    assert found(plan, "2024-12-31") == on_the_day
    # mid-2025: the same (2025's periods have not ended)
    assert found(plan, "2025-06-30") == on_the_day
    # end of 2025: ind-near is red too under the bands
    assert found(plan, AS_OF) == on_the_day | {"indicator_off_track:ind-near"}
    # two years on, the 2025 actuals are older than 18 months: every tracked outcome lacks
    # recent data (out-2's qualitative indicator has no target: it is not tracked)
    late = found(plan, "2027-07-01")
    assert {f for f in late if f.startswith("outcome_")} == {
        "outcome_without_recent_results:out-1",
        "outcome_without_recent_results:out-3",
        "outcome_without_recent_results:out-4",
    }
    # and 2026-12-31 is within 18 months of the 2025 actuals
    assert "outcome_without_recent_results:out-1" not in found(plan, "2026-12-31")


def test_the_memo_keeps_runs_of_two_dates_apart(plan: Graph) -> None:
    """No commit between the runs: the memo (same change token) must not hand the findings
    as of one date to a run as of another: the date is part of its key."""
    checks = select_checks(RESULTS_CHECKS)
    early = ResultsCheckOptions.of("2024-12-30", BANDS)
    late = ResultsCheckOptions.of(AS_OF, BANDS)
    assert run_key(plan, checks, None, early) != run_key(plan, checks, None, late)
    assert run_key(plan, checks, None, late) != run_key(
        plan, checks, None, ResultsCheckOptions.of(AS_OF, MARGIN)
    )
    assert run_checks_raw(plan, checks, None, early) == []
    assert "ind-near" in {f.elements[0].id for f in run_checks_raw(plan, checks, None, late)}
    assert run_checks_raw(plan, checks, None, early) == []


@pytest.mark.parametrize("rule", [BANDS, MARGIN], ids=["bands", "margin"])
def test_off_track_is_what_the_status_shows_red_under_either_rule(
    plan: Graph, rule: StatusRule
) -> None:
    red = red_statuses(plan, AS_OF, rule)
    assert red == RED[rule.rule]
    report = run_gaps(plan, check="indicator_off_track", as_of=AS_OF, rule=rule)
    assert {f.elements[0].id for f in report.findings} == red
    if rule.rule == "margin":
        mid = next(f for f in report.findings if f.elements[0].id == "ind-mid")
        assert "40.0% behind the target (margin 15.0%)" in mid.message
        assert mid.evidence["deviation"] == pytest.approx(-0.4)


def test_a_bad_reporting_date_says_how_to_write_it(plan: Graph) -> None:
    with pytest.raises(InvalidParameter, match="YYYY-MM-DD"):
        run_gaps(plan, as_of="31/12/2025")


def test_api_gaps_as_of_agrees_with_performance_under_the_margin_setting(
    plan: Graph, settings: Settings
) -> None:
    with keyed_client(settings, performance_rule="margin") as api:
        gaps = api.get(
            f"/api/v1/gaps?check=indicator_off_track&as_of={AS_OF}", headers=READER
        ).json()
        assert gaps["filters"]["as_of"] == AS_OF
        flagged = {f["elements"][0]["id"] for f in gaps["findings"]}
        outcome = api.get(
            f"/api/v1/performance?by=Outcome&as_of={AS_OF}&depth=1", headers=READER
        ).json()
        shown_red = {
            child["id"]
            for item in outcome["items"]
            for child in item["children"]
            if child["status"] == "red"
        }
        assert flagged == shown_red == RED["margin"]
        earlier = api.get(
            "/api/v1/gaps?check=indicator_off_track&as_of=2025-06-30", headers=READER
        ).json()
        assert {f["elements"][0]["id"] for f in earlier["findings"]} == {"ind-inc"}
        bad = api.get("/api/v1/gaps?as_of=2025-02-30", headers=READER)
        assert bad.status_code in (400, 422) and "YYYY-MM-DD" in bad.text


def test_cli_check_as_of(plan: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "250")
    run = CliRunner()
    before = run.invoke(cli, ["check", "--check", RESULTS_CHECKS, "--as-of", "2024-12-30"])
    assert before.exit_code == 0, before.output
    assert "0 open" in before.output
    after = run.invoke(
        cli, ["check", "--check", RESULTS_CHECKS, "--as-of", AS_OF, "--format", "json"]
    )
    keys = {f["key"] for f in json.loads(after.output)["findings"]}
    assert "indicator_off_track:ind-near" in keys and "indicator_not_reporting:ind-late" in keys
    margin = settings.model_copy(update={"performance_rule": "margin"})
    monkeypatch.setattr("app.cli.context.get_settings", lambda: margin)
    ruled = run.invoke(
        cli, ["check", "--check", "indicator_off_track", "--as-of", AS_OF, "--format", "csv"]
    )
    assert {line.split(":")[1].split(",")[0] for line in ruled.output.splitlines()[1:]} == RED[
        "margin"
    ]


def test_a_finding_listed_as_of_another_date_is_waived_with_that_date(
    plan: Graph, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A results-check finding of another reporting date is not in today's run: waiving it
    takes the `as_of` it was listed with (API body, CLI option); without it the refusal says
    so instead of only "no such finding"."""
    y27 = ("2027-01-01", "2027-12-31")
    target = value("ind-2027", y27, "target", value=10)
    import_bundle(
        plan,
        {
            "elements": [element("Indicator", "ind-2027", code="IND-2027"), target],
            "links": [
                {"from": "out-4", "type": "MEASURED_BY", "to": "ind-2027"},
                {"from": "ind-2027", "type": "HAS_VALUE", "to": target["id"]},
            ],
        },
        options(),
    )
    later = "2028-01-31"  # the 2027 period has ended with a target and no actual
    key = "indicator_not_reporting:ind-2027"
    checks = select_checks(RESULTS_CHECKS)
    today = {f.key for f in run_checks_raw(plan, checks, None, ResultsCheckOptions.of(None, BANDS))}
    then = {f.key for f in run_checks_raw(plan, checks, None, ResultsCheckOptions.of(later, BANDS))}
    assert key in then and key not in today
    with keyed_client(settings) as api:
        refused = api.post(
            "/api/v1/gaps/waivers", json={"key": key, "reason": "Known"}, headers=EDITOR
        )
        assert refused.status_code == 404, refused.text
        assert "as_of" in refused.json()["hint"]
        made = api.post(
            "/api/v1/gaps/waivers",
            json={"key": key, "reason": "Known", "as_of": later},
            headers=EDITOR,
        )
        assert made.status_code == 201, made.text
        listed = api.get(
            "/api/v1/gaps", params={"check": RESULTS_CHECKS, "as_of": later}, headers=READER
        ).json()
        assert {f["key"]: f["status"] for f in listed["findings"]}[key] == "waived"
        assert api.delete(f"/api/v1/gaps/waivers/{key}", headers=EDITOR).status_code == 204
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    run = CliRunner()
    missed = run.invoke(cli, ["waive", key, "--reason", "Known", "--by", "analyst"])
    assert isinstance(missed.exception, NotFound), missed.output
    assert "--as-of" in missed.exception.extra["hint"]
    made_cli = run.invoke(
        cli, ["waive", key, "--reason", "Known", "--as-of", later, "--by", "analyst"]
    )
    assert made_cli.exit_code == 0, made_cli.output
    assert f"Waived {key}" in made_cli.output
