"""Numbers as read back from the graph: one that is not finite reads as absent.

No door accepts Infinity or NaN (see `app/bundles/documents.py` and the bundle schemas),
but a graph edited by hand, or written by an older version, may hold them. Every reader
(the budget, the outputs of a priority, the export, element details) treats such a value
as unknown rather than failing or passing it on.
"""

from __future__ import annotations

import math


def finite_or_none(value: object) -> object:
    """`value`, or None when it is a float that is not finite (inf, -inf, nan)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def has_non_finite(value: object) -> bool:
    """Whether a JSON-ready value holds a non-finite float anywhere (lists and dicts)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            return True
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)
    return False


def without_non_finite(value: object) -> object:
    """A copy of a JSON-ready value with every non-finite float replaced by None."""
    if isinstance(value, dict):
        return {k: without_non_finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_non_finite(v) for v in value]
    return finite_or_none(value)
