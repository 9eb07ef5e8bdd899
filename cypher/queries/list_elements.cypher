// name: list_elements
// question: Which elements are there, page by page in id order, optionally in one plan?
// params: after (string) - the last id of the previous page ('' for the first page);
//   plan (string or null) - id of a Plan whose elements only are listed;
//   limit (integer) - page size.
// The id index gives the order, so a page costs about `limit` index entries.
MATCH (e:Element)
WHERE e.id > $after
  AND ($plan IS NULL OR EXISTS { (:Plan {id: $plan})-[:CONTAINS]->(e) })
RETURN properties(e) AS element
ORDER BY e.id
LIMIT $limit
