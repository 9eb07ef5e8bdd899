// name: trace_down
// question: Which paths lead from this element down its results chain to cost objects?
// Each link crossed comes with its basis (stated, inferred, assumed; none counts as stated).
// params: id (string) - element id; max_depth (integer, at most 12) - longest path, in
//   links; limit (integer) - most paths returned.
// Down means along the chain's links (Vision -HAS_MISSION-> Mission -HAS_GOAL-> Goal
// -HAS_PRIORITY-> ThematicPriority -HAS_OUTCOME-> Outcome -DELIVERED_BY-> Output
// -FUNDED_BY-> CostObject) and against PART_OF from an outcome to its sub-outcomes.
MATCH (start:Element {id: $id})
MATCH p = (start)
  ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
    WHERE CASE type(r) WHEN 'PART_OF' THEN endNode(r) = a ELSE startNode(r) = a END){0,12}
  (:CostObject)
WHERE length(p) <= $max_depth
RETURN [n IN nodes(p) | n {.id, .code, .name, .type}] AS nodes,
       [rel IN relationships(p) | type(rel)] AS relationships,
       [rel IN relationships(p) | coalesce(rel.basis, 'stated')] AS bases
LIMIT $limit
