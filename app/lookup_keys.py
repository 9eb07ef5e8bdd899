"""The lookup keys a stored element carries beside its own properties, and the link key.

A stored element holds its declared properties (`app.metamodel`) and these derived ones,
which are never part of what a reader or a bundle sees (`app.bundles.codec` adds and
removes them, nothing else does):

- `type`: the element type name (also its label);
- `code_key` and `ref_keys`: `normalise_key` of the code, and of id, code and aliases,
  for reference lookup ("TP#2", "tp-2" and "TP2" all normalise to "tp2");
- `aliases_text`: the aliases joined, for the full-text index;
- `name_tokens` (TOKENISED_TYPES only): `name_tokens` of the name, for the
  name-repetition gap check (`app.gaps.similarity`, `cypher/gaps/priority_repeats_output_name`);
- `import_id` (IMPORT_STAMP): the id of the import's change event, on what an import
  created (`app.bundles.changes`); links carry it too.

Normalisation of a name into tokens (the Cypher of the check follows the same rules):
1. lower case;
2. every character in `SEPARATORS` becomes a space; split on spaces;
3. words in `STOP_WORDS` are left out;
4. plurals become singular: "-ies" -> "-y" (words over 4 letters), "-sses" -> "-ss",
   a final "-s" is dropped from words over 3 letters unless they end in "ss", "us" or "is";
5. duplicates are dropped: the result is a token set, in first-seen order.

This module sits on the lowest floor (beside the metamodel): bundles, elements and gaps
all read it.
"""

from __future__ import annotations

import re

#: Which import created an element or link (see the module's docstring).
IMPORT_STAMP = "import_id"

#: Stored properties that are not the element's own: lookup keys and the import stamp.
DERIVED_PROPERTIES: tuple[str, ...] = (
    "type",
    "code_key",
    "ref_keys",
    "aliases_text",
    "name_tokens",
    IMPORT_STAMP,
)

#: Element types whose names the name-repetition check compares (their `name_tokens`).
TOKENISED_TYPES = frozenset({"ThematicPriority", "Output"})

SEPARATORS: tuple[str, ...] = (
    ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", '"', "'", "\u2018", "\u2019",
    "\u201c", "\u201d", "/", "\\", "-", "\u2013", "\u2014", "_", "#", "&", "+", "*", "~",
    "^", "|", "<", ">", "=", "@", "%", "$", "\n", "\t",
)  # fmt: skip

STOP_WORDS: tuple[str, ...] = (
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with",
    "from", "into", "its", "their", "as", "is", "are", "be", "all", "this", "that",
)  # fmt: skip

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_key(text: str) -> str:
    """Lower case with everything but letters and digits removed: 'TP#2' -> 'tp2'."""
    return _NON_ALNUM.sub("", text.casefold())


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


def link_key(from_id: str, rel: str, to_id: str) -> str:
    """How a link is named in messages, reports and change events: `from-[TYPE]->to`."""
    return f"{from_id}-[{rel}]->{to_id}"
