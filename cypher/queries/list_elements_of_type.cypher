// name: list_elements_of_type
// question: Which elements of this type are there, page by page in id order?
// params: type (string) - an element type of the metamodel, e.g. "Output";
//   after (string) - the last id of the previous page ('' for the first page);
//   plan (string or null) - id of a Plan whose elements only are listed;
//   limit (integer) - page size.
MATCH (e:Element)
WHERE e.type = $type
  AND e.id > $after
  AND ($plan IS NULL OR EXISTS { (:Plan {id: $plan})-[:CONTAINS]->(e) })
RETURN properties(e) AS element
ORDER BY e.id
LIMIT $limit
