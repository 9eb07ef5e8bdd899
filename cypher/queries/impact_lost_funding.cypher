// name: impact_lost_funding
// question: If this element were removed, which elements above it would lose every path
//   down to a cost object, and which keep one through another route?
// `alternative` is {nodes, bases}: the route and the basis of each link it crosses.
// params: id (string) - element id; max_depth (integer, at most 12) - how far above it
//   to look, in links; limit (integer) - most elements listed.
// `x_funded` says whether the element itself reaches a cost object: when it does not,
// removing it cuts no funding. `alternative` is one shortest route to a cost object that
// avoids the element (null when there is none).
MATCH (x:Element {id: $id})
WITH x, EXISTS {
  (x) ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
        WHERE CASE type(r) WHEN 'PART_OF' THEN endNode(r) = a ELSE startNode(r) = a END){0,12}
  (:CostObject)
} AS x_funded
MATCH p = (x)
  ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
    WHERE b <> x AND CASE type(r) WHEN 'PART_OF' THEN startNode(r) = a ELSE endNode(r) = a END){1,12}
  (above:Element)
WHERE length(p) <= $max_depth
WITH DISTINCT x, x_funded, above
ORDER BY above.id
LIMIT $limit
RETURN above {.id, .code, .name, .type} AS element,
       x_funded,
       head(COLLECT {
         MATCH q = (above)
           ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
             WHERE b <> x AND CASE type(r) WHEN 'PART_OF' THEN endNode(r) = a ELSE startNode(r) = a END){0,12}
           (:CostObject)
         RETURN {nodes: [n IN nodes(q) | n {.id, .code, .name, .type}],
                 bases: [rel IN relationships(q) | coalesce(rel.basis, 'stated')]} AS route
         ORDER BY length(q)
         LIMIT 1
       }) AS alternative
