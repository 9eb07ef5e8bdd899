// id: no_risk_on_chain
// severity: warning
// title: No risk on the chain where risk management is needed
// why: Results-based management weighs what threatens the results: a strategic or operational plan whose elements no risk threatens, or a mandate that asks for risk management (Resolution 108: "an ITU-T risk management approach that considers strategic and operational risks and associated mitigation measures") with no risk on any chain, leaves that unmanaged.
// fix: Add the risks (Risk, with category, likelihood and impact) and link them to the elements they threaten (THREATENED_BY) and to their mitigation (MITIGATED_BY).
// params: plan_kinds (list of string) - kinds of plan that need risks (strategic,
//   operational). Also $admit (the evidence filter).
// A plan is judged only when it contains planning elements.
CALL () {
  MATCH (p:Element)
  WHERE p.type = 'Plan' AND p.kind IN $plan_kinds AND coalesce(p.basis, 'stated') IN $admit
    AND EXISTS { (p)-[c:CONTAINS]->(x:Element) WHERE NOT x.type IN ['Term', 'Mandate', 'Risk']
                 AND coalesce(c.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit }
    AND NOT EXISTS { (p)-[c:CONTAINS]->(x:Element)-[t:THREATENED_BY]->(r:Risk)
                     WHERE coalesce(c.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit
                       AND coalesce(t.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit }
    AND NOT EXISTS { (p)-[c:CONTAINS]->(r:Risk)
                     WHERE coalesce(c.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit }
  RETURN p AS e, 'The ' + p.kind + ' plan "' + p.name + '" holds no risk: no element of it is threatened by one.' AS message
  UNION ALL
  MATCH (m:Element)
  WHERE m.type = 'Mandate' AND m.asks_risk_management = true AND coalesce(m.basis, 'stated') IN $admit
    AND NOT EXISTS { (x:Element)-[t:THREATENED_BY]->(r:Risk)
                     WHERE coalesce(x.basis, 'stated') IN $admit AND coalesce(t.basis, 'stated') IN $admit
                       AND coalesce(r.basis, 'stated') IN $admit }
  RETURN m AS e, 'Mandate ' + coalesce(m.code + ' ', '') + '"' + m.name + '" asks for risk management, but no risk is on any chain.' AS message
}
RETURN [{id: e.id, code: e.code, name: e.name, type: e.type}] AS elements,
       null AS subject,
       message,
       {missing: '(:Element)-[:THREATENED_BY]->(:Risk)'} AS evidence
ORDER BY e.id
