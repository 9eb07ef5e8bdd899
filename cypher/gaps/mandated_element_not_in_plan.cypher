// id: mandated_element_not_in_plan
// severity: warning
// title: Element a mandate requires in a kind of plan, missing from it
// why: A mandate can say where what it requires must be planned: Resolution 108 asks "to include in the operational plan consideration of key enablers of success". An element it requires that no plan of that kind contains is not planned where the mandate says.
// fix: Add the element to a plan of the kind the mandate names (Plan -CONTAINS-> element), or correct the mandate's plan_kind.
// params: none besides $admit (the evidence filter). The mandate's `plan_kind` says which
//   kind of plan must contain what it REQUIRES.
MATCH (m:Element)-[q:REQUIRES]->(x:Element)
WHERE m.type = 'Mandate' AND m.plan_kind IS NOT NULL
  AND coalesce(m.basis, 'stated') IN $admit AND coalesce(q.basis, 'stated') IN $admit
  AND coalesce(x.basis, 'stated') IN $admit
  AND NOT EXISTS { (p:Plan)-[c:CONTAINS]->(x)
                   WHERE p.kind = m.plan_kind AND coalesce(p.basis, 'stated') IN $admit
                     AND coalesce(c.basis, 'stated') IN $admit }
CALL (m) {
  OPTIONAL MATCH (p:Plan) WHERE p.kind = m.plan_kind AND coalesce(p.basis, 'stated') IN $admit
  WITH p ORDER BY p.id
  RETURN collect(p.name) AS plans
}
RETURN [{id: x.id, code: x.code, name: x.name, type: x.type}, {id: m.id, code: m.code, name: m.name, type: m.type}] AS elements,
       null AS subject,
       x.type + ' "' + x.name + '" is required by the mandate ' + coalesce(m.code + ' ', '') + '"' + left(m.name, 80) +
         CASE WHEN size(m.name) > 80 THEN '..."' ELSE '"' END + ' in the ' + m.plan_kind + ' plan, but no ' + m.plan_kind + ' plan contains it.' AS message,
       {plan_kind: m.plan_kind, plans_of_kind: plans, missing: '(:Plan {kind: "' + m.plan_kind + '"})-[:CONTAINS]->(this)'} AS evidence
ORDER BY m.id, x.id
