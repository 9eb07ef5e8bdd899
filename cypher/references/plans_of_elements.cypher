// name: plans_of_elements
// question: Which plans contain each of these elements (the CONTAINS link from a Plan)?
// params: ids (list of strings) - element ids. Elements in no plan come back with an empty
//   list of plans.
UNWIND $ids AS id
MATCH (e:Element {id: id})
OPTIONAL MATCH (p:Plan)-[:CONTAINS]->(e)
WITH id, p
ORDER BY p.period_start, p.id
RETURN id,
       [plan IN collect(p) | {id: plan.id, code: plan.code, name: plan.name,
                             kind: plan.kind, period_start: plan.period_start,
                             period_end: plan.period_end}] AS plans
