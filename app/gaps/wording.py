"""Wording that marks an outcome indicator as a count of activities or participation.

The check `activity_count_indicator` reports an outcome indicator whose name (lower case)
contains one of `COUNT_PHRASES` and one of `ACTIVITY_WORDS`. The TSAG liaison statement
says such indicators ("Total number of ITU-T study group meetings/participants", "...
contributions submitted ...", "... recommendation downloads", "... workshops and other
events ...", "... leadership positions held ...") seem more appropriate to the evaluations
of the operational plans.
"""

from __future__ import annotations

from typing import Any

COUNT_PHRASES: tuple[str, ...] = ("total number of", "number of", "count of", "how many")

ACTIVITY_WORDS: tuple[str, ...] = (
    "meetings", "participants", "participation", "contributions", "downloads", "workshops",
    "events", "leadership positions",
    "sessions", "trainings", "training courses", "webinars", "missions", "documents submitted",
    "delegates", "attendees",
)  # fmt: skip


def parameters() -> dict[str, Any]:
    return {"count_phrases": list(COUNT_PHRASES), "activity_words": list(ACTIVITY_WORDS)}
