// name: graph_neighbours
// question: Which elements are linked directly (either way) to any of these elements?
// params: ids (list of strings) - element ids; types (list of strings or null) - only
//   neighbours of these element types; limit (integer) - most neighbours returned.
UNWIND $ids AS id
MATCH (:Element {id: id})-[]-(n:Element)
WHERE $types IS NULL OR n.type IN $types
WITH DISTINCT n
RETURN n {.id, .code, .name, .type} AS element
ORDER BY element.id
LIMIT $limit
