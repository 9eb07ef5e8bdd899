"""References scoped by plan (app/elements/references.py): two planning cycles reuse the
codes ("TP#2" names a priority in each), and `plan`, the default plan or a 409 listing
the candidates with their plans settle it, through the function, the API and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.core.config import Settings, get_settings
from app.core.errors import AmbiguousReference, NotFound
from app.db.graph import Graph
from app.elements.references import resolve_ref
from tests.api.api_keys import EDITOR, keyed_client
from tests.merge_bundle import write_bundle

THIS_YEAR = datetime.now(UTC).year


def _cycle(plan_id: str, code: str, start: int, end: int) -> tuple[list[dict], list[dict]]:
    """A plan with its own TP#2 (priority), an outcome and an output delivering it."""
    p = plan_id
    elements = [
        {"id": p, "type": "Plan", "name": f"Strategic plan {start}-{end}", "code": code,
         "kind": "strategic", "period_start": start, "period_end": end},
        {"id": f"{p}-tp2", "type": "ThematicPriority", "name": f"Numbering {start}",
         "code": "TP#2"},
        {"id": f"{p}-oc", "type": "Outcome", "name": f"Outcome {start}"},
        {"id": f"{p}-out", "type": "Output", "name": f"Output {start}"},
    ]  # fmt: skip
    links = [
        {"from": f"{p}-tp2", "type": "HAS_OUTCOME", "to": f"{p}-oc"},
        {"from": f"{p}-oc", "type": "DELIVERED_BY", "to": f"{p}-out"},
        *({"from": p, "type": "CONTAINS", "to": f"{p}-{x}"} for x in ("tp2", "oc", "out")),
    ]
    return elements, links


@pytest.fixture
def two_cycles(graph: Graph) -> Graph:
    """The plan in force ("sp-now", code SP-NOW) and the next one ("sp-next", SP-NEXT)."""
    now_elements, now_links = _cycle("sp-now", "SP-NOW", THIS_YEAR - 1, THIS_YEAR + 2)
    next_elements, next_links = _cycle("sp-next", "SP-NEXT", THIS_YEAR + 3, THIS_YEAR + 6)
    write_bundle(graph, {"elements": now_elements + next_elements, "links": now_links + next_links})
    return graph


