"""The pages of one diff are cut from one computed comparison, remembered under a key that
cannot go stale: a commit, a baseline re-created under its name or `Cache-Control:
no-cache` gives a diff computed afresh."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.db.change_token import AFRESH
from app.db.graph import Graph
from app.versions import baselines
from app.versions import diff as diff_module
from app.versions.baselines import Snapshot
from app.versions.bundle_graph import BundleGraph
from app.versions.diff import (
    COMPARISONS,
    Comparison,
    ComparisonMemo,
    Version,
    compare,
    comparison_key,
    diff,
)
from tests.gaps.clean_plan import clean_plan, el, ln
from tests.merge_bundle import write_bundle


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The labels of each comparison computed (not taken from the memo), in order; the
    memo starts empty."""
    COMPARISONS.clear()
    made: list[str] = []

    def counting(old: Version, new: Version) -> Comparison:
        made.append(f"{old.snapshot.label}->{new.snapshot.label}")
        return compare(old, new)

    monkeypatch.setattr(diff_module, "compare", counting)
    yield made
    COMPARISONS.clear()


def every_page(graph: Graph, from_: str, to: str, limit: int) -> list[str]:
    keys, cursor = [], None
    while True:
        page = diff(graph, from_, to, limit=limit, cursor=cursor)
        keys += [c.key for c in page.changes]
        if not (cursor := page.next_cursor):
            return keys


def edit_every_description(graph: Graph, text: str) -> None:
    graph.run("MATCH (e:Element) SET e.description = $text", {"text": text}, write=True)


def test_the_pages_of_one_diff_come_from_one_computation(graph: Graph, computed: list[str]) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    edit_every_description(graph, "new text")
    first = diff(graph, "v1", "current", limit=4)
    keys = every_page(graph, "v1", "current", limit=4)
    whole = diff(graph, "v1", "current", limit=10_000)
    assert computed == ["v1->current"]  # every page after the first from the memo
    assert keys == [c.key for c in whole.changes] and len(keys) == whole.total_changes > 4
    assert first.changes == whole.changes[:4]
    # the summary and effects are the same on every page; the findings are today's
    assert whole.summary == first.summary
    assert whole.effects == first.effects
    assert whole.effects.findings.available


def test_a_commit_between_two_pages_gives_the_new_diff(graph: Graph, computed: list[str]) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    edit_every_description(graph, "new text")
    before = diff(graph, "v1", "current", limit=4)
    graph.run(
        "MATCH (e:Element {id: 'op1'}) SET e.name = 'Digital skills curriculum 2'",
        {},
        write=True,
    )
    after = diff(graph, "v1", "current", limit=4, cursor=before.next_cursor)
    assert computed == ["v1->current", "v1->current"]
    op1 = next(c for c in diff(graph, "v1", "current", limit=10_000).changes if c.key == "op1")
    assert "name" in {f.field for f in op1.fields}
    assert after.total_changes == before.total_changes  # op1 was already changed: one entry
    assert computed == ["v1->current", "v1->current"]  # the last read came from the memo
    graph.run("MATCH (e:Element {id: 'en1'}) DETACH DELETE e", {}, write=True)
    removed = diff(graph, "v1", "current", limit=10_000)
    assert removed.summary.elements_removed == 1 and len(computed) == 3


def test_a_baseline_recreated_under_its_name_is_a_new_comparison(
    graph: Graph, computed: list[str]
) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    baselines.create_baseline(graph, "v2", None, "ada")
    assert diff(graph, "v1", "v2").total_changes == 0
    graph.run("MATCH (e:Element) WHERE e.id = 'en1' DETACH DELETE e", {}, write=True)
    assert diff(graph, "v1", "v2").total_changes == 0  # both baselines: no commit matters
    assert computed == ["v1->v2"]
    baselines.delete_baseline(graph, "v2")
    baselines.create_baseline(graph, "v2", None, "ada")  # same name, within the same second
    again = diff(graph, "v1", "v2")
    assert again.summary.elements_removed == 1
    assert computed == ["v1->v2", "v1->v2"]


def test_no_cache_computes_afresh_and_remembers_that(
    graph: Graph, client: TestClient, computed: list[str]
) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    edit_every_description(graph, "new text")
    asked = {"from": "v1", "to": "current", "limit": 3}
    first = client.get("/api/v1/diff", params=asked)
    second = client.get("/api/v1/diff", params={**asked, "cursor": first.json()["next_cursor"]})
    assert first.status_code == second.status_code == 200
    assert len(computed) == 1
    fresh = client.get("/api/v1/diff", params=asked, headers={"Cache-Control": "no-cache"})
    assert fresh.json()["changes"] == first.json()["changes"] and len(computed) == 2
    client.get("/api/v1/diff", params=asked)
    assert len(computed) == 2  # the fresh one is remembered
    token = AFRESH.set(True)
    try:
        diff(graph, "v1", "current")
    finally:
        AFRESH.reset(token)
    assert len(computed) == 3


def test_a_baseline_without_a_snapshot_id_is_not_remembered(
    graph: Graph, computed: list[str]
) -> None:
    write_bundle(graph, clean_plan())
    baselines.create_baseline(graph, "v1", None, "ada")
    baselines.create_baseline(graph, "v2", None, "ada")
    graph.run("MATCH (b:Baseline {name: 'v1'}) REMOVE b.snapshot_id", {}, write=True)
    assert comparison_key(graph, "v1", "v2") is None
    diff(graph, "v1", "v2")
    diff(graph, "v1", "v2")
    assert computed == ["v1->v2", "v1->v2"]


def bundle_comparison(changed: int) -> Comparison:
    old = clean_plan()
    new = copy.deepcopy(old)
    new["elements"] += [el(f"op-new-{n}", "Output", f"New output {n}") for n in range(changed)]
    new["links"] += [ln("op", "CONTAINS", f"op-new-{n}") for n in range(changed)]

    def version(bundle: dict[str, Any], label: str) -> Version:
        return Version(Snapshot(label, bundle, None), BundleGraph(bundle))

    return compare(version(old, "v1"), version(new, "v2"))


def test_the_memo_is_bounded_by_entries_and_by_changes() -> None:
    memo = ComparisonMemo(entries=2, changes=25)
    small, large = bundle_comparison(5), bundle_comparison(13)
    assert len(small.keyed) == 10 and len(large.keyed) == 26

    def key(n: int) -> Any:
        return (("current", f"token-{n}", ""), ("baseline", "v1", "id"))

    memo.put(key(1), small)
    memo.put(key(2), small)
    memo.get(key(1))  # used: key 2 is now the least recently used
    memo.put(key(3), small)
    assert (memo.get(key(1)), memo.get(key(2)), memo.get(key(3))) == (small, None, small)
    memo.put(key(4), large)  # more changes than the memo holds: not kept
    assert memo.get(key(4)) is None and memo.held() == 20
    memo.put(key(5), bundle_comparison(4))  # 8 more: the oldest goes to stay within 25
    assert memo.get(key(1)) is None and memo.held() == 18
