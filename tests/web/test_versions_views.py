"""The explorer's version pages in a real browser against the real service and Neo4j:
baselines (#/versions), the diff of two versions (#/diff), the crosswalk between planning
cycles (#/cycles) and suspect links (#/suspects and the element page's tab). Each test makes
its baseline, change, succession or suspect link through the API, then reads it in the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Dialog, Page, expect

from app.db.graph import Graph
from tests.api.api_keys import ADMIN, ADMIN_SECRET, EDITOR, EDITOR_SECRET, READER_SECRET
from tests.bundles.bundle_examples import SMALL_BUNDLE


def api(live_service: str) -> str:
    return f"{live_service}/api/v1"


def import_bundle(live_service: str, bundle: dict[str, Any]) -> None:
    answer = httpx.post(f"{api(live_service)}/import", json=bundle, headers=EDITOR, timeout=60)
    assert answer.status_code == 200, answer.text


def warm_gap_checks(live_service: str) -> None:
    """A baseline runs the gap checks; their first run on a fresh Neo4j compiles every
    check's query (seconds): done before the page waits for it."""
    assert httpx.get(f"{api(live_service)}/gaps", timeout=120).status_code == 200


def use_key(page: Page, secret: str) -> None:
    page.locator("#key-button").click()
    page.locator("#key-input").fill(secret)
    page.locator("#key-save").click()
    expect(page.locator("#key-button")).to_have_text("Key set")


def test_the_versions_page_takes_lists_and_deletes_baselines_as_the_key_allows(
    page: Page, live_service: str, graph: Graph
) -> None:
    import_bundle(live_service, SMALL_BUNDLE)
    warm_gap_checks(live_service)
    page.goto(f"{live_service}/#/versions")
    expect(page.locator("#no-baselines")).to_be_visible()
    expect(page.locator("nav.mainnav a.active")).to_have_text("Versions")
    # without a key, or with a reader's, there is nothing to press: the page says what is needed
    actions = page.locator("#baseline-actions")
    expect(actions).to_contain_text("needs an API key with the editor role")
    expect(page.locator("#baseline-form")).to_have_count(0)
    use_key(page, READER_SECRET)
    expect(page.locator("#baseline-actions")).to_contain_text("Use another API key")
    expect(page.locator("#baseline-form")).to_have_count(0)

    # an editor takes one: listed with who, the note and the counts, and stored by the API
    use_key(page, EDITOR_SECRET)
    form = page.locator("#baseline-form")
    form.locator("input[name=name]").fill("council-2026-11")
    form.locator("input[name=note]").fill("as sent to the council")
    form.get_by_role("button", name="Take baseline").click()
    row = page.locator('#baselines-table tr[data-baseline="council-2026-11"]')
    expect(row).to_contain_text("as sent to the council")
    expect(row).to_contain_text("eve")
    expect(row.locator("td.num").nth(0)).to_have_text(str(len(SMALL_BUNDLE["elements"])))
    stored = httpx.get(f"{api(live_service)}/baselines/council-2026-11", timeout=30).json()
    assert (stored["created_by"], stored["note"]) == ("eve", "as sent to the council")
    # a taken name is refused with the API's problem detail, shown in the page
    form.locator("input[name=name]").fill("council-2026-11")
    form.get_by_role("button", name="Take baseline").click()
    expect(page.locator("#baseline-message [role=alert]")).to_contain_text("council-2026-11")
    # an editor may not delete
    expect(page.locator(".delete-baseline")).to_have_count(0)

    # an admin may, after confirming; a dismissed confirmation deletes nothing
    taken = httpx.post(
        f"{api(live_service)}/baselines", json={"name": "scratch"}, headers=ADMIN, timeout=60
    )
    assert taken.status_code == 201, taken.text
    use_key(page, ADMIN_SECRET)
    scratch = page.locator('#baselines-table tr[data-baseline="scratch"]')
    page.once("dialog", lambda dialog: dialog.dismiss())
    scratch.locator(".delete-baseline").click()
    expect(page.locator("#baselines-table tbody tr")).to_have_count(2)

    def accept(dialog: Dialog) -> None:
        assert "scratch" in dialog.message
        dialog.accept()

    page.once("dialog", accept)
    scratch.locator(".delete-baseline").click()
    expect(scratch).to_have_count(0)
    expect(page.locator('#baselines-table tr[data-baseline="council-2026-11"]')).to_be_visible()
    assert httpx.get(f"{api(live_service)}/baselines/scratch", timeout=30).status_code == 404

    # each baseline leads to what changed since
    page.locator('tr[data-baseline="council-2026-11"] a.diff-link').click()
    expect(page.locator("#diff-summary")).to_contain_text("council-2026-11 → current")
    assert page.url.endswith("#/diff?from=council-2026-11&to=current")


