// name: trace_down_paths
// question: Which paths lead from this element down its results chain to cost objects, as
//   paths Neo4j Browser draws (the graph of trace_down)?
// params: id (string) - element id; max_depth (integer, at most 12) - longest path, in
//   links; limit (integer) - most paths returned.
// The same walk as trace_down: along the chain's links and against PART_OF from an
// outcome to its sub-outcomes.
MATCH (start:Element {id: $id})
MATCH p = (start)
  ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
    WHERE CASE type(r) WHEN 'PART_OF' THEN endNode(r) = a ELSE startNode(r) = a END){0,12}
  (:CostObject)
WHERE length(p) <= $max_depth
RETURN p
LIMIT $limit
