// id: period_targets_inconsistent
// severity: warning
// title: Period targets inconsistent with the final target
// why: Period targets must lead to the indicator's final target: an incremental indicator's period targets add up to it, a cumulative indicator's never go past it. Otherwise totals are wrong, the commonest error in results frameworks.
// fix: Correct the period targets or the indicator's target; check that its aggregation (cumulative or incremental) is the one meant.
// params: tolerance (number) - rounding allowed when period targets are added up.
// Totals only (values without a dimension); indicators without a target of their own are left out.
MATCH (i:Indicator)-[:HAS_VALUE]->(t:IndicatorValue)
WHERE i.target IS NOT NULL AND t.kind = 'target' AND t.dimension IS NULL AND t.value IS NOT NULL
  AND coalesce(i.basis, 'stated') IN $admit AND coalesce(t.basis, 'stated') IN $admit
WITH i, coalesce(i.aggregation, 'cumulative') AS aggregation,
     CASE WHEN coalesce(i.direction, 'higher') = 'lower' THEN -1.0 ELSE 1.0 END AS sign,
     collect(t) AS targets
WITH i, aggregation, sign, targets,
     reduce(s = 0.0, t IN targets | s + t.value) AS total,
     [t IN targets WHERE sign * (t.value - i.target) > $tolerance * (1 + abs(i.target))] AS past
WHERE (aggregation = 'incremental' AND abs(total - i.target) > $tolerance * (1 + abs(i.target)))
   OR (aggregation = 'cumulative' AND size(past) > 0)
RETURN [{id: i.id, code: i.code, name: i.name, type: i.type}] AS elements,
       null AS subject,
       CASE aggregation
         WHEN 'incremental' THEN 'Indicator "' + i.name + '" is incremental: its period targets add up to '
           + toString(total) + ', its target is ' + toString(i.target) + '.'
         ELSE 'Indicator "' + i.name + '" is cumulative: period target(s) '
           + reduce(s = '', t IN past | s + CASE WHEN s = '' THEN '' ELSE ', ' END + toString(t.value)
             + ' (' + t.period_start + '..' + t.period_end + ')')
           + ' go past its target ' + toString(i.target) + '.'
       END AS message,
       {aggregation: aggregation, target: i.target, period_total: total,
        past: [t IN past | t.period_start + '..' + t.period_end]} AS evidence
ORDER BY i.id
