// name: plans_in_force
// question: Which plans are in force in this year (their period holds it)? These are the
//   "current" plans that scope an ambiguous reference when no plan is given.
// params: year (integer) - the calendar year, e.g. 2026. A plan without period_end runs
//   for its first year only; a plan without period_start is never in force.
MATCH (p:Plan)
WHERE p.period_start IS NOT NULL
  AND p.period_start <= $year <= coalesce(p.period_end, p.period_start)
RETURN p.id AS id, p.code AS code, p.name AS name
ORDER BY id
