"""Normalised-text similarity of names, as the check `priority_repeats_output_name` uses it.

The check runs in Cypher (`cypher/gaps/priority_repeats_output_name.cypher`); this module
holds its parameters and the same normalisation in Python, so the rules are written down
once in readable form and a test keeps the two in step. Writes store each priority's and
output's tokens as `name_tokens` (`app.bundles.store`), so the check need not tokenise a
million names in Cypher; it tokenises in Cypher only what has none stored.

Normalisation of a name:
1. lower case;
2. every character in `SEPARATORS` becomes a space; split on spaces;
3. words in `STOP_WORDS` are left out;
4. plurals become singular: "-ies" -> "-y" (words over 4 letters), "-sses" -> "-ss",
   a final "-s" is dropped from words over 3 letters unless they end in "ss", "us" or "is";
5. duplicates are dropped: the result is a token set.

Similarity of two names is the Jaccard index of their token sets:
(shared tokens) / (all distinct tokens).
`THRESHOLD` = 0.6: a name reported as repeating another shares at least three fifths of
all their distinct tokens, e.g. "International numbering" and "International numbering
resources" (2/3), or "Management of international numbering resources" and
"International numbering resources" (3/4); one shared word out of three is not enough.
"""

from __future__ import annotations

from typing import Any

THRESHOLD = 0.6

SEPARATORS: tuple[str, ...] = (
    ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", '"', "'", "\u2018", "\u2019",
    "\u201c", "\u201d", "/", "\\", "-", "\u2013", "\u2014", "_", "#", "&", "+", "*", "~",
    "^", "|", "<", ">", "=", "@", "%", "$", "\n", "\t",
)  # fmt: skip

STOP_WORDS: tuple[str, ...] = (
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with",
    "from", "into", "its", "their", "as", "is", "are", "be", "all", "this", "that",
)  # fmt: skip


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def name_tokens(name: str) -> list[str]:
    """The normalised token set of a name, in first-seen order."""
    text = name.lower()
    for separator in SEPARATORS:
        text = text.replace(separator, " ")
    tokens: list[str] = []
    for word in text.split(" "):
        if word and word not in STOP_WORDS:
            token = singular(word)
            if token not in tokens:
                tokens.append(token)
    return tokens


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
        # writes store `name_tokens` (app.bundles.store) made with these same rules
        "stored_tokens": True,
    }
