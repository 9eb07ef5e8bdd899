// id: mandate_unmet
// severity: error
// title: Mandate that nothing meets
// why: Resolutions direct the plans: an action of a resolution that no output, outcome or enabler meets is a mandate the plans do not answer.
// fix: Link the output(s), outcome(s) or enabler(s) that meet the action (Mandate -REQUIRES-> Output, Outcome or Enabler).
// params: none.
// A resolution whose actions are listed (actions PART_OF the resolution) is met when its
// actions are: each action is checked, not the resolution. A mandate without listed actions
// is checked itself.
MATCH (m:Element)
WHERE m.type = 'Mandate' AND coalesce(m.basis, 'stated') IN $admit
  AND NOT EXISTS { (m)<-[r:PART_OF]-(x:Mandate) WHERE coalesce(r.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit }
  AND NOT EXISTS { (m)-[r:REQUIRES]->(x:Element) WHERE coalesce(r.basis, 'stated') IN $admit AND coalesce(x.basis, 'stated') IN $admit }
CALL (m) {
  MATCH (m)-[r:PART_OF]->(p:Mandate)
  WHERE coalesce(r.basis, 'stated') IN $admit AND coalesce(p.basis, 'stated') IN $admit
  WITH p ORDER BY p.id
  RETURN collect({id: p.id, code: p.code, name: p.name, type: p.type}) AS part_of
}
RETURN [{id: m.id, code: m.code, name: m.name, type: m.type}] AS elements,
       null AS subject,
       'Mandate ' + coalesce(m.code + ' ', '') + '"' + m.name + '"' +
         CASE WHEN part_of = [] THEN '' ELSE ' (part of ' + coalesce(part_of[0].code + ' ', '') + '"' + part_of[0].name + '")' END +
         ' is met by no output, outcome or enabler.' AS message,
       {part_of: part_of, instrument: m.instrument, missing: '(this)-[:REQUIRES]->(:Output|Outcome|Enabler)'} AS evidence
ORDER BY m.id
