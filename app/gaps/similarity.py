"""Normalised-text similarity of names, as the check `priority_repeats_output_name` uses it.

The check runs in Cypher (`cypher/gaps/priority_repeats_output_name.cypher`); this module
holds its parameters, and `app.lookup_keys.name_tokens` the same normalisation in Python,
so the rules are written down once in readable form and a test keeps the two in step.
Writes store each priority's and output's tokens as `name_tokens` (`app.bundles.codec`),
so the check need not tokenise a million names in Cypher; it tokenises in Cypher only
what has none stored.

Similarity of two names is the Jaccard index of their token sets:
(shared tokens) / (all distinct tokens).
`THRESHOLD` = 0.6: a name reported as repeating another shares at least three fifths of
all their distinct tokens, e.g. "International numbering" and "International numbering
resources" (2/3), or "Management of international numbering resources" and
"International numbering resources" (3/4); one shared word out of three is not enough.
"""

from __future__ import annotations

from typing import Any

from app.lookup_keys import SEPARATORS, STOP_WORDS, name_tokens

THRESHOLD = 0.6


def token_set_similarity(first: str, second: str) -> float:
    a, b = set(name_tokens(first)), set(name_tokens(second))
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def parameters() -> dict[str, Any]:
    """The Cypher parameters of the name-repetition check."""
    return {
        "separators": list(SEPARATORS),
        "stop_words": list(STOP_WORDS),
        "threshold": THRESHOLD,
        # writes store `name_tokens` (app.bundles.codec) made with these same rules
        "stored_tokens": True,
    }
