"""Running the check catalogue: findings, filtered by check, severity and plan, with waivers.

Each check is one set-based query; nothing runs per element from Python. The checks of one
run are sent side by side (`PARALLEL_CHECKS`).

Evidence: every check query receives `$admit`, the provenance bases it may rely on
(`metamodel.admitted_bases`): a run on `evidence=stated` reads the plan as written, with
assumed (and inferred) elements and links left out, so that a placeholder does not hide a
missing link. An element or link with no `basis` counts as `stated`
(`metamodel.DEFAULT_BASIS`). Each finding's elements carry the source and basis they cite.

Reporting date: the results checks that depend on the date (`indicator_not_reporting`,
`indicator_off_track`, `outcome_without_recent_results`) judge against `as_of` (default
today), passed to their queries with the status rule (`app.performance.checks`), so that a
committee sees the findings as of its reporting date, as `GET /api/v1/performance?as_of=`
shows the statuses.
"""

from __future__ import annotations

import os
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from app import metamodel
from app.core.errors import BadRequest, NotFound
from app.db import cypher
from app.db.change_token import AFRESH, change_token
from app.db.graph import Graph
from app.elements.references import resolve_ref
from app.gaps import similarity, wording
from app.gaps.catalogue import Check, Severity, load_catalogue
from app.gaps.findings import (
    CheckInfo,
    CheckSummary,
    Finding,
    FindingElement,
    FindingStatus,
    GapFilters,
    GapReport,
    GapSummary,
    Waiver,
    finding_key,
)
from app.gaps.waivers import (
    apply_waivers,
    delete_waiver,
    expired,
    parse_expiry_text,
    save_waiver,
    stored_waivers,
)
from app.lookup_keys import SEPARATORS
from app.performance.checks import ResultsCheckOptions, results_check_parameters
from app.performance.status import StatusRule

#: Element types that need a glossary definition: all but the glossary's own Term.
DEFINITION_EXEMPT_TYPES: tuple[str, ...] = ("Term",)
#: Kinds of plan that need risks on their chain (`no_risk_on_chain`).
RISK_PLAN_KINDS: tuple[str, ...] = ("strategic", "operational")
#: Rounding allowed when shares are added up.
SHARE_TOLERANCE = 1e-6


def check_parameters(
    check: Check, evidence: str | None = None, results: ResultsCheckOptions | None = None
) -> dict[str, Any]:
    """The parameters the engine passes to a check's query (`admit` to every one; the
    results checks' reporting date and status rule from `results`, default today and the
    settings' rule)."""
    return {
        **_own_parameters(check, results or ResultsCheckOptions.of()),
        "admit": admitted(evidence),
    }


def admitted(evidence: str | None) -> list[str]:
    """The bases a run on `evidence` admits; BadRequest for an unknown level."""
    try:
        return metamodel.admitted_bases(evidence)
    except ValueError as exc:
        raise BadRequest(
            f"Unknown evidence level {evidence!r}.",
            hint="Use stated (the plan as written), inferred (and readings of it) or "
            "assumed (everything, the default).",
        ) from exc


def _own_parameters(check: Check, results: ResultsCheckOptions) -> dict[str, Any]:
    if check.rule is not None:
        return {
            "type": check.rule.type,
            "rel": check.rule.rel,
            "direction": check.rule.direction,
            "other_types": list(check.rule.other_types),
            "through_parts": check.rule.through_parts,
            "message": check.message,
            "missing": check.rule.missing,
        }
    separators = {"separators": list(SEPARATORS)}
    defaults: dict[str, dict[str, Any]] = {
        "name_repeats_across_levels": similarity.parameters(),
        "outcome_worded_as_deliverable": wording.deliverable_parameters(),
        "deprecated_term_used": {**separators, "type_labels": type_labels()},
        "definition_outside_glossary": separators,
        "no_risk_on_chain": {"plan_kinds": list(RISK_PLAN_KINDS)},
        "activity_count_indicator": wording.parameters(),
        "type_without_definition": {
            "types": [t for t in metamodel.ELEMENT_TYPE_NAMES if t not in DEFINITION_EXEMPT_TYPES],
            **separators,
        },
        "term_defined_twice": separators,
        "shares_exceed_one": {"tolerance": SHARE_TOLERANCE},
        "shares_below_one": {"tolerance": SHARE_TOLERANCE},
        **results_check_parameters(results),
        "suspect_link": {"watch": metamodel.suspect_watch()},
    }
    return defaults.get(check.id, {})