@pytest.fixture
def default_plan(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set RBMTRACE_DEFAULT_PLAN for one test: call it with the value."""

    def set_to(value: str) -> None:
        monkeypatch.setenv("RBMTRACE_DEFAULT_PLAN", value)
        get_settings.cache_clear()

    yield set_to
    monkeypatch.delenv("RBMTRACE_DEFAULT_PLAN", raising=False)
    get_settings.cache_clear()


def test_the_current_plan_settles_a_code_of_two_cycles(two_cycles: Graph) -> None:
    assert get_settings().default_plan == "current"
    assert resolve_ref(two_cycles, "TP#2")["id"] == "sp-now-tp2"


def test_an_explicit_plan_picks_its_own_element(two_cycles: Graph) -> None:
    assert resolve_ref(two_cycles, "TP#2", plan="SP-NEXT")["id"] == "sp-next-tp2"
    assert resolve_ref(two_cycles, "tp-2", plan="sp-now")["id"] == "sp-now-tp2"
    by_name = f"Strategic plan {THIS_YEAR + 3}-{THIS_YEAR + 6}"
    assert resolve_ref(two_cycles, "TP2", plan=by_name)["id"] == "sp-next-tp2"


def test_a_configured_default_plan_settles_it(two_cycles: Graph, default_plan) -> None:
    default_plan("SP-NEXT")
    assert resolve_ref(two_cycles, "TP#2")["id"] == "sp-next-tp2"


def test_without_a_default_the_409_lists_candidates_with_their_plans(
    two_cycles: Graph, default_plan
) -> None:
    default_plan("none")
    with pytest.raises(AmbiguousReference, match="give the plan") as raised:
        resolve_ref(two_cycles, "TP#2")
    candidates = raised.value.extra["candidates"]
    assert {c["id"]: [p["id"] for p in c["plans"]] for c in candidates} == {
        "sp-now-tp2": ["sp-now"],
        "sp-next-tp2": ["sp-next"],
    }
    assert "--plan" in raised.value.extra["hint"]


def test_no_plan_in_force_leaves_it_ambiguous(graph: Graph) -> None:
    old_elements, old_links = _cycle("sp-old", "SP-OLD", 1990, 1993)
    older_elements, older_links = _cycle("sp-older", "SP-OLDER", 1986, 1989)
    write_bundle(
        graph, {"elements": old_elements + older_elements, "links": old_links + older_links}
    )
    with pytest.raises(AmbiguousReference):
        resolve_ref(graph, "TP#2")
    assert resolve_ref(graph, "TP#2", plan="SP-OLD")["id"] == "sp-old-tp2"


def test_a_reference_naming_one_element_needs_no_plan(two_cycles: Graph, default_plan) -> None:
    default_plan("none")
    assert resolve_ref(two_cycles, f"Outcome {THIS_YEAR + 3}")["id"] == "sp-next-oc"


def test_an_unknown_plan_is_not_found_with_a_clear_message(two_cycles: Graph) -> None:
    with pytest.raises(NotFound, match="Plan 'SP-1999': No element of type Plan"):
        resolve_ref(two_cycles, "TP#2", plan="SP-1999")


def test_a_reference_outside_the_plan_says_where_it_is(two_cycles: Graph) -> None:
    write_bundle(two_cycles, {"elements": [{"id": "lone", "type": "Output", "name": "Lone"}]})
    with pytest.raises(NotFound, match=r"names no element of plan 'SP-NOW'.*in no plan"):
        resolve_ref(two_cycles, "Lone", plan="SP-NOW")
    with pytest.raises(NotFound, match=r"Output 2.*in SP-NEXT \(id sp-next\)"):
        resolve_ref(two_cycles, f"Output {THIS_YEAR + 3}", plan="SP-NOW")


def test_an_unusable_default_plan_names_the_setting(two_cycles: Graph, default_plan) -> None:
    default_plan("SP-GONE")
    with pytest.raises(NotFound, match="RBMTRACE_DEFAULT_PLAN='SP-GONE'"):
        resolve_ref(two_cycles, "TP#2")


# --- through the API ----------------------------------------------------------------------
def test_the_priority_endpoint_keeps_answering(client: TestClient, two_cycles: Graph) -> None:
    current = client.get("/api/v1/priorities/TP%232/outputs")
    assert current.status_code == 200, current.text
    assert current.json()["priority"]["id"] == "sp-now-tp2"
    assert [o["output"]["id"] for o in current.json()["outputs"]] == ["sp-now-out"]
    chosen = client.get("/api/v1/priorities/TP%232/outputs", params={"plan": "SP-NEXT"})
    assert chosen.json()["priority"]["id"] == "sp-next-tp2"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/elements/TP%232",
        "/api/v1/elements/TP%232/trace",
        "/api/v1/elements/TP%232/impact",
        "/api/v1/elements/TP%232/history",
        "/api/v1/graph?root=TP%232",
    ],
)
def test_every_reference_route_takes_the_plan(
    client: TestClient, two_cycles: Graph, default_plan, path: str
) -> None:
    default_plan("none")
    ambiguous = client.get(path)
    assert ambiguous.status_code == 409, ambiguous.text
    problem = ambiguous.json()
    assert {c["id"] for c in problem["candidates"]} == {"sp-now-tp2", "sp-next-tp2"}
    assert all(c["plans"] for c in problem["candidates"])
    join = "&" if "?" in path else "?"
    scoped = client.get(f"{path}{join}plan=SP-NEXT")
    assert scoped.status_code == 200, scoped.text
    assert "sp-next-tp2" in scoped.text and "sp-now-tp2" not in scoped.text
    unknown = client.get(f"{path}{join}plan=nowhere")
    assert unknown.status_code == 404
    assert "Plan 'nowhere'" in unknown.json()["detail"]


def test_writes_take_the_plan(two_cycles: Graph, settings: Settings) -> None:
    with keyed_client(settings) as keyed:
        changed = keyed.patch(
            "/api/v1/elements/TP%232",
            params={"plan": "SP-NEXT"},
            json={"description": "Renamed in the next cycle"},
            headers=EDITOR,
        )
    assert changed.status_code == 200, changed.text
    assert changed.json()["after"]["id"] == "sp-next-tp2"


# --- through the CLI ----------------------------------------------------------------------
@pytest.fixture
def run(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setattr("app.cli.context.get_settings", lambda: settings)
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


@pytest.mark.parametrize("command", ["outputs", "trace", "impact"])
def test_commands_take_a_plan(run: CliRunner, two_cycles: Graph, command: str) -> None:
    scoped = run.invoke(cli, [command, "TP#2", "--plan", "SP-NEXT", "--json"])
    assert scoped.exit_code == 0, scoped.output
    assert "sp-next-tp2" in scoped.stdout and "sp-now-tp2" not in scoped.stdout
    current = run.invoke(cli, [command, "TP#2", "--json"])
    assert current.exit_code == 0, current.output
    assert "sp-now-tp2" in current.stdout
    unknown = run.invoke(cli, [command, "TP#2", "--plan", "nowhere"])
    assert isinstance(unknown.exception, NotFound) and unknown.exception.exit_code == 2
    assert "Plan 'nowhere'" in unknown.exception.detail
    assert json.loads(scoped.stdout)
