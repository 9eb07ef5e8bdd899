// name: graph_elements_of_types
// question: Which elements of these types are there (for a whole-graph dashboard view)?
// params: types (list of strings) - element types; limit (integer) - most elements.
MATCH (e:Element)
WHERE e.type IN $types
RETURN e {.id, .code, .name, .type} AS element
ORDER BY e.id
LIMIT $limit