def type_labels() -> list[dict[str, str]]:
    """The metamodel's element types as lower-case words ("thematic priority")."""
    return [
        {"type": t, "label": re.sub(r"(?<!^)(?=[A-Z])", " ", t).lower()}
        for t in metamodel.ELEMENT_TYPE_NAMES
    ]


def catalogue_info() -> list[CheckInfo]:
    return [CheckInfo(**c.describe()) for c in load_catalogue()]


def select_checks(check: str | None = None, severity: str | None = None) -> list[Check]:
    checks = list(load_catalogue())
    if check:
        wanted = {c.strip() for c in check.split(",") if c.strip()}
        unknown = sorted(wanted - {c.id for c in checks})
        if unknown:
            raise BadRequest(
                f"Unknown check {', '.join(unknown)}.",
                hint="Known checks: " + ", ".join(c.id for c in checks),
                known=[c.id for c in checks],
            )
        checks = [c for c in checks if c.id in wanted]
    if severity:
        try:
            level = Severity(severity)
        except ValueError as exc:
            raise BadRequest(
                f"Unknown severity {severity!r}.", hint="Use error, warning or info."
            ) from exc
        checks = [c for c in checks if c.severity == level]
    return checks


def findings_of(check: Check, rows: Iterable[dict[str, Any]]) -> list[Finding]:
    findings = []
    for row in rows:
        elements = [FindingElement(**e) for e in row.get("elements") or [] if e and e.get("id")]
        subject = row.get("subject")
        findings.append(
            Finding(
                key=finding_key(check.id, [e.id for e in elements], subject),
                check=check.id,
                severity=check.severity.value,
                title=check.title,
                elements=elements,
                subject=subject,
                # a message built from a missing property (no name) is null in Cypher
                message=row.get("message")
                or f"{check.title}: {', '.join(e.id for e in elements) or subject}.",
                evidence=row.get("evidence") or {},
            )
        )
    return findings


#: Checks run side by side (each its own read transaction), so the database can use every
#: core; Neo4j reads are read-committed either way, so one transaction would give no
#: stronger snapshot.
PARALLEL_CHECKS = min(4, os.cpu_count() or 2)


def run_check(
    graph: Graph,
    check: Check,
    evidence: str | None = None,
    results: ResultsCheckOptions | None = None,
) -> list[Finding]:
    """The findings of one check, before waivers and filters."""
    parameters = check_parameters(check, evidence, results)
    return findings_of(check, graph.run(cypher.query(check.query), parameters, write=False))


class RunMemo:
    """The last few raw runs (findings before waivers and filters) of this process, each
    under the database's change token it was computed at (`app/db/change_token.py`): a run
    asked for again with nothing committed since is copied from here, whatever page, filter
    or format the request wants (the HTTP read cache keys on the whole URL, so the overview's
    first page, the findings page and an element's findings would each run every check).
    The token is read *before* the checks run, so a write landing meanwhile can only make
    the next run miss. Bounded by entries; copies go out (waivers mark findings)."""

    def __init__(self, entries: int = 4) -> None:
        self.entries = entries
        self._runs: OrderedDict[tuple[str, str | None, str], list[Finding]]
        self._runs = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str | None, str]) -> list[Finding] | None:
        with self._lock:
            found = self._runs.get(key)
            if found is None:
                return None
            self._runs.move_to_end(key)
        return [finding.model_copy(deep=True) for finding in found]

    def put(self, key: tuple[str, str | None, str], findings: list[Finding]) -> None:
        kept = [finding.model_copy(deep=True) for finding in findings]
        with self._lock:
            self._runs[key] = kept
            self._runs.move_to_end(key)
            while len(self._runs) > self.entries:
                self._runs.popitem(last=False)


RUNS = RunMemo()


