"""What changed between two versions of the plan, and what the change does.

A version is the graph as it is now (`current`), a baseline (`app.versions.baselines`) or,
from the command line, a bundle file. Each is turned into the same canonical bundle
(`app.bundles.exporter` / `app.bundles.codec`), and two bundles are compared:

- elements added, removed and changed (field by field, old and new value), and moved
  (their parents in the results chain changed);
- links (keyed by their ends and type) added, removed and changed (e.g. a share).

And what the change does:

- gap findings that appear and that are resolved. The findings of `current` come from the
  gap engine now; those of a baseline are the ones the engine found when the baseline was
  taken (stored with it). A bundle file has no recorded findings, nor has a version
  whose checks did not fit in the server's transaction memory: the answer says so
  (`available: false`) rather than guessing;
- the budget per goal and per priority before and after, from the one `budget_rollup`
  (on a bundle through `BundleGraph`, which feeds that function the rows its queries
  would);
- indicators and mandates that reached the mission before and no longer do.

Large diffs are paged: the summary and the effects come whole, the changes a page at a
time (`limit`, `cursor`), in section order and key order.

The pages of one comparison are cut from one computed diff (`Comparison`), which `diff`
remembers (`COMPARISONS`, a small LRU per process) under a key that cannot go stale: for
`current`, the database's change token (`app/db/change_token.py`: it moves on every
committed write, whoever made it); for a baseline, its name and `snapshot_id` (baselines
never change, but one can be deleted and re-created under the same name, with another
id). The key is read *before* the diff is computed, so a write landing meanwhile can only
make the next page miss. The findings of `current` are not remembered with it: each page
takes them from the gap engine (itself memoised under the same token, `RunMemo`) and
applies the waivers as of now, since a waiver lapses with the clock. A request asked with
`Cache-Control: no-cache` (`AFRESH`) computes the diff afresh and remembers that one.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.bundles.codec import (
    element_from_stored,
    element_props,
    flatten_source,
    link_from_stored,
    link_row,
)
from app.bundles.exporter import export_bundle
from app.bundles.importer import read_bundle
from app.core.errors import BadRequest
from app.db.change_token import AFRESH, change_token
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.elements.schemas import ElementRef
from app.gaps.findings import Finding, FindingStatus
from app.traversal.budget import every_figure
from app.traversal.schemas import BudgetFigure, BudgetRollup
from app.versions.baselines import (
    CURRENT,
    Snapshot,
    baseline_snapshot,
    findings_now,
    get_baseline,
)
from app.versions.bundle_graph import BundleGraph
from app.versions.schemas import (
    BudgetDelta,
    Change,
    Diff,
    DiffEffects,
    DiffSummary,
    FieldChange,
    FindingsEffect,
)

DEFAULT_CHANGES = 500
MAX_CHANGES = 10_000

#: Sections of the change list, in order: (kind, change).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("element", "added"),
    ("element", "removed"),
    ("element", "changed"),
    ("element", "moved"),
    ("link", "added"),
    ("link", "removed"),
    ("link", "changed"),
)

#: Links whose start is the parent of their end in the results chain (and what hangs off
#: it); PART_OF runs the other way (the part points at its whole).
PARENT_STARTS = (
    "HAS_MISSION",
    "HAS_GOAL",
    "HAS_TARGET",
    "HAS_PRIORITY",
    "HAS_OUTCOME",
    "DELIVERED_BY",
    "REALISED_BY",
    "FUNDED_BY",
    "MEASURED_BY",
)
PARENT_ENDS = ("PART_OF",)

#: The downward links along which the mission reaches an element of the chain.
_DOWN = ("HAS_GOAL", "HAS_TARGET", "HAS_PRIORITY", "HAS_OUTCOME", "DELIVERED_BY")


@dataclass(frozen=True)
class Version:
    """A side of a diff: its snapshot and where its budget figures come from."""

    snapshot: Snapshot
    budget_source: Graph


def version_of(graph: Graph, spec: str) -> Version:
    """`current` or a baseline's name."""
    if spec == CURRENT:
        snapshot = Snapshot(CURRENT, export_bundle(graph), findings_now(graph))
        return Version(snapshot, graph)
    snapshot = baseline_snapshot(graph, spec)
    return Version(snapshot, BundleGraph(snapshot.bundle))


