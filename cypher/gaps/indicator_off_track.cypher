// id: indicator_off_track
// severity: warning
// title: Indicator off track on its latest period
// why: The latest period of the indicator ended by the reporting date is red: under the default UNDP report-card bands, progress from the baseline toward the period's target is below the amber band; under the on-track margin rule (TolaData's, a setting), the actual is further behind the target than the margin; or a person set a qualitative indicator red.
// fix: Look at the indicator's periods (GET /api/v1/indicators/{ref} or rbmtrace indicator REF): correct a wrong actual or target, or act on the result and say so in the actual's comment.
// params: as_of (YYYY-MM-DD) - the reporting date: periods ending on or before it have ended;
//   rule ('bands' or 'margin'), amber_from (number) - bands: progress below it is red;
//   margin (number) - margin rule: more than this fraction behind the target is red
//   (app.performance.status.StatusRule, from RBMTRACE_PERFORMANCE_RULE and _MARGIN).
// The status rule of app/performance/status.py (progress = (A - b) / (T - b), cumulative: the
// period's values, incremental: totals over the periods up to it with both a target and an
// actual, b times their number; margin rule: deviation = sign * (A - T) / |T|, or / |T - b|
// when T is 0, or / 1 when both are), applied to the latest period ended by $as_of.
MATCH (i:Indicator)-[:HAS_VALUE]->(v:IndicatorValue)
WHERE v.dimension IS NULL AND v.period_end <= $as_of
  AND coalesce(i.basis, 'stated') IN $admit AND coalesce(v.basis, 'stated') IN $admit
WITH i, v.period_start AS s, v.period_end AS e, collect(v) AS values
WITH i, s, e, head([x IN values WHERE x.kind = 'target' | x.value]) AS t,
     [x IN values WHERE x.kind = 'actual'] AS actuals
ORDER BY e, s
WITH i, collect({s: s, e: e, t: t, a: head([x IN actuals | x.value]),
                 assessed: head([x IN actuals | x.status]), reported: size(actuals) > 0}) AS periods
WITH i, periods, coalesce(i.measure, 'unit') = 'qualitative' AS qualitative,
     [p IN periods WHERE p.t IS NOT NULL OR p.reported] AS eligible
WHERE size(eligible) > 0
WITH i, periods, qualitative, last(eligible) AS latest
WHERE (qualitative AND latest.assessed = 'red')
   OR (NOT qualitative AND latest.t IS NOT NULL AND latest.a IS NOT NULL)
WITH i, latest, qualitative,
     [p IN periods WHERE (p.e < latest.e OR (p.e = latest.e AND p.s <= latest.s))
                     AND p.t IS NOT NULL AND p.a IS NOT NULL] AS counted,
     toFloat(coalesce(i.baseline, 0)) AS b,
     CASE WHEN coalesce(i.direction, 'higher') = 'lower' THEN -1.0 ELSE 1.0 END AS sign
WITH i, latest, qualitative, sign,
     CASE WHEN coalesce(i.aggregation, 'cumulative') = 'incremental'
       THEN [reduce(x = 0.0, p IN counted | x + p.a), reduce(x = 0.0, p IN counted | x + p.t),
             b * size(counted)]
       ELSE [toFloat(latest.a), toFloat(latest.t), b]
     END AS n
WITH i, latest, qualitative, n,
     CASE WHEN qualitative THEN null
          WHEN n[1] = n[2] THEN CASE WHEN sign * (n[0] - n[1]) >= 0 THEN 1.0 ELSE 0.0 END
          ELSE (n[0] - n[2]) / (n[1] - n[2])
     END AS progress,
     CASE WHEN qualitative THEN null
          ELSE sign * (n[0] - n[1]) / CASE WHEN n[1] <> 0 THEN abs(n[1])
                                           WHEN n[1] <> n[2] THEN abs(n[1] - n[2])
                                           ELSE 1.0 END
     END AS deviation
WHERE qualitative
   OR ($rule = 'margin' AND deviation < -$margin)
   OR ($rule <> 'margin' AND progress < $amber_from)
RETURN [{id: i.id, code: i.code, name: i.name, type: i.type}] AS elements,
       null AS subject,
       'Indicator "' + i.name + '" is red on its latest period ' + latest.s + '..' + latest.e
         + CASE WHEN qualitative THEN ' (set by a person).'
           ELSE ': progress ' + toString(round(progress * 100, 1)) + '% of the way from '
             + toString(n[2]) + ' to ' + toString(n[1]) + ' (actual ' + toString(n[0]) + ')'
             + CASE WHEN $rule = 'margin'
                 THEN ', ' + toString(round(-deviation * 100, 1)) + '% behind the target (margin '
                   + toString(round($margin * 100, 1)) + '%).'
                 ELSE '.' END
           END AS message,
       {period: latest.s + '..' + latest.e, progress: progress, actual: n[0], target: n[1],
        baseline: n[2], deviation: deviation, rule: $rule, as_of: $as_of} AS evidence
ORDER BY i.id
