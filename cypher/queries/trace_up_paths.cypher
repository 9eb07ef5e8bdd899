// name: trace_up_paths
// question: Which paths lead from this element up its results chain to the mission, as paths
//   Neo4j Browser draws (the graph of trace_up)?
// params: id (string) - element id; max_depth (integer, at most 12) - longest path, in
//   links; limit (integer) - most paths returned.
// The same walk as trace_up: against the chain's links, along PART_OF from a sub-outcome
// to the outcome it breaks down, and first from an indicator, target or enabler to the
// element it measures or serves.
MATCH (start:Element {id: $id})
MATCH p = (start)
  ((a)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF|HAS_TARGET|MEASURED_BY|ENABLED_BY]-(b)
    WHERE CASE type(r) WHEN 'PART_OF' THEN startNode(r) = a ELSE endNode(r) = a END){0,12}
  (:Mission)
WHERE length(p) <= $max_depth
RETURN p
LIMIT $limit
