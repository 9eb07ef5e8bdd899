// name: trace_up
// question: Which paths lead from this element up its results chain to the mission?
// Each link crossed comes with its basis (stated, inferred, assumed; none counts as stated).
// params: id (string) - element id; max_depth (integer, at most 12) - longest path, in
//   links; limit (integer) - most paths returned.
// Up means against the chain's links (CostObject <-FUNDED_BY- Output <-DELIVERED_BY-
// Outcome <-HAS_OUTCOME- ThematicPriority <-HAS_PRIORITY- Goal <-HAS_GOAL- Mission) and
// along PART_OF from a sub-outcome to the outcome it breaks down. A start that hangs off
// the chain (indicator, target, enabler) first steps to the element it measures or serves.
MATCH (start:Element {id: $id})
MATCH p = (start)
  ((a)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF|HAS_TARGET|MEASURED_BY|ENABLED_BY]-(b)
    WHERE CASE type(r) WHEN 'PART_OF' THEN startNode(r) = a ELSE endNode(r) = a END){0,12}
  (:Mission)
WHERE length(p) <= $max_depth
RETURN [n IN nodes(p) | n {.id, .code, .name, .type}] AS nodes,
       [rel IN relationships(p) | type(rel)] AS relationships,
       [rel IN relationships(p) | coalesce(rel.basis, 'stated')] AS bases
LIMIT $limit
