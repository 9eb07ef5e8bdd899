// name: budget_chain_paths
// question: Along which links does the money of the cost objects below this element climb
//   up to it, as paths Neo4j Browser draws, with each cost object's amount and the shares
//   declared on the way?
// params: id (string) - element id (a goal, priority, outcome or output); max_depth
//   (integer, at most 12) - longest path, in links; limit (integer) - most paths returned.
// The links budget_rollup climbs: Output -FUNDED_BY-> CostObject, Outcome -DELIVERED_BY->
// Output, ThematicPriority -HAS_OUTCOME-> Outcome, Goal -HAS_PRIORITY-> ThematicPriority,
// Mission -HAS_GOAL-> Goal and sub-outcome -PART_OF-> outcome. The figures themselves (even
// splits, normalised shares, unknown amounts) come from `rbmtrace budget` or /api/v1/budget.
MATCH (top:Element {id: $id})
MATCH p = (top)
  ((a)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
    WHERE CASE type(r) WHEN 'PART_OF' THEN endNode(r) = a ELSE startNode(r) = a END){0,12}
  (cost:CostObject)
WHERE length(p) <= $max_depth
RETURN p,
       cost.id AS cost_object,
       cost.amount AS amount,
       cost.currency AS currency,
       [rel IN relationships(p) | type(rel) + coalesce(' share ' + toString(rel.share), '')]
         AS links
LIMIT $limit
