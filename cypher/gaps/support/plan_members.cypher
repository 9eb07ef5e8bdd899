// name: gaps/support/plan_members
// question: Which elements, and which element types, does this plan contain?
// params: plan_id (string) - id of the Plan (resolved from a reference beforehand).
MATCH (p:Plan {id: $plan_id})-[:CONTAINS]->(e:Element)
RETURN collect(e.id) AS ids, collect(DISTINCT e.type) AS types