def test_the_diff_page_shows_each_field_change_and_what_it_does(
    page: Page, live_service: str, graph: Graph
) -> None:
    base = api(live_service)
    import_bundle(live_service, SMALL_BUNDLE)
    taken = httpx.post(f"{base}/baselines", json={"name": "before"}, headers=EDITOR, timeout=60)
    assert taken.status_code == 201, taken.text
    for ref, change in (("g1", {"name": "Goal one, renamed"}), ("io1", {"amount": 2000})):
        answer = httpx.patch(f"{base}/elements/{ref}", json=change, headers=EDITOR, timeout=30)
        assert answer.status_code == 200, answer.text
    added = httpx.post(
        f"{base}/elements",
        json={"id": "out9", "type": "Output", "name": "An output serving nothing"},
        headers=EDITOR,
        timeout=30,
    )
    assert added.status_code in (200, 201), added.text
    expected = httpx.get(f"{base}/diff", params={"from": "before", "to": "current"}, timeout=60)
    summary = expected.json()["summary"]

    page.goto(f"{live_service}/#/diff?from=before&to=current")
    counts = page.locator("#diff-summary")
    for key in ("elements_added", "elements_changed", "links_added"):
        expect(counts.locator(f'[data-count="{key}"] .num')).to_have_text(str(summary[key]))
    assert (summary["elements_added"], summary["elements_changed"]) == (1, 2)
    # field by field, old -> new, each element linked to its page
    renamed = page.locator('#diff-elements tr[data-key="g1"]')
    expect(renamed.locator('[data-field="name"] del')).to_have_text("Goal one")
    expect(renamed.locator('[data-field="name"] ins')).to_have_text("Goal one, renamed")
    expect(renamed.locator('a[href="#/elements/g1"]')).to_be_visible()
    expect(page.locator('#diff-elements tr[data-key="io1"] [data-field="amount"]')).to_contain_text(
        "1500.5"
    )
    expect(page.locator('#diff-elements tr[data-key="out9"][data-change="added"]')).to_be_visible()
    # the budget of the goal above the cost object, before, after and the difference
    goal = page.locator('#diff-budget-goal tr[data-element="g1"]')
    expect(goal.locator("td.num").nth(0)).to_contain_text("1,501")
    expect(goal.locator("td.num").nth(1)).to_contain_text("2,000")
    expect(goal.locator("td.num").nth(2)).to_contain_text("+")
    # a finding the new output brings appears
    appeared = expected.json()["effects"]["findings"]["appeared"]
    assert any("out9" in [e["id"] for e in f["elements"]] for f in appeared)
    expect(page.locator('#diff-findings [data-findings="appeared"]')).to_contain_text(
        "An output serving nothing"
    )

    # the committee form, downloaded as markdown
    with page.expect_download() as download_info:
        page.locator('#committee button[data-format="markdown"]').click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8")
    assert "Goal one, renamed" in text

    # pickers: the same versions from the other side
    page.locator("#diff-from").select_option("current")
    page.locator("#diff-to").select_option("before")
    expect(page.locator("#diff-summary")).to_contain_text("current → before")
    removed = page.locator('#diff-elements tr[data-key="out9"][data-change="removed"]')
    expect(removed).to_be_visible()

    # a baseline that is not there: the API's problem detail, shown as an error
    page.goto(f"{live_service}/#/diff?from=no-such-baseline&to=current")
    expect(page.locator("#diff [role=alert]")).to_contain_text("no-such-baseline")


CYCLES: dict[str, Any] = {
    "elements": [
        {"id": "p1", "type": "Plan", "code": "SP1", "name": "Strategic plan one"},
        {"id": "p2", "type": "Plan", "code": "SP2", "name": "Strategic plan two"},
        {"id": "tp1", "type": "ThematicPriority", "code": "TP#1", "name": "Priority one"},
        {"id": "oc2", "type": "Outcome", "name": "Outcome two"},
        {"id": "out2", "type": "Output", "name": "Output two"},
        {"id": "io2", "type": "CostObject", "name": "Order two", "amount": 700, "currency": "CHF"},
        {"id": "tp1n", "type": "ThematicPriority", "code": "TP#1", "name": "Priority one, renamed"},
        {"id": "tp3", "type": "ThematicPriority", "code": "TP#3", "name": "Priority three"},
    ],
    "links": [
        {"from": "p1", "type": "CONTAINS", "to": "tp1"},
        {"from": "p1", "type": "CONTAINS", "to": "out2"},
        {"from": "p2", "type": "CONTAINS", "to": "tp1n"},
        {"from": "p2", "type": "CONTAINS", "to": "tp3"},
        {"from": "p2", "type": "SUCCEEDS", "to": "p1"},
        {"from": "tp1n", "type": "SUCCEEDS", "to": "tp1", "kind": "renames"},
        {"from": "oc2", "type": "DELIVERED_BY", "to": "out2"},
        {"from": "out2", "type": "FUNDED_BY", "to": "io2"},
    ],
}


