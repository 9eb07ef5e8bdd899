// name: impact_lost_support
// question: If this element were removed, which elements below it would lose every path
//   up to the mission, and which keep one through another route?
// `alternative` is {nodes, bases}: the route and the basis of each link it crosses.
// params: id (string) - element id; max_depth (integer, at most 12) - how far below it
//   to look, in links; limit (integer) - most elements listed.
// `x_supported` says whether the element itself reaches the mission: when it does not,
// removing it cuts no support. `alternative` is one shortest route to the mission that
// avoids the element (null when there is none).
MATCH (x:Element {id: $id})
WITH x, EXISTS {
  (x) ((a)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF|HAS_TARGET|MEASURED_BY|ENABLED_BY]-(b)
        WHERE CASE type(r) WHEN 'PART_OF' THEN startNode(r) = a ELSE endNode(r) = a END){0,12}
  (:Mission)
} AS x_supported
MATCH p = (x)
  ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
    WHERE b <> x AND CASE type(r) WHEN 'PART_OF' THEN endNode(r) = a ELSE startNode(r) = a END){1,12}
  (below:Element)
WHERE length(p) <= $max_depth
WITH DISTINCT x, x_supported, below
ORDER BY below.id
LIMIT $limit
RETURN below {.id, .code, .name, .type} AS element,
       x_supported,
       head(COLLECT {
         MATCH q = (below)
           ((a)-[r:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
             WHERE b <> x AND CASE type(r) WHEN 'PART_OF' THEN startNode(r) = a ELSE endNode(r) = a END){0,12}
           (:Mission)
         RETURN {nodes: [n IN nodes(q) | n {.id, .code, .name, .type}],
                 bases: [rel IN relationships(q) | coalesce(rel.basis, 'stated')]} AS route
         ORDER BY length(q)
         LIMIT 1
       }) AS alternative
