"""Resolving a reference (id, code, alias or name) to exactly one element.

Order of lookup, each step index-backed for the start node:

1. the id, exactly (unique constraint `element_id_unique`);
2. the code in normalised form (`code_key` range index: "TP#2", "tp-2" and "TP2" are one
   key) and the aliases (full-text index `element_text` on `aliases_text`; candidates
   are confirmed against `ref_keys`);
3. the name, as a phrase in the full-text index; exact names win over partial ones.

One match is used. Several raise `AmbiguousReference` (409) with `candidates`; none
raises `NotFound` (404) with the nearest names by fuzzy full-text match.

Plan scope (two planning cycles, or two organisations' plans, reuse codes such as "TP#2"):
a plan is the `CONTAINS` link from a `Plan` element. With an explicit `plan` (a plan's
id, code or name: `?plan=` in the API, `--plan` in the CLI), only elements that plan
contains are candidates; a reference that names elements of other plans only is a
`NotFound` saying which plans hold them. Without one, a reference that names several
elements is settled by the default plan (setting `default_plan`, RBMTRACE_DEFAULT_PLAN:
`current` = the plans whose period holds this year, a plan reference, or `none`) when
the candidates are all of one type (the same thing in two cycles) and exactly one of them
is in it; otherwise the 409 lists every candidate with its plans (a name shared by a
priority and an output stays ambiguous whatever the plans). A reference naming one
element needs no plan. Plans themselves are in no plan:
resolving a plan ignores the scope. Every reference of the API and the CLI is resolved
here, by `resolve_ref`; routes and commands only pass the plan through.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from app import metamodel
from app.core.config import get_settings
from app.core.errors import (
    AmbiguousReference,
    BadRequest,
    InvalidParameter,
    NotFound,
    RbmTraceError,
)
from app.db.graph import Graph

#: Most candidates listed in an ambiguity error, and most nearest names in a not-found.
MAX_CANDIDATES = 20
MAX_NEAREST = 5
#: Longest reference looked up (the longest id, code, alias or name of the metamodel); the
#: name search sends at most this much text, escaped, to the full-text index as a phrase.
MAX_REFERENCE_LENGTH = max(
    metamodel.MAX_ID_LENGTH,
    metamodel.MAX_CODE_LENGTH,
    metamodel.MAX_ALIAS_LENGTH,
    metamodel.MAX_NAME_LENGTH,
)
#: Words of a reference matched fuzzily when suggesting the nearest names.
MAX_FUZZY_WORDS = 16
MAX_FUZZY_WORD_LENGTH = 40

Candidate = dict[str, Any]

#: Values of the `default_plan` setting that are not plan references.
CURRENT_PLANS = "current"
NO_DEFAULT_PLAN = ("", "none")
#: Element types that are in no plan (a reference to one ignores the plan scope).
UNSCOPED_TYPES = frozenset({"Plan"})
PLAN_HINT = (
    "Give the plan: ?plan=PLAN in the API, --plan PLAN in the CLI (a plan's id, code or name)."
)


def _candidate(row: dict[str, Any]) -> Candidate:
    return {"id": row["id"], "code": row.get("code"), "name": row.get("name"), "type": row["type"]}


def _unique(rows: list[dict[str, Any]]) -> list[Candidate]:
    seen: dict[str, Candidate] = {}
    for row in rows:
        seen.setdefault(row["id"], _candidate(row))
    return list(seen.values())


def find_candidates(graph: Graph, ref: str) -> tuple[str, list[Candidate]]:
    """(how they matched, the candidates): by "id", "code/alias", "name" or nothing."""
    rows = graph.read("queries/resolve_reference", ref=ref)
    by_id = [r for r in rows if r["matched_by"] == "id"]
    if by_id:
        return "id", _unique(by_id)
    if rows:
        return "code/alias", _unique(rows)
    named = graph.read("queries/resolve_by_name", ref=ref, limit=MAX_CANDIDATES + 1)
    exact = [r for r in named if r["exact"]]
    if exact:
        return "name", _unique(exact)
    return ("name", _unique(named)) if named else ("", [])


def nearest_names(graph: Graph, ref: str, limit: int = MAX_NEAREST) -> list[Candidate]:
    """Names close to `ref`, by a fuzzy match of its first `MAX_FUZZY_WORDS` words (each
    fuzzy word is a Lucene clause; longer words than `MAX_FUZZY_WORD_LENGTH` are left out)."""
    words = [w for w in ref.split() if len(w) <= MAX_FUZZY_WORD_LENGTH][:MAX_FUZZY_WORDS]
    if not words:
        return []
    return _unique(graph.read("queries/nearest_names", ref=" ".join(words), limit=limit))


def _plain(candidate: Candidate) -> dict[str, Any]:
    return {k: candidate.get(k) for k in ("id", "code", "name", "type")}


def with_plans(graph: Graph, candidates: list[Candidate]) -> list[Candidate]:
    """The candidates, each with `plans`: the plans that contain it ({id, code, name, kind,
    period_start, period_end}, oldest first)."""
    if not candidates:
        return []
    rows = graph.read("references/plans_of_elements", ids=[c["id"] for c in candidates])
    plans = {r["id"]: r["plans"] for r in rows}
    return [{**c, "plans": plans.get(c["id"], [])} for c in candidates]


def _plan_names(plans: list[dict[str, Any]]) -> str:
    return ", ".join(f"{p.get('code') or p['name']} (id {p['id']})" for p in plans) or "no plan"


def resolve_plan(graph: Graph, plan: str) -> dict[str, Any]:
    """The one plan `plan` names (id, code or name), as {id, code, name, type}."""
    try:
        return resolve_ref(graph, plan, types=["Plan"])
    except RbmTraceError as exc:
        raise type(exc)(
            f"Plan {plan.strip()!r}: {exc.detail}",
            **{**exc.extra, "plan": plan, "hint": "Give a plan's id, code or name."},
        ) from exc


def default_plans(graph: Graph) -> list[dict[str, Any]]:
    """The plans that settle an ambiguous reference when none is given (see the module's
    docstring): from the `default_plan` setting."""
    setting = get_settings().default_plan.strip()
    if setting.casefold() in NO_DEFAULT_PLAN:
        return []
    if setting.casefold() == CURRENT_PLANS:
        return graph.read("references/plans_in_force", year=datetime.now(UTC).year)
    try:
        return [resolve_plan(graph, setting)]
    except RbmTraceError as exc:
        raise type(exc)(
            f"The default plan (setting RBMTRACE_DEFAULT_PLAN={setting!r}) is unusable: "
            f"{exc.detail}",
            **{
                **exc.extra,
                "hint": "Set RBMTRACE_DEFAULT_PLAN to a plan's id, to `current` or to `none`, "
                "or give the plan with the request.",
            },
        ) from exc


def _in_plan(graph: Graph, text: str, candidates: list[Candidate], plan: str) -> list[Candidate]:
    """The candidates the plan `plan` names contains; NotFound when there were candidates
    but all are in other plans."""
    chosen = resolve_plan(graph, plan)
    listed = with_plans(graph, candidates)
    inside = [c for c in listed if any(p["id"] == chosen["id"] for p in c["plans"])]
    if listed and not inside:
        found = "; ".join(
            f"the {c['type']} {c['name']!r} (id {c['id']}) in {_plan_names(c['plans'])}"
            for c in listed[:MAX_CANDIDATES]
        )
        raise NotFound(
            f"{text!r} names no element of plan {chosen['code'] or chosen['name']!r} "
            f"(id {chosen['id']}); it names {found}.",
            reference=text,
            plan=chosen,
            candidates=listed[:MAX_CANDIDATES],
            hint="Name another plan, or leave the plan out.",
        )
    return inside


def resolve_ref(
    graph: Graph, ref: str, types: Collection[str] | None = None, plan: str | None = None
) -> dict[str, Any]:
    """The one element `ref` names, as {id, code, name, type}.

    `types` restricts the answer to elements of those types (e.g. a priority endpoint);
    a reference that only names elements of other types is a `BadRequest` saying which.
    `plan` (a plan's id, code or name) restricts it to the elements that plan contains;
    without it, the default plan settles a reference naming several elements (see the
    module's docstring).
    """
    text = ref.strip()
    if not text:
        raise BadRequest(
            "The element reference is empty.",
            hint="Give an id, a code (e.g. TP#2), an alias or a name.",
        )
    if len(text) > MAX_REFERENCE_LENGTH:
        raise InvalidParameter(
            f"The element reference has {len(text)} characters; ids, codes, aliases and names "
            f"have at most {MAX_REFERENCE_LENGTH}.",
            hint="Give the element's id, code, an alias or its name.",
        )
    how, candidates = find_candidates(graph, text)
    if types is not None:
        wanted = set(types)
        fitting = [c for c in candidates if c["type"] in wanted]
        if candidates and not fitting:
            found = "; ".join(f"the {c['type']} {c['name']!r} (id {c['id']})" for c in candidates)
            raise BadRequest(
                f"{text!r} names {found}; this needs a {' or '.join(sorted(wanted))}.",
                reference=text,
                found=candidates[:MAX_CANDIDATES],
            )
        candidates = fitting
    total = len(candidates)
    scoped = types is None or not set(types) <= UNSCOPED_TYPES
    if scoped and plan is not None and plan.strip():
        candidates = _in_plan(graph, text, candidates, plan)
        total = len(candidates)
    elif scoped and len(candidates) > 1:
        candidates = with_plans(graph, candidates[: MAX_CANDIDATES + 1])
        if len({c["type"] for c in candidates}) == 1:
            defaults = {p["id"] for p in default_plans(graph)}
            settled = [c for c in candidates if any(p["id"] in defaults for p in c["plans"])]
            if len(settled) == 1:
                return _plain(settled[0])
    if len(candidates) == 1:
        return _plain(candidates[0])
    if candidates:
        shown = candidates[:MAX_CANDIDATES]
        in_plans = any(c.get("plans") for c in shown)
        raise AmbiguousReference(
            f"{text!r} matches {total} elements by {how}"
            f"{'' if total <= MAX_CANDIDATES else ' (first ones listed)'}"
            + (
                ": " + "; ".join(f"{c['id']} in {_plan_names(c['plans'])}" for c in shown)
                if in_plans
                else ""
            )
            + "; use one of their ids"
            + (", or give the plan." if in_plans else "."),
            reference=text,
            candidates=shown,
            **({"hint": PLAN_HINT} if in_plans else {}),
        )
    nearest = nearest_names(graph, text)
    if types is not None:
        nearest = [c for c in nearest if c["type"] in set(types)] or nearest
    kinds = f" of type {' or '.join(sorted(types))}" if types is not None else ""
    suggestion = (
        "Nearest names: " + "; ".join(f"{c['name']} ({c['type']}, id {c['id']})" for c in nearest)
        if nearest
        else "No similar names either."
    )
    raise NotFound(
        f"No element{kinds} has the id, code, alias or name {text!r}. {suggestion}",
        reference=text,
        nearest=nearest,
    )
