"""The crosswalk between two planning cycles: what each element of the earlier plan became
in the later one (through `SUCCEEDS` and its `kind`), which elements of the later plan are
new, and which of the earlier plan are dropped, with what they served and what funded them.
"""

from __future__ import annotations

from collections import Counter

from app import metamodel
from app.core.errors import BadRequest
from app.db.graph import Graph
from app.elements.paging import check_limit, decode_cursor, encode_cursor
from app.elements.references import resolve_ref
from app.elements.schemas import ElementRef
from app.versions.schemas import CycleDiff, CycleEntry, Funding, Served, Successor

DEFAULT_ENTRIES = 500
MAX_ENTRIES = 10_000
FATES = (*metamodel.SUCCESSION_KINDS, "dropped", "new")


def fate_of(
    successors: list[Successor], predecessors: dict[str, list[str]]
) -> tuple[str, list[str]]:
    """The fate of an earlier element with these successors, and notes where the declared
    kinds and the links disagree (e.g. `splits` with one successor)."""
    if not successors:
        return "dropped", []
    kinds = sorted({s.kind for s in successors})
    notes = []
    if len(successors) > 1:
        structural = "splits"
    elif len(predecessors.get(successors[0].id, [])) > 1:
        structural = "merges"
    else:
        structural = None
    if len(kinds) == 1 and (structural is None or kinds[0] == structural):
        if structural is None and kinds[0] in ("merges", "splits"):
            notes.append(
                f"declared {kinds[0]}, but it has one successor that succeeds only it: "
                "check the crosswalk (continues or renames?)."
            )
        return kinds[0], notes
    fate = structural or kinds[0]
    notes.append(f"SUCCEEDS kinds declared: {', '.join(kinds)}; the links make it a {fate}.")
    return fate, notes


def cycle_diff(
    graph: Graph,
    earlier_ref: str,
    later_ref: str,
    limit: int = DEFAULT_ENTRIES,
    cursor: str | None = None,
) -> CycleDiff:
    check_limit(limit, MAX_ENTRIES)
    after = decode_cursor(cursor)
    earlier = resolve_ref(graph, earlier_ref, types=["Plan"])
    later = resolve_ref(graph, later_ref, types=["Plan"])
    if earlier["id"] == later["id"]:
        raise BadRequest(
            f"from and to both name the plan {earlier['id']!r}.",
            hint="Give the earlier plan as from and the later one as to.",
        )
    ids = {"earlier": earlier["id"], "later": later["id"]}
    predecessors = {
        row["id"]: row["predecessors"] for row in graph.read("versions/cycle_predecessors", **ids)
    }
    entries: list[tuple[str, CycleEntry]] = []
    rows = graph.read(
        "versions/cycle_earlier",
        kinds=list(metamodel.SUCCESSION_KINDS),
        default_kind=metamodel.DEFAULT_SUCCESSION_KIND,
        **ids,
    )
    for row in rows:
        successors = [Successor(**s) for s in row["successors"]]
        fate, notes = fate_of(successors, predecessors)
        entry = CycleEntry(
            element=ElementRef(**row["element"]),
            fate=fate,
            successors=successors,
            served=[Served(**s) for s in row["served"]],
            funded_by=[Funding(**f) for f in row["funded_by"]],
            notes=notes,
        )
        entries.append((f"0|{entry.element.id}", entry))
    for row in graph.read("versions/cycle_new", **ids):
        entry = CycleEntry(element=ElementRef(**row["element"]), fate="new")
        entries.append((f"1|{entry.element.id}", entry))
    counts = Counter(e.fate for _, e in entries)
    page = [(k, e) for k, e in entries if k > after][: limit + 1]
    notes = []
    if not graph.read("versions/plan_succeeds", **ids)[0]["links"]:
        notes.append(
            f"{later['name']} does not SUCCEED {earlier['name']}: link the plans with "
            "SUCCEEDS so that the successor check compares them."
        )
    return CycleDiff(
        earlier=ElementRef(**earlier),
        later=ElementRef(**later),
        counts={fate: counts.get(fate, 0) for fate in FATES},
        entries=[e for _, e in page[:limit]],
        total=len(entries),
        notes=notes,
        limit=limit,
        next_cursor=encode_cursor(page[limit - 1][0]) if len(page) > limit else None,
    )