def run_key(
    graph: Graph,
    checks: list[Check],
    evidence: str | None,
    results: ResultsCheckOptions | None = None,
) -> tuple[str, str | None, str]:
    """What a run is remembered under: the change token now, the evidence, and each check
    with its parameters: the date-dependent results checks' include the reporting date
    (`as_of`, today by default, so a run of yesterday is not reused today) and the status
    rule, so runs as of two dates, or under two rules, are two entries."""
    asked = repr([(c.id, sorted(check_parameters(c, evidence, results).items())) for c in checks])
    return change_token(graph), evidence, asked


def run_checks_raw(
    graph: Graph,
    checks: list[Check],
    evidence: str | None = None,
    results: ResultsCheckOptions | None = None,
) -> list[Finding]:
    """Every finding of these checks, before waivers and filters, in catalogue order, each
    element with the source and basis it cites (the same run again, with no commit since,
    from `RUNS`). `results`: the results checks' reporting date and rule (default today and
    the settings' rule)."""
    admitted(evidence)
    results = results or ResultsCheckOptions.of()
    key = run_key(graph, checks, evidence, results)
    remembered = None if AFRESH.get() else RUNS.get(key)
    if remembered is not None:
        return remembered
    findings = _run_checks(graph, checks, evidence, results)
    RUNS.put(key, findings)
    return findings


def _run_checks(
    graph: Graph, checks: list[Check], evidence: str | None, results: ResultsCheckOptions
) -> list[Finding]:
    if len(checks) <= 1:
        findings = [f for check in checks for f in run_check(graph, check, evidence, results)]
    else:
        with ThreadPoolExecutor(max_workers=min(PARALLEL_CHECKS, len(checks))) as pool:
            found = list(pool.map(lambda c: run_check(graph, c, evidence, results), checks))
        findings = [f for each in found for f in each]
    return with_sources(graph, findings)


def with_sources(graph: Graph, findings: list[Finding]) -> list[Finding]:
    """The findings with each element's `source_document`, `source_section` and `basis`
    (one query for all of them), so that a finding cites where its elements are stated."""
    ids = sorted({e.id for f in findings for e in f.elements})
    if not ids:
        return findings
    rows = graph.read("gaps/support/element_sources", ids=ids)
    sources = {row["id"]: row for row in rows}
    for finding in findings:
        for element in finding.elements:
            row = sources.get(element.id)
            if row is not None:
                element.source_document = row["source_document"]
                element.source_section = row["source_section"]
                element.basis = row["basis"]
    return findings


def plan_scope(graph: Graph, plan: str) -> tuple[dict[str, Any], set[str], set[str]]:
    """(the plan, ids of its elements, types of its elements) for a plan reference."""
    found = resolve_ref(graph, plan, types=["Plan"])
    rows = graph.read("gaps/support/plan_members", plan_id=found["id"])
    row = rows[0] if rows else {"ids": [], "types": []}
    return found, set(row["ids"]), set(row["types"])


def in_plan(finding: Finding, ids: set[str], types: set[str]) -> bool:
    if finding.elements:
        return any(e.id in ids for e in finding.elements)
    return finding.subject in types


def summarise(checks: list[Check], findings: list[Finding]) -> GapSummary:
    by_check = []
    for check in checks:
        mine = [f for f in findings if f.check == check.id]
        by_check.append(
            CheckSummary(
                check=check.id,
                title=check.title,
                severity=check.severity.value,
                open=sum(f.status == FindingStatus.open for f in mine),
                waived=sum(f.status == FindingStatus.waived for f in mine),
            )
        )
    open_findings = [f for f in findings if f.status == FindingStatus.open]
    return GapSummary(
        checks_run=len(checks),
        open=len(open_findings),
        waived=len(findings) - len(open_findings),
        open_by_severity={
            s.value: sum(f.severity == s.value for f in open_findings) for s in Severity
        },
        by_check=by_check,
    )


