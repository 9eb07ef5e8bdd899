// id: indicator_not_reporting
// severity: warning
// title: Indicator not reporting
// why: A period with a target has ended by the reporting date and no actual was reported: the result cannot be judged, and a roll-up shows it as missing data, never as progress.
// fix: Report the actual of each ended period (a results CSV row or an IndicatorValue of kind actual), or correct the period's dates.
// params: as_of (YYYY-MM-DD) - the reporting date (default today): a period has ended by it
//   when its end date is on or before it (as GET /api/v1/performance?as_of= reads it).
// Totals only (values without a dimension); a qualitative actual counts with or without a number.
MATCH (i:Indicator)-[:HAS_VALUE]->(t:IndicatorValue)
WHERE t.kind = 'target' AND t.dimension IS NULL AND t.period_end <= $as_of
  AND coalesce(i.basis, 'stated') IN $admit AND coalesce(t.basis, 'stated') IN $admit
  AND NOT EXISTS {
    MATCH (i)-[:HAS_VALUE]->(a:IndicatorValue)
    WHERE a.kind = 'actual' AND a.dimension IS NULL AND a.period_start = t.period_start
      AND a.period_end = t.period_end AND coalesce(a.basis, 'stated') IN $admit
  }
WITH i, t
ORDER BY t.period_end, t.period_start
WITH i, collect(t.period_start + '..' + t.period_end) AS periods
RETURN [{id: i.id, code: i.code, name: i.name, type: i.type}] AS elements,
       null AS subject,
       'Indicator "' + i.name + '" has a target and no actual for the ended period(s) '
         + reduce(s = '', p IN periods | s + CASE WHEN s = '' THEN '' ELSE ', ' END + p) + '.' AS message,
       {periods: periods, as_of: $as_of} AS evidence
ORDER BY i.id
