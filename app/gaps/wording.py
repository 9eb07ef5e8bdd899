"""Wording that marks an outcome indicator as a count of activities, or an outcome as a
deliverable.

The check `activity_count_indicator` reports an outcome indicator whose name (lower case)
contains one of `COUNT_PHRASES` and one of `ACTIVITY_WORDS`. The TSAG liaison statement
says such indicators ("Total number of ITU-T study group meetings/participants", "...
contributions submitted ...", "... recommendation downloads", "... workshops and other
events ...", "... leadership positions held ...") seem more appropriate to the evaluations
of the operational plans.
"""

from __future__ import annotations

from typing import Any

from app.lookup_keys import name_tokens

COUNT_PHRASES: tuple[str, ...] = ("total number of", "number of", "count of", "how many")

ACTIVITY_WORDS: tuple[str, ...] = (
    "meetings", "participants", "participation", "contributions", "downloads", "workshops",
    "events", "leadership positions",
    "sessions", "trainings", "training courses", "webinars", "missions", "documents submitted",
    "delegates", "attendees",
)  # fmt: skip


def parameters() -> dict[str, Any]:
    return {"count_phrases": list(COUNT_PHRASES), "activity_words": list(ACTIVITY_WORDS)}


#: First words that word an outcome as an activity (`outcome_worded_as_deliverable`): an
#: outcome states a change ("Enhanced ability of ..."), not what is done ("Bridging the
#: standardization gap"). Compared with the name's first normalised token.
LEADING_ACTIVITY_WORDS: tuple[str, ...] = (
    "bridging", "providing", "delivering", "developing", "organising", "organizing",
    "holding", "publishing", "producing", "preparing", "conducting", "establishing",
    "building", "creating", "implementing", "supporting", "promoting", "facilitating",
    "coordinating", "managing", "maintaining", "assisting", "hosting", "running",
    "launching", "operating", "training", "drafting", "updating", "reviewing",
)  # fmt: skip

#: Words that word an outcome as a deliverable, compared with every normalised token.
DELIVERABLE_WORDS: tuple[str, ...] = (
    "report", "workshop", "seminar", "webinar", "conference", "publication", "handbook",
    "guideline", "toolkit", "database", "website", "portal", "brochure", "newsletter",
    "deliverable",
)  # fmt: skip


def _normalised(words: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(t for w in words for t in name_tokens(w)))


def deliverable_parameters(
    leading_words: tuple[str, ...] = LEADING_ACTIVITY_WORDS,
    deliverable_words: tuple[str, ...] = DELIVERABLE_WORDS,
) -> dict[str, Any]:
    """Parameters of `outcome_worded_as_deliverable`: the word lists, normalised as names
    are (plurals, British spellings), so an override may give any spelling."""
    return {
        "leading_words": _normalised(leading_words),
        "deliverable_words": _normalised(deliverable_words),
    }
