// id: actual_without_target
// severity: warning
// title: Actual without a target for its period
// why: An actual can only be judged against the target of the same period: without one, its status is grey and the period counts for nothing in the roll-up.
// fix: Add the period's target (same start and end dates), or move the actual to the period that has one.
// params: none.
// Totals only (values without a dimension); qualitative indicators are left out (a person sets their status).
MATCH (i:Indicator)-[:HAS_VALUE]->(a:IndicatorValue)
WHERE a.kind = 'actual' AND a.dimension IS NULL AND coalesce(i.measure, 'unit') <> 'qualitative'
  AND coalesce(i.basis, 'stated') IN $admit AND coalesce(a.basis, 'stated') IN $admit
  AND NOT EXISTS {
    MATCH (i)-[:HAS_VALUE]->(t:IndicatorValue)
    WHERE t.kind = 'target' AND t.dimension IS NULL AND t.period_start = a.period_start
      AND t.period_end = a.period_end AND coalesce(t.basis, 'stated') IN $admit
  }
WITH i, a
ORDER BY a.period_end, a.period_start
WITH i, collect(a.period_start + '..' + a.period_end) AS periods
RETURN [{id: i.id, code: i.code, name: i.name, type: i.type}] AS elements,
       null AS subject,
       'Indicator "' + i.name + '" has an actual and no target for the period(s) '
         + reduce(s = '', p IN periods | s + CASE WHEN s = '' THEN '' ELSE ', ' END + p) + '.' AS message,
       {periods: periods} AS evidence
ORDER BY i.id
