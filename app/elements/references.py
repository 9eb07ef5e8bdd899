"""Resolving a reference (id, code, alias or name) to exactly one element.

Order of lookup, each step index-backed for the start node:

1. the id, exactly (unique constraint `element_id_unique`);
2. the code in normalised form (`code_key` range index: "TP#2", "tp-2" and "TP2" are one
   key) and the aliases (full-text index `element_text` on `aliases_text`; candidates
   are confirmed against `ref_keys`);
3. the name, as a phrase in the full-text index; exact names win over partial ones.

One match is used. Several raise `AmbiguousReference` (409) with `candidates`; none
raises `NotFound` (404) with the nearest names by fuzzy full-text match.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from app import metamodel
from app.core.errors import AmbiguousReference, BadRequest, InvalidParameter, NotFound
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


def resolve_ref(graph: Graph, ref: str, types: Collection[str] | None = None) -> dict[str, Any]:
    """The one element `ref` names, as {id, code, name, type}.

    `types` restricts the answer to elements of those types (e.g. a priority endpoint);
    a reference that only names elements of other types is a `BadRequest` saying which.
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
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        shown = candidates[:MAX_CANDIDATES]
        raise AmbiguousReference(
            f"{text!r} matches {len(candidates)} elements by {how}"
            f"{'' if len(candidates) <= MAX_CANDIDATES else ' (first ones listed)'}; "
            "use one of their ids.",
            reference=text,
            candidates=shown,
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
