"""The parameters of the results checks (`cypher/gaps/indicator_*.cypher` and the others of
issue 17), taken from the status rule so that a check and a status agree."""

from __future__ import annotations

from typing import Any

from app.performance.status import StatusRule

#: An outcome's indicators lack recent data when none has an actual for a period that ended
#: in this many months.
RECENT_MONTHS = 18
#: Rounding allowed when period targets are added up (relative to 1 + the final target).
TARGET_TOLERANCE = 1e-6


def results_check_parameters() -> dict[str, dict[str, Any]]:
    """Check id -> the parameters the gap engine passes to its query."""
    return {
        "indicator_off_track": {"amber_from": StatusRule().amber_from},
        "outcome_without_recent_results": {"recent_months": RECENT_MONTHS},
        "period_targets_inconsistent": {"tolerance": TARGET_TOLERANCE},
    }
