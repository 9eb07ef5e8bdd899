// id: plan_without_period
// severity: warning
// title: Plan with no period beside other plans
// why: Alignment between plans (Resolution 108: "to continue improving the alignment between ITU-T operational plan and the strategic plan of the Union") is checked over their periods; a plan without a period cannot be matched with the strategic, operational or financial plans beside it.
// fix: Give the plan its period (period_start and period_end).
// params: none besides $admit (the evidence filter). A plan is judged when at least one
//   other plan is in the graph.
MATCH (p:Element)
WHERE p.type = 'Plan' AND (p.period_start IS NULL OR p.period_end IS NULL)
  AND coalesce(p.basis, 'stated') IN $admit
CALL (p) {
  MATCH (other:Plan)
  WHERE other <> p AND coalesce(other.basis, 'stated') IN $admit
  WITH other ORDER BY other.id
  RETURN collect({id: other.id, name: other.name, kind: other.kind,
                  period: toString(other.period_start) + '-' + toString(other.period_end)}) AS others
}
WITH p, others
WHERE others <> []
RETURN [{id: p.id, code: p.code, name: p.name, type: p.type}] AS elements,
       null AS subject,
       'Plan "' + p.name + '" has no ' + CASE WHEN p.period_start IS NULL AND p.period_end IS NULL THEN 'period'
                                               WHEN p.period_start IS NULL THEN 'first year' ELSE 'last year' END +
         ': its alignment with ' + toString(size(others)) + ' other plan' + CASE WHEN size(others) = 1 THEN '' ELSE 's' END + ' cannot be checked.' AS message,
       {missing: [f IN ['period_start', 'period_end'] WHERE p[f] IS NULL | 'Plan.' + f], other_plans: others} AS evidence
ORDER BY p.id