def version_of_file(path: Path, max_bytes: int) -> Version:
    """A bundle file (json, yaml, csv zip) as a version, in the canonical bundle form."""
    parsed = read_bundle([path], max_bytes)
    parsed.raise_if_unreadable()
    elements, links = [], []
    for item in parsed.elements:
        data = item.data
        if not isinstance(data, Mapping) or not data.get("id") or not data.get("type"):
            raise BadRequest(
                f"{item.place}: an element needs an 'id' and a 'type'.",
                hint="Diff a bundle that `rbmtrace import --dry-run` accepts.",
            )
        elements.append(element_from_stored(element_props(data)))
    for item in parsed.links:
        data = item.data
        if not isinstance(data, Mapping) or not all(data.get(k) for k in ("from", "type", "to")):
            raise BadRequest(
                f"{item.place}: a link needs 'from', 'type' and 'to'.",
                hint="Diff a bundle that `rbmtrace import --dry-run` accepts.",
            )
        links.append(link_from_stored(link_row(data)))
    bundle = {"elements": elements, "links": links}
    return Version(Snapshot(str(path), bundle, None), BundleGraph(bundle))


# --- changes ------------------------------------------------------------------------------
def link_key(link: Mapping[str, Any]) -> str:
    return f"{link['from']} -{link['type']}-> {link['to']}"


def field_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    """Each property (source flattened) whose value differs, with the old and new value."""
    before, after = flatten_source(old), flatten_source(new)
    return [
        FieldChange(field=name, old=before.get(name), new=after.get(name))
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    ]


