"""The lookup keys a stored element carries beside its own properties, and the link key.

A stored element holds its declared properties (`app.metamodel`) and these derived ones,
which are never part of what a reader or a bundle sees (`app.bundles.codec` adds and
removes them, nothing else does):

- `type`: the element type name (also its label);
- `code_key` and `ref_keys`: `normalise_key` of the code, and of id, code and aliases,
  for reference lookup ("TP#2", "tp-2" and "TP2" all normalise to "tp2");
- `aliases_text`: the aliases joined, for the full-text index;
- `name_tokens` and `name_key` (TOKENISED_TYPES: every level of
  `metamodel.NAMED_LEVELS`): the normalised token set and compact key of the name, for
  the name-repetition gap check (`app.gaps.similarity`,
  `cypher/gaps/name_repeats_across_levels`), which reads only these;
- `import_id` (IMPORT_STAMP): the id of the import's change event, on what an import
  created (`app.bundles.changes`); links carry it too.
- `upstream_seen` (SUSPECT_STAMP, links only): what the link saw of its upstream end's
  meaningful fields (`metamodel.SUSPECT_LINKS`) when it was created or last cleared, as a
  list of `field=value` texts (an absent value reads as empty). A link whose upstream
  fields differ now is suspect (`cypher/suspects/`).

Normalisation of a name into tokens:
1. accents dropped, lower case; a possessive "'s" dropped;
2. every character in `SEPARATORS` (punctuation, hyphens, dashes, slashes) becomes a space;
   split on spaces;
3. words in `STOP_WORDS` are left out;
4. a word in `JOINED_PREFIXES` ("e", "m", "cyber", "co", "non" ...) is joined to the next
   word, so "e-health", "e health" and "ehealth" are one token, as are "cyber security"
   and "cybersecurity";
5. plurals become singular: "-ies" -> "-y" (words over 4 letters), "-sses" -> "-ss",
   a final "-s" is dropped from words over 3 letters unless they end in "ss", "us" or "is";
6. British spellings become American (`SPELLING_RULES`, word endings): "-isation" ->
   "-ization", "-ise" -> "-ize", "-yse" -> "-yze", "-our" -> "-or", "-tre" -> "-ter",
   "-ogue" -> "-og", "-mme" -> "-m", "-ence" -> "-ense", "-lled"/"-lling" -> "-led"/"-ling";
   both spellings of a word end the same way, so "standardisation" and "standardization",
   "programme" and "program", "centre" and "center" are one token;
7. duplicates are dropped: the result is a token set, in first-seen order (word order
   does not count).

`name_key` is the name's tokens joined in their order without spaces: names written as
one compound or as separate words ("database management", "data base management") have
the same key though their token sets differ.

This module sits on the lowest floor (beside the metamodel): bundles, elements and gaps
all read it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from app import metamodel

#: Which import created an element or link (see the module's docstring).
IMPORT_STAMP = "import_id"
#: What a link saw of its upstream end (see the module's docstring).
SUSPECT_STAMP = "upstream_seen"

#: Stored properties that are not the element's own: lookup keys and the import stamp.
DERIVED_PROPERTIES: tuple[str, ...] = (
    "type",
    "code_key",
    "ref_keys",
    "aliases_text",
    "name_tokens",
    "name_key",
    IMPORT_STAMP,
    SUSPECT_STAMP,
)

#: Element types whose names the name-repetition check compares (their `name_tokens`).
TOKENISED_TYPES = frozenset(metamodel.NAMED_LEVELS)

SEPARATORS: tuple[str, ...] = (
    ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "{", "}", '"', "'", "\u2018", "\u2019",
    "\u201c", "\u201d", "/", "\\", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "_",
    "#", "&", "+", "*", "~", "^", "|", "<", ">", "=", "@", "%", "$", "\n", "\t", "\u00a0",
)  # fmt: skip

STOP_WORDS: tuple[str, ...] = (
    "a", "an", "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with",
    "from", "into", "its", "their", "as", "is", "are", "be", "all", "this", "that",
)  # fmt: skip

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise_key(text: str) -> str:
    """Lower case with everything but letters and digits removed: 'TP#2' -> 'tp2'."""
    return _NON_ALNUM.sub("", text.casefold())


#: Prefixes written joined, hyphenated or apart ("e-health", "e health", "ehealth").
JOINED_PREFIXES: tuple[str, ...] = (
    "e", "m", "co", "non", "re", "pre", "sub", "multi", "inter", "cyber", "tele", "micro",
    "macro", "anti", "cross", "self", "post", "bio", "eco", "geo", "socio", "semi", "mega",
)  # fmt: skip

#: (British ending, American ending, least word length), applied to the singular word.
SPELLING_RULES: tuple[tuple[str, str, int], ...] = (
    ("isation", "ization", 8),
    ("ising", "izing", 7),
    ("ised", "ized", 6),
    ("ise", "ize", 6),
    ("ysing", "yzing", 7),
    ("ysed", "yzed", 6),
    ("yse", "yze", 5),
    ("lled", "led", 6),
    ("lling", "ling", 7),
    ("our", "or", 6),
    ("tre", "ter", 5),
    ("ogue", "og", 7),
    ("mme", "m", 6),
    ("ence", "ense", 6),
)


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def american(word: str) -> str:
    """One spelling for British and American variants of a word (by its ending)."""
    for british, us, least in SPELLING_RULES:
        if len(word) >= least and word.endswith(british):
            return word[: -len(british)] + us
    return word


#: Every separator to a space, in one pass (`str.translate`).
_SEPARATOR_SPACES = str.maketrans(dict.fromkeys(SEPARATORS, " "))


@lru_cache(maxsize=1 << 16)
def _normal_word(word: str) -> str:
    """Steps 5 and 6 for one word (a plan's names share most of their words)."""
    return american(singular(word))


def _words(name: str) -> list[str]:
    if name.isascii():  # NFKD leaves it as it is, no accents to drop; casefold is lower
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    for possessive in ("'s ", "\u2019s "):
        text = (text + " ").replace(possessive, " ")
    text = text.translate(_SEPARATOR_SPACES)
    words = [w for w in text.split() if w not in STOP_WORDS]
    joined: list[str] = []
    carry = ""
    for word in words:
        if word in JOINED_PREFIXES:
            carry += word
            continue
        joined.append(carry + word)
        carry = ""
    if carry:
        joined.append(carry)
    return [_normal_word(w) for w in joined]


def name_tokens(name: str) -> list[str]:
    """The normalised token set of a name, in first-seen order."""
    return list(dict.fromkeys(_words(name)))


def name_key(name: str) -> str:
    """The name's normalised words joined in order, for compounds written apart."""
    return "".join(_words(name))


def name_tokens_and_key(name: str) -> tuple[list[str], str]:
    """`name_tokens(name)` and `name_key(name)`, the name normalised once."""
    words = _words(name)
    return list(dict.fromkeys(words)), "".join(words)


def link_key(from_id: str, rel: str, to_id: str) -> str:
    """How a link is named in messages, reports and change events: `from-[TYPE]->to`."""
    return f"{from_id}-[{rel}]->{to_id}"