def test_the_cycles_page_shows_the_crosswalk_new_and_dropped_elements(
    page: Page, live_service: str, graph: Graph
) -> None:
    import_bundle(live_service, CYCLES)
    page.goto(f"{live_service}/#/cycles")
    # the only plan that SUCCEEDS another, and the plan it succeeds, are picked
    expect(page.locator("#cycle-to")).to_have_value("p2")
    expect(page.locator("#cycle-from")).to_have_value("p1")
    expect(page.locator("#cycle-counts")).to_contain_text("Strategic plan one")
    crosswalk = page.locator("#crosswalk")
    renamed = crosswalk.locator('tr[data-element="tp1"]')
    expect(renamed).to_have_attribute("data-fate", "renames")
    expect(renamed.locator('[data-successor="tp1n"]')).to_contain_text("Priority one, renamed")
    expect(renamed.locator('[data-successor="tp1n"]')).to_contain_text("renames")
    dropped = crosswalk.locator('tr[data-element="out2"]')
    expect(dropped).to_have_attribute("data-fate", "dropped")
    expect(dropped).to_contain_text("Outcome two")  # what it served
    expect(dropped.locator('[data-funding="io2"]')).to_contain_text("700 CHF")  # what funded it
    expect(crosswalk.locator('tr[data-element="tp3"]')).to_have_attribute("data-fate", "new")
    for fate, count in (("renames", 1), ("dropped", 1), ("new", 1), ("continues", 0)):
        expect(page.locator(f'#cycle-counts [data-fate="{fate}"] .num')).to_have_text(str(count))
    assert page.url.endswith("#/cycles")
    # a stable URL: the pair named in it
    page.goto(f"{live_service}/#/cycles?from=p1&to=p2")
    expect(page.locator('#crosswalk tr[data-element="out2"]')).to_be_visible()
    # a pair that is not a succession is compared, with the API's note saying so
    page.goto(f"{live_service}/#/cycles?from=p2&to=p1")
    expect(page.locator("#cycle-counts")).to_contain_text("does not SUCCEED")
    # a plan that is not there: the API's problem detail, shown as an error
    page.goto(f"{live_service}/#/cycles?from=p1&to=no-such-plan")
    expect(page.locator("#cycles [role=alert]")).to_contain_text("no-such-plan")


def test_a_suspect_link_is_listed_with_its_change_and_cleared_with_a_key(
    page: Page, live_service: str, graph: Graph
) -> None:
    base = api(live_service)
    import_bundle(live_service, SMALL_BUNDLE)
    answer = httpx.patch(
        f"{base}/elements/oc1", json={"name": "Numbers are assigned"}, headers=EDITOR, timeout=30
    )
    assert answer.status_code == 200, answer.text
    link = "oc1-[DELIVERED_BY]->out1"

    # on the element page of the upstream end, in its own tab
    page.goto(f"{live_service}/#/elements/oc1?tab=suspects")
    expect(page.locator(f'#element-suspects article.suspect[data-link="{link}"]')).to_be_visible()
    # its summary counts oc1's own links only (the API reads them from oc1)
    expect(page.locator("#element-suspects #suspect-summary")).to_have_text(
        "1 suspect of 1 watched link whose upstream end is oc1."
    )

    page.goto(f"{live_service}/#/suspects")
    expect(page.locator("nav.mainnav a.active")).to_have_text("Suspects")
    card = page.locator(f'article.suspect[data-link="{link}"]')
    change = card.locator('tr[data-field="name"]')
    expect(change.locator("del")).to_have_text("Numbering resources are managed")
    expect(change.locator("ins")).to_have_text("Numbers are assigned")
    expect(card).to_contain_text("by eve (api)")
    # what hangs below: the output and its indicator
    expect(card.locator(".impact")).to_contain_text("International numbering resources")
    expect(card.locator(".impact")).to_contain_text("Resources assigned")
    expect(page.locator("#suspect-summary")).to_have_text("1 suspect of 6 watched links.")
    # no key: nothing to press; an editor's key: clear with a reason
    expect(card.locator(".clear-open")).to_have_count(0)
    use_key(page, EDITOR_SECRET)
    card.locator(".clear-open").click()
    card.locator("input[name=why]").fill("Checked: out1 still delivers it")
    card.get_by_role("button", name="Clear", exact=True).click()
    expect(page.locator("#suspect-summary")).to_contain_text("0 suspect")
    expect(card).to_have_count(0)
    after = httpx.get(f"{base}/suspects", timeout=30).json()
    assert (after["summary"]["suspect"], after["items"]) == (0, [])
    events = httpx.get(f"{base}/elements/oc1/history", timeout=30).json()["events"]
    assert any(
        e["action"] == "clear" and e["who"] == "eve" and "still delivers" in str(e) for e in events
    ), events