def run_gaps(
    graph: Graph,
    check: str | None = None,
    severity: str | None = None,
    plan: str | None = None,
    now: datetime | None = None,
    evidence: str | None = None,
    as_of: str | None = None,
    rule: StatusRule | None = None,
) -> GapReport:
    """Run the selected checks; findings with waivers applied, filtered, summarised.

    `evidence` (stated, inferred or assumed; None is assumed) says which elements and links
    the checks may rely on (see the module's docstring). `as_of` (YYYY-MM-DD, default
    today) is the reporting date the results checks judge against, `rule` the status rule
    (default the settings'): pass the one `/performance` uses, and they agree."""
    results = ResultsCheckOptions.of(as_of, rule)
    checks = select_checks(check, severity)
    findings = run_checks_raw(graph, checks, evidence, results)
    if plan:
        _, ids, types = plan_scope(graph, plan)
        findings = [f for f in findings if in_plan(f, ids, types)]
    findings = apply_waivers(graph, findings, now or datetime.now(UTC))
    findings.sort(key=lambda f: (-Severity(f.severity).rank, f.check, f.key))
    return GapReport(
        filters=GapFilters(
            check=check, severity=severity, plan=plan, evidence=evidence, as_of=results.as_of
        ),
        summary=summarise(checks, findings),
        findings=findings,
    )


def open_findings(report: GapReport, at_least: Severity) -> list[Finding]:
    """Open findings at or above a severity (what a CI gate fails on)."""
    return [
        f
        for f in report.findings
        if f.status == FindingStatus.open and Severity(f.severity).rank >= at_least.rank
    ]


def parse_expiry(expires: str | None, now: datetime) -> str | None:
    """An ISO date or date-time in the future, normalised; BadRequest otherwise."""
    if expires is None or not expires.strip():
        return None
    text = expires.strip()
    try:
        moment = parse_expiry_text(text)
    except ValueError as exc:
        raise BadRequest(
            f"The expiry {expires!r} is not an ISO date.",
            hint="Give a date like 2027-12-31 (or a date-time like 2027-12-31T18:00:00Z).",
        ) from exc
    if isinstance(moment, datetime):
        text = moment.astimezone(UTC).isoformat(timespec="seconds")
    if expired(text, now):
        raise BadRequest(f"The expiry {expires!r} has already passed.", hint="Give a later date.")
    return text


def waive_finding(
    graph: Graph,
    key: str,
    reason: str,
    who: str,
    expires: str | None = None,
    now: datetime | None = None,
    evidence: str | None = None,
    as_of: str | None = None,
    rule: StatusRule | None = None,
) -> Waiver:
    """Accept the finding with this key; it stays listed as waived until it comes back.

    The finding is looked for in the run it was listed by: `evidence`, `as_of` and `rule`
    as given to `run_gaps` (a finding of the results checks as of a past reporting date, or
    one seen only with `evidence=stated`, is not in today's default run)."""
    now = now or datetime.now(UTC)
    if not reason or not reason.strip():
        raise BadRequest("A waiver needs a reason.", hint="Say why the finding is accepted.")
    check_id = key.partition(":")[0]
    checks = select_checks(check_id) if check_id in {c.id for c in load_catalogue()} else []
    results = ResultsCheckOptions.of(as_of, rule)
    run = run_checks_raw(graph, checks, evidence, results)
    finding = next((f for f in run if f.key == key), None)
    if finding is None:
        asked = [f"evidence={evidence}"] if evidence else []
        asked += [f"as_of={results.as_of}"] if as_of else []
        raise NotFound(
            f"No current finding has the key {key!r}"
            + (f" (in the run with {', '.join(asked)})." if asked else "."),
            hint="Keys are listed by `rbmtrace check` and GET /api/v1/gaps. A finding listed "
            "by a run with a reporting date or an evidence level is waived with the same "
            "(API: `as_of`, `evidence`; CLI: --as-of, --evidence).",
        )
    stored = save_waiver(graph, finding, reason.strip(), who, parse_expiry(expires, now), now)
    return Waiver(**stored, expired=False)


def list_waivers(graph: Graph, now: datetime | None = None) -> list[Waiver]:
    now = now or datetime.now(UTC)
    return [Waiver(**w, expired=expired(w.get("expires"), now)) for w in stored_waivers(graph)]


def remove_waiver(graph: Graph, key: str, who: str | None = None) -> None:
    """Withdraw a waiver; only one `who` gave, unless `who` is None (admin, CLI)."""
    delete_waiver(graph, key, who)
