// id: activity_funded_without_output
// severity: warning
// title: Funded activity realising no output
// why: Bottom-up budgeting integrates "resources, activities and outputs" (TSAG liaison statement, after Resolution 151): money spent on an activity that realises no output cannot be traced to any result.
// fix: Link the output(s) the activity realises (Output -REALISED_BY-> Activity), or stop funding it.
// params: none besides $admit (the evidence filter).
MATCH (a:Element)-[f:FUNDED_BY]->(c:CostObject)
WHERE a.type = 'Activity'
  AND coalesce(a.basis, 'stated') IN $admit AND coalesce(f.basis, 'stated') IN $admit
  AND coalesce(c.basis, 'stated') IN $admit
  AND NOT EXISTS { (o:Output)-[r:REALISED_BY]->(a)
                   WHERE coalesce(o.basis, 'stated') IN $admit AND coalesce(r.basis, 'stated') IN $admit }
WITH a, c ORDER BY c.id
WITH a, collect({id: c.id, code: c.code, name: c.name, type: c.type}) AS funders
RETURN [{id: a.id, code: a.code, name: a.name, type: a.type}] + funders AS elements,
       null AS subject,
       'Activity "' + a.name + '" is funded by ' + reduce(s = '', x IN funders | s + CASE WHEN s = '' THEN '' ELSE ', ' END + '"' + x.name + '"') +
         ' but realises no output.' AS message,
       {missing: '(:Output)-[:REALISED_BY]->(this)', funded_by: funders} AS evidence
ORDER BY a.id
