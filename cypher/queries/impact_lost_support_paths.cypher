// name: impact_lost_support_paths
// question: If this element were removed, which elements below it would lose every path up
//   to the mission, as paths Neo4j Browser draws (the graph of impact_lost_support)?
// params: id (string) - element id; max_depth (integer, at most 12) - how far below it
//   to look, in links; limit (integer) - most paths returned.
// Each path runs from the element down to one element that has no other route up to the
// mission (a route avoiding the element); elements that keep one are left out (the table
// query impact_lost_support lists them with their alternative route).
MATCH (x:Element {id: $id})
MATCH p = (x)
  ((a)-[r:HAS_MISSION|HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(b)
    WHERE b <> x AND CASE type(r) WHEN 'PART_OF' THEN endNode(r) = a ELSE startNode(r) = a END){1,12}
  (below:Element)
WHERE length(p) <= $max_depth
  AND NOT EXISTS {
    (below)
      ((c)-[s:HAS_GOAL|HAS_PRIORITY|HAS_OUTCOME|DELIVERED_BY|FUNDED_BY|PART_OF]-(d)
        WHERE d <> x AND CASE type(s) WHEN 'PART_OF' THEN startNode(s) = c ELSE endNode(s) = c END){0,12}
      (:Mission)
  }
RETURN p
LIMIT $limit
