"""The parameters of the results checks (`cypher/gaps/indicator_*.cypher` and the others of
issue 17), taken from the status rule and the reporting date, so that a check and a status
agree: `indicator_off_track` finds exactly the indicators that `GET /api/v1/performance`
shows red as of the same date under the same rule (bands or the on-track margin)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.config import get_settings
from app.performance.service import PerformanceOptions, check_as_of
from app.performance.status import StatusRule

#: An outcome's indicators lack recent data when none has an actual for a period that ended
#: in this many months.
RECENT_MONTHS = 18
#: Rounding allowed when period targets are added up (relative to 1 + the final target).
TARGET_TOLERANCE = 1e-6


@dataclass(frozen=True)
class ResultsCheckOptions:
    """What the date-dependent results checks judge against: the reporting date `as_of`
    (YYYY-MM-DD; a period has ended by it when its end date is on or before it, as the
    status reads it) and the status rule (the settings' bands or on-track margin)."""

    as_of: str
    rule: StatusRule

    @classmethod
    def of(cls, as_of: str | None = None, rule: StatusRule | None = None) -> ResultsCheckOptions:
        """`as_of` checked (today when None); `rule` or, when None, the settings' rule (the
        one `/performance` uses: RBMTRACE_PERFORMANCE_RULE, _MARGIN)."""
        if rule is None:
            rule = PerformanceOptions.from_settings(get_settings()).rule
        return cls(check_as_of(as_of), rule)


def results_check_parameters(options: ResultsCheckOptions) -> dict[str, dict[str, Any]]:
    """Check id -> the parameters the gap engine passes to its query."""
    rule = options.rule
    return {
        "indicator_off_track": {
            "as_of": options.as_of,
            "rule": rule.rule,
            "amber_from": rule.amber_from,
            "margin": rule.margin,
        },
        "indicator_not_reporting": {"as_of": options.as_of},
        "outcome_without_recent_results": {"as_of": options.as_of, "recent_months": RECENT_MONTHS},
        "period_targets_inconsistent": {"tolerance": TARGET_TOLERANCE},
    }
