"""How alike two names are, as the check `name_repeats_across_levels` compares them.

Writes store each chain element's `name_tokens` and `name_key` (`app.bundles.codec`, for
every type of `app.metamodel.NAMED_LEVELS`), made by `app.lookup_keys.name_tokens` and
`name_key`: the normalisation rules (case, punctuation, hyphens, joined prefixes such as
e-health / ehealth / e health, plurals, British and American spelling) are written once,
there, and the check (`cypher/gaps/name_repeats_across_levels.cypher`) reads only what is
stored.

Two names repeat each other when their keys are equal (similarity 1) or the Jaccard index
of their token sets, (shared tokens) / (all distinct tokens), is at least `THRESHOLD` =
0.6: e.g. "International numbering" and "International numbering resources" (2/3), or
"Management of international numbering resources" and "International numbering
resources" (3/4); one shared word out of three is not enough. Word order does not count.
"""

from __future__ import annotations

from typing import Any

from app import metamodel
from app.lookup_keys import name_key, name_tokens

THRESHOLD = 0.6


def name_similarity(first: str, second: str) -> float:
    """1 for equal keys, else the Jaccard index of the token sets (0 for an empty name)."""
    if name_key(first) and name_key(first) == name_key(second):
        return 1.0
    a, b = set(name_tokens(first)), set(name_tokens(second))
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def parameters() -> dict[str, Any]:
    """The Cypher parameters of the name-repetition check."""
    return {"threshold": THRESHOLD, "levels": list(metamodel.NAMED_LEVELS)}
