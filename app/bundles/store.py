"""The batched writes of element and link rows (`app.bundles.codec` makes the rows).

A stored element is a node `:Element:<Type>`, a link a relationship of a metamodel type;
their properties are what `app.bundles.codec` puts in a row's `props`. Rows are written in
`UNWIND` batches through the named queries of `cypher/bundles/`.

New and changed rows are written by `write_changes` (the importer decides which are which).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any


def batches(rows: Sequence[dict[str, Any]], size: int) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


#: (phase, named query) in the order `write_changes` runs them.
CHANGE_QUERIES = (
    ("elements", "bundles/create_elements"),
    ("elements", "bundles/update_elements"),
    ("links", "bundles/create_links"),
    ("links", "bundles/update_links"),
)


#: write_changes' way to write one batch: (named query, rows)
BatchWriter = Callable[[str, list[dict[str, Any]]], object]


def write_changes(
    write_batch: BatchWriter,
    changes: Mapping[str, Sequence[dict[str, Any]]],
    batch_size: int = 5000,
    progress: Callable[[str, int, int], None] | None = None,
    phases: Sequence[str] = ("elements", "links"),
) -> None:
    """Write rows already sorted into new and changed ones (keys of `changes` are the query
    names of CHANGE_QUERIES) in `UNWIND` batches of `batch_size`, phase by phase, through
    `write_batch`: inside one transaction, or one transaction per batch (a staged import).

    New rows are CREATEd rather than MERGEd: the caller has checked that they are not
    stored. This avoids MERGE's check of every relationship of a well-connected node (a
    plan CONTAINS thousands of elements), which made imports of 20,000 elements take
    minutes.
    """
    for phase in phases:
        queries = [query for p, query in CHANGE_QUERIES if p == phase]
        total = sum(len(changes.get(query, ())) for query in queries)
        done = 0
        for query in queries:
            for batch in batches(changes.get(query, ()), batch_size):
                write_batch(query, list(batch))
                done += len(batch)
                if progress:
                    progress(phase, done, total)
