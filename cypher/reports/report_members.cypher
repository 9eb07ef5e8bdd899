// name: reports/report_members
// question: Which results-chain elements does each plan contain?
// params: types (list of string) - the results-chain types, Vision to CostObject.
//         plan_ids (list of string, or null) - only these plans; null for every plan.
MATCH (p:Plan)
WHERE $plan_ids IS NULL OR p.id IN $plan_ids
MATCH (p)-[:CONTAINS]->(e:Element)
WHERE e.type IN $types
RETURN p.id AS plan, collect(e.id) AS members
