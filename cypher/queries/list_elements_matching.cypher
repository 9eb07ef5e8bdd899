// name: list_elements_matching
// question: Which elements have names, aliases or codes matching this full-text query?
// params: text (string) - a Lucene query over name, aliases_text and code, e.g.
//   "numbering*"; type (string or null) - only this element type;
//   plan (string or null) - id of a Plan whose elements only are listed;
//   after (string) - the last id of the previous page ('' for the first page);
//   limit (integer) - page size. Hits are listed in id order.
CALL db.index.fulltext.queryNodes('element_text', $text) YIELD node AS e
WITH e
WHERE e.id > $after
  AND ($type IS NULL OR e.type = $type)
  AND ($plan IS NULL OR EXISTS { (:Plan {id: $plan})-[:CONTAINS]->(e) })
RETURN properties(e) AS element
ORDER BY e.id
LIMIT $limit
