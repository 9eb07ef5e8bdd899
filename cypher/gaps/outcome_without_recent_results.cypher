// id: outcome_without_recent_results
// severity: warning
// title: Outcome whose indicators all lack recent data
// why: The outcome is tracked (one of its indicators has a target for a period ended by the reporting date) but none of its indicators has an actual for a period that ended in the recent window before it: its status rests on old data or none.
// fix: Report recent actuals for at least one of the outcome's indicators, or retire the indicators that are no longer measured.
// params: as_of (YYYY-MM-DD) - the reporting date (default today): periods ending on or before
//   it have ended; recent_months (integer) - how many months back from it a period's end
//   counts as recent.
MATCH (o:Outcome)-[:MEASURED_BY]->(i:Indicator)
WHERE coalesce(o.basis, 'stated') IN $admit AND coalesce(i.basis, 'stated') IN $admit
WITH o, collect(DISTINCT i) AS indicators, $as_of AS today,
     toString(date($as_of) - duration({months: $recent_months})) AS since
WHERE any(i IN indicators WHERE EXISTS {
        MATCH (i)-[:HAS_VALUE]->(t:IndicatorValue)
        WHERE t.kind = 'target' AND t.period_end <= today AND coalesce(t.basis, 'stated') IN $admit
      })
  AND none(i IN indicators WHERE EXISTS {
        MATCH (i)-[:HAS_VALUE]->(a:IndicatorValue)
        WHERE a.kind = 'actual' AND a.period_end >= since AND a.period_end <= today
          AND coalesce(a.basis, 'stated') IN $admit
      })
RETURN [{id: o.id, code: o.code, name: o.name, type: o.type}] AS elements,
       null AS subject,
       'Outcome "' + o.name + '": none of its ' + toString(size(indicators))
         + ' indicator(s) has an actual for a period ended since ' + since + '.' AS message,
       {indicators: [i IN indicators | i.id], since: since, as_of: today} AS evidence
ORDER BY o.id
