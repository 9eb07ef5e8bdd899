// id: period_mismatch
// severity: warning
// title: Link between plans whose periods do not overlap
// why: A strategic plan is implemented by operational plans of the same period; an element linked to one from a plan whose period does not overlap points at work that is already over or not yet planned.
// fix: Link the element to its counterpart in the plan of the same period, or record the lineage with SUCCEEDS if the link carries one plan over to the next.
// params: none.
// The plans of an element are those that CONTAIN it; only plans with period_start and
// period_end count. A link is reported when every plan of one end and every plan of the
// other are dated, different and disjoint, and neither plan SUCCEEDS the other. SUCCEEDS
// links themselves, and links between elements one of which SUCCEEDS the other, are lineage
// and never reported.
// The few pairs of plans that could make a link a mismatch are found first (dated,
// disjoint, neither succeeding the other); then only the links from the members of a plan
// with such a partner are followed, and only those ending in a partner's member are kept.
MATCH (p1:Plan), (p2:Plan)
WHERE p1 <> p2
  AND p1.period_start IS NOT NULL AND p1.period_end IS NOT NULL
  AND p2.period_start IS NOT NULL AND p2.period_end IS NOT NULL
  AND (p1.period_end < p2.period_start OR p2.period_end < p1.period_start)
  AND NOT EXISTS { (p1)-[:SUCCEEDS]-(p2) }
WITH p1, collect(p2) AS partners
MATCH (p1)-[c1:CONTAINS]->(a)-[r]->(b)<-[c2:CONTAINS]-(p2)
WHERE p2 IN partners AND type(r) <> 'SUCCEEDS'
  AND coalesce(c1.basis, 'stated') IN $admit AND coalesce(c2.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit AND coalesce(a.basis, 'stated') IN $admit AND coalesce(b.basis, 'stated') IN $admit
WITH DISTINCT a, r, b
WHERE a:Element AND b:Element
  AND NOT EXISTS { (a)-[:SUCCEEDS]-(b) }
  AND NOT EXISTS {
    MATCH (q1:Plan)-[:CONTAINS]->(a), (q2:Plan)-[:CONTAINS]->(b)
    WHERE q1 = q2
       OR q1.period_start IS NULL OR q1.period_end IS NULL
       OR q2.period_start IS NULL OR q2.period_end IS NULL
       OR NOT (q1.period_end < q2.period_start OR q2.period_end < q1.period_start)
       OR EXISTS { (q1)-[:SUCCEEDS]-(q2) }
  }
CALL (a, b) {
  MATCH (q1:Plan)-[:CONTAINS]->(a)
  MATCH (q2:Plan)-[:CONTAINS]->(b)
  WITH q1, q2 ORDER BY q1.id, q2.id
  RETURN collect(DISTINCT {id: q1.id, name: q1.name, period: toString(q1.period_start) + '-' + toString(q1.period_end)}) AS plans_a,
         collect(DISTINCT {id: q2.id, name: q2.name, period: toString(q2.period_start) + '-' + toString(q2.period_end)}) AS plans_b
}
RETURN [{id: a.id, code: a.code, name: a.name, type: a.type}, {id: b.id, code: b.code, name: b.name, type: b.type}] AS elements,
       null AS subject,
       a.type + ' "' + a.name + '" (' + plans_a[0].name + ', ' + plans_a[0].period + ') -' + type(r) + '-> ' +
         b.type + ' "' + b.name + '" (' + plans_b[0].name + ', ' + plans_b[0].period + '): the plans\' periods do not overlap.' AS message,
       {path: [{id: a.id, name: a.name, type: a.type}, type(r), {id: b.id, name: b.name, type: b.type}],
        plans_of_from: plans_a, plans_of_to: plans_b} AS evidence
ORDER BY a.id, b.id