def parents(links: Iterable[Mapping[str, Any]]) -> dict[str, set[str]]:
    """Each element's parents in the results chain (and what it hangs off)."""
    found: dict[str, set[str]] = defaultdict(set)
    for lk in links:
        if lk["type"] in PARENT_STARTS:
            found[lk["to"]].add(lk["from"])
        elif lk["type"] in PARENT_ENDS:
            found[lk["from"]].add(lk["to"])
    return found


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every change from bundle `old` to bundle `new`, in section order, then key order."""
    before = {e["id"]: e for e in old["elements"]}
    after = {e["id"]: e for e in new["elements"]}
    changes: list[Change] = []

    def element_change(change: str, e: Mapping[str, Any], **extra: Any) -> Change:
        return Change(
            kind="element", change=change, key=e["id"], type=e["type"], name=e.get("name"), **extra
        )

    changes += [element_change("added", after[i]) for i in sorted(after.keys() - before.keys())]
    changes += [element_change("removed", before[i]) for i in sorted(before.keys() - after.keys())]
    both = sorted(before.keys() & after.keys())
    for i in both:
        if before[i] == after[i]:  # most elements: no field to compare
            continue
        fields = field_changes(before[i], after[i])
        if fields:
            changes.append(element_change("changed", after[i], fields=fields))
    old_parents, new_parents = parents(old["links"]), parents(new["links"])
    for i in both:
        was, now = old_parents.get(i, set()), new_parents.get(i, set())
        if was != now:
            changes.append(
                element_change("moved", after[i], old_parents=sorted(was), new_parents=sorted(now))
            )
    links_before = {link_key(lk): lk for lk in old["links"]}
    links_after = {link_key(lk): lk for lk in new["links"]}

    def link_change(change: str, lk: Mapping[str, Any], **extra: Any) -> Change:
        return Change(kind="link", change=change, key=link_key(lk), type=lk["type"], **extra)

    ends = ("from", "type", "to")
    changes += [
        link_change("added", links_after[k]) for k in sorted(links_after.keys() - links_before)
    ]
    changes += [
        link_change("removed", links_before[k]) for k in sorted(links_before.keys() - links_after)
    ]
    for k in sorted(links_before.keys() & links_after.keys()):
        if links_before[k] == links_after[k]:
            continue
        old_props = {n: v for n, v in links_before[k].items() if n not in ends}
        new_props = {n: v for n, v in links_after[k].items() if n not in ends}
        fields = field_changes(old_props, new_props)
        if fields:
            changes.append(link_change("changed", links_after[k], fields=fields))
    return changes


def _section(change: Change) -> int:
    return SECTIONS.index((change.kind, change.change))


def summarise(changes: list[Change]) -> DiffSummary:
    counts = {f"{kind}s_{change}": 0 for kind, change in SECTIONS}
    for c in changes:
        counts[f"{c.kind}s_{c.change}"] += 1
    return DiffSummary(**counts)


# --- effects ------------------------------------------------------------------------------
def reaching_mission(bundle: Mapping[str, Any]) -> set[str]:
    """Ids of the elements the mission reaches: down the chain (HAS_GOAL, HAS_TARGET,
    HAS_PRIORITY, HAS_OUTCOME, sub-outcomes PART_OF a reached outcome, DELIVERED_BY), the
    indicators that measure a reached element, the enablers a reached element is enabled
    by, and the mandates that require a reached element (or of which a reached mandate is
    a part)."""
    types = {e["id"]: e["type"] for e in bundle["elements"]}
    down: dict[str, list[str]] = defaultdict(list)
    for lk in bundle["links"]:
        if lk["type"] in _DOWN:
            down[lk["from"]].append(lk["to"])
        elif lk["type"] == "PART_OF" and types.get(lk["from"]) == "Outcome":
            down[lk["to"]].append(lk["from"])
    reached = {i for i, t in types.items() if t == "Mission"}
    stack = list(reached)
    while stack:
        for below in down.get(stack.pop(), []):
            if below not in reached:
                reached.add(below)
                stack.append(below)
    for lk in bundle["links"]:
        if lk["type"] in ("MEASURED_BY", "ENABLED_BY") and lk["from"] in reached:
            reached.add(lk["to"])
    reached |= {
        lk["from"] for lk in bundle["links"] if lk["type"] == "REQUIRES" and lk["to"] in reached
    }
    wholes = [(lk["from"], lk["to"]) for lk in bundle["links"] if lk["type"] == "PART_OF"]
    changed = True
    while changed:  # a resolution is reached through any of its reached actions
        changed = False
        for part, whole in wholes:
            if part in reached and whole not in reached and types.get(whole) == "Mandate":
                reached.add(whole)
                changed = True
    return reached


def lost_path_to_mission(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[ElementRef]:
    before, after = reaching_mission(old), reaching_mission(new)
    in_new = {e["id"]: e for e in new["elements"]}
    lost = [
        in_new[i]
        for i in sorted(before - after)
        if i in in_new and in_new[i]["type"] in ("Indicator", "Mandate")
    ]
    return [
        ElementRef(id=e["id"], code=e.get("code"), name=e.get("name"), type=e["type"]) for e in lost
    ]


def findings_effect(old: list[Finding] | None, new: list[Finding] | None) -> FindingsEffect:
    if old is None or new is None:
        return FindingsEffect(available=False)
    open_before = {f.key: f for f in old if f.status == FindingStatus.open}
    open_after = {f.key: f for f in new if f.status == FindingStatus.open}
    found_after = {f.key for f in new}  # a finding waived since is accepted, not resolved
    return FindingsEffect(
        available=True,
        appeared=[open_after[k] for k in sorted(open_after.keys() - open_before.keys())],
        resolved=[open_before[k] for k in sorted(open_before.keys() - found_after)],
    )


def all_figures(source: Graph, by: str) -> tuple[BudgetRollup, list[BudgetFigure]]:
    """The roll-up at a level, with its figures of every page."""
    return every_figure(source, [by])[by]


def budget_deltas(old: list[BudgetFigure], new: list[BudgetFigure]) -> list[BudgetDelta]:
    before, after = {f.id: f for f in old}, {f.id: f for f in new}
    deltas = []
    for i in sorted(before.keys() | after.keys()):
        b, a = before.get(i), after.get(i)
        shown = a or b
        assert shown is not None
        old_amount = b.amount if b else None
        new_amount = a.amount if a else None
        deltas.append(
            BudgetDelta(
                id=i,
                code=shown.code,
                name=shown.name,
                type=shown.type,
                before=old_amount,
                after=new_amount,
                difference=(new_amount or 0.0) - (old_amount or 0.0)
                if (b is None or old_amount is not None) and (a is None or new_amount is not None)
                else None,
                status_before=b.amount_status if b else None,
                status_after=a.amount_status if a else None,
            )
        )
    return deltas


def effects(old: Version, new: Version) -> DiffEffects:
    goal_before, goals_old = all_figures(old.budget_source, "Goal")
    goal_after, goals_new = all_figures(new.budget_source, "Goal")
    _, priorities_old = all_figures(old.budget_source, "ThematicPriority")
    _, priorities_new = all_figures(new.budget_source, "ThematicPriority")
    return DiffEffects(
        findings=findings_effect(old.snapshot.findings, new.snapshot.findings),
        budget_total_before=goal_before.total_funded,
        budget_total_after=goal_after.total_funded,
        budget_by_goal=budget_deltas(goals_old, goals_new),
        budget_by_priority=budget_deltas(priorities_old, priorities_new),
        lost_path_to_mission=lost_path_to_mission(old.snapshot.bundle, new.snapshot.bundle),
    )


# --- the diff whole, and its pages ------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """A diff computed whole, which its pages are cut from: the changes under their page
    keys (section, then key: the order of the pages), the summary, the effects, and each
    side's findings (None when not known; in `COMPARISONS`, None for `current`, whose
    findings each page takes again). Never changed once made."""

    from_label: str
    to_label: str
    keyed: list[tuple[str, Change]]
    summary: DiffSummary
    effects: DiffEffects
    findings_before: list[Finding] | None
    findings_after: list[Finding] | None


def compare(old: Version, new: Version) -> Comparison:
    """The diff from `old` to `new`, whole."""
    changes = changes_between(old.snapshot.bundle, new.snapshot.bundle)
    return Comparison(
        from_label=old.snapshot.label,
        to_label=new.snapshot.label,
        keyed=[(f"{_section(c):02d}|{c.key}", c) for c in changes],
        summary=summarise(changes),
        effects=effects(old, new),
        findings_before=old.snapshot.findings,
        findings_after=new.snapshot.findings,
    )


def page_of(
    comparison: Comparison,
    limit: int,
    after: str,
    findings: FindingsEffect | None = None,
) -> Diff:
    """The page of `limit` changes after page key `after`, with the summary and effects
    whole (`findings`, when given, in place of the ones computed with the comparison)."""
    keyed = comparison.keyed
    remaining = [(k, c) for k, c in keyed if k > after] if after else keyed
    page = remaining[: limit + 1]
    effects_now = comparison.effects
    if findings is not None:
        effects_now = effects_now.model_copy(update={"findings": findings})
    origin: dict[str, Any] = {"from": comparison.from_label}  # `from` is a Python keyword
    return Diff(
        **origin,
        to=comparison.to_label,
        summary=comparison.summary,
        effects=effects_now,
        changes=[c for _, c in page[:limit]],
        total_changes=len(keyed),
        limit=limit,
        next_cursor=encode_cursor(page[limit - 1][0]) if len(page) > limit else None,
    )


def diff_versions(
    old: Version, new: Version, limit: int = DEFAULT_CHANGES, cursor: str | None = None
) -> Diff:
    """The diff from `old` to `new`: summary and effects whole, changes a page at a time."""
    check_limit(limit, MAX_CHANGES)
    after = decode_cursor(cursor)
    return page_of(compare(old, new), limit, after)


#: A side of a comparison as remembered: (`current`, change token) or (`baseline`, name,
#: snapshot id).
SideKey = tuple[str, str, str]
ComparisonKey = tuple[SideKey, SideKey]


class ComparisonMemo:
    """The last few comparisons computed by this process (`diff`), each under its
    `ComparisonKey`, least recently used first out. Bounded twice: at most `entries`
    comparisons, holding at most `changes` changes together (a comparison larger than
    that on its own is not kept). Entries are never changed: pages are built from them."""

    def __init__(self, entries: int = 4, changes: int = 100_000) -> None:
        self.entries = entries
        self.changes = changes
        self._kept: OrderedDict[ComparisonKey, Comparison] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: ComparisonKey) -> Comparison | None:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
            return found

    def put(self, key: ComparisonKey, comparison: Comparison) -> None:
        if len(comparison.keyed) > self.changes:
            return
        with self._lock:
            self._kept[key] = comparison
            self._kept.move_to_end(key)
            while len(self._kept) > self.entries or self.held() > self.changes:
                self._kept.popitem(last=False)

    def held(self) -> int:
        """How many changes the kept comparisons hold together."""
        return sum(len(c.keyed) for c in self._kept.values())

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


COMPARISONS = ComparisonMemo()


def comparison_key(graph: Graph, from_: str, to: str) -> ComparisonKey | None:
    """What the comparison of `from_` and `to` is remembered under (see the module's
    docstring); NotFound for an unknown baseline. None for a baseline stored without a
    snapshot id (taken before ids were given): such a comparison is not remembered."""
    token = change_token(graph) if CURRENT in (from_, to) else ""
    sides = []
    for spec in (from_, to):
        if spec == CURRENT:
            sides.append((CURRENT, token, ""))
            continue
        baseline = get_baseline(graph, spec)
        if not baseline.snapshot_id:
            return None
        sides.append(("baseline", baseline.name, baseline.snapshot_id))
    return sides[0], sides[1]


def diff(
    graph: Graph, from_: str, to: str, limit: int = DEFAULT_CHANGES, cursor: str | None = None
) -> Diff:
    """`GET /api/v1/diff`: each side `current` or a baseline's name. The comparison is
    computed once for all its pages while nothing it depends on changes (`COMPARISONS`)."""
    check_limit(limit, MAX_CHANGES)
    after = decode_cursor(cursor)
    key = comparison_key(graph, from_, to)
    remembered = None if key is None or AFRESH.get() else COMPARISONS.get(key)
    if remembered is None:
        comparison = compare(version_of(graph, from_), version_of(graph, to))
        if key is not None:  # the findings of `current` are taken again on each page
            kept = replace(
                comparison,
                findings_before=None if from_ == CURRENT else comparison.findings_before,
                findings_after=None if to == CURRENT else comparison.findings_after,
            )
            COMPARISONS.put(key, kept)
        return page_of(comparison, limit, after)
    # the findings of `current` as of now (waivers lapse with the clock), from the engine
    now = findings_now(graph) if CURRENT in (from_, to) else None
    findings = findings_effect(
        now if from_ == CURRENT else remembered.findings_before,
        now if to == CURRENT else remembered.findings_after,
    )
    return page_of(remembered, limit, after, findings)
